"""The REST API's permission matrix: what each persona gets from every route and method of the router.

Each app's rows are in ``tests/<app>/api_matrix.py`` as a list ``ENDPOINTS`` of ``Endpoint``: the router's
basename, the object its detail routes use, the bodies of its POSTs, and per (route, method) one line of expected
statuses, one per persona in the order of ``PERSONAS``::

    #                              anon  ro-key planner admin steering gab  dab  no-role
    ("list", "GET"):              "401   200    200     200   200      200  200  403",

The route is the router's route name without the basename: "list", "detail", or an extra action's name
("history", "download", …). ``tests/test_api_permissions.py`` enumerates the router and fails for a route or
method without a line, and for a line without a route.

How each request is made: ``anonymous`` sends nothing; ``read_only_key`` is the planner's read-only key; every other
persona sends a read-and-write key of their own. A PUT sends back the planner's GET of the object; a PATCH sends
``{}`` (a valid change of nothing); PUT, PATCH, DELETE and a detail route's POST send ``If-Match`` with the object's
current ETag, so that what is tested is the persona's right, not the precondition. Each request runs in a savepoint
that is rolled back, so every persona meets the same data.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = ("anonymous", "read_only_key", "planner", "administrator", "steering", "gab", "dab", "no_role")


@dataclass
class Endpoint:
    basename: str
    # The object the detail routes (and the extra detail actions) are tried on; None for an endpoint with no detail.
    sample: Callable[[], Any] | None
    # (route, method) → the expected status per persona, a line of len(PERSONAS) numbers.
    expect: dict[tuple[str, str], str]
    # (route, method) → a callable giving the JSON body to send (a POST to "list": the new object's fields).
    bodies: dict[tuple[str, str], Callable[[], Any]] = field(default_factory=dict)

    def expected(self, route: str, method: str) -> dict[str, int] | None:
        line = self.expect.get((route, method))
        if line is None:
            return None
        codes = [int(code) for code in line.split()]
        if len(codes) != len(PERSONAS):
            raise ValueError(f"{self.basename} {route} {method}: {len(codes)} statuses for {len(PERSONAS)} personas")
        return dict(zip(PERSONAS, codes, strict=True))
