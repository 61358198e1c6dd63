"""A form sent just after the browser session ended on time is not lost: it is kept on the server for the same user,
who after logging in again saves it with one click (the page's own checks apply, the version check included) or
leaves it. Only a POST that passes the CSRF check is kept, only its author is offered it, and never a password."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from base.models import ChangeRecord
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def _logged_in(user) -> Client:
    """A browser as it is in use: the CSRF check enforced, the token from the page's form."""
    client = Client(enforce_csrf_checks=True)
    response = _log_in(client, client.get("/login/"), user)
    assert response.status_code == 302, response.content
    return client


def _log_in(client, login_page, user, **extra):
    """Send the login page's form as ``user`` (with ``extra`` fields, e.g. the page's ``next``)."""
    data = {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": _token(login_page), **extra}
    return client.post("/login/", data)


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def _hidden_fields(page: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


def _edit_after_an_hour_away(client, target, title: str, description: str):
    """Open the target's edit page, stay away an hour, then send the form."""
    form = client.get(f"/targets/{target.pk}/edit/")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61), tick=False):
        return _send_target_form(client, target, form, title=title, description=description)


def _send_target_form(client, target, form, *, title: str, description: str):
    """Send the target's edit ``form`` (the page as it was opened: its version and token) with these texts."""
    version = form.context["form"]["version"].value()
    data = {"number": target.number, "title": title, "description": description, "version": version}
    return client.post(
        f"/targets/{target.pk}/edit/",
        {**data, "csrfmiddlewaretoken": _token(form)},
        HTTP_REFERER=f"http://testserver/targets/{target.pk}/edit/",
    )


def test_what_a_planner_sends_after_the_session_ended_is_saved_once_they_log_in_again(plan, planner):
    target = plan.targets.get(number=2)
    client = _logged_in(planner)
    text = "En lang begrundelse,\nskrevet over en time."
    response = _edit_after_an_hour_away(client, target, "Ny titel", text)

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Faccount%2Fresume%2F&ended=idle"
    target.refresh_from_db()
    assert target.title != "Ny titel"  # nothing saved without a session
    login = client.get(response["Location"])
    assert "Det, du var ved at gemme, er ikke tabt" in login.content.decode()

    back = _log_in(client, login, planner, next="/account/resume/")
    assert back["Location"] == "/account/resume/"
    offer = client.get("/account/resume/")
    page = offer.content.decode()
    assert "Gem det, du skrev" in page
    assert "En lang begrundelse,\nskrevet over en time." in page
    assert f'action="/targets/{target.pk}/edit/"' in page
    assert f'href="/targets/{target.pk}/edit/"' in page  # leaving it: back to the form's page

    saved = client.post(f"/targets/{target.pk}/edit/", _hidden_fields(page))  # "Gem det nu"
    assert saved.status_code == 302
    target.refresh_from_db()
    assert (target.title, target.description) == ("Ny titel", text)
    assert ChangeRecord.objects.filter(object_id=target.pk, actor=planner).exists()
    assert client.get("/account/resume/")["Location"] == "/"  # offered once


def test_someone_else_who_logs_in_on_the_same_browser_is_not_offered_it(plan, planner, administrator):
    target = plan.targets.get(number=2)
    client = _logged_in(planner)
    response = _edit_after_an_hour_away(client, target, "Ny titel", "Pias private udkast")
    login = client.get(response["Location"])
    _log_in(client, login, administrator, next="/account/resume/")
    offer = client.get("/account/resume/")
    assert offer.status_code == 302 and offer["Location"] == "/"
    assert "Pias private udkast" not in client.get("/").content.decode()


def test_a_post_that_fails_the_csrf_check_is_not_kept(plan, planner):
    target = plan.targets.get(number=2)
    client = _logged_in(planner)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61), tick=False):
        response = client.post(
            f"/targets/{target.pk}/edit/",
            {"number": 2, "title": "Plantet af et andet websted", "csrfmiddlewaretoken": "x" * 64},
        )
    assert response["Location"] == f"/login/?next=%2Ftargets%2F{target.pk}%2Fedit%2F&ended=idle"
    assert "_kept_input" not in client.session


def test_a_password_is_never_kept(planner):
    client = _logged_in(planner)
    form = client.get("/account/password/")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61), tick=False):
        response = client.post(
            "/account/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "helt-ny-adgangskode-2026",
                "new_password2": "helt-ny-adgangskode-2026",
                "csrfmiddlewaretoken": _token(form),
            },
        )
    assert response["Location"] == "/login/?next=%2Faccount%2Fpassword%2F&ended=idle"  # nothing else to keep
    assert "_kept_input" not in client.session


def test_a_kept_save_over_someone_else_s_newer_change_is_caught_as_any_save_is(plan, planner, administrator):
    target = plan.targets.get(number=2)
    client = _logged_in(planner)
    response = _edit_after_an_hour_away(client, target, "Min titel", "Mit udkast")
    login = client.get(response["Location"])
    _log_in(client, login, planner, next="/account/resume/")
    page = client.get("/account/resume/").content.decode()
    client_for(administrator).post(
        f"/targets/{target.pk}/edit/", {"number": 2, "title": "Annes titel", "version": _hidden_fields(page)["version"]}
    )
    answer = client.post(f"/targets/{target.pk}/edit/", _hidden_fields(page))
    assert answer.status_code == 200
    assert "Anne Testesen har gemt ændringer i «Annes titel»" in answer.content.decode()
    target.refresh_from_db()
    assert target.title == "Annes titel"


# --- Logged out in another window ------------------------------------------------------------------------------


def _edit_after_logging_out_elsewhere(client, target, description: str, *, hours_later: float = 0):
    """Open the target's edit page, log out in another window of the same browser, then send the form."""
    form = client.get(f"/targets/{target.pk}/edit/")
    other_window = client.get(f"/targets/{target.pk}/")
    assert client.post("/logout/", {"csrfmiddlewaretoken": _token(other_window)}).status_code == 302
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=hours_later), tick=False):
        return _send_target_form(client, target, form, title=target.title, description=description)


def test_a_form_sent_after_logging_out_in_another_window_is_saved_once_they_log_in_again(plan, planner):
    target = plan.targets.get(number=2)
    client = _logged_in(planner)

    response = _edit_after_logging_out_elsewhere(client, target, "Skrevet, mens jeg loggede ud i en anden fane.")

    assert response["Location"] == "/login/?next=%2Faccount%2Fresume%2F&ended=logout"
    login = client.get(response["Location"]).content.decode()
    assert "Du var logget ud, i dette eller et andet vindue i denne browser." in login
    assert "Det, du var ved at gemme, er ikke tabt" in login
    target.refresh_from_db()
    assert target.description != "Skrevet, mens jeg loggede ud i en anden fane."

    _log_in(client, client.get("/login/"), planner, next="/account/resume/")
    page = client.get("/account/resume/").content.decode()
    assert "Du var logget ud, da du sendte det, så det blev ikke gemt." in page
    assert "Skrevet, mens jeg loggede ud i en anden fane." in page
    assert client.post(f"/targets/{target.pk}/edit/", _hidden_fields(page)).status_code == 302
    target.refresh_from_db()
    assert target.description == "Skrevet, mens jeg loggede ud i en anden fane."
    assert "_logged_out" not in client.session  # the login forgets who logged out before


def test_after_a_logout_someone_else_who_logs_in_is_not_offered_it(plan, planner, administrator):
    target = plan.targets.get(number=2)
    client = _logged_in(planner)
    _edit_after_logging_out_elsewhere(client, target, "Pias udkast efter log af")

    _log_in(client, client.get("/login/"), administrator, next="/account/resume/")

    assert client.get("/account/resume/")["Location"] == "/"
    assert "Pias udkast efter log af" not in client.get("/").content.decode()


def test_a_form_sent_long_after_the_logout_or_by_a_browser_nobody_logged_out_of_is_not_kept(plan, planner):
    target = plan.targets.get(number=2)
    client = _logged_in(planner)
    late = _edit_after_logging_out_elsewhere(client, target, "Et døgn senere", hours_later=13)
    assert late["Location"] == f"/login/?next=/targets/{target.pk}/edit/"
    assert "_kept_input" not in client.session

    stranger = Client(enforce_csrf_checks=True)
    token = _token(stranger.get("/login/"))
    answer = stranger.post(f"/targets/{target.pk}/edit/", {"title": "Hvem?", "csrfmiddlewaretoken": token})
    assert answer["Location"] == f"/login/?next=/targets/{target.pk}/edit/"
    assert "_kept_input" not in stranger.session


def test_a_form_sent_after_the_password_was_changed_in_another_browser_is_kept_and_the_login_says_why(plan, planner):
    target = plan.targets.get(number=2)
    laptop, phone = _logged_in(planner), _logged_in(planner)
    form = laptop.get(f"/targets/{target.pk}/edit/")
    password_page = phone.get("/account/password/")
    new_password = "et-helt-nyt-kodeord-fra-telefonen"
    changed = phone.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
            "csrfmiddlewaretoken": _token(password_page),
        },
    )
    assert changed.status_code == 302

    response = _send_target_form(laptop, target, form, title=target.title, description="Skrevet på den bærbare")

    assert response["Location"] == "/login/?next=%2Faccount%2Fresume%2F&ended=password"
    login = laptop.get(response["Location"]).content.decode()
    assert "Din adgangskode er blevet skiftet, i en anden browser eller af en administrator" in login
    assert "Det, du var ved at gemme, er ikke tabt" in login
    data = {
        "username": planner.username,
        "password": new_password,
        "csrfmiddlewaretoken": _token(laptop.get("/login/")),
    }
    assert laptop.post("/login/", {**data, "next": "/account/resume/"})["Location"] == "/account/resume/"
    page = laptop.get("/account/resume/").content.decode()
    assert laptop.post(f"/targets/{target.pk}/edit/", _hidden_fields(page)).status_code == 302
    target.refresh_from_db()
    assert target.description == "Skrevet på den bærbare"


def test_a_page_opened_after_logging_out_elsewhere_asks_for_the_login_and_says_why(plan, planner):
    client = _logged_in(planner)
    page = client.get("/spaces/")
    client.post("/logout/", {"csrfmiddlewaretoken": _token(page)})

    response = client.get("/spaces/?stage=pilot")

    assert response["Location"] == "/login/?next=%2Fspaces%2F%3Fstage%3Dpilot&ended=logout"
    login = client.get(response["Location"]).content.decode()
    assert "Du var logget ud, i dette eller et andet vindue i denne browser." in login
    assert "er ikke tabt" not in login  # nothing was being saved
