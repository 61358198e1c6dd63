"""The steering group's work: members, meetings and their agenda, minutes, decisions and action items.

Who may call what is decided by the access functions (``partnership.selectors.records``): planners and
administrators set up groups, meetings and agendas; members of a meeting's steering group also record its
minutes, decisions and action items. The services check the data, not the role.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.services.audit import delete_audited, record_change, snapshot

from ..models import LINK_FIELDS, ActionItem, AgendaItem, Decision, Meeting, Person, SteeringGroup, SteeringGroupMember
from ..models.steering import WorkStatus
from .common import save_with_links

GROUP_FIELDS = ("name", "description")
MEETING_FIELDS = ("starts_at", "location", "status")
AGENDA_FIELDS = ("position", "title", "description", *LINK_FIELDS)
DECISION_FIELDS = ("agenda_item", "text", "owner", "due_on", "status", "done_on", *LINK_FIELDS)
ACTION_FIELDS = ("decision", "text", "owner", "due_on", "status", "done_on")


@transaction.atomic
def save_steering_group(
    *, group: SteeringGroup, data: Mapping[str, Any], by, expected_version: int | None = None
) -> SteeringGroup:
    save_with_links(
        instance=group, data=data, allowed=GROUP_FIELDS, plan=group.plan, by=by, expected_version=expected_version
    )
    return group


@transaction.atomic
def add_steering_member(*, group: SteeringGroup, person: Person, function: str, by) -> SteeringGroupMember:
    if SteeringGroupMember.objects.filter(group=group, person=person).exists():
        raise ValidationError({"person": _("%(person)s is already a member.") % {"person": person.name}})
    member = SteeringGroupMember(group=group, person=person, function=function)
    member.full_clean()
    member.save()
    changes = [
        {"field": name, "old": None, "new": value} for name, value in snapshot(member, ["person", "function"]).items()
    ]
    record_change(instance=member, action="create", by=by, changes=changes, plan_id=group.plan_id)
    return member


@transaction.atomic
def remove_steering_member(*, member: SteeringGroupMember, by) -> None:
    delete_audited(instance=member, fields=["person", "function"], by=by, plan_id=member.group.plan_id)


@transaction.atomic
def save_meeting(*, meeting: Meeting, data: Mapping[str, Any], by, expected_version: int | None = None) -> Meeting:
    """Create (``meeting.group`` set) or change a meeting's time, place and status."""
    save_with_links(
        instance=meeting,
        data=data,
        allowed=MEETING_FIELDS,
        plan=meeting.group.plan,
        by=by,
        expected_version=expected_version,
    )
    return meeting


@transaction.atomic
def record_minutes(*, meeting: Meeting, minutes: str, by, expected_version: int | None = None) -> Meeting:
    """Write the meeting's minutes. A meeting with minutes has been held: a planned one is marked so."""
    data: dict[str, Any] = {"minutes": minutes}
    if minutes.strip() and meeting.status == Meeting.Status.PLANNED and meeting.starts_at <= timezone.now():
        data["status"] = Meeting.Status.HELD
    save_with_links(
        instance=meeting,
        data=data,
        allowed=("minutes", "status"),
        plan=meeting.group.plan,
        by=by,
        expected_version=expected_version,
    )
    return meeting


@transaction.atomic
def save_agenda_item(
    *, item: AgendaItem, data: Mapping[str, Any], by, expected_version: int | None = None
) -> AgendaItem:
    if item.pk is None and "position" not in data:
        data = {**data, "position": item.meeting.agenda_items.count() + 1}
    save_with_links(
        instance=item,
        data=data,
        allowed=AGENDA_FIELDS,
        plan=item.meeting.group.plan,
        by=by,
        expected_version=expected_version,
    )
    return item


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem, by) -> None:
    delete_audited(
        instance=item, fields=["position", "title", "description"], by=by, plan_id=item.meeting.group.plan_id
    )


def _check_work(instance, data: dict[str, Any], meeting: Meeting) -> dict[str, Any]:
    """Shared checks of a decision or an action item: the due date not before the meeting; "carried out" needs a
    date (today when none is given) and only "carried out" keeps one."""
    errors = {}
    due_on = data.get("due_on", instance.due_on)
    meeting_day = timezone.localtime(meeting.starts_at).date()
    if due_on is not None and due_on < meeting_day:
        errors["due_on"] = _("The due date cannot be before the meeting (%(date)s).") % {
            "date": meeting_day.strftime("%d.%m.%Y")
        }
    status = data.get("status", instance.status)
    if status == WorkStatus.DONE:
        done_on = data.get("done_on", instance.done_on) or timezone.localdate()
        if done_on > timezone.localdate():
            errors["done_on"] = _("The date it was carried out cannot be in the future.")
        data["done_on"] = done_on
    elif data.get("done_on") is not None:
        errors["done_on"] = _("Only a decision or action that is carried out has a date of completion.")
    else:
        data["done_on"] = None  # no longer carried out: the old date goes
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def save_decision(*, decision: Decision, data: Mapping[str, Any], by, expected_version: int | None = None) -> Decision:
    """Record (``decision.meeting`` set) or change a decision of a steering-group meeting."""
    meeting = decision.meeting
    data = _check_work(decision, dict(data), meeting)
    agenda_item = data.get("agenda_item")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item on this meeting's agenda.")})
    save_with_links(
        instance=decision,
        data=data,
        allowed=DECISION_FIELDS,
        plan=meeting.group.plan,
        by=by,
        expected_version=expected_version,
    )
    return decision


@transaction.atomic
def save_action_item(
    *, item: ActionItem, data: Mapping[str, Any], by, expected_version: int | None = None
) -> ActionItem:
    meeting = item.meeting
    data = _check_work(item, dict(data), meeting)
    decision = data.get("decision")
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationError({"decision": _("Choose a decision taken at this meeting.")})
    save_with_links(
        instance=item,
        data=data,
        allowed=ACTION_FIELDS,
        plan=meeting.group.plan,
        by=by,
        expected_version=expected_version,
    )
    return item


@transaction.atomic
def delete_action_item(*, item: ActionItem, by) -> None:
    delete_audited(
        instance=item, fields=["text", "owner", "due_on", "status"], by=by, plan_id=item.meeting.group.plan_id
    )
