"""The OpenAPI document is built once per process, language and format: anyone may read it without logging in, and
building it (generating, then rendering 1 MB of YAML) took half a second of a worker each time."""

import json
from unittest import mock

import pytest
import yaml
from django.core.cache import caches
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db

URL = "/api/v1/schema/"


@pytest.fixture
def generated():
    """Counts the document's generations (the real generator runs); nothing kept from an earlier test."""
    caches["process"].clear()
    with mock.patch.object(SchemaGenerator, "get_schema", autospec=True, side_effect=SchemaGenerator.get_schema) as spy:
        yield spy
    caches["process"].clear()


def _titles(document: dict) -> set[str]:
    return {
        schema["properties"]["title"].get("title")
        for schema in document["components"]["schemas"].values()
        if "title" in schema.get("properties", {})
    }


def test_the_document_is_generated_once_per_format_and_served_the_same_to_everyone(generated, planner):
    anonymous = Client()
    first = anonymous.get(URL)
    assert first.status_code == 200
    assert first["Content-Type"].startswith("application/vnd.oai.openapi")
    assert "Bagsværd i social balance – API" in yaml.safe_load(first.content)["info"]["title"]
    assert generated.call_count == 1

    again = anonymous.get(URL)
    assert again.content == first.content
    assert again["Content-Disposition"] == first["Content-Disposition"]
    planner_client = Client()
    planner_client.force_login(planner)
    assert planner_client.get(URL).content == first.content  # the same document for every reader (SERVE_PUBLIC)
    assert generated.call_count == 1

    as_json = anonymous.get(URL, {"format": "json"})
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert json.loads(as_json.content) == yaml.safe_load(first.content)
    assert generated.call_count == 2
    assert anonymous.get(URL, {"format": "json"}).content == as_json.content
    assert generated.call_count == 2


def test_each_language_gets_its_own_document_and_unknown_parameters_add_none(generated):
    client = Client()
    danish = json.loads(client.get(URL, {"format": "json"}).content)
    english = json.loads(client.get(URL, {"format": "json", "lang": "en"}).content)
    assert "Titel" in _titles(danish) and "Titel" not in _titles(english)
    assert "Milepæl" in _titles(danish) and "Milestone" in _titles(english)
    assert generated.call_count == 2

    # A reader who chose English gets the English document, the one just built.
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert json.loads(client.get(URL, {"format": "json"}).content) == english
    # Neither a language the app does not speak nor a version (the API has one) makes another document.
    for n in range(5):
        assert client.get(URL, {"format": "json", "lang": f"x{n}", "version": f"v{n}"}).status_code == 200
    assert json.loads(client.get(URL, {"format": "json", "version": "9"}).content)["info"]["version"] == "1"
    # Nor does an Accept header's parameters, and the answer's type is the format's own.
    for n in range(5):
        response = client.get(URL, HTTP_ACCEPT=f"application/vnd.oai.openapi+json; x={n}")
        assert response["Content-Type"] == "application/vnd.oai.openapi+json"
        assert json.loads(response.content) == english
    assert generated.call_count == 2
