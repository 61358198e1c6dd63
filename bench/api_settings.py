"""The app's settings plus the benchmark's reference view (bench/api.py): used only by the benchmark's gunicorn."""

from bagsvaerd.settings import *  # noqa: F403 - the app exactly as deployed, plus one URL

ROOT_URLCONF = "bench.api_urls"
