"""The real services CI provides: PostgreSQL for the database, Redis for the cache and the broker.

Outside CI these skip with the reason when the service is not configured; with CI=true they fail instead.
"""

import uuid

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction

from strategy.models import Vision
from tests.conftest import IN_CI, require


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_in_ci():
    if IN_CI:
        assert connection.vendor == "postgresql", "CI=true: the tests must run on PostgreSQL (set DATABASE_URL)"
    require(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert int(cursor.fetchone()[0].split(".")[0]) >= 14


@pytest.mark.redis
def test_the_cache_round_trips_through_redis(settings):
    require(bool(settings.REDIS_URL), "REDIS_URL is not set")
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    key, value = f"test-{uuid.uuid4()}", "Bagsværd"
    cache.set(key, value, timeout=30)
    assert cache.get(key) == value
    cache.delete(key)


@pytest.mark.django_db
def test_the_database_keeps_at_most_one_active_vision_per_plan(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Vision.objects.create(plan=plan, statement="En vision til", is_active=True)
    Vision.objects.create(plan=plan, statement="En tidligere vision", is_active=False)
    assert Vision.objects.filter(plan=plan, is_active=True).count() == 1
