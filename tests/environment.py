"""Loaded with ``-p`` before pytest-django reads the settings: the test run's environment defaults.

Tests use the development defaults unless the caller (CI, a developer) set something else.
"""

import os

os.environ.setdefault("DEBUG", "true")

# Attachments go to a scratch directory, never into the checkout; the map has no tile server (no network).
if "UPLOADS_DIR" not in os.environ:
    import tempfile

    os.environ["UPLOADS_DIR"] = tempfile.mkdtemp(prefix="bagsvaerd-test-uploads-")
os.environ.setdefault("MAP_TILE_URL", "")
