"""The demo, recomputed, for the dashboard's tests."""

from io import StringIO

import pytest
from django.core.management import call_command

from base.models import User
from strategy.services.recompute import recompute_indicators


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the demo's logins have a published password: it loads only in development
    call_command("load_demo", stdout=StringIO())
    recompute_indicators()  # what the import schedules after its commit (which a test's transaction never does)
    settings.DEBUG = False
    return {user.username: user for user in User.objects.all()}
