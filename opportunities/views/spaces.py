"""The space pages: the portfolio (list, stage board, map), one space with its meeting-place index and log, and
the forms that create, edit and move a space between stages.

Every view fetches through ``opportunities.selectors`` (``portfolio``, ``get_space_for_user``), which raise 403
for a user without a role and 404 for a space the user may not see; writes go through ``opportunities.services``.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from base.csp import allow_map_tiles
from base.forms import add_service_errors, posted, save_form
from base.history import history_of, history_page
from base.permissions import can_create_spaces, can_edit_space
from strategy.selectors import default_plan

from .. import selectors, services
from ..filters import SpaceBoardFilter, SpaceFilter
from ..forms.spaces import SpaceForm, StageForm
from ..meeting_place_panel import meeting_place_panel
from ..models import OpportunitySpace, Stage

LIST_PAGE_SIZE = 25
ACTIVITY_PAGE_SIZE = 4  # the latest on the space's page; older ones a page at a time
BOARD_COLUMN_LIMIT = 50  # cards shown per stage on the board; the rest are a link to the filtered list away
NAV_SECTION = "space_list"


def _space_context(space: OpportunitySpace, **extra) -> dict:
    # The space's own plan is the menu's plan: base.html then needs no query of its own for it.
    return {"space": space, "current_plan": space.plan, "nav_section": NAV_SECTION, **extra}


def _filtered(filterset):
    """The filterset's rows; none when a filter value is invalid (say, another organisation's id), so that a
    refused filter never silently shows the unfiltered portfolio."""
    return filterset.qs if filterset.is_valid() else filterset.queryset.none()


def _query_without(request, *names: str) -> str:
    """The current query string less ``names``: the filters, carried from one view of the portfolio to another."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _query_with(request, **values) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for name, value in values.items():
        query[name] = value
    return query.urlencode()


def _portfolio_context(request, filterset, **extra) -> dict:
    return {
        "filter": filterset,
        "filter_query": _query_without(request, "page"),
        "can_create": can_create_spaces(request.user),
        "nav_section": NAV_SECTION,
        **extra,
    }


# --- The portfolio -------------------------------------------------------------------------------------------


@require_GET
def space_list(request):
    filterset = SpaceFilter(request.GET, queryset=selectors.portfolio(request.user), request=request)
    page = Paginator(_filtered(filterset), LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = _portfolio_context(request, filterset, page=page, spaces=list(page.object_list), tab="list")
    return render(request, "opportunities/space_list.html", context)


@require_GET
def space_board(request):
    filterset = SpaceBoardFilter(request.GET, queryset=selectors.portfolio(request.user), request=request)
    by_stage: dict[str, list[OpportunitySpace]] = {stage: [] for stage in Stage.values}
    for space in _filtered(filterset):
        by_stage[space.stage].append(space)
    list_url = reverse("space_list")
    columns = [
        {
            "stage": stage,
            "label": label,
            "spaces": by_stage[stage][:BOARD_COLUMN_LIMIT],
            "count": len(by_stage[stage]),
            "more": max(0, len(by_stage[stage]) - BOARD_COLUMN_LIMIT),
            "list_url": f"{list_url}?{_query_with(request, stage=stage)}",
        }
        for stage, label in Stage.choices
    ]
    context = _portfolio_context(request, filterset, columns=columns, tab="board")
    return render(request, "opportunities/space_board.html", context)


@require_GET
@allow_map_tiles
def space_map(request):
    filterset = SpaceFilter(request.GET, queryset=selectors.portfolio(request.user), request=request)
    spaces = _filtered(filterset)
    placed = list(spaces.filter(latitude__isnull=False, longitude__isnull=False))
    data = {
        "tiles": {"url": settings.MAP_TILE_URL or "", "attribution": settings.MAP_TILE_ATTRIBUTION or ""},
        "spaces": [
            {
                "title": space.title,
                "url": reverse("space_detail", args=[space.pk]),
                "lat": float(space.latitude),
                "lng": float(space.longitude),
                "stage": space.get_stage_display(),
                "stage_code": space.stage,  # its marker's shape and colour, as in the legend
                "owner": space.organisation.name,
                "address": space.address,
            }
            for space in placed
        ],
    }
    context = _portfolio_context(
        request,
        filterset,
        spaces=placed,
        unplaced=spaces.filter(latitude__isnull=True).count(),
        data=data,
        stages=Stage.choices,
        tab="map",
    )
    return render(request, "opportunities/space_map.html", context)


# --- Create and edit ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def space_create(request):
    if not can_create_spaces(request.user):
        raise PermissionDenied
    plan = default_plan()
    if plan is None:
        messages.error(request, _("There is no strategy plan yet, so no space can be registered."))
        return redirect("space_list")
    form = SpaceForm(posted(request), plan=plan, user=request.user)
    space = save_form(request, form, services.create_space, plan=plan)
    if space is not None:
        messages.success(request, _("«%(space)s» is registered.") % {"space": space})
        return redirect("space_detail", pk=space.pk)
    return render(
        request,
        "opportunities/space_form.html",
        {"form": form, "space": None, "plan": plan, "current_plan": plan, "nav_section": NAV_SECTION},
    )


@require_http_methods(["GET", "POST"])
def space_edit(request, pk: int):
    space = selectors.get_space_for_user(request.user, pk, write=True)
    form = SpaceForm(posted(request), instance=space, plan=space.plan, user=request.user)
    if save_form(request, form, services.update_space, space=space):
        messages.success(request, _("Your changes to «%(space)s» are saved.") % {"space": space})
        return redirect("space_detail", pk=space.pk)
    return render(request, "opportunities/space_form.html", _space_context(space, form=form, plan=space.plan))


# --- One space ----------------------------------------------------------------------------------------------


@require_GET
def space_detail(request, pk: int):
    space = selectors.get_space_for_user(request.user, pk)
    activities = Paginator(selectors.activities_of(space), ACTIVITY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = _space_context(
        space,
        links=selectors.space_links(space),
        stage_changes=list(space.stage_changes.all()),
        meeting_place=meeting_place_panel(selectors.scores_of(space)),
        activities=activities,
        can_edit=can_edit_space(request.user, space.organisation_id),
        is_stale=selectors.is_stale(space),
    )
    return render(request, "opportunities/space_detail.html", context)


@require_http_methods(["GET", "POST"])
def space_stage(request, pk: int):
    space = selectors.get_space_for_user(request.user, pk, write=True)
    form = StageForm(posted(request), space=space)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = services.change_stage(
                space=space,
                to_stage=data["to_stage"],
                by=request.user,
                reason=data["reason"],
                on=data["on"],
                expected_stage=data["from_stage"] or None,
            )
        except ValidationError as error:
            space.refresh_from_db()  # the stage it is at now: the choices, and what the next save is checked against
            form = StageForm(form.data.copy(), space=space)
            form.data["from_stage"] = space.stage
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("«%(space)s» is now at the stage «%(stage)s».")
                % {"space": space, "stage": services.stage_label(change.to_stage)},
            )
            return redirect("space_detail", pk=space.pk)
    return render(request, "opportunities/space_stage.html", _space_context(space, form=form))


@require_GET
def space_history(request, pk: int):
    space = selectors.get_space_for_user(request.user, pk)
    page = history_page(history_of(space), request.user, request.GET.get("page"))
    return render(
        request, "opportunities/space_history.html", _space_context(space, records=page.object_list, page=page)
    )
