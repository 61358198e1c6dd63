"""What every API request pays for, made cheap without giving anything up: the key, its user and the user's roles in
one query (for the statistics' lists together with their validators), counting requests with one atomic increment
per limit, PostgreSQL keeping those statements prepared, and no health-check round trip for a connection that
answered a moment ago. ``make bench`` measures what it buys (docs/performance.md)."""

import datetime
import threading
import uuid

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from base.api import ApiRateThrottle, TokenAuthentication, count_requests, find_keys
from base.models import ApiToken, Membership, Role
from base.permissions import memberships_of, roles_of
from base.services.accounts import upsert_organisation, upsert_user_with_role
from base.services.tokens import create_api_token
from tests.conftest import require

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/indicator-values/?page_size=100"


@pytest.fixture
def planner(db):
    gladsaxe = upsert_organisation(slug="gladsaxe", name="Gladsaxe Kommune", kind="municipality")
    gab = upsert_organisation(slug="gab", name="GAB", kind="housing_association")
    user = upsert_user_with_role(username="p", password="x-long-password-1", organisation=gladsaxe, role=Role.PLANNER)
    Membership.objects.create(user=user, organisation=gab, role=Role.STEERING_MEMBER)  # a second role elsewhere
    return user


def api(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


# --- The key, its user and roles: one query ------------------------------------------------------------------


def test_a_key_its_user_and_all_their_roles_are_read_in_one_query(planner, django_assert_num_queries):
    _token, key = create_api_token(user=planner, name="one query")
    ApiToken.objects.update(last_used_at=datetime.datetime.now(datetime.UTC))  # "last used" was just written

    with django_assert_num_queries(1):
        user, token = TokenAuthentication().authenticate_credentials(key.encode())
        roles = roles_of(user)
        organisations = sorted(m.organisation.name for m in memberships_of(user))

    assert token.name == "one query" and user == planner and token.user is user
    assert roles == {Role.PLANNER, Role.STEERING_MEMBER}
    assert organisations == ["GAB", "Gladsaxe Kommune"]


def test_the_key_lookup_reads_every_field_as_the_orm_does(planner):
    made, key = create_api_token(user=planner, name="fields", read_only=True, expires_in_days=3)
    stored = ApiToken.objects.select_related("user").get(pk=made.pk)

    [token], _also = find_keys(key[:15])

    for field in ApiToken._meta.concrete_fields:
        assert getattr(token, field.attname) == getattr(stored, field.attname), field.name
    for field in type(planner)._meta.concrete_fields:
        assert getattr(token.user, field.attname) == getattr(stored.user, field.attname), field.name


def test_a_user_whose_roles_were_taken_away_is_read_with_none_and_gets_403(planner):
    _token, key = create_api_token(user=planner, name="k")
    Membership.objects.filter(user=planner).delete()

    [token], _also = find_keys(key[:15])

    assert memberships_of(token.user) == []
    assert api(key).get("/api/v1/areas/").status_code == 403


# --- A revalidation of the statistics: one query ----------------------------------------------------------------


def test_a_revalidation_of_the_indicator_values_makes_one_query(planner, django_assert_num_queries):
    _token, key = create_api_token(user=planner, name="k")
    client = api(key)
    etag = client.get(VALUES)["ETag"]

    with django_assert_num_queries(1):  # the key, its user's roles and the statistics' validators
        answer = client.get(VALUES, HTTP_IF_NONE_MATCH=etag)

    assert answer.status_code == 304 and answer["ETag"] == etag


def test_a_revoked_key_is_refused_at_once_also_when_revalidating(planner):
    token, key = create_api_token(user=planner, name="k")
    client = api(key)
    etag = client.get(VALUES)["ETag"]

    token.delete()  # revoked on the key page

    assert client.get(VALUES, HTTP_IF_NONE_MATCH=etag).status_code == 401


def test_a_key_with_the_right_prefix_and_a_wrong_secret_is_refused(planner):
    _token, key = create_api_token(user=planner, name="k")
    forged = key[:15] + ("0" if key[15] != "0" else "1") + key[16:]

    assert api(forged).get(VALUES).status_code == 401
    assert api(key[:15]).get(VALUES).status_code == 401


def test_an_expired_key_is_refused_and_deleted_also_on_the_statistics(planner):
    token, key = create_api_token(user=planner, name="k", expires_in_days=1)

    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)):
        assert api(key).get(VALUES).status_code == 401

    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_the_browser_session_revalidates_the_statistics_too(planner):
    client = Client()
    client.force_login(planner)
    etag = client.get(VALUES)["ETag"]

    assert client.get(VALUES, HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- Counting requests ------------------------------------------------------------------------------------------


def test_a_users_keys_share_the_users_limit(planner, monkeypatch):
    monkeypatch.setattr(ApiRateThrottle, "THROTTLE_RATES", {"key": "100/hour", "user": "3/hour"})
    first = api(create_api_token(user=planner, name="a")[1])
    second = api(create_api_token(user=planner, name="b")[1])

    answers = [first.get("/api/v1/areas/").status_code, second.get("/api/v1/areas/").status_code]
    answers += [first.get("/api/v1/areas/").status_code, second.get("/api/v1/areas/").status_code]

    assert answers == [200, 200, 200, 429]


def test_the_count_starts_again_with_the_next_hour_and_retry_after_says_when(planner, monkeypatch):
    monkeypatch.setattr(ApiRateThrottle, "THROTTLE_RATES", {"key": "2/hour", "user": "100/hour"})
    client = api(create_api_token(user=planner, name="k")[1])

    with time_machine.travel(datetime.datetime(2026, 12, 7, 10, 59, 50, tzinfo=datetime.UTC), tick=False):
        answers = [client.get("/api/v1/areas/") for _ in range(3)]
    with time_machine.travel(datetime.datetime(2026, 12, 7, 11, 0, 1, tzinfo=datetime.UTC), tick=False):
        next_hour = client.get("/api/v1/areas/")

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"] == "10"
    assert next_hour.status_code == 200


@pytest.mark.parametrize("store", ["redis", "cache"])
def test_concurrent_requests_are_all_counted(store, settings):
    if store == "redis":
        require(bool(settings.REDIS_URL), "counting in Redis needs REDIS_URL")
    else:
        settings.REDIS_URL = None  # the demo's way: the cache's own increment
    key = f"api-rate-test-{uuid.uuid4()}"

    def count():
        for _ in range(25):
            count_requests([(key, 60)])

    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert count_requests([(key, 60)]) == [201]


# --- PostgreSQL: prepared statements, and the health check ------------------------------------------------------


def test_the_key_lookup_is_prepared_on_postgresql_and_still_logged(planner):
    require(connection.vendor == "postgresql", "prepared statements need PostgreSQL (DATABASE_URL=postgres://…)")
    _token, key = create_api_token(user=planner, name="k")

    with CaptureQueriesContext(connection) as queries:
        for _ in range(8):
            find_keys(key[:15])
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ["%token_key%"])
        prepared = cursor.fetchall()

    assert len(queries.captured_queries) == 8  # logged and counted like any query
    assert len(prepared) == 1


@pytest.fixture
def own_connection():
    """A connection of its own, outside the test's transaction (Django closes a connection found in a transaction
    at a request's end)."""
    require(connection.vendor == "postgresql", "the health check is PostgreSQL's backend's (DATABASE_URL=postgres://…)")
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def _request_ends(wrapper, used: bool = True) -> None:
    if used:
        wrapper.close_if_health_check_failed()
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
    wrapper.close_if_unusable_or_obsolete()  # what Django runs when a request ends


def test_a_connection_that_answered_a_moment_ago_is_not_health_checked(own_connection, monkeypatch):
    checks = []
    monkeypatch.setattr(type(own_connection), "is_usable", lambda self: checks.append(1) or True)
    _request_ends(own_connection)
    checks.clear()

    own_connection.close_if_unusable_or_obsolete()  # the next request starts
    own_connection.close_if_health_check_failed()

    assert checks == []


def test_a_connection_idle_for_longer_is_health_checked(own_connection, monkeypatch):
    checks = []
    monkeypatch.setattr(type(own_connection), "is_usable", lambda self: checks.append(1) or True)
    _request_ends(own_connection)
    own_connection.answered_at -= 1  # a second ago

    own_connection.close_if_unusable_or_obsolete()  # the next request starts
    own_connection.close_if_health_check_failed()

    assert checks == [1]


def test_a_request_with_a_database_error_leaves_the_connection_checked_before_it_serves_again(
    own_connection, monkeypatch
):
    checks = []
    monkeypatch.setattr(type(own_connection), "is_usable", lambda self: checks.append(1) or True)
    own_connection.close_if_unusable_or_obsolete()  # a request starts
    own_connection.answered_at = None
    own_connection.close_if_health_check_failed()
    checks.clear()
    own_connection.errors_occurred = True  # it hits a database error

    own_connection.close_if_unusable_or_obsolete()  # it ends (Django checks the connection after an error)
    own_connection.close_if_unusable_or_obsolete()  # the next request starts
    own_connection.close_if_health_check_failed()

    assert checks == [1]


def test_a_request_that_did_not_use_the_connection_does_not_vouch_for_it(own_connection, monkeypatch):
    checks = []
    monkeypatch.setattr(type(own_connection), "is_usable", lambda self: checks.append(1) or True)
    own_connection.close_if_unusable_or_obsolete()  # a request starts
    own_connection.answered_at = None

    own_connection.close_if_unusable_or_obsolete()  # it ends without a query
    own_connection.close_if_unusable_or_obsolete()  # the next request starts
    own_connection.close_if_health_check_failed()

    assert checks == [1]
