"""The steering group's dashboard: one page that says whether Bagsværd is moving towards social balance.

Its body is rendered once per data generation (``base.generation``: any edit with history, any admin change, an
import, a finished recompute or meeting-place index), day, language, the reader's scope of spaces and filter, and
served from the cache until one of them changes: a warm page costs the session, the user, the menu's plan and two
cache reads."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.generation import data_generation
from base.permissions import can_read_all_spaces, can_read_governance, require, staff_organisation_ids
from partnership.selectors.records import get_meeting_for_user
from strategy.selectors import default_plan
from strategy.selectors.plan import STRATEGY_ORDER

from . import selectors
from .forms import DashboardFilterForm
from .models import MeetingPack
from .packs import changes_between, prepare_meeting_pack, previous_pack, visible_content

FILTERS = ("area", "strategy")


def cache_key(request) -> str:
    """What the body depends on besides the data: the day (overdue, "since the last meeting"), the language, the
    spaces the reader may see, and the filters as given (hashed: they are the reader's input)."""
    user = request.user
    scope = "all" if can_read_all_spaces(user) else "orgs-" + "-".join(map(str, sorted(staff_organisation_ids(user))))
    filters = "&".join(f"{name}={request.GET.get(name, '')[:100]}" for name in FILTERS)
    parts = [data_generation(), timezone.localdate().isoformat(), get_language() or "", scope, filters]
    return "dashboard:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def dashboard(request):
    require(can_read_governance(request.user))
    key = cache_key(request)
    body = cache.get(key)
    if body is None:
        plan = default_plan()
        if plan is None:
            return render(request, "strategy/no_plan.html", {})
        areas = selectors.housing_areas_of(plan)
        strategies = list(plan.strategies.order_by(STRATEGY_ORDER))
        form = DashboardFilterForm(request.GET or None, areas=areas, strategies=strategies)
        area, strategy = form.chosen()
        context = selectors.dashboard(
            plan, request.user, area=area, strategy=strategy, housing_areas=areas, strategies=strategies
        )
        body = render_to_string(
            "dashboard/_body.html",
            {"plan": plan, "filter": form, "area": area, "strategy": strategy, **context},
            request=request,
        )
        cache.set(key, body, settings.DASHBOARD_CACHE_SECONDS)
    return render(request, "dashboard/dashboard.html", {"body": body})


# --- Meeting packs ------------------------------------------------------------------------------------------


@require_POST
def pack_prepare(request, pk: int):
    """Freeze what the dashboard shows as a pack of the meeting: those who record for the meeting's group may."""
    meeting = get_meeting_for_user(request.user, pk, record=True)
    pack = prepare_meeting_pack(meeting=meeting, by=request.user)
    messages.success(request, _("The meeting pack is prepared. It stays as it is now, whatever data come later."))
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
