"""The REST API's permission matrix, built from the router itself: every route × method × persona answers the
status its app's ``api_matrix.py`` expects (``tests/api_matrix.py`` says how the rows are written and the requests
made). A route, a method or a whole endpoint without rows fails the test, so a new endpoint cannot go untested.

The data is the crawl's (``tests.site``: the demo plus one of every kind of object), with an administrator added.
"""

import importlib
import json

import pytest
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse

from bagsvaerd.urls import router
from base.api_views import version_etag
from base.history import version_of
from base.models import ApiToken, Role
from base.services.accounts import upsert_user_with_role
from base.services.tokens import create_api_token
from tests.api_matrix import Endpoint
from tests.site import build_site

APPS = ("strategy", "opportunities", "partnership")

# The personas of the matrix → the crawl data's user names.
USERS = {
    "planner": "planlaegger",
    "steering": "styregruppe",
    "gab": "gab",
    "dab": "dab",
    "no_role": "uden-rolle",
}


def endpoints() -> dict[str, Endpoint]:
    found = {}
    for app in APPS:
        for endpoint in importlib.import_module(f"tests.{app}.api_matrix").ENDPOINTS:
            assert endpoint.basename not in found, f"{endpoint.basename} has rows twice"
            found[endpoint.basename] = endpoint
    return found


def routes() -> list[tuple[str, str, str, bool, type]]:
    """(basename, route, HTTP method, detail, viewset) of every route the router serves."""
    found = []
    for _prefix, viewset, basename in router.registry:
        for route in router.get_routes(viewset):
            name = route.name.format(basename=basename)
            for method in router.get_method_map(viewset, route.mapping):
                found.append((basename, name.removeprefix(f"{basename}-"), method.upper(), route.detail, viewset))
    return found


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The crawl's data and a key for every persona, built once in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            users = build_site()
            planner = users["planlaegger"]
            administrator = upsert_user_with_role(
                username="administrator-api",
                password="administrator-api-adgangskode-2026",
                organisation=planner.memberships.first().organisation,
                role=Role.ADMINISTRATOR,
                first_name="Anne",
                last_name="Administrator",
            )
            keys = {"anonymous": None, "read_only_key": create_api_token(user=planner, name="ro", read_only=True)[1]}
            for persona, username in USERS.items():
                if persona != "no_role":
                    keys[persona] = create_api_token(user=users[username], name="matrix")[1]
            # A key made while its user had a role, which they have lost since.
            keys["no_role"] = ApiToken.objects.create(users[USERS["no_role"]], None)[1]
            keys["administrator"] = create_api_token(user=administrator, name="matrix")[1]
        yield keys
        transaction.set_rollback(True)


def client_with(key: str | None) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}") if key else Client()


def test_every_route_has_rows_and_every_row_a_route():
    rows = endpoints()
    served = routes()
    problems = [f"{basename}: no rows in tests/<app>/api_matrix.py" for basename in {r[0] for r in served} - set(rows)]
    for basename, route, method, _detail, _viewset in served:
        if basename in rows and rows[basename].expected(route, method) is None:
            problems.append(f"{basename} {route} {method}: no row")
    listed = {(r[0], r[1], r[2]) for r in served}
    for basename, endpoint in rows.items():
        for route, method in endpoint.expect:
            if (basename, route, method) not in listed:
                problems.append(f"{basename} {route} {method}: a row for a route the router does not serve")
    assert not problems, "\n".join(sorted(problems))


def _request(key, method, url, body, if_match):
    headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
    data = json.dumps(body) if body is not None else ""
    return client_with(key).generic(method, url, data, content_type="application/json", **headers)


@pytest.mark.parametrize("app", APPS)
def test_every_route_answers_each_persona_as_the_matrix_says(site, db, app):
    rows = {e.basename: e for e in importlib.import_module(f"tests.{app}.api_matrix").ENDPOINTS}
    failures = []
    checked = 0
    for basename, route, method, detail, viewset in routes():
        endpoint = rows.get(basename)
        if endpoint is None or endpoint.expected(route, method) is None:
            continue  # reported by the test above
        sample = endpoint.sample() if detail else None
        lookup = viewset.lookup_url_kwarg or viewset.lookup_field
        kwargs = {lookup: getattr(sample, viewset.lookup_field)} if detail else {}
        url = reverse(f"{basename}-{route}", kwargs=kwargs)
        body = None
        if (route, method) in endpoint.bodies:
            body = endpoint.bodies[(route, method)]()
        elif method == "PATCH":
            body = {}
        elif method == "PUT":
            body = client_with(site["planner"]).get(url).json()
        if_match = version_etag(version_of(sample)) if detail and method != "GET" else None
        for persona, expected in endpoint.expected(route, method).items():
            with transaction.atomic():
                response = _request(site[persona], method, url, body, if_match)
                transaction.set_rollback(True)
            checked += 1
            if response.status_code != expected:
                failures.append(
                    f"{method} {url} ({basename} {route}) as {persona}: expected {expected}, got "
                    f"{response.status_code} {response.content[:300]!r}"
                )
    assert checked or not rows, f"the rows of {app} name no route"
    assert not failures, f"{len(failures)} of {checked}:\n" + "\n".join(failures)
