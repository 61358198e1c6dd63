"""API keys: made on /account/tokens/ or by an administrator's command, stored only as a digest, shown once, several
per user, with an expiry, a read-only scope and the time they were last used; revoked by deleting them."""

import datetime
import hashlib
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from base.models import ApiToken
from base.services.tokens import create_api_token
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def api(key: str, language: str = "da") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE=language)


def test_a_key_is_stored_only_as_a_digest_and_works_until_it_is_revoked(planner):
    token, key = create_api_token(user=planner, name="Power BI")
    assert len(key) == 64
    assert token.digest == hashlib.sha512(key.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM governance_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert key not in stored  # only the digest and the first 15 characters, to find it
    assert api(key).get("/api/v1/areas/").status_code == 200
    token.delete()
    response = api(key).get("/api/v1/areas/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_user_has_several_keys_each_with_its_own_expiry(planner):
    _short, short_key = create_api_token(user=planner, name="Kort", expires_in_days=1)
    _long, long_key = create_api_token(user=planner, name="Lang")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert api(short_key).get("/api/v1/areas/").status_code == 401
        assert api(long_key).get("/api/v1/areas/").status_code == 200
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["Lang"]  # the expired key is gone


def test_a_read_only_key_reads_and_is_refused_every_write(planner):
    _token, key = create_api_token(user=planner, name="Kun læse", read_only=True)
    assert api(key).get("/api/v1/indicators/").status_code == 200
    for method in ("post", "put", "patch", "delete"):
        response = getattr(api(key, "en"), method)("/api/v1/indicators/", {}, content_type="application/json")
        assert response.status_code == 403, method
        assert response.json()["error"]["message"] == "This API key may only read."


def test_the_last_use_is_recorded_at_most_once_a_minute(planner):
    token, key = create_api_token(user=planner, name="Script")
    assert token.last_used_at is None
    api(key).get("/api/v1/areas/")
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    api(key).get("/api/v1/areas/")
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first


def test_a_user_without_a_role_gets_no_key_and_a_key_of_theirs_reads_nothing(planner, user_without_role):
    with pytest.raises(PermissionDenied):
        create_api_token(user=user_without_role, name="Ingen rolle")
    assert client_for(user_without_role).get("/account/tokens/").status_code == 403
    _token, key = ApiToken.objects.create(user_without_role, expiry=None, name="Sneget ind")
    assert api(key).get("/api/v1/areas/").status_code == 403


def test_the_token_page_shows_a_new_key_once_and_revokes_it(staff_a):
    client = client_for(staff_a)
    response = client.post("/account/tokens/", {"name": "Boligsystemet", "expires_in_days": "30"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key and key in response.content.decode()
    token = ApiToken.objects.get(user=staff_a)
    assert (token.name, token.read_only) == ("Boligsystemet", False)
    assert token.expiry.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    page = client.get("/account/tokens/").content.decode()
    assert key not in page and "Boligsystemet" in page and "Aldrig" in page
    assert api(key).get("/api/v1/areas/").status_code == 200
    assert client.post(f"/account/tokens/{token.reference}/revoke/").status_code == 302
    assert not ApiToken.objects.exists()
    assert api(key).get("/api/v1/areas/").status_code == 401


def test_nobody_revokes_another_users_key(planner, staff_a):
    token, _key = create_api_token(user=planner, name="Planlæggerens")
    assert client_for(staff_a).post(f"/account/tokens/{token.reference}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_bad_name_or_expiry_is_refused_at_the_field_and_makes_no_key(planner):
    response = client_for(planner).post("/account/tokens/", {"name": "", "expires_in_days": "0"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "expires_in_days"}
    assert not ApiToken.objects.exists()


def test_an_administrator_makes_a_key_with_the_command_and_it_is_printed_once(planner):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "planner", "--read-only", "--expires-days", "7", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha512(key.encode()).hexdigest()
    assert token.read_only and "read only" in err.getvalue()
    with pytest.raises(CommandError, match="No active user"):
        call_command("create_api_token", "findes-ikke", stdout=StringIO(), stderr=StringIO())


def test_the_command_refuses_a_user_without_a_role(user_without_role):
    with pytest.raises(CommandError, match="no role"):
        call_command("create_api_token", "nobody", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_without_a_key_the_api_answers_401_in_its_error_shape_in_the_asked_language():
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/areas/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "error": {
            "status": 401,
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
            "fields": {},
        }
    }
    danish = Client().get("/api/v1/areas/").json()["error"]["message"]
    assert danish != "Authentication credentials were not provided."


def test_an_unknown_api_address_answers_404_in_the_error_shape(planner, settings):
    settings.DEBUG = False
    _token, key = create_api_token(user=planner, name="x")
    response = api(key, "en").get("/api/v1/findes-ikke/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_too_many_requests_for_a_key_answer_429_with_retry_after_and_other_keys_go_on(
    planner, administrator, monkeypatch
):
    from base.api import ApiRateThrottle

    monkeypatch.setattr(ApiRateThrottle, "THROTTLE_RATES", {**ApiRateThrottle.THROTTLE_RATES, "key": "3/hour"})
    busy = api(create_api_token(user=planner, name="busy")[1], language="en")
    other = api(create_api_token(user=administrator, name="other")[1])

    answers = [busy.get("/api/v1/areas/").status_code for _ in range(4)]
    refused = busy.get("/api/v1/areas/")

    assert answers == [200, 200, 200, 429]
    assert refused.json()["error"]["code"] == "throttled"
    assert refused.json()["error"]["message"].startswith("Too many requests: try again in ")
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert other.get("/api/v1/areas/").status_code == 200


def test_a_person_in_the_browser_reads_the_api_docs_and_answers_in_the_sites_language(planner):
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")  # a browser set to English, no language chosen on the site
    browser.force_login(planner)

    docs = browser.get("/api/v1/docs/")
    refused = browser.get("/api/v1/findes-ikke/")
    browser.cookies["django_language"] = "en"  # the language switch
    chosen = browser.get("/api/v1/docs/")

    assert "<h1>API-dokumentation</h1>" in docs.content.decode() and docs["Content-Language"] == "da"
    assert refused["Content-Language"] == "da"
    assert "<h1>API documentation</h1>" in chosen.content.decode()
