"""Every user changes their own password (OWASP ASVS 2.1.6): only with the current one, the new one checked by the
password validators; the change is in the login log, this session goes on and the user's other sessions end. A wrong
current password is a failed login under the login limits: guessing it ends the session."""

import pytest
from django.test import Client

from base.models import AuthEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "et-nyt-og-langt-kodeord-til-2027"


def logged_in(user) -> Client:
    client = Client()
    assert client.post("/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def change(client: Client, old: str, new: str, again: str | None = None):
    return client.post("/account/password/", {"old_password": old, "new_password1": new, "new_password2": again or new})


def test_every_logged_in_user_finds_the_page_in_the_header(planner, user_without_role):
    for user in (planner, user_without_role):
        page = logged_in(user).get("/account/password/")
        assert page.status_code == 200
        text = page.content.decode()
        assert text.count('href="/account/password/"') == 2  # the header and the phone menu
        assert "<h1>Skift adgangskode</h1>" in text
        assert 'autocomplete="current-password"' in text and 'autocomplete="new-password"' in text


def test_a_visitor_is_sent_to_the_login(client):
    assert client.get("/account/password/")["Location"].startswith("/login/?next=/account/password/")


def test_the_password_changes_this_session_goes_on_and_the_others_end(planner):
    here, elsewhere = logged_in(planner), logged_in(planner)

    response = change(here, PASSWORD, NEW)

    assert response.status_code == 302
    landing = here.get(response["Location"], follow=True)
    assert "Din adgangskode er skiftet" in landing.content.decode()
    assert here.get("/spaces/").status_code == 200
    assert elsewhere.get("/spaces/")["Location"].startswith("/login/")
    assert Client().post("/login/", {"username": planner.username, "password": NEW}).status_code == 302
    assert Client().post("/login/", {"username": planner.username, "password": PASSWORD}).status_code == 200
    event = AuthEvent.objects.filter(kind=AuthEvent.Kind.PASSWORD_CHANGED).latest("at", "id")
    # By the user themself (``by`` names someone else who set it), from the browser's address.
    assert (event.user, event.by, event.address) == (planner, None, "127.0.0.1")


def test_without_the_current_password_nothing_changes(planner):
    client = logged_in(planner)
    logged = AuthEvent.objects.filter(kind=AuthEvent.Kind.PASSWORD_CHANGED).count()

    response = change(client, "ikke-det-rigtige", NEW)

    assert response.status_code == 200
    assert "Din gamle adgangskode blev ikke indtastet korrekt" in response.content.decode()
    planner.refresh_from_db()
    assert planner.check_password(PASSWORD)
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.PASSWORD_CHANGED).count() == logged


@pytest.mark.parametrize(
    ("new", "again", "message"),
    [
        ("kort1", None, "for kort"),
        ("password123456", None, "for almindelig"),
        (NEW, NEW + "x", "De to adgangskoder var ikke identiske"),
    ],
    ids=["too short", "too common", "not repeated"],
)
def test_a_new_password_the_validators_refuse_is_explained_and_nothing_changes(planner, new, again, message):
    response = change(logged_in(planner), PASSWORD, new, again)

    assert response.status_code == 200
    assert message in response.content.decode()
    planner.refresh_from_db()
    assert planner.check_password(PASSWORD)


def test_the_passwords_are_kept_out_of_error_reports(planner):
    from django.views.debug import SafeExceptionReporterFilter

    request = change(logged_in(planner), PASSWORD, NEW).wsgi_request

    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert PASSWORD not in cleaned.values() and NEW not in cleaned.values()


# --- Wrong current passwords count as failed logins ------------------------------------------------------------

LOCKED = "<h1>For mange mislykkede login</h1>"


def test_a_wrong_current_password_is_a_failed_login_in_the_log_and_the_limits(planner):
    from axes.models import AccessAttempt

    client = logged_in(planner)

    response = change(client, "gaet-nummer-et", NEW)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Din gamle adgangskode blev ikke indtastet korrekt" in text
    assert "efter 5 i træk bliver du logget ud" in text
    assert client.get("/account/password/").status_code == 200  # still logged in
    failed = AuthEvent.objects.filter(kind=AuthEvent.Kind.FAILED).latest("at", "id")
    assert (failed.username, failed.address) == (planner.username, "127.0.0.1")
    assert AccessAttempt.objects.get(username=planner.username, ip_address="127.0.0.1").failures_since_start == 1


def test_guessing_the_current_password_ends_the_session_at_the_login_limit(planner, settings):
    client = logged_in(planner)
    for _guess in range(settings.AXES_FAILURE_LIMIT - 1):
        assert change(client, "endnu-et-gaet", NEW).status_code == 200

    response = change(client, "det-sidste-gaet", NEW)

    assert response.status_code == 429
    text = response.content.decode()
    assert LOCKED in text
    assert "Du er logget ud, fordi den nuværende adgangskode blev tastet forkert for mange gange." in text
    assert client.get("/account/password/")["Location"].startswith("/login/")
    # The right password is refused at the login from here until the wait is over, and nothing changed.
    assert client.post("/login/", {"username": planner.username, "password": PASSWORD}).status_code == 429
    planner.refresh_from_db()
    assert planner.check_password(PASSWORD)
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.LOCKED_OUT, username=planner.username).exists()


def test_while_the_name_is_paused_the_page_does_not_check_even_the_right_password(planner, settings):
    client = logged_in(planner)
    elsewhere = Client()
    for guess in range(settings.LOGIN_NAME_FAILURE_LIMIT):  # the name guessed from many addresses
        elsewhere.post(
            "/login/", {"username": planner.username, "password": "forkert"}, REMOTE_ADDR=f"198.51.100.{guess + 1}"
        )

    response = change(client, PASSWORD, NEW)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert client.get("/account/password/")["Location"].startswith("/login/")
    planner.refresh_from_db()
    assert planner.check_password(PASSWORD)


def test_the_right_current_password_clears_the_earlier_wrong_ones(planner, settings):
    from axes.models import AccessAttempt

    client = logged_in(planner)
    for _guess in range(settings.AXES_FAILURE_LIMIT - 1):
        change(client, "en-tastefejl", NEW)

    assert change(client, PASSWORD, NEW).status_code == 302

    assert not AccessAttempt.objects.filter(username=planner.username, ip_address="127.0.0.1").exists()
