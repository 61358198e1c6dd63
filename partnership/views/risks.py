"""The risk register (obstacles and potentials, with the likelihood × impact heat maps and the "not reviewed in 3
months" marking) and the recommendations, tracked to done with evidence of progress.

Everyone with a role reads them; planners and administrators create and edit them, mark a risk reviewed and add
or delete progress notes (the access functions refuse anyone else with 403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from base.forms import add_service_errors, posted, save_form
from base.history import history_of, version_of, with_versions
from base.permissions import can_edit_governance, can_read_governance
from strategy.selectors import default_plan

from ..filters.risks import RiskFilter
from ..forms.risks import ProgressNoteForm, RecommendationForm, RiskForm
from ..models import ProgressNote, Recommendation, Risk
from ..selectors.elements import links_of
from ..selectors.records import (
    get_for_user,
    heat_map,
    progress_notes_of,
    recommendations_of,
    risk_register,
    risk_with_links,
    risks_due_for_review,
)
from ..services import add_progress_note, delete_progress_note, mark_risk_reviewed, save_recommendation, save_risk

PAGE_SIZE = 50


def _context(tab: str, plan, **values) -> dict:
    """The context every page of this part shares (``current_plan`` spares the menu its own query)."""
    return {"tab": tab, "nav_section": "governance_home", "current_plan": plan, **values}


def _no_plan(request):
    return render(request, "strategy/no_plan.html", {"nav_section": "governance_home"})


def _score(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- The register --------------------------------------------------------------------------------------------


def risk_list(request):
    if not can_read_governance(request.user):
        raise PermissionDenied
    plan = default_plan()
    if plan is None:
        return _no_plan(request)
    register = with_versions(risk_register(plan, request.user))  # each row's "reviewed" form says what was seen
    filterset = RiskFilter(request.GET, queryset=register, request=request)
    rows = filterset.qs
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    cleaned = getattr(filterset.form, "cleaned_data", {})  # the valid filters (invalid ones are ignored)
    # The maps show what the filter selects, less the closed items (a closed obstacle no longer threatens).
    kinds = [cleaned["kind"]] if cleaned.get("kind") else list(Risk.Kind.values)
    maps = heat_map(rows.exclude(status=Risk.Status.CLOSED))
    return render(
        request,
        "partnership/risk_list.html",
        _context(
            "risks",
            plan,
            risks=list(page.object_list),
            page=page,
            filter=filterset,
            filtered=filterset.is_active,
            heat_maps=[(kind, Risk.Kind(kind).label, maps[kind]) for kind in kinds],
            marked_likelihood=_score(cleaned.get("likelihood")),
            marked_impact=_score(cleaned.get("impact")),
            due_count=risks_due_for_review(plan.risks.all()).count(),
            can_edit=can_edit_governance(request.user),
        ),
    )


def risk_detail(request, pk: int):
    risk = risk_with_links(get_for_user(request.user, Risk, pk), request.user)
    return render(
        request,
        "partnership/risk_detail.html",
        _context(
            "risks",
            risk.plan,
            risk=risk,
            has_links=bool(links_of(risk)),
            can_edit=can_edit_governance(request.user),
            version=version_of(risk),
        ),
    )


@require_http_methods(["GET", "POST"])
def risk_create(request):
    if not can_edit_governance(request.user):
        raise PermissionDenied
    plan = default_plan()
    if plan is None:
        return _no_plan(request)
    risk = Risk(plan=plan)
    initial = {}
    if request.GET.get("kind") in Risk.Kind.values:
        initial["kind"] = request.GET["kind"]
    form = RiskForm(posted(request), instance=risk, plan=plan, user=request.user, initial=initial)
    if save_form(request, form, save_risk, risk=risk):
        messages.success(request, _("«%(object)s» is added to the register.") % {"object": risk})
        return redirect("risk_detail", pk=risk.pk)
    return render(request, "partnership/risk_form.html", _context("risks", plan, form=form, object=None))


@require_http_methods(["GET", "POST"])
def risk_edit(request, pk: int):
    risk = get_for_user(request.user, Risk, pk, write=True)
    form = RiskForm(posted(request), instance=risk, plan=risk.plan, user=request.user)
    if save_form(request, form, save_risk, risk=risk):
        messages.success(request, _("Your changes to «%(object)s» are saved.") % {"object": risk})
        return redirect("risk_detail", pk=risk.pk)
    return render(request, "partnership/risk_form.html", _context("risks", risk.plan, form=form, object=risk))


@require_POST
def risk_reviewed(request, pk: int):
    """Mark as reviewed what the reviewer saw: the page's version of the item is checked, so that scores someone
    changed after the page was opened are not vouched for unseen."""
    risk = get_for_user(request.user, Risk, pk, write=True)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:  # a page from before versions were sent, or a hand-made request
        messages.error(
            request,
            _(
                "The page did not say which version of «%(object)s» you saw, so it is not marked as reviewed. Look "
                "at it here and mark it again."
            )
            % {"object": risk},
        )
        return redirect("risk_detail", pk=risk.pk)
    try:
        mark_risk_reviewed(risk=risk, by=request.user, expected_version=version)
    except ValidationError as error:
        if getattr(error, "code", None) != "conflict":
            raise
        latest = history_of(risk).first()
        messages.error(
            request,
            _(
                "%(who)s changed «%(object)s» at %(when)s, after you opened the page. It is not marked as reviewed: "
                "look at its scores and response again first."
            )
            % {
                "who": latest.actor_name if latest else "?",
                "object": risk,
                "when": formats.date_format(timezone.localtime(latest.at), "DATETIME_FORMAT") if latest else "?",
            },
        )
        return redirect("risk_detail", pk=risk.pk)
    messages.success(
        request, _("«%(object)s» is marked as reviewed today: its scores and response still hold.") % {"object": risk}
    )
    # From the register, back to the same filtered page; otherwise to the item.
    back = request.POST.get("next", "")
    if back.startswith(reverse("risk_list")) and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return redirect(back)
    return redirect("risk_detail", pk=risk.pk)


# --- Recommendations -------------------------------------------------------------------------------------------


def recommendation_list(request):
    if not can_read_governance(request.user):
        raise PermissionDenied
    plan = default_plan()
    if plan is None:
        return _no_plan(request)
    recommendations = list(recommendations_of(plan))
    for recommendation in recommendations:
        notes = list(recommendation.progress_notes.all())  # prefetched, newest first
        recommendation.latest_note = notes[0] if notes else None
        recommendation.note_count = len(notes)
    return render(
        request,
        "partnership/recommendation_list.html",
        _context(
            "recommendations",
            plan,
            recommendations=recommendations,
            can_edit=can_edit_governance(request.user),
        ),
    )


def recommendation_detail(request, pk: int):
    recommendation = get_for_user(request.user, Recommendation, pk)
    return render(
        request,
        "partnership/recommendation_detail.html",
        _context(
            "recommendations",
            recommendation.plan,
            recommendation=recommendation,
            notes=list(progress_notes_of(recommendation)),
            can_edit=can_edit_governance(request.user),
        ),
    )


@require_http_methods(["GET", "POST"])
def recommendation_create(request):
    if not can_edit_governance(request.user):
        raise PermissionDenied
    plan = default_plan()
    if plan is None:
        return _no_plan(request)
    recommendation = Recommendation(plan=plan)
    last = plan.recommendations.order_by("-number").values_list("number", flat=True).first()
    form = RecommendationForm(posted(request), instance=recommendation, initial={"number": (last or 0) + 1})
    if save_form(request, form, save_recommendation, recommendation=recommendation):
        messages.success(request, _("«%(object)s» is added.") % {"object": recommendation})
        return redirect("recommendation_detail", pk=recommendation.pk)
    return render(
        request, "partnership/recommendation_form.html", _context("recommendations", plan, form=form, object=None)
    )


@require_http_methods(["GET", "POST"])
def recommendation_edit(request, pk: int):
    recommendation = get_for_user(request.user, Recommendation, pk, write=True)
    form = RecommendationForm(posted(request), instance=recommendation)
    if save_form(request, form, save_recommendation, recommendation=recommendation):
        messages.success(request, _("Your changes to «%(object)s» are saved.") % {"object": recommendation})
        return redirect("recommendation_detail", pk=recommendation.pk)
    return render(
        request,
        "partnership/recommendation_form.html",
        _context("recommendations", recommendation.plan, form=form, object=recommendation),
    )


@require_http_methods(["GET", "POST"])
def progress_note_create(request, pk: int):
    recommendation = get_for_user(request.user, Recommendation, pk, write=True)
    form = ProgressNoteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            add_progress_note(recommendation=recommendation, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            recommendation.refresh_from_db()
        else:
            messages.success(request, _("The progress note is added to «%(object)s».") % {"object": recommendation})
            return redirect("recommendation_detail", pk=recommendation.pk)
    return render(
        request,
        "partnership/progress_note_form.html",
        _context("recommendations", recommendation.plan, form=form, recommendation=recommendation),
    )


@require_http_methods(["GET", "POST"])
def progress_note_delete(request, pk: int):
    note = get_for_user(request.user, ProgressNote, pk, write=True)
    recommendation = note.recommendation
    error = None
    if request.method == "POST":
        try:
            delete_progress_note(note=note, by=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("The progress note is deleted from «%(object)s».") % {"object": recommendation})
            return redirect("recommendation_detail", pk=recommendation.pk)
    return render(
        request,
        "partnership/progress_note_delete.html",
        _context("recommendations", recommendation.plan, note=note, recommendation=recommendation, error=error),
    )
