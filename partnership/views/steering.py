"""The steering group's pages: the groups and their members, meetings with agenda and minutes, decisions and action
items, the list of decisions and the overdue list.

Who may do what is decided by the access functions (``partnership.selectors.records``): planners and administrators
set up groups, members, meetings and agendas; a member of a meeting's steering group records its minutes, decisions
and action items; everyone with a role reads.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from base.forms import add_service_errors, posted, save_form
from base.permissions import can_edit_governance, can_read_governance
from base.permissions import require as _require
from strategy.selectors import default_plan

from ..filters.steering import DecisionFilter
from ..forms.steering import (
    ActionItemForm,
    AgendaItemForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    SteeringGroupForm,
    SteeringMemberForm,
)
from ..models import ActionItem, AgendaItem, Decision, Meeting, SteeringGroup, SteeringGroupMember
from ..selectors import records as selectors
from ..selectors.access import can_record_for_group
from ..services import steering as services

PAST_PAGE_SIZE = 20
DECISION_PAGE_SIZE = 50


def _render(request, template: str, context: dict, *, tab: str = "meetings"):
    return render(request, template, {"nav_section": "governance_home", "tab": tab, **context})


def _no_plan(request):
    return render(request, "strategy/no_plan.html", {"nav_section": "governance_home"})


def _meeting_url(meeting_id: int, anchor: str = "") -> str:
    url = reverse("meeting_detail", args=[meeting_id])
    return f"{url}#{anchor}" if anchor else url


# --- Steering groups and their members --------------------------------------------------------------------------


def steering_group_list(request):
    _require(can_read_governance(request.user))
    plan = default_plan()
    if plan is None:
        return _no_plan(request)
    return _render(
        request,
        "partnership/steering_group_list.html",
        {"groups": list(selectors.steering_groups_of(plan)), "can_edit": can_edit_governance(request.user)},
    )


@require_http_methods(["GET", "POST"])
def steering_group_create(request):
    _require(can_edit_governance(request.user))
    plan = default_plan()
    if plan is None:
        return _no_plan(request)
    group = SteeringGroup(plan=plan)
    form = SteeringGroupForm(posted(request), instance=group)
    if save_form(request, form, services.save_steering_group, group=group):
        messages.success(request, _("The steering group «%(group)s» is created.") % {"group": group})
        return redirect("steering_group_list")
    return _render(request, "partnership/steering_group_form.html", {"form": form, "object": None})


@require_http_methods(["GET", "POST"])
def steering_group_edit(request, pk: int):
    group = selectors.get_for_user(request.user, SteeringGroup, pk, write=True)
    form = SteeringGroupForm(posted(request), instance=group)
    if save_form(request, form, services.save_steering_group, group=group):
        messages.success(request, _("Your changes to «%(object)s» are saved.") % {"object": group})
        return redirect("steering_group_list")
    return _render(request, "partnership/steering_group_form.html", {"form": form, "object": group})


@require_http_methods(["GET", "POST"])
def steering_member_add(request, pk: int):
    group = selectors.get_for_user(request.user, SteeringGroup, pk, write=True)
    form = SteeringMemberForm(posted(request), group=group)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.add_steering_member(
                group=group, person=person, function=form.cleaned_data["function"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(person)s is now a member of %(group)s.") % {"person": person.name, "group": group}
            )
            return redirect("steering_group_list")
    return _render(request, "partnership/steering_member_form.html", {"form": form, "group": group})


@require_http_methods(["GET", "POST"])
def steering_member_remove(request, pk: int):
    member = selectors.get_for_user(request.user, SteeringGroupMember, pk, write=True)
    if request.method == "POST":
        services.remove_steering_member(member=member, by=request.user)
        messages.success(
            request,
            _("%(person)s is no longer a member of %(group)s.") % {"person": member.person.name, "group": member.group},
        )
        return redirect("steering_group_list")
    return _render(request, "partnership/steering_member_remove.html", {"member": member})


# --- Meetings ------------------------------------------------------------------------------------------------------


def meeting_list(request):
    _require(can_read_governance(request.user))
    plan = default_plan()
    if plan is None:
        return _no_plan(request)
    past = Paginator(selectors.past_meetings(plan), PAST_PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        "partnership/meeting_list.html",
        {
            "upcoming": list(selectors.upcoming_meetings(plan)),
            "past": past,
            "can_edit": can_edit_governance(request.user),
        },
    )


def meeting_next(request):
    _require(can_read_governance(request.user))
    plan = default_plan()
    meeting = selectors.next_meeting(plan) if plan is not None else None
    if meeting is None:
        messages.info(request, _("No meeting is planned."))
        return redirect("meeting_list")
    return redirect("meeting_detail", pk=meeting.pk)


def meeting_detail(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    return _render(
        request,
        "partnership/meeting_detail.html",
        {
            "meeting": meeting,
            **selectors.meeting_detail(meeting, request.user),
            "can_edit": can_edit_governance(request.user),
            "can_record": can_record_for_group(request.user, meeting.group_id),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    _require(can_edit_governance(request.user))
    plan = default_plan()
    if plan is None:
        return _no_plan(request)
    groups = plan.steering_groups.order_by("name", "id")
    meeting = Meeting()
    form = MeetingForm(posted(request), instance=meeting, groups=groups)

    def plan_meeting(*, data, by):
        meeting.group = data.pop("group")
        return services.save_meeting(meeting=meeting, data=data, by=by)

    if save_form(request, form, plan_meeting):
        messages.success(request, _("«%(meeting)s» is planned.") % {"meeting": meeting})
        return redirect("meeting_detail", pk=meeting.pk)
    return _render(
        request, "partnership/meeting_form.html", {"form": form, "object": None, "has_groups": groups.exists()}
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    form = MeetingForm(posted(request), instance=meeting)
    if save_form(request, form, services.save_meeting, meeting=meeting):
        messages.success(request, _("Your changes to «%(object)s» are saved.") % {"object": meeting})
        return redirect("meeting_detail", pk=meeting.pk)
    return _render(request, "partnership/meeting_form.html", {"form": form, "object": meeting})


@require_http_methods(["GET", "POST"])
def meeting_minutes(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk, record=True)
    form = MinutesForm(posted(request), instance=meeting)

    def record(*, data, **kwargs):
        return services.record_minutes(meeting=meeting, minutes=data["minutes"], **kwargs)

    if save_form(request, form, record):
        messages.success(request, _("The minutes of «%(meeting)s» are saved.") % {"meeting": meeting})
        return redirect(_meeting_url(meeting.pk, "minutes"))
    return _render(request, "partnership/meeting_minutes.html", {"form": form, "meeting": meeting})


# --- Agenda items --------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def agenda_item_create(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    item = AgendaItem(meeting=meeting)
    form = AgendaItemForm(posted(request), instance=item, meeting=meeting, user=request.user)
    if save_form(request, form, services.save_agenda_item, item=item):
        messages.success(request, _("«%(item)s» is added to the agenda.") % {"item": item})
        return redirect(_meeting_url(meeting.pk, "agenda"))
    return _render(request, "partnership/agenda_item_form.html", {"form": form, "object": None, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, pk: int):
    item = selectors.get_for_user(request.user, AgendaItem, pk, write=True)
    meeting = item.meeting
    form = AgendaItemForm(
        posted(request),
        instance=item,
        meeting=meeting,
        user=request.user,
    )
    if save_form(request, form, services.save_agenda_item, item=item):
        messages.success(request, _("Your changes to «%(object)s» are saved.") % {"object": item})
        return redirect(_meeting_url(meeting.pk, "agenda"))
    return _render(request, "partnership/agenda_item_form.html", {"form": form, "object": item, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def agenda_item_delete(request, pk: int):
    item = selectors.get_for_user(request.user, AgendaItem, pk, write=True)
    meeting = item.meeting
    if request.method == "POST":
        services.delete_agenda_item(item=item, by=request.user)
        messages.success(request, _("«%(item)s» is removed from the agenda.") % {"item": item})
        return redirect(_meeting_url(meeting.pk, "agenda"))
    return _render(
        request,
        "partnership/agenda_item_delete.html",
        {"item": item, "meeting": meeting, "decision_count": item.decisions.count()},
    )


# --- Decisions -----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def decision_create(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk, record=True)
    decision = Decision(meeting=meeting)
    form = DecisionForm(posted(request), instance=decision, meeting=meeting, user=request.user)
    if save_form(request, form, services.save_decision, decision=decision):
        messages.success(request, _("The decision «%(decision)s» is recorded.") % {"decision": decision})
        return redirect(_meeting_url(meeting.pk, f"decision-{decision.pk}"))
    return _render(request, "partnership/decision_form.html", {"form": form, "object": None, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def decision_edit(request, pk: int):
    decision = selectors.get_decision_for_user(request.user, pk, write=True)
    meeting = decision.meeting
    form = DecisionForm(
        posted(request),
        instance=decision,
        meeting=meeting,
        user=request.user,
    )
    if save_form(request, form, services.save_decision, decision=decision):
        messages.success(request, _("Your changes to «%(object)s» are saved.") % {"object": decision})
        return redirect(_meeting_url(meeting.pk, f"decision-{decision.pk}"))
    return _render(request, "partnership/decision_form.html", {"form": form, "object": decision, "meeting": meeting})


def decision_list(request):
    _require(can_read_governance(request.user))
    plan = default_plan()
    if plan is None:
        return _no_plan(request)
    filterset = DecisionFilter(request.GET or None, queryset=selectors.decisions_of(plan, request.user))
    decisions = filterset.qs.order_by("-meeting__starts_at", "-id")
    page = Paginator(decisions, DECISION_PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    for decision in items:
        decision.can_record = can_record_for_group(request.user, decision.meeting.group_id)
    return _render(request, "partnership/decision_list.html", {"decisions": items, "page": page, "filter": filterset})


def overdue_list(request):
    _require(can_read_governance(request.user))
    plan = default_plan()
    if plan is None:
        return _no_plan(request)
    overdue = selectors.overdue_of(plan, request.user)
    today = overdue["today"]
    for item in (*overdue["decisions"], *overdue["action_items"]):
        item.days_overdue = (today - item.due_on).days
        item.can_record = can_record_for_group(request.user, item.meeting.group_id)
    return _render(request, "partnership/overdue_list.html", overdue, tab="overdue")


# --- Action items --------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def action_item_create(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk, record=True)
    item = ActionItem(meeting=meeting)
    form = ActionItemForm(posted(request), instance=item, meeting=meeting, user=request.user)
    if save_form(request, form, services.save_action_item, item=item):
        messages.success(request, _("The action item «%(item)s» is recorded.") % {"item": item})
        return redirect(_meeting_url(meeting.pk, "action-items"))
    return _render(request, "partnership/action_item_form.html", {"form": form, "object": None, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def action_item_edit(request, pk: int):
    item = selectors.get_action_item_for_user(request.user, pk, write=True)
    meeting = item.meeting
    form = ActionItemForm(
        posted(request),
        instance=item,
        meeting=meeting,
        user=request.user,
    )
    if save_form(request, form, services.save_action_item, item=item):
        messages.success(request, _("Your changes to «%(object)s» are saved.") % {"object": item})
        return redirect(_meeting_url(meeting.pk, "action-items"))
    return _render(request, "partnership/action_item_form.html", {"form": form, "object": item, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def action_item_delete(request, pk: int):
    item = selectors.get_action_item_for_user(request.user, pk, write=True)
    meeting = item.meeting
    if request.method == "POST":
        services.delete_action_item(item=item, by=request.user)
        messages.success(request, _("The action item «%(item)s» is deleted.") % {"item": item})
        return redirect(_meeting_url(meeting.pk, "action-items"))
    return _render(request, "partnership/action_item_delete.html", {"item": item, "meeting": meeting})
