"""Every user changes their own password (OWASP ASVS 2.1.6): only with the current one, the new one checked by the
password validators; the change is in the login log, this session goes on and the user's other sessions end."""

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
