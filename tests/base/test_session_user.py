"""A logged-in request reads its user with the user's memberships and organisations in one statement
(``base.backends.SessionUserBackend``), and with exactly what the ORM would read; the rights checked from them are
the current ones."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from base.backends import SessionUserBackend
from base.models import Membership, Organisation, Role
from base.permissions import can_read_governance, memberships_of, role_summary
from tests.conftest import PASSWORD, assert_only_what_every_request_reads

pytestmark = pytest.mark.django_db


def test_the_user_is_read_with_every_field_as_the_orm_reads_it(planner):
    read = SessionUserBackend().get_user(str(planner.pk))
    stored = type(planner).objects.get(pk=planner.pk)
    for field in type(planner)._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(stored, field.attname), field.name


def test_the_memberships_come_along_in_the_same_statement(planner, organisations):
    Membership.objects.create(user=planner, organisation=organisations["gab"], role=Role.STEERING_MEMBER)
    with CaptureQueriesContext(connection) as captured:
        user = SessionUserBackend().get_user(str(planner.pk))
        summary = role_summary(user)
        allowed = can_read_governance(user)
    assert len(captured) == 1
    expected = Membership.objects.filter(user=planner).select_related("organisation").order_by("id")
    assert [(m.pk, m.role, m.organisation.name) for m in memberships_of(user)] == [
        (m.pk, m.role, m.organisation.name) for m in expected
    ]
    assert all(m.user is user for m in memberships_of(user))
    assert summary == "Planlægger, Gladsaxe Kommune; Styregruppemedlem, GAB" and allowed


def test_a_user_without_memberships_has_none(user_without_role):
    user = SessionUserBackend().get_user(str(user_without_role.pk))
    assert user == user_without_role
    assert memberships_of(user) == [] and not can_read_governance(user)


@pytest.mark.parametrize("user_id", ["999999", "not-a-number", ""])
def test_an_unknown_or_malformed_id_is_no_user(user_id):
    assert SessionUserBackend().get_user(user_id) is None


def test_an_inactive_user_is_logged_out_on_the_next_request(planner):
    client = Client()
    assert client.post("/login/", {"username": planner.username, "password": PASSWORD}).status_code == 302
    assert client.get("/dashboard/").status_code == 200
    type(planner).objects.filter(pk=planner.pk).update(is_active=False)
    assert client.get("/dashboard/")["Location"].startswith("/login/")


def test_a_role_taken_away_takes_effect_on_the_next_request(planner):
    client = Client()
    client.post("/login/", {"username": planner.username, "password": PASSWORD})
    assert client.get("/dashboard/").status_code == 200
    Membership.objects.filter(user=planner).delete()
    assert client.get("/dashboard/").status_code == 403


def test_a_logged_in_page_reads_the_session_and_the_user_once(planner):
    client = Client()
    client.post("/login/", {"username": planner.username, "password": PASSWORD})
    client.get("/healthz")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/").status_code == 200  # a page that reads nothing of its own
    assert_only_what_every_request_reads(captured)


def test_an_organisation_renamed_shows_in_the_header_at_once(planner):
    client = Client()
    client.post("/login/", {"username": planner.username, "password": PASSWORD})
    Organisation.objects.filter(memberships__user=planner).update(name="Gladsaxe Kommune, Byudvikling")
    assert "Planlægger, Gladsaxe Kommune, Byudvikling" in client.get("/dashboard/").content.decode()
