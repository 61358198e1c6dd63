"""The login log (OWASP ASVS 7.2.1): every login, logout, failed login, lockout, ended session and password change
is recorded with who, when and the address, never a password; administrators read it in /admin/, nobody edits it."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from base.models import AuthEvent
from base.tasks import clear_old_login_events
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _log_starts_empty(planner, steering_member, administrator):
    AuthEvent.objects.all().delete()  # setting up the accounts set their passwords: a logged change each


HERE = "203.0.113.7"
BROWSER = "Mozilla/5.0 (iPhone) Safari"


def log_in(client: Client, username: str, password: str):
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=HERE, HTTP_USER_AGENT=BROWSER
    )


def events() -> list[tuple[str, str, str | None]]:
    return [(e.kind, e.username, e.address) for e in AuthEvent.objects.order_by("id")]


def test_a_login_a_failure_and_a_logout_are_logged_with_name_address_and_browser(planner):
    client = Client()
    log_in(client, "planner", "wrong-password")
    log_in(client, "nobody-by-this-name", "Sommer2026!")
    assert log_in(client, "planner", PASSWORD).status_code == 302
    client.post("/logout/", REMOTE_ADDR=HERE)

    assert events() == [
        ("failed", "planner", HERE),
        ("failed", "nobody-by-this-name", HERE),
        ("login", "planner", HERE),
        ("logout", "planner", HERE),
    ]
    login = AuthEvent.objects.get(kind="login")
    assert login.user == planner and login.user_agent == BROWSER
    for event in AuthEvent.objects.all():  # never a password, of any attempt
        assert not {"wrong-password", "Sommer2026!", PASSWORD} & {str(v) for v in vars(event).values()}


def test_a_lockout_is_logged(planner):
    for _ in range(5):
        log_in(Client(), "planner", "wrong-password")

    assert ("locked_out", "planner", HERE) in events()[-2:]  # beside the fifth failure


def test_a_session_ended_for_being_idle_is_logged_as_such(planner):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = Client()
        log_in(client, "planner", PASSWORD)
        clock.shift(datetime.timedelta(minutes=31))
        client.get("/spaces/", REMOTE_ADDR=HERE)

    assert [kind for kind, _name, _address in events()] == ["login", "session_idle"]


def test_a_password_set_by_an_administrator_is_logged_with_who_set_it(planner, administrator):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    new = "et-helt-nyt-og-langt-kodeord-2026"
    form = client_for(administrator).get(f"/admin/governance/user/{planner.pk}/password/").content.decode()
    assert "<li>En ændring af adgangskoden registreres i loginloggen.</li>" in form  # told, among the rules
    assert "<li></li>" not in form

    response = client_for(administrator).post(
        f"/admin/governance/user/{planner.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
        REMOTE_ADDR=HERE,
    )

    assert response.status_code == 302
    event = AuthEvent.objects.get(kind="password_changed")
    assert (event.kind, event.user, event.by, event.address) == ("password_changed", planner, administrator, HERE)


def test_a_password_changed_outside_a_request_is_logged_without_an_address(planner):
    planner.set_password("et-helt-nyt-og-langt-kodeord-2026")
    planner.save()
    planner.refresh_from_db()
    planner.check_password("et-helt-nyt-og-langt-kodeord-2026")  # a rehash on login is not a change

    assert events() == [("password_changed", "planner", None)]


def test_administrators_read_the_log_and_nobody_edits_it(planner, administrator):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    log_in(Client(), "planner", "wrong-password")
    admin = client_for(administrator)

    listing = admin.get("/admin/governance/authevent/?kind=failed")

    assert listing.status_code == 200
    assert "planner" in listing.content.decode() and HERE in listing.content.decode()
    event = AuthEvent.objects.filter(kind="failed").first()
    assert admin.get("/admin/governance/authevent/add/").status_code == 403
    assert admin.post(f"/admin/governance/authevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuthEvent.objects.filter(pk=event.pk).exists()
    assert client_for(planner).get("/admin/governance/authevent/").status_code == 302  # not staff: to the login


def test_the_log_keeps_entries_for_login_log_days_and_no_longer(planner, settings):
    settings.LOGIN_LOG_DAYS = 30
    with time_machine.travel(timezone.now() - datetime.timedelta(days=31)):
        log_in(Client(), "planner", "wrong-password")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=29)):
        log_in(Client(), "steering", "wrong-password")

    assert clear_old_login_events() == 1

    assert events() == [("failed", "steering", HERE)]
    assert clear_old_login_events() == 0  # safe to run twice
