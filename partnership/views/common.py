"""The governance section's front page and the history of any governance object."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from base.history import history_of, history_page
from base.models import CollaborationModel, Organisation
from base.permissions import can_edit_governance, can_read_governance
from base.permissions import require as _require
from strategy.selectors import default_plan

from ..models import ActionItem, Decision, Meeting, Milestone, Person, Project, Recommendation, Risk, SteeringGroup
from ..selectors.records import (
    get_action_item_for_user,
    get_decision_for_user,
    get_for_user,
    get_meeting_for_user,
    governance_overview,
)

# The kinds with a history page: URL word → (model, the page to go back to).
HISTORY_KINDS = {
    "organisation": (Organisation, lambda obj: reverse("organisation_list")),
    "person": (Person, lambda obj: reverse("organisation_list")),
    "collaboration-model": (CollaborationModel, lambda obj: reverse("collaboration_model_list")),
    "steering-group": (SteeringGroup, lambda obj: reverse("steering_group_list")),
    "meeting": (Meeting, lambda obj: reverse("meeting_detail", args=[obj.pk])),
    "decision": (Decision, lambda obj: reverse("meeting_detail", args=[obj.meeting_id])),
    "action-item": (ActionItem, lambda obj: reverse("meeting_detail", args=[obj.meeting_id])),
    "risk": (Risk, lambda obj: reverse("risk_detail", args=[obj.pk])),
    "recommendation": (Recommendation, lambda obj: reverse("recommendation_detail", args=[obj.pk])),
    "project": (Project, lambda obj: reverse("project_detail", args=[obj.pk])),
    "milestone": (Milestone, lambda obj: reverse("project_detail", args=[obj.project_id])),
}


def history_url(obj) -> str:
    """The history page of a governance object (for templates: ``{% governance_history_url obj %}``)."""
    for kind, (model, _back) in HISTORY_KINDS.items():
        if type(obj) is model:
            return reverse("governance_history", args=[kind, obj.pk])
    raise ValueError(f"No history page for {type(obj).__name__}")


def governance_history(request, kind: str, pk: int):
    if kind not in HISTORY_KINDS:
        raise Http404
    model, back = HISTORY_KINDS[kind]
    if model is Meeting:
        obj = get_meeting_for_user(request.user, pk)
    elif model is Decision:
        obj = get_decision_for_user(request.user, pk)
    elif model is ActionItem:
        obj = get_action_item_for_user(request.user, pk)
    else:
        obj = get_for_user(request.user, model, pk)
    page = history_page(history_of(obj), request.user, request.GET.get("page"))
    return render(
        request,
        "partnership/history.html",
        {
            "object": obj,
            "verbose_name": model._meta.verbose_name,
            "records": page.object_list,
            "page": page,
            "back_url": back(obj),
            "nav_section": "governance_home",
        },
    )


def governance_home(request):
    """What the partnership should look at: the next meeting, what is overdue, the risks, the recommendations,
    the projects — a fixed number of queries."""
    _require(can_read_governance(request.user))
    plan = default_plan()
    if plan is None:
        return render(request, "strategy/no_plan.html", {})
    context = {
        "plan": plan,
        **governance_overview(plan),
        "can_edit": can_edit_governance(request.user),
        "tab": "home",
    }
    return render(request, "partnership/home.html", context)
