"""The steering group's dashboard: one page that says whether Bagsværd is moving towards social balance.

Its body (and the one-page PDF) is rendered once per release, data generation (``base.generation``: any edit with
history, any admin change, an import, a finished recompute or meeting-place index), day, language, the reader's
scope of spaces and filter, and served from the cache until one of them changes. The whole page, with the frame
around the body, is kept per browser session too (``page_key``): a warm page costs the session (from Redis), the user
with their memberships (one statement, ``base.backends``) and two cache reads."""

import hashlib
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.generation import data_generation
from base.permissions import (
    can_read_all_spaces,
    can_read_governance,
    require,
    role_summary,
    staff_organisation_ids,
)
from partnership.selectors.records import get_meeting_for_user
from strategy.selectors import active_vision, default_plan, get_plan_for_user
from strategy.selectors.plan import STRATEGY_ORDER

from . import selectors
from .forms import DashboardFilterForm
from .models import MeetingPack
from .packs import changes_between, prepare_meeting_pack, previous_pack, since_last_pack, visible_content
from .pdf import PdfUnavailable, render_pdf
from .pixi import pixi
from .strategy_map import chain, layout

FILTERS = ("area", "year_from", "year_to", "strategy")


def _rendering_fingerprint() -> str:
    """What the cached pages were rendered with: this app's code, the templates and the compiled translations. A
    new release changes it, so no page rendered by the previous one is served after a deploy (the cache outlives
    the processes). The same in every process of one release."""
    base = Path(settings.BASE_DIR)
    files = sorted(
        [*base.glob("dashboard/**/*.py"), *base.glob("templates/**/*.html"), *base.glob("locale/*/LC_MESSAGES/*.mo")]
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RENDERING = _rendering_fingerprint()


def cache_key(request) -> str:
    """What the body depends on besides the data: the release, the day (overdue, "since the last meeting"), the
    language, the spaces the reader may see, and the filters as given (hashed: they are the reader's input)."""
    user = request.user
    scope = "all" if can_read_all_spaces(user) else "orgs-" + "-".join(map(str, sorted(staff_organisation_ids(user))))
    filters = "&".join(f"{name}={request.GET.get(name, '')[:100]}" for name in FILTERS)
    parts = [RENDERING, data_generation(), timezone.localdate().isoformat(), get_language() or "", scope, filters]
    return "dashboard:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def _dashboard_context(request) -> dict | None:
    """What the dashboard (and its one-page report) shows to this reader with these filters; None without a plan."""
    plan = default_plan()
    if plan is None:
        return None
    areas = selectors.housing_areas_of(plan)
    strategies = list(plan.strategies.order_by(STRATEGY_ORDER))
    form = DashboardFilterForm(request.GET or None, areas=areas, strategies=strategies)
    chosen = form.chosen()
    area, strategy = chosen["area"], chosen["strategy"]
    context = selectors.dashboard(plan, request.user, **chosen, housing_areas=areas, strategies=strategies)
    context["since_pack"] = since_last_pack(
        plan, request.user, places=context["places"]["all"], open_risks=context["risks"]["open"]
    )
    query = {
        "area": area.code if area else "",
        "year_from": chosen["year_from"] or "",
        "year_to": chosen["year_to"] or "",
        "strategy": strategy.pk if strategy else "",
    }
    return {
        "plan": plan,
        "filter": form,
        "area": area,
        "strategy": strategy,
        "year_from": chosen["year_from"],
        "year_to": chosen["year_to"],
        "filter_query": urlencode({name: value for name, value in query.items() if value}),
        # The indicator values' download: the filtered area's, else the plan's own area's.
        "export_area_code": quote((area or plan.area).code if (area or plan.area) else "", safe=""),
        **context,
    }


def page_key(request, body_key: str) -> str | None:
    """The key of the whole page (the frame around the body) as this browser session last got it, or None when the
    page must be rendered for this request: flash messages are waiting (they show once), or the browser has no
    CSRF cookie yet (the page's forms need a token of a secret it will keep).

    The frame differs per session only: its forms carry tokens of the session's CSRF secret (any copy of them stays
    valid as long as the secret does; a login makes a new one, and a new session key), and it names the user and
    their roles (part of the key, so a role given or taken away shows at once). Django's own page cache keeps a copy
    per Cookie header for the same reason."""
    storage = messages.get_messages(request)
    waiting = bool(list(storage))
    storage.used = False  # looking does not consume them: the rendered page shows them
    secret = request.META.get("CSRF_COOKIE")
    if waiting or not secret or not request.session.session_key:
        return None
    user = request.user
    parts = [
        body_key,
        request.session.session_key,
        secret,
        request.get_full_path(),
        user.get_full_name() or user.get_username(),
        role_summary(user),
    ]
    return "dashboard-page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def dashboard(request):
    require(can_read_governance(request.user))
    key = cache_key(request)
    whole = page_key(request, key)
    if whole is not None and (page := cache.get(whole)) is not None:
        # The CSRF cookie is sent again, as with any rendered page, so it does not expire under a reader who only
        # ever sees kept copies; its secret stays the same, and with it the tokens in the copy.
        get_token(request)
        return HttpResponse(page)
    cached = cache.get(key)
    if cached is None:
        context = _dashboard_context(request)
        if context is None:
            return render(request, "strategy/no_plan.html", {})
        # The plan is kept with the body: the menu points at it, without asking the database again.
        cached = (render_to_string("dashboard/_body.html", context, request=request), context["plan"])
        cache.set(key, cached, settings.DASHBOARD_CACHE_SECONDS)
    body, plan = cached
    response = render(request, "dashboard/dashboard.html", {"body": body, "current_plan": plan})
    # Not a page whose rendering took a CSP nonce: a copy would carry one the next response's header does not allow.
    if whole is not None and not get_nonce(request):
        cache.set(whole, response.content, settings.DASHBOARD_CACHE_SECONDS)
    return response


# --- The strategy map -------------------------------------------------------------------------------------------


def strategy_map(request, slug: str):
    """The plan's chain as one diagram with a status on every node; drawn narrow for phones, wide for screens and
    print (the same nodes)."""
    plan = get_plan_for_user(request.user, slug)
    bands = chain(plan, request.user)
    return render(
        request,
        "dashboard/strategy_map.html",
        {
            "plan": plan,
            "narrow": layout(bands, wide=False),
            "wide": layout(bands, wide=True),
            "reads_all": can_read_all_spaces(request.user),
        },
    )


# --- The pixi report: one A4 page --------------------------------------------------------------------------


def _pixi_html(request, *, pdf: bool) -> str | None:
    context = _dashboard_context(request)
    if context is None:
        return None
    return render_to_string(
        "dashboard/pixi.html",
        {**context, "report": pixi(context, active_vision(context["plan"])), "pdf": pdf},
        request=request,
    )


def dashboard_pixi(request):
    """The one-page report as a web page, to read or print (the same filters as the dashboard)."""
    require(can_read_governance(request.user))
    html = _pixi_html(request, pdf=False)
    if html is None:
        return render(request, "strategy/no_plan.html", {})
    return HttpResponse(html)


def dashboard_pixi_pdf(request):
    """The one-page report as a PDF, rendered once per data generation, day, language, scope and filters."""
    require(can_read_governance(request.user))
    key = cache_key(request) + "-pdf"
    pdf = cache.get(key)
    if pdf is None:
        html = _pixi_html(request, pdf=True)
        if html is None:
            return render(request, "strategy/no_plan.html", {})
        try:
            pdf = render_pdf(html)
        except PdfUnavailable:
            return render(request, "dashboard/pdf_unavailable.html", status=503)
        cache.set(key, pdf, settings.DASHBOARD_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bagsvaerd-status-{timezone.localdate():%Y-%m-%d}.pdf"'
    return response


# --- Meeting packs ------------------------------------------------------------------------------------------


@require_POST
def pack_prepare(request, pk: int):
    """Freeze what the dashboard shows as a pack of the meeting: those who record for the meeting's group may."""
    meeting = get_meeting_for_user(request.user, pk, record=True)
    pack, made = prepare_meeting_pack(meeting=meeting, by=request.user)
    if made:
        messages.success(request, _("The meeting pack is prepared. It stays as it is now, whatever data come later."))
    else:
        messages.info(
            request,
            _("Nothing in the pack has changed since it was prepared %(moment)s, so no copy was made.")
            % {"moment": date_format(timezone.localtime(pack.prepared_at), "j. b Y H:i")},
        )
    return redirect("meeting_pack", pack.pk)


def _pack_for_user(request, pk: int) -> MeetingPack:
    require(can_read_governance(request.user))
    return get_object_or_404(MeetingPack.objects.select_related("meeting__group"), pk=pk)


def meeting_pack(request, pk: int):
    pack = _pack_for_user(request, pk)
    return render(
        request,
        "dashboard/pack.html",
        {
            "pack": pack,
            "content": visible_content(pack, request.user),
            "previous": previous_pack(pack),
            "reads_all": can_read_all_spaces(request.user),
        },
    )


def meeting_pack_changes(request, pk: int):
    pack = _pack_for_user(request, pk)
    previous = previous_pack(pack)
    changes = (
        changes_between(visible_content(previous, request.user), visible_content(pack, request.user))
        if previous
        else None
    )
    return render(request, "dashboard/pack_changes.html", {"pack": pack, "previous": previous, "changes": changes})
