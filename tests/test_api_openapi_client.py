"""A client written only from the OpenAPI document, as an analyst's generated client would be: it learns from
/api/v1/schema/ how to authenticate, which operation lists the classifications, which query parameter selects a
list year and how the pages chain, and it knows nothing of the app's code. What it pulls for a list year must be
exactly what ``manage.py export_classifications`` prints, page after page."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from base.services.tokens import create_api_token
from tests.strategy.test_api import data  # noqa: F401 - areas, statistics and their recompute

pytestmark = pytest.mark.django_db


class DocumentClient:
    """Reads the document once; calls operations by their operationId with their documented parameters."""

    def __init__(self, http: Client, key: str):
        self.http = http
        document = json.loads(http.get("/api/v1/schema/?format=json", **self._auth_for_schema(key)).content)
        self.operations = {
            operation["operationId"]: (path, method.upper(), operation)
            for path, item in document["paths"].items()
            for method, operation in item.items()
        }
        self.headers = self._auth(document, key)

    @staticmethod
    def _auth_for_schema(key: str) -> dict:
        return {"HTTP_AUTHORIZATION": f"Token {key}"}  # to read the document at all; the rest is learnt from it

    @staticmethod
    def _auth(document: dict, key: str) -> dict:
        for scheme in document["components"]["securitySchemes"].values():
            if scheme["type"] == "apiKey" and scheme["in"] == "header":
                prefix = re.search(rf"`{scheme['name']}: (\w+) <key>`", scheme["description"]).group(1)
                return {"HTTP_" + scheme["name"].upper().replace("-", "_"): f"{prefix} {key}"}
        raise AssertionError("the document names no key in a header")

    def operation_listing(self, noun: str) -> str:
        """The operationId of the GET that lists ``noun`` (a path ending in /<noun>/ with no parameter in it)."""
        found = [
            op_id
            for op_id, (path, method, _op) in self.operations.items()
            if method == "GET" and path.rstrip("/").endswith(noun) and "{" not in path
        ]
        assert len(found) == 1, found
        return found[0]

    def pages(self, operation_id: str, **query):
        path, _method, operation = self.operations[operation_id]
        known = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        assert set(query) <= known, f"{set(query) - known} is not a documented parameter"
        page = self.http.get(path, query, **self.headers)
        while True:
            assert page.status_code == 200, page.content
            body = page.json()
            yield from body["results"]
            if not body["next"]:
                return
            page = self.http.get(body["next"], **self.headers)


def test_a_client_written_from_the_document_pulls_exactly_what_the_export_prints(data, planner):  # noqa: F811
    _token, key = create_api_token(user=planner, name="generated client")
    client = DocumentClient(Client(), key)

    listing = client.operation_listing("classifications")
    pulled = list(client.pages(listing, list_year=2022, page_size=1))  # one per page: the pages must chain
    printed = StringIO()
    call_command("export_classifications", list_year=2022, stdout=printed)

    assert len(pulled) == 2
    assert pulled == json.loads(printed.getvalue())
