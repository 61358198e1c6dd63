"""The steering group's dashboard and its one-page PDF under load, on the national-scale set that
``bench/indicators.py`` has just imported and recomputed (called after the REST API's part, on the same scratch
database).

On that set it builds the plan as the demo words it (its targets linked to the shipped indicators, measured in one
of the set's housing areas, which becomes the plan's area), the demo's spaces and governance, and then 1,000 more
spaces serving the plan's moves and principles and 300 more risks: the large set whose query count
``tests/dashboard/test_dashboard.py`` pins. It then serves the app with gunicorn (DEBUG off, three sync workers; the
cache in Redis when ``REDIS_URL`` is set, as deployed; without it the settings keep no page, so "warm" is then as
cold) and loads, one after the other, with wrk (8 connections):

1. the anonymous login page ``/login/``: the app's lightest full page (the layout and a form, no data), the
   reference;
2. ``/dashboard/`` as a steering-group member with the cache warm (with the cookies a browser sends after logging
   in: the session and the CSRF cookie): aim ≥ 0.7 × the login page;
3. ``/dashboard/pixi.pdf`` unchanged, from the cache: aim ≥ 0.5 × the login page;
4. ``/dashboard/`` with the cache cold: the same server started with ``DASHBOARD_CACHE_SECONDS=0``, so every request
   reads and renders everything: aim ≥ 0.2 × the login page.

On the cold server it also times requests one at a time: the cold dashboard's and the PDF's first rendering's
median, printed side by side (for information). And, in this process, without HTTP or cache, what a cold request's
body costs in its two parts, building the context (the queries) and rendering the HTML, beside the CPU time per
request the cold aim leaves on this machine (its cores / (0.2 × the login page's rate)): for information.
"""

import datetime
import os
import statistics
import time

from bench import serve

AIM_COLD = 0.2
AIM_WARM = 0.7
AIM_PDF_CACHED = 0.5
SECONDS = int(os.environ.get("BENCH_API_SECONDS", "10"))
ONE_AT_A_TIME = 10  # sequential requests for the first-rendering medians
SPACES = 1000
RISKS = 300


def build(say):
    """The plan on the national set, the demo's spaces and governance, and the large set's spaces and risks.
    Returns the steering-group member the pages are read as."""
    from django.db import transaction

    from bagsvaerd.management.commands.load_demo import ORGANISATIONS
    from base.models import Role
    from base.services.accounts import upsert_organisation, upsert_user_with_role
    from opportunities.demo import load_opportunity_demo
    from opportunities.models import OpportunitySpace
    from partnership.demo import load_governance_demo
    from partnership.models import Risk
    from strategy.demo import EXAMPLE_INDICATOR_TARGETS, load_strategy_demo
    from strategy.models import Area, Classification, IndicatorDefinition, Move, Principle
    from strategy.services.indicators import save_indicator_definition

    with transaction.atomic():
        plan = load_strategy_demo()
        # One of the set's housing areas that is on a list: the plan's area, as Værebro Park is.
        on_a_list = Classification.objects.filter(area__kind="housing_area").exclude(categories=[])
        area = Area.objects.get(pk=on_a_list.order_by("area__code").values_list("area", flat=True).first())
        plan.area = area
        plan.save(update_fields=["area"])
        for code, number, baseline, target_value in EXAMPLE_INDICATOR_TARGETS:
            save_indicator_definition(
                definition=IndicatorDefinition.objects.get(code=code),
                data={
                    "target": plan.targets.get(number=number),
                    "area": area,
                    "baseline_year": 2018,
                    "baseline_value": baseline,
                    "target_value": target_value,
                    "deadline": datetime.date(2030, 12, 31),
                },
                by=None,
            )
        organisations = {
            slug: upsert_organisation(slug=slug, name=name, kind=kind) for slug, name, kind in ORGANISATIONS
        }
        member = upsert_user_with_role(
            username="bench-steering",
            password="bench-only-password-2026",  # noqa: S106 - a scratch database's user, dropped with it
            organisation=organisations["gladsaxe"],
            role=Role.STEERING_MEMBER,
        )
        load_opportunity_demo(plan=plan, organisations=organisations)
        load_governance_demo(plan=plan, organisations=organisations)

        moves = list(Move.objects.filter(strategy__plan=plan))
        principles = list(Principle.objects.filter(plan=plan))
        stages = ["idea", "clarification", "pilot", "operating", "anchored"]
        spaces = OpportunitySpace.objects.bulk_create(
            [
                OpportunitySpace(
                    plan=plan,
                    title=f"Mulighedsrum {n} (benchmark)",
                    kind="social",
                    organisation=organisations["gab" if n % 2 else "dab"],
                    stage=stages[n % len(stages)],
                    is_example=True,
                )
                for n in range(SPACES)
            ]
        )
        OpportunitySpace.moves.through.objects.bulk_create(
            [
                OpportunitySpace.moves.through(opportunityspace=s, move=moves[n % len(moves)])
                for n, s in enumerate(spaces)
            ]
        )
        OpportunitySpace.principles.through.objects.bulk_create(
            [
                OpportunitySpace.principles.through(opportunityspace=s, principle=principles[n % len(principles)])
                for n, s in enumerate(spaces)
            ]
        )
        today = datetime.date.today()
        Risk.objects.bulk_create(
            [
                Risk(
                    plan=plan,
                    kind="obstacle" if n % 3 else "potential",
                    title=f"Risiko {n} (benchmark)",
                    likelihood=1 + n % 5,
                    impact=1 + (n // 5) % 5,
                    reviewed_on=today - datetime.timedelta(days=n),
                    is_example=True,
                )
                for n in range(RISKS)
            ]
        )
    say(
        f"dashboard set: plan area {area.code}; {OpportunitySpace.objects.count():,} spaces, "
        f"{Risk.objects.count():,} risks, {Area.objects.filter(kind='housing_area').count():,} housing areas"
    )
    return member


def _browser_cookies(user) -> str:
    """The cookies a steering-group member's browser sends after logging in: the session (signed with the key
    gunicorn runs with, in the scratch database) and the CSRF cookie the login page set (the page's forms carry
    tokens of it; without it every page would be rendered anew, as for a browser that refuses cookies)."""
    from django.conf import settings
    from django.http import HttpRequest
    from django.middleware.csrf import get_token
    from django.test import Client

    settings.SECRET_KEY = serve.SECRET_KEY
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    request = HttpRequest()
    get_token(request)
    return "; ".join(
        [
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
            f"{settings.CSRF_COOKIE_NAME}={request.META['CSRF_COOKIE']}",
        ]
    )


def _check(url: str, headers: dict[str, str], content_type: str) -> None:
    """The page answers 200 with what it should (not a redirect to the login page, not an error page)."""
    status, kind, body, _seconds = serve.fetch(url, headers)
    if status != 200 or not kind.startswith(content_type) or not body:
        raise RuntimeError(f"{url} answered {status} {kind}: the benchmark would measure the wrong page")


def _one_at_a_time(url: str, headers: dict[str, str]) -> float:
    """The median of ``ONE_AT_A_TIME`` requests sent one after the other (ms); each must answer 200."""
    seconds = []
    for _n in range(ONE_AT_A_TIME):
        status, _kind, _body, took = serve.fetch(url, headers)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}: the benchmark would time the wrong page")
        seconds.append(took)
    return statistics.median(seconds) * 1000


def _in_process(member) -> tuple[float, float]:
    """Medians (ms) of building the cold dashboard's context and of rendering its body, in this process: no HTTP, no
    middleware, no cache; what every cold request pays on top of the frame around the body."""
    from importlib import import_module

    from django.conf import settings
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.utils import translation

    from dashboard import views

    request = RequestFactory().get("/dashboard/")
    request.user = member
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    contexts, bodies = [], []
    with translation.override(settings.LANGUAGE_CODE):
        for _n in range(ONE_AT_A_TIME + 1):
            started = time.perf_counter()
            context = views._dashboard_context(request)
            built = time.perf_counter()
            render_to_string("dashboard/_body.html", context, request=request)
            contexts.append(built - started)
            bodies.append(time.perf_counter() - built)
    # The first of each warms the template loader and the ORM's caches: left out.
    return statistics.median(contexts[1:]) * 1000, statistics.median(bodies[1:]) * 1000


def measure(database_url: str, say, Row) -> list:
    member = build(say)
    cookie = {"Cookie": _browser_cookies(member)}
    redis_url = os.environ.get("REDIS_URL", "").strip() or None
    setting = (
        "the cache in Redis, as deployed"
        if redis_url
        else "no REDIS_URL: no page kept, as the settings then say (a worker's own copy would outlive others' edits)"
    )

    with serve.gunicorn(database_url, redis_url=redis_url) as base:
        _check(f"{base}/login/", {}, "text/html")
        _check(f"{base}/dashboard/", cookie, "text/html")
        _check(f"{base}/dashboard/pixi.pdf", cookie, "application/pdf")
        say(f"gunicorn on {base} ({setting}); wrk for {SECONDS} s per address")
        login = serve.wrk(f"{base}/login/", {}, SECONDS)
        say(f"/login/ (anonymous): {login}")
        warm = serve.wrk(f"{base}/dashboard/", cookie, SECONDS)
        say(f"/dashboard/ warm: {warm} = {warm.rate / login.rate:.2f} × the login page")
        pdf = serve.wrk(f"{base}/dashboard/pixi.pdf", cookie, SECONDS)
        say(f"/dashboard/pixi.pdf from the cache: {pdf} = {pdf.rate / login.rate:.2f} × the login page")

    # The first server's copies stay in a shared cache (Redis) under the current data generation: a new one, so the
    # second server finds none and, keeping none itself, renders every request.
    from base.generation import start_new_generation

    start_new_generation()
    with serve.gunicorn(database_url, redis_url=redis_url, DASHBOARD_CACHE_SECONDS=0) as base:
        _check(f"{base}/dashboard/", cookie, "text/html")
        cold = serve.wrk(f"{base}/dashboard/", cookie, SECONDS)
        say(f"/dashboard/ cold (DASHBOARD_CACHE_SECONDS=0): {cold} = {cold.rate / login.rate:.2f} × the login page")
        _check(f"{base}/dashboard/pixi.pdf", cookie, "application/pdf")
        cold_one = _one_at_a_time(f"{base}/dashboard/", cookie)
        pdf_one = _one_at_a_time(f"{base}/dashboard/pixi.pdf", cookie)
        say(f"one at a time: the cold dashboard's median {cold_one:.0f} ms; the PDF's first rendering {pdf_one:.0f} ms")

    context_ms, body_ms = _in_process(member)
    budget_ms = (os.cpu_count() or 1) * 1000 / (AIM_COLD * login.rate)
    say(
        f"in this process: the cold dashboard's context {context_ms:.1f} ms, its body's rendering {body_ms:.1f} ms; "
        f"the cold aim leaves {budget_ms:.1f} ms of CPU per request on {os.cpu_count()} cores"
    )

    def row(what: str, load, aim: float | None) -> "Row":
        ratio = load.rate / login.rate
        return Row(
            f"{what} (gunicorn, {serve.WORKERS} workers; wrk, {serve.CONNECTIONS} connections; {setting})",
            str(load),
            f"the anonymous login page `/login/`: {login}",
            f"{ratio:.2f}",
            f"≥ {aim}" if aim is not None else "(for information)",
            ("yes" if ratio >= aim else "**no**") if aim is not None else "—",
        )

    return [
        row("`/dashboard/` as a steering-group member, the cache cold (`DASHBOARD_CACHE_SECONDS=0`)", cold, AIM_COLD),
        row("`/dashboard/` as a steering-group member, the cache warm", warm, AIM_WARM),
        row("`/dashboard/pixi.pdf` unchanged, from the cache", pdf, AIM_PDF_CACHED),
        Row(
            "The pixi PDF's first rendering, one request at a time (median of "
            f"{ONE_AT_A_TIME}; WeasyPrint, the cache cold)",
            f"{pdf_one:,.0f} ms",
            f"the cold dashboard one at a time: {cold_one:,.0f} ms",
            f"{pdf_one / cold_one:.1f}",
            "(for information)",
            "—",
        ),
        Row(
            "The cold dashboard's body in-process, no HTTP, no cache (median of "
            f"{ONE_AT_A_TIME}): building its context (the queries) + rendering its HTML",
            f"{context_ms:.1f} ms + {body_ms:.1f} ms",
            f"the CPU time per request the cold aim leaves: {os.cpu_count()} cores / (0.2 × {login.rate:,.0f}/s) = "
            f"{budget_ms:.1f} ms",
            f"{(context_ms + body_ms) / budget_ms:.1f}",
            "(for information)",
            "—",
        ),
    ]
