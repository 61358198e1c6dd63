"""Shared fixtures: the personas, built through the real services, and the service requirements.

Tests that need PostgreSQL, Redis or Chromium skip with the reason when those are absent, except when
``CI=true``: there a missing service fails the test instead, so nothing is silently left out of CI.
"""

import importlib
import os
import shutil

import pytest
from django.conf import settings
from django.test import Client

from governance.models import Organisation, Role
from governance.services import upsert_organisation, upsert_user_with_role
from tests.factories import build_plan

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PASSWORD = "a-long-test-password-2026"


def pytest_configure(config):
    # Hashing with the production hasher costs ~0.3 s per login; the tests only need it to be correct.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    from governance.selectors import version_of

    return {**data, "version": version_of(obj)}


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def reference_data(transactional_db):
    """The data migrations' rows (variables, rule sets, indicators, perspectives), restored for a transactional
    test: the flush after an earlier transactional test removes them."""
    from django.apps import apps

    for name in (
        "strategy.migrations.0002_perspectives",
        "strategy.migrations.0004_default_variables_and_rule_sets",
        "strategy.migrations.0006_default_indicators",
    ):
        importlib.import_module(name).create(apps, None)


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
