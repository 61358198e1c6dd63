"""Browser sessions end on time and on the server (OWASP ASVS 3.3): after SESSION_IDLE_MINUTES without a request,
SESSION_MAX_HOURS after the login however active, at logout, and for every other session of a user whose password
changes. The API's keys are not sessions and are not affected."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def session_key(client: Client) -> str:
    return client.cookies["sessionid"].value


def test_an_idle_session_ends_on_the_server_and_the_login_page_says_why(planner):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = logged_in(planner)
        key = session_key(client)
        assert client.get("/spaces/").status_code == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get("/spaces/").status_code == 200  # 29 minutes idle: still logged in
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get("/spaces/?stage=idea")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fspaces%2F%3Fstage%3Didea&ended=idle"
    assert not Session.objects.filter(session_key=key).exists()  # gone from the server, not just the cookie
    note = client.get(response["Location"]).content.decode()
    assert "Du blev logget af efter 30 minutter uden aktivitet" in note


def test_an_active_session_ends_twelve_hours_after_the_login(planner):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = logged_in(planner)
        for _visit in range(28):  # a request every 25 minutes: 11 hours 40 minutes, never idle for long
            clock.shift(datetime.timedelta(minutes=25))
            assert client.get("/dashboard/").status_code == 200
        clock.shift(datetime.timedelta(minutes=25))  # 12 hours 5 minutes after the login
        response = client.get("/dashboard/")
    assert response["Location"].endswith("&ended=max")
    assert "fordi du har været logget ind i 12 timer" in client.get(response["Location"]).content.decode()


def test_the_limits_are_settings(planner, settings):
    settings.SESSION_IDLE_MINUTES = 5
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = logged_in(planner)
        clock.shift(datetime.timedelta(minutes=6))
        response = client.get("/spaces/")
    assert response["Location"].endswith("&ended=idle")
    assert "efter 5 minutter uden aktivitet" in client.get(response["Location"]).content.decode()
    settings.SESSION_IDLE_MINUTES = 1
    assert "efter 1 minut uden aktivitet" in client.get(response["Location"]).content.decode()


def test_an_active_session_is_written_at_most_once_a_minute(planner):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = logged_in(planner)
        key = session_key(client)
        before = Session.objects.get(session_key=key).session_data
        clock.shift(datetime.timedelta(seconds=30))
        client.get("/spaces/")
        assert Session.objects.get(session_key=key).session_data == before
        clock.shift(datetime.timedelta(seconds=31))
        client.get("/spaces/")
        assert Session.objects.get(session_key=key).session_data != before


def test_logging_out_ends_the_session_on_the_server(planner):
    client = logged_in(planner)
    key = session_key(client)
    assert client.post("/logout/").status_code in (200, 302)
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies["sessionid"] = key  # the old cookie, sent again: nobody is logged in by it
    assert replay.get("/spaces/")["Location"].startswith("/login/")


def test_a_password_change_ends_the_users_other_sessions(planner):
    laptop, phone = logged_in(planner), logged_in(planner)
    planner.set_password("et-helt-nyt-og-langt-kodeord-2026")
    planner.save()
    for client in (laptop, phone):
        assert client.get("/spaces/")["Location"].startswith("/login/")
