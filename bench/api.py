"""The REST API under load, on the national-scale set that ``bench/indicators.py`` has just imported and recomputed
(called at the end of its run, on the same scratch database).

The app is served by gunicorn (DEBUG off, three sync workers, as in the Dockerfile) on 127.0.0.1, and wrk (Debian's
``wrk``) loads each address for a fixed time, one after the other, on the same server in the same run:

1. ``/api/v1/indicator-values/?page_size=100`` with an API key, against a plain ``JsonResponse`` of the same 100
   rows from ``.values()`` (``/bench/values/``, a view only this benchmark's URLconf has): aim ≥ 0.5 × its rate;
2. the same list revalidated (``If-None-Match`` with its ETag: 304 without a body), against the app's minimal view
   ``/healthz``: aim ≥ 0.3 × its rate.

The aims are measured with the API's throttles counting in each worker's memory (as without Redis); when
``REDIS_URL`` is set, the same four loads run again with them counting in Redis, as deployed, for information.

It also counts the queries each list endpoint makes at this scale: the suite pins the same numbers on the demo
(``tests/test_api_query_counts.py``), so a list's queries do not grow with its rows.
"""

import os
import shutil

from bench import serve

VALUES_PATH = "/api/v1/indicator-values/?page_size=100"
AIM_LIST_VS_VALUES = 0.5
AIM_304_VS_HEALTHZ = 0.3
SECONDS = int(os.environ.get("BENCH_API_SECONDS", "10"))

# The list endpoints and the queries each makes for one page as a planner with an API key, whatever the number of
# rows: the key with its user and roles (for the statistics' lists together with their validators), the count
# (kept in the cache for the statistics until they change; counted each time for the areas), the page, and what
# it fetches along (a classification's criteria).
LIST_QUERIES = {
    "/api/v1/indicator-values/?page_size=100": 2,
    "/api/v1/classifications/?page_size=100": 3,
    "/api/v1/observations/?page_size=100": 2,
    "/api/v1/areas/?page_size=100": 3,
}


def list_query_counts(client) -> dict[str, int]:
    """The queries of each list endpoint, from the first request on (the key's last use is recorded at most once
    a minute, so one request first)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for path in LIST_QUERIES:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        counts[path] = len(queries.captured_queries)
    return counts


def measure(database_url: str, say, Row) -> list:
    """Serve the scratch database with gunicorn and measure; returns the results' rows."""
    from django.test import Client

    from base.models import Role
    from base.services.accounts import upsert_organisation, upsert_user_with_role
    from base.services.tokens import create_api_token

    if shutil.which("wrk") is None:
        raise SystemExit("The API part of the benchmark needs wrk (Debian: apt-get install wrk).")
    gladsaxe = upsert_organisation(slug="gladsaxe", name="Gladsaxe Kommune", kind="municipality")
    planner = upsert_user_with_role(
        username="bench-planner",
        password="bench-only-password-2026",  # noqa: S106 - a scratch database's user, dropped with it
        organisation=gladsaxe,
        role=Role.PLANNER,
    )
    _token, key = create_api_token(user=planner, name="bench")
    auth = {"Authorization": f"Token {key}"}

    counts = list_query_counts(Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=auth["Authorization"]))
    rows = []
    for path, count in counts.items():
        say(f"queries of {path}: {count} (pinned on the demo: {LIST_QUERIES[path]})")
        rows.append(
            Row(
                f"Queries of `{path}` at this scale",
                f"{count}",
                f"on the demo: {LIST_QUERIES[path]}",
                "—",
                "the same",
                "yes" if count == LIST_QUERIES[path] else "**no**",
            )
        )

    rows += _under_load(database_url, auth, redis_url=None, say=say, Row=Row)
    redis_url = os.environ.get("REDIS_URL", "").strip()
    if redis_url:  # as deployed (docker-compose.yml): the throttles count in Redis; for information
        rows += _under_load(database_url, auth, redis_url=redis_url, say=say, Row=Row)
    else:
        say("REDIS_URL is not set: the API is not measured with its throttles counting in Redis (as deployed)")
    return rows


def _under_load(database_url: str, auth: dict[str, str], *, redis_url: str | None, say, Row) -> list:
    """Serve the scratch database with gunicorn (the throttles counting in each worker's memory, or in Redis) and
    load the four addresses one after the other."""
    # The throttles count every request as in production; their limit is raised so that the load itself is not
    # refused.
    limits = {"API_RATE_PER_KEY": "100000000/hour", "API_RATE_PER_USER": "100000000/hour"}
    with serve.gunicorn(database_url, redis_url=redis_url, settings="bench.api_settings", **limits) as base:
        etag = _etag(f"{base}{VALUES_PATH}", auth)
        say(f"gunicorn on {base} ({'Redis' if redis_url else 'no Redis'}); wrk for {SECONDS} s per address")
        values_rate = serve.wrk(f"{base}/bench/values/", {}, SECONDS).rate
        list_rate = serve.wrk(f"{base}{VALUES_PATH}", auth, SECONDS).rate
        healthz_rate = serve.wrk(f"{base}/healthz", {}, SECONDS).rate
        revalidate_rate = serve.wrk(f"{base}{VALUES_PATH}", {**auth, "If-None-Match": etag}, SECONDS).rate
    list_ratio, revalidate_ratio = list_rate / values_rate, revalidate_rate / healthz_rate
    say(f".values() view {values_rate:,.0f}/s; the API's list {list_rate:,.0f}/s = {list_ratio:.2f} ×")
    say(f"/healthz {healthz_rate:,.0f}/s; the list's 304 {revalidate_rate:,.0f}/s = {revalidate_ratio:.2f} ×")
    if redis_url:
        setting = "the throttles counting in Redis, as deployed"
        aims = ("(for information)", "(for information)")
        met = ("—", "—")
    else:
        setting = "the throttles counting in each worker's memory"
        aims = (f"≥ {AIM_LIST_VS_VALUES}", f"≥ {AIM_304_VS_HEALTHZ}")
        met = (
            "yes" if list_ratio >= AIM_LIST_VS_VALUES else "**no**",
            "yes" if revalidate_ratio >= AIM_304_VS_HEALTHZ else "**no**",
        )
    return [
        Row(
            f"`GET {VALUES_PATH}` with an API key (gunicorn, {serve.WORKERS} workers; wrk, 8 connections; {setting})",
            f"{list_rate:,.0f} requests/s",
            f"the same 100 rows from `.values()` as a plain `JsonResponse`: {values_rate:,.0f}/s",
            f"{list_ratio:.2f}",
            aims[0],
            met[0],
        ),
        Row(
            f"The same list revalidated (`If-None-Match`: 304, no body; {setting})",
            f"{revalidate_rate:,.0f} requests/s",
            f"the minimal view `/healthz`: {healthz_rate:,.0f}/s",
            f"{revalidate_ratio:.2f}",
            aims[1],
            met[1],
        ),
    ]


def _etag(url: str, headers: dict[str, str]) -> str:
    import urllib.request

    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - a loopback address of our own
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return answer.headers["ETag"]
