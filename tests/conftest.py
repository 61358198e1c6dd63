"""Shared fixtures: the personas, built through the real services, and the service requirements.

Tests that need PostgreSQL, Redis or Chromium skip with the reason when those are absent, except when
``CI=true``: there a missing service fails the test instead, so nothing is silently left out of CI.
"""

import importlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models.signals import post_migrate
from django.forms import MultiWidget
from django.test import Client

from base.models import Organisation, Role
from base.services.accounts import upsert_organisation, upsert_user_with_role
from tests.factories import build_plan

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PASSWORD = "a-long-test-password-2026"


# The data migrations' rows (variables, rule sets, indicators, perspectives, the meeting-place rule) every test may
# count on.
REFERENCE_DATA = (
    "strategy.migrations.0002_perspectives",
    "strategy.migrations.0004_default_variables_and_rule_sets",
    "strategy.migrations.0006_default_indicators",
    "opportunities.migrations.0002_meeting_place_rule",
)


def restore_reference_data(sender, **kwargs) -> None:
    """A transactional test ends with a flush of every table, which emits ``post_migrate``: put the data
    migrations' rows back, so that the tests a process runs after it (in any order, with pytest-xdist) find them.
    Idempotent (the migrations' functions update or create)."""
    if sender.label != "opportunities":  # the last of the apps these rows belong to
        return
    from django.apps import apps

    for name in REFERENCE_DATA:
        importlib.import_module(name).create(apps, None)


def pytest_configure(config):
    # Hashing with the production hasher costs ~0.3 s per login; the tests only need it to be correct.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    post_migrate.connect(restore_reference_data, dispatch_uid="tests.restore_reference_data")
    # Uploaded files (attachments, statistics files waiting for their import) go to a folder of the test run's
    # own, never into the checkout's var/uploads. A test that counts files asks for ``uploads_dir``.
    config._uploads_root = tempfile.mkdtemp(prefix="bagsvaerd-test-uploads-")
    # Test processes running side by side (pytest-xdist) share Redis but not their databases: each keeps its own
    # keys, so one process's cached pages (rendered from its rows) are never served to another.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    settings.CACHES = {alias: {**cache, "KEY_PREFIX": f"tests-{worker}"} for alias, cache in settings.CACHES.items()}
    # The dashboard keeps its pages only in a cache every process shares (settings: none without Redis). A test run
    # is one process, whose own memory every request of it shares: its pages are kept, with or without Redis.
    settings.DASHBOARD_CACHE_SECONDS = 3600
    settings.MEDIA_ROOT = config._uploads_root


def pytest_unconfigure(config):
    if getattr(config, "_uploads_root", None):
        shutil.rmtree(config._uploads_root, ignore_errors=True)


def require(condition: bool, reason: str) -> None:
    """Skip outside CI when a service is missing; fail in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request with another language cookie leaves that
    language active on the thread, which would otherwise leak into the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_data_generation():
    """Each test starts a data generation of its own: what an earlier test cached under the shared cache's token
    (a dashboard rendered from that test's rows) is never served to the next test, whose rows differ."""
    from base.generation import start_new_generation

    start_new_generation()


@pytest.fixture
def uploads_dir(settings, tmp_path) -> Path:
    """An empty folder of the test's own for uploaded files."""
    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture(autouse=True)
def _fresh_api_throttles(monkeypatch):
    """Each test counts its own API requests: the throttles' counts live in Redis in CI (or the shared cache), where
    one test's requests, or an earlier run's within the hour, would otherwise count against the next test's user."""
    import uuid

    from base.api import ApiRateThrottle

    monkeypatch.setattr(ApiRateThrottle, "prefix", f"api-rate-test-{uuid.uuid4()}")


@pytest.fixture
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    require(shutil.which(path) is not None, f"Chromium is not installed at {path} (apt-get install chromium)")
    return path


@pytest.fixture
def organisations(db) -> dict[str, Organisation]:
    return {
        "gladsaxe": upsert_organisation(slug="gladsaxe", name="Gladsaxe Kommune", kind="municipality"),
        "gab": upsert_organisation(slug="gab", name="GAB", kind="housing_association"),
        "dab": upsert_organisation(slug="dab", name="DAB", kind="administrator"),
    }


def _person(username, organisation, role, first_name):
    return upsert_user_with_role(
        username=username,
        password=PASSWORD,
        organisation=organisation,
        role=role,
        first_name=first_name,
        last_name="Testesen",
    )


@pytest.fixture
def planner(organisations):
    return _person("planner", organisations["gladsaxe"], Role.PLANNER, "Pia")


@pytest.fixture
def administrator(organisations):
    return _person("administrator", organisations["gladsaxe"], Role.ADMINISTRATOR, "Anne")


@pytest.fixture
def steering_member(organisations):
    return _person("steering", organisations["gladsaxe"], Role.STEERING_MEMBER, "Søren")


@pytest.fixture
def staff_a(organisations):
    """Housing staff of organisation A (GAB)."""
    return _person("staff-a", organisations["gab"], Role.HOUSING_STAFF, "Gitte")


@pytest.fixture
def staff_b(organisations):
    """Housing staff of organisation B (DAB)."""
    return _person("staff-b", organisations["dab"], Role.HOUSING_STAFF, "Dan")


@pytest.fixture
def user_without_role(db, django_user_model):
    return django_user_model.objects.create_user(username="nobody", password=PASSWORD)


def with_version(obj, data: dict) -> dict:
    """An edit form's data as the page posts it: with the history version the form was opened at."""
    from base.history import version_of

    return {**data, "version": version_of(obj)}


def what_every_request_reads() -> list[str]:
    """What every logged-in request reads, whatever the page (a part of each statement): the session (from the
    database only when sessions are not cached, i.e. without Redis) and the user with their memberships and
    organisations in one statement (``base.backends``), in this order."""
    from django.conf import settings

    session = [] if settings.SESSION_ENGINE.endswith("cached_db") else ['FROM "django_session"']
    return [*session, 'FROM "governance_user" u LEFT OUTER JOIN "governance_membership" m']


def assert_only_what_every_request_reads(captured) -> None:
    """The captured queries are ``what_every_request_reads`` and nothing else."""
    sql = [query["sql"] for query in captured]
    expected = what_every_request_reads()
    assert len(sql) == len(expected), sql
    assert all(part in text for part, text in zip(expected, sql, strict=True)), sql


def admin_form_as_posted(response) -> dict:
    """What an admin change page would post back unchanged: its form's and every inline's current values, with the
    inlines' management forms."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue  # an empty field, an unticked box: a browser sends nothing
            key = form.add_prefix(name)
            widget = form.fields[name].widget
            if isinstance(widget, MultiWidget):  # a date and a time: one input each
                data.update({f"{key}_{n}": str(part) for n, part in enumerate(widget.decompress(value))})
            else:
                data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = str(formset.management_form[name].value())
        for form in formset.forms:
            add(form)
    return data


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def plan(db):
    return build_plan()


@pytest.fixture
def other_plan(db):
    return build_plan(slug="anden-plan", title="En anden strategi")


@pytest.fixture
def space_a(plan, organisations, staff_a):
    """An opportunity space of staff A's organisation (GAB), created by staff A."""
    from opportunities.services import create_space

    return create_space(
        plan=plan,
        data={"title": "Iværksættermiljø i Værebro Park", "kind": "social", "organisation": organisations["gab"]},
        by=staff_a,
    )


@pytest.fixture
def space_b(plan, organisations, staff_b):
    """An opportunity space of staff B's organisation (DAB), created by staff B."""
    from opportunities.services import create_space

    return create_space(
        plan=plan,
        data={"title": "Lektiecafé i fælleshuset", "kind": "social", "organisation": organisations["dab"]},
        by=staff_b,
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and before it is dropped at the end, the end of any session this process left
    open on it (a connection Django made in Playwright's event-loop context is not closed with the others), which
    would otherwise stop the drop with "being accessed by other users"."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
