"""The list endpoints' queries for one page do not grow with the data: the numbers ``bench/api.py`` checks on the
national-scale set (1,304 areas, 2010–2025) are the numbers here, on the demo."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from base.models import User
from base.services.tokens import create_api_token
from bench.api import LIST_QUERIES, list_query_counts
from strategy.models import Classification, IndicatorValue
from strategy.services.recompute import recompute_indicators

pytestmark = pytest.mark.django_db


def test_each_list_endpoint_makes_the_pinned_number_of_queries_on_the_demo(settings):
    settings.DEBUG = True  # the demo's logins have a published password: it loads only in development
    call_command("load_demo", stdout=StringIO())
    recompute_indicators()  # what the import schedules after its commit (which a test's transaction never does)
    settings.DEBUG = False
    assert IndicatorValue.objects.count() > 100 and Classification.objects.exists()
    _token, key = create_api_token(user=User.objects.get(username="planlaegger"), name="counts")

    assert list_query_counts(Client(HTTP_AUTHORIZATION=f"Token {key}")) == LIST_QUERIES
