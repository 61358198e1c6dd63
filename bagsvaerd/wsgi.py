"""WSGI entry point (gunicorn bagsvaerd.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bagsvaerd.settings")
application = get_wsgi_application()
