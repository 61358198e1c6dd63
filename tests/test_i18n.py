"""Danish first: every user-facing string has a Danish translation, and pages follow the chosen language."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import client_for

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "da" / "LC_MESSAGES" / "django.po"


def test_every_message_in_the_danish_catalogue_is_translated_and_none_is_fuzzy():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    untranslated = [
        m.id for m in catalogue if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not untranslated
    assert not fuzzy


@pytest.mark.django_db
def test_the_login_page_is_danish_by_default_and_english_on_request(client):
    assert "<h1>Log ind</h1>" in client.get("/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "<h1>Log in</h1>" in client.get("/login/").content.decode()


@pytest.mark.django_db
def test_without_a_plan_the_home_page_says_how_to_get_one(steering_member):
    page = client_for(steering_member).get("/").content.decode()
    assert "load_demo" in page


@pytest.mark.django_db
def test_an_english_browser_still_gets_danish_until_the_user_switches(client):
    page = client.get("/login/", headers={"accept-language": "en-US,en;q=0.9"})
    assert "<h1>Log ind</h1>" in page.content.decode()
    assert page["Content-Language"] == "da"
