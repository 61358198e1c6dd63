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


@pytest.mark.postgres
def test_recompute_runs_queue_behind_each_other(transactional_db):
    """The nightly run and an import's run must not interleave: the second waits for the first to commit."""
    import threading

    from strategy.models import RuleSet
    from strategy.services.recompute import recompute_indicators

    require(connection.vendor == "postgresql", "row locks need PostgreSQL (DATABASE_URL=postgres://…)")
    holding, release, finished = threading.Event(), threading.Event(), threading.Event()

    def first_run():  # stands in for a run in progress: it holds the lock every run takes
        try:
            with transaction.atomic():
                list(RuleSet.objects.select_for_update().values_list("pk", flat=True))
                holding.set()
                release.wait(30)
        finally:
            connection.close()

    def second_run():
        try:
            recompute_indicators()
            finished.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=first_run), threading.Thread(target=second_run)]
    threads[0].start()
    assert holding.wait(10)
    threads[1].start()
    assert not finished.wait(1.5), "the second run did not wait for the first"
    release.set()
    assert finished.wait(30), "the second run never finished"
    for thread in threads:
        thread.join(10)
