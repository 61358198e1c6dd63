"""Schemathesis against the live OpenAPI document: every operation of /api/v1/schema/ is called with generated
input (valid and invalid), as the planner with a read-and-write key and with the planner's read-only key, over the
crawl's data (``tests.site``). Every answer must be below 500 and match the document (status, content type, body,
headers); the read-only key must never have a write accepted.

The answers run in the test's transaction, rolled back at the end; a small number of examples per operation keeps
the suite within its time budget (``API_FUZZ_EXAMPLES`` raises it for a longer run).
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bagsvaerd.wsgi import application
from tests.test_api_permissions import site  # noqa: F401 - the crawl's data and the personas' keys

# What the API promises: no server error, and every answer as documented. (Schemathesis's checks that valid
# input is always accepted and invalid input always refused do not apply: a valid id may name no object, an
# If-Match may be stale, and an unknown query parameter is ignored.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "5"))
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def live_schema(site, db):  # noqa: F811 - the fixture imported above
    """The document as the app serves it to the planner. The app is called in this process, in the test's
    transaction; as in Django's test client, a request's end must not close that connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(
            "/api/v1/schema/?format=json", application, headers={"Authorization": f"Token {site['planner']}"}
        )
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
)


def fuzz(schema, key: str, check=None) -> list[str]:
    """Every operation of ``schema``, with valid and with invalid input, sent with ``key``: the failures found.
    (Schemathesis's own pytest integration needs a pytest attribute that pytest 9 no longer has, so each
    operation runs here as a Hypothesis test of its own.)"""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @SETTINGS
            def run(case):
                response = case.call_and_validate(headers={"Authorization": f"Token {key}"}, checks=CHECKS)
                if check is not None:
                    check(case, response)

            try:
                run()
            except (Exception, BaseExceptionGroup) as error:  # each operation's failures are collected
                failures.append(f"{operation.label} ({mode.value}): {str(error)[:1500]}")
    return failures


def test_every_operation_answers_as_documented_for_the_planner(live_schema, site):  # noqa: F811
    failures = fuzz(live_schema, site["planner"])
    assert not failures, f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures)


def test_the_read_only_key_never_has_a_write_accepted_and_every_answer_is_documented(live_schema, site):  # noqa: F811
    def no_write_accepted(case, response):
        if case.method.upper() in WRITES:
            assert response.status_code >= 400, f"{case.method} {case.path} accepted with a read-only key"

    failures = fuzz(live_schema, site["read_only_key"], no_write_accepted)
    assert not failures, f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures)
