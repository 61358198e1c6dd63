"""Loaded with ``-p`` before pytest-django reads the settings: the test run's environment defaults.

Tests use the development defaults unless the caller (CI, a developer) set something else.
"""

import os

os.environ.setdefault("DEBUG", "true")
