"""Repeated wrong passwords pause logging in for that user name from that address (django-axes), with a Danish
page; other people, other addresses, and the same person after the wait or after a successful login are not
affected. Higher limits pause an address that tries many names, and a name tried from many addresses. The
client's address behind the TLS proxy is read only from what the trusted proxies added."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.test import Client, RequestFactory
from django.utils import timezone

from bagsvaerd.security import client_ip
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HERE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"
WRONG_LOGIN = "Indtast venligst korrekt brugernavn og adgangskode."


def log_in(client: Client, username: str, password: str, address: str = HERE):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, username: str, times: int, address: str = HERE) -> None:
    """``times`` wrong passwords: the first four get the login form's own message, the fifth locks."""
    for attempt in range(1, times + 1):
        response = log_in(client, username, "wrong-password", address)
        if attempt < 5:
            assert response.status_code == 200
            assert WRONG_LOGIN in response.content.decode()
        else:
            assert response.status_code == 429


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_danish_page(planner, settings):
    client = Client()
    fail(client, "planner", 5)

    response = log_in(client, "planner", PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    text = response.content.decode()
    assert "<h1>For mange mislykkede login</h1>" in text
    assert "Adgangskoden var forkert 5 gange i træk" in text
    assert "Vent 15 minutter, før du prøver igen" in text
    assert settings.AXES_FAILURE_LIMIT == 5


def test_the_lock_is_for_that_user_name_from_that_address_only(planner, steering_member):
    fail(Client(), "planner", 5)

    colleague = Client()  # behind the same municipal address
    assert log_in(colleague, "steering", PASSWORD).status_code == 302 and logged_in(colleague)
    at_home = Client()
    assert log_in(at_home, "planner", PASSWORD, address=ELSEWHERE).status_code == 302 and logged_in(at_home)
    assert log_in(Client(), "planner", PASSWORD).status_code == 429


def test_after_the_wait_the_right_password_works_again(planner):
    fail(Client(), "planner", 5)
    client = Client()

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        response = log_in(client, "planner", PASSWORD)

    assert response.status_code == 302 and logged_in(client)


def test_a_successful_login_starts_the_count_again(planner):
    fail(Client(), "planner", 4)
    assert log_in(Client(), "planner", PASSWORD).status_code == 302

    fail(Client(), "planner", 4)

    client = Client()
    assert log_in(client, "planner", PASSWORD).status_code == 302 and logged_in(client)


def test_one_password_tried_against_many_names_from_one_address_pauses_that_address(planner, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for number in range(6):  # one try per name: no name reaches its own limit
        assert log_in(Client(), f"guess-{number}", "Sommer2026!").status_code in {200, 429}
    assert log_in(Client(), "guess-0", "Sommer2026!").status_code == 429

    response = log_in(Client(), "planner", PASSWORD)  # even a colleague with the right password, from there

    assert response.status_code == 429
    assert "Der har været 6 mislykkede login fra denne adresse" in response.content.decode()
    elsewhere = Client()
    assert log_in(elsewhere, "planner", PASSWORD, address=ELSEWHERE).status_code == 302 and logged_in(elsewhere)


def test_the_address_limit_holds_below_the_limit_for_one_name_from_one_address(planner, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for number in range(5):
        log_in(Client(), f"guess-{number}", "Sommer2026!")

    client = Client()  # five failures from here, one per name: a colleague still gets in
    assert log_in(client, "planner", PASSWORD).status_code == 302 and logged_in(client)


def test_one_name_guessed_from_many_addresses_is_paused_from_every_address(planner, steering_member, settings):
    settings.LOGIN_NAME_FAILURE_LIMIT = 4
    for number in range(4):  # one try from each address: no address reaches a limit
        assert log_in(Client(), "planner", "wrong-password", address=f"198.51.100.{number + 1}").status_code in {
            200,
            429,
        }

    response = log_in(Client(), "planner", PASSWORD, address="192.0.2.99")

    assert response.status_code == 429
    assert "Der har været 4 mislykkede login med dette brugernavn" in response.content.decode()
    other = Client()
    assert log_in(other, "steering", PASSWORD, address="192.0.2.99").status_code == 302 and logged_in(other)


def test_logging_in_to_one_account_does_not_clear_what_was_tried_against_others_from_that_address(
    planner, steering_member, settings
):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for number in range(5):
        log_in(Client(), f"guess-{number}", "Sommer2026!")
    assert log_in(Client(), "planner", PASSWORD).status_code == 302  # the attacker's own account, say

    log_in(Client(), "guess-5", "Sommer2026!")  # the sixth failure from here

    assert log_in(Client(), "steering", PASSWORD).status_code == 429


def test_a_recorded_attempt_keeps_no_password_and_axes_keeps_no_second_login_log(planner):
    fail(Client(), "planner", 2)
    assert log_in(Client(), "steering-nobody", PASSWORD).status_code == 200

    attempts = {attempt.username: attempt for attempt in AccessAttempt.objects.all()}
    assert set(attempts) == {"planner", "steering-nobody"}
    assert attempts["planner"].failures_since_start == 2
    assert attempts["planner"].ip_address == HERE
    assert "wrong-password" not in attempts["planner"].post_data
    assert PASSWORD not in attempts["steering-nobody"].post_data
    log_in(Client(), "planner", PASSWORD)
    assert not AccessLog.objects.exists()


def test_the_lock_page_is_english_for_an_english_session(planner):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    fail_en = [log_in(client, "planner", "wrong-password") for _ in range(5)]
    assert fail_en[-1].status_code == 429
    assert "<h1>Too many failed logins</h1>" in fail_en[-1].content.decode()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.2"),  # no proxy: the address the app sees
        (0, "203.0.113.7", "10.0.0.2"),  # a header the client made up is ignored
        (1, "203.0.113.7", "203.0.113.7"),  # one proxy: what it added
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the client's own entry before the proxy's is ignored
        (2, "1.2.3.4, 203.0.113.7, 10.1.1.1", "203.0.113.7"),
        (1, None, "10.0.0.2"),  # the proxy added nothing: fall back
        (2, "203.0.113.7", "10.0.0.2"),  # fewer entries than proxies: fall back
        (1, "not-an-address", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_clients_address_is_read_only_from_what_the_trusted_proxies_added(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    request = RequestFactory().get("/login/", REMOTE_ADDR="10.0.0.2", **headers)
    assert client_ip(request) == expected


def test_behind_the_proxy_the_lock_follows_the_client_not_the_proxy(planner, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        Client().post(
            "/login/",
            {"username": "planner", "password": "wrong-password"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=HERE,
        )

    other_client = Client()
    response = other_client.post(
        "/login/", {"username": "planner", "password": PASSWORD}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE
    )
    assert response.status_code == 302 and logged_in(other_client)
    blocked = Client().post(
        "/login/", {"username": "planner", "password": PASSWORD}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=HERE
    )
    assert blocked.status_code == 429
