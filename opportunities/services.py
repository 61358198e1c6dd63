"""Writes of the opportunities app: spaces, their stages, the activity log with attendance, attachments, needs
and offers. Views, commands and tasks call these; each validates (``ValidationError`` keyed by field, in the
user's language), writes in one transaction and records history. Callers fetch the object through the access
functions in ``opportunities.selectors`` first; the services check again that the owner is one the user may
act for, so a forged form field cannot move a space to another organisation.
"""

import datetime
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from governance.models import Organisation, User
from governance.selectors import can_edit_space
from governance.services import delete_audited, record_change, save_audited
from strategy.models import StrategyPlan
from strategy.services import check_links_within_plan

from .models import (
    ALLOWED_TRANSITIONS,
    DIMENSIONS,
    MAX_ATTENDANCE,
    Activity,
    Attachment,
    AttendanceCount,
    NeedOrOffer,
    OpportunitySpace,
    Stage,
    StageChange,
)

# The fields users edit: the forms and the services use the same lists.
SPACE_FIELDS = (
    "title",
    "description",
    "kind",
    "organisation",
    "contact_person",
    "contact_email",
    "partners",
    "address",
    "latitude",
    "longitude",
    "principles",
    "moves",
    "targets",
    "main_move",
    "opening_move",
    "perspectives",
    "collaboration_model",
    "confidence",
)
ACTIVITY_FIELDS = ("on", "title", "note", "participants")
NEED_OR_OFFER_FIELDS = ("type", "organisation", "category", "title", "description", "status")

# An activity is logged after it happened; a few days ahead allows logging this week's plan, not next year's.
ACTIVITY_DAYS_AHEAD = 7
ACTIVITY_YEARS_BACK = 10


def _actor_name(by: User | None) -> str:
    return (by.get_full_name() or by.get_username()) if by else "system"


def _check_owner(by: User | None, organisation: Organisation | None, field: str = "organisation") -> None:
    """Housing staff register and move spaces, needs and offers for their own organisations only."""
    if by is not None and organisation is not None and not can_edit_space(by, organisation.pk):
        raise ValidationError({field: _("You can only register this for your own organisation.")})


def _check_space_links(plan: StrategyPlan, data: Mapping[str, Any]) -> None:
    errors = {}
    main_move = data.get("main_move")
    if main_move is not None and main_move.plan_id != plan.pk:
        errors["main_move"] = _("«%(name)s» belongs to another strategy and cannot be linked here.") % {
            "name": main_move
        }
    opening_move = data.get("opening_move")
    if opening_move is not None and opening_move.main_move.plan_id != plan.pk:
        errors["opening_move"] = _("«%(name)s» belongs to another strategy and cannot be linked here.") % {
            "name": opening_move
        }
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if (latitude is None) != (longitude is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    if errors:
        raise ValidationError(errors)


def _touch(space: OpportunitySpace) -> None:
    space.updated_at = timezone.now()
    OpportunitySpace.objects.filter(pk=space.pk).update(updated_at=space.updated_at)


# --- Spaces ------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_space(
    *,
    plan: StrategyPlan,
    data: Mapping[str, Any],
    by: User | None,
    is_example: bool = False,
    started_on: datetime.date | None = None,
) -> OpportunitySpace:
    """A new opportunity space, at the stage "idea" since ``started_on`` (default today; for spaces that began
    before they were registered, so their later stage changes can carry their real dates)."""
    _check_owner(by, data.get("organisation"))
    _check_space_links(plan, data)
    today = timezone.localdate()
    started_on = started_on or today
    if started_on > today:
        raise ValidationError({"stage_since": _("The date cannot be in the future.")})
    space = OpportunitySpace(
        plan=plan,
        stage=Stage.IDEA,
        stage_since=started_on,
        is_example=is_example,
        created_at=timezone.make_aware(datetime.datetime.combine(started_on, datetime.time(12)))
        if started_on != today
        else timezone.now(),
    )
    save_audited(
        instance=space,
        data=data,
        by=by,
        plan_id=plan.pk,
        validate_links=lambda links: check_links_within_plan(plan, links),
    )
    StageChange.objects.create(
        space=space, from_stage="", to_stage=Stage.IDEA, on=space.stage_since, by=by, by_name=_actor_name(by)
    )
    return space


@transaction.atomic
def update_space(
    *, space: OpportunitySpace, data: Mapping[str, Any], by: User | None, expected_version: int | None = None
) -> OpportunitySpace:
    """Change a space's fields (not its stage: ``change_stage``)."""
    _check_owner(by, data.get("organisation"))
    _check_space_links(space.plan, data)
    record = save_audited(
        instance=space,
        data=data,
        by=by,
        plan_id=space.plan_id,
        validate_links=lambda links: check_links_within_plan(space.plan, links),
        expected_version=expected_version,
    )
    if record is not None:
        _touch(space)
    return space


def stage_label(stage: str) -> str:
    return str(Stage(stage).label) if stage in Stage.values else stage


@transaction.atomic
def change_stage(
    *,
    space: OpportunitySpace,
    to_stage: str,
    by: User | None,
    reason: str = "",
    on: datetime.date | None = None,
) -> StageChange:
    """Move a space to another stage, if the move is allowed (``ALLOWED_TRANSITIONS``); "stopped" needs a reason.

    ``on`` (default today) is when it happened: not in the future, not before the space reached its current stage.
    """
    space = OpportunitySpace.objects.select_for_update().get(pk=space.pk)
    today = timezone.localdate()
    on = on or today
    reason = (reason or "").strip()
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": _("Choose one of the stages.")})
    if to_stage == space.stage:
        raise ValidationError(
            {"to_stage": _("The space is already at the stage «%(stage)s».") % {"stage": stage_label(to_stage)}}
        )
    allowed = ALLOWED_TRANSITIONS[space.stage]
    if to_stage not in allowed:
        names = ", ".join(f"«{stage_label(stage)}»" for stage in Stage.values if stage in allowed)
        raise ValidationError(
            {
                "to_stage": _(
                    "A space cannot go from «%(current)s» to «%(wanted)s». From «%(current)s» it can go to %(allowed)s."
                )
                % {"current": stage_label(space.stage), "wanted": stage_label(to_stage), "allowed": names}
            }
        )
    errors = {}
    if to_stage == Stage.STOPPED and not reason:
        errors["reason"] = _("Write why the space is stopped: others learn from it.")
    if on > today:
        errors["on"] = _("The date cannot be in the future.")
    elif on < space.stage_since:
        errors["on"] = _("The date cannot be before the space reached its current stage (%(date)s).") % {
            "date": formats.date_format(space.stage_since, "SHORT_DATE_FORMAT")
        }
    if errors:
        raise ValidationError(errors)
    change = StageChange.objects.create(
        space=space,
        from_stage=space.stage,
        to_stage=to_stage,
        on=on,
        reason=reason,
        by=by,
        by_name=_actor_name(by),
    )
    save_audited(
        instance=space,
        data={
            "stage": to_stage,
            "stage_since": on,
            "stopped_reason": reason if to_stage == Stage.STOPPED else "",
        },
        by=by,
        plan_id=space.plan_id,
    )
    _touch(space)
    return change


# --- The activity log -----------------------------------------------------------------------------------------


def _clean_attendance(attendance: Mapping[str, Mapping[str, Any]], participants: int) -> dict[tuple[str, str], int]:
    """``{dimension: {group: count}}`` → ``{(dimension, group): count}`` for the positive counts, or errors keyed
    ``attendance_<dimension>`` naming the dimension and the problem."""
    errors: dict[str, list[str]] = {}
    counts: dict[tuple[str, str], int] = {}
    for dimension, groups in attendance.items():
        if dimension not in DIMENSIONS:
            raise ValidationError({"attendance": _("Unknown dimension: %(name)s.") % {"name": dimension}})
        label, known = DIMENSIONS[dimension]
        known_groups = dict(known)
        total = 0
        for group, raw in groups.items():
            if group not in known_groups:
                raise ValidationError({"attendance": _("Unknown group: %(name)s.") % {"name": group}})
            if raw in (None, ""):
                continue
            if isinstance(raw, bool) or not isinstance(raw, int):
                errors.setdefault(f"attendance_{dimension}", []).append(
                    _("%(group)s: write a whole number.") % {"group": known_groups[group]}
                )
                continue
            if raw < 0 or raw > MAX_ATTENDANCE:
                errors.setdefault(f"attendance_{dimension}", []).append(
                    _("%(group)s: the count must be between 0 and %(max)s.")
                    % {"group": known_groups[group], "max": MAX_ATTENDANCE}
                )
                continue
            total += raw
            if raw:
                counts[(dimension, group)] = raw
        if total > participants and f"attendance_{dimension}" not in errors:
            errors.setdefault(f"attendance_{dimension}", []).append(
                _("%(dimension)s: the groups add up to %(total)s, more than the %(participants)s participants.")
                % {"dimension": label, "total": total, "participants": participants}
            )
    if errors:
        raise ValidationError(errors)
    return counts


def _check_activity_date(on: datetime.date | None) -> None:
    if on is None:
        return
    today = timezone.localdate()
    if on > today + datetime.timedelta(days=ACTIVITY_DAYS_AHEAD):
        raise ValidationError(
            {
                "on": _(
                    "The date is too far ahead: log an activity when it has happened (at most %(days)s days ahead)."
                )
                % {"days": ACTIVITY_DAYS_AHEAD}
            }
        )
    if on < today.replace(year=today.year - ACTIVITY_YEARS_BACK):
        raise ValidationError({"on": _("The date is more than %(years)s years ago.") % {"years": ACTIVITY_YEARS_BACK}})


def _attendance_summary(counts: Mapping[tuple[str, str], int]) -> str:
    return ", ".join(f"{dimension}:{group}={count}" for (dimension, group), count in sorted(counts.items()))


def _schedule_index(space_id: int) -> None:
    from .tasks import recompute_meeting_place_index

    transaction.on_commit(lambda: recompute_meeting_place_index.delay(space_id=space_id))


@transaction.atomic
def log_activity(
    *,
    space: OpportunitySpace,
    data: Mapping[str, Any],
    attendance: Mapping[str, Mapping[str, Any]],
    by: User | None,
) -> Activity:
    """Add an entry to a space's log with its attendance counts; the meeting-place index follows after commit."""
    return _save_activity(Activity(space=space, created_by=by), data, attendance, by)


@transaction.atomic
def update_activity(
    *, activity: Activity, data: Mapping[str, Any], attendance: Mapping[str, Mapping[str, Any]], by: User | None
) -> Activity:
    return _save_activity(activity, data, attendance, by)


def _save_activity(activity: Activity, data, attendance, by) -> Activity:
    _check_activity_date(data.get("on"))
    participants = data.get("participants") or 0
    if isinstance(participants, int) and participants > MAX_ATTENDANCE:
        raise ValidationError(
            {
                "participants": _("At most %(max)s participants can be logged for one activity.")
                % {"max": MAX_ATTENDANCE}
            }
        )
    counts = _clean_attendance(attendance, participants)
    before = (
        _attendance_summary({(c.dimension, c.group): c.count for c in activity.attendance.all()}) if activity.pk else ""
    )
    record = save_audited(instance=activity, data=data, by=by, plan_id=activity.space.plan_id)
    after = _attendance_summary(counts)
    if before != after:
        activity.attendance.all().delete()
        AttendanceCount.objects.bulk_create(
            AttendanceCount(activity=activity, dimension=dimension, group=group, count=count)
            for (dimension, group), count in counts.items()
        )
        change = {"field": "attendance", "old": before or None, "new": after or None}
        if record is not None:
            record.changes = [*record.changes, change]
            record.save(update_fields=["changes"])
        else:
            record_change(instance=activity, action="update", by=by, changes=[change], plan_id=activity.space.plan_id)
    _touch(activity.space)
    _schedule_index(activity.space_id)
    return activity


@transaction.atomic
def delete_activity(*, activity: Activity, by: User | None) -> None:
    space = activity.space
    for attachment in activity.attachments.all():
        _delete_attachment_file(attachment)
    delete_audited(instance=activity, fields=ACTIVITY_FIELDS, by=by, plan_id=space.plan_id)
    _touch(space)
    _schedule_index(space.pk)


# --- Attachments ------------------------------------------------------------------------------------------------

# What a file must start with to be what it says it is; the extension must agree.
_SIGNATURES = (
    (b"%PDF-", Attachment.Type.PDF, (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", Attachment.Type.PNG, (".png",)),
    (b"\xff\xd8\xff", Attachment.Type.JPEG, (".jpg", ".jpeg")),
)


def sniff(head: bytes) -> str | None:
    for signature, content_type, _extensions in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


@transaction.atomic
def add_attachment(*, activity: Activity, upload: UploadedFile, by: User | None) -> Attachment:
    """Store an image (PNG, JPEG) or PDF for an activity. Size is checked before anything is read; the type from
    the file's first bytes, which must agree with its name's extension. Nothing is stored when a check fails."""
    limit = settings.ATTACHMENT_MAX_BYTES
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s; at most %(limit)s can be attached.")
                % {
                    "size": formats.number_format(round((upload.size or 0) / 1024 / 1024, 1)) + " MB",
                    "limit": formats.number_format(round(limit / 1024 / 1024, 1)) + " MB",
                }
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = {ct: extensions for _sig, ct, extensions in _SIGNATURES}
    if content_type is None or extension not in allowed[content_type]:
        raise ValidationError(
            {
                "file": _(
                    "Only images (PNG, JPEG) and PDF files can be attached, and the file's name must match its content."
                )
            }
        )
    attachment = Attachment(
        activity=activity,
        token=secrets.token_hex(16),
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(attachment.token + attachment.extension, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)  # no row, no file
        raise
    record_change(
        instance=activity,
        action="update",
        by=by,
        changes=[{"field": "attachments", "old": None, "new": name}],
        plan_id=activity.space.plan_id,
    )
    _touch(activity.space)
    return attachment


def _delete_attachment_file(attachment: Attachment) -> None:
    storage, path = attachment.file.storage, attachment.file.name
    transaction.on_commit(lambda: storage.delete(path))


@transaction.atomic
def delete_attachment(*, attachment: Attachment, by: User | None) -> None:
    activity = attachment.activity
    _delete_attachment_file(attachment)
    name = attachment.original_name
    attachment.delete()
    record_change(
        instance=activity,
        action="update",
        by=by,
        changes=[{"field": "attachments", "old": name, "new": None}],
        plan_id=activity.space.plan_id,
    )
    _touch(activity.space)


# --- Needs and offers -----------------------------------------------------------------------------------------


@transaction.atomic
def save_need_or_offer(
    *, item: NeedOrOffer, data: Mapping[str, Any], by: User | None, expected_version: int | None = None
) -> NeedOrOffer:
    """Create (``item`` without a primary key, its plan set) or change a need or an offer."""
    _check_owner(by, data.get("organisation"))
    record = save_audited(instance=item, data=data, by=by, plan_id=item.plan_id, expected_version=expected_version)
    if record is not None and item.pk:
        NeedOrOffer.objects.filter(pk=item.pk).update(updated_at=timezone.now())
    return item


@transaction.atomic
def create_space_from_match(
    *, need: NeedOrOffer, offer: NeedOrOffer, data: Mapping[str, Any], by: User | None
) -> OpportunitySpace:
    """A new space from a need and an offer of two organisations: both take part (the owner from ``data``, the
    other as a partner), the space remembers both, and both are marked as matched."""
    if need.type != NeedOrOffer.Type.NEED or offer.type != NeedOrOffer.Type.OFFER:
        raise ValidationError(_("Choose a need and an offer."))
    if need.organisation_id == offer.organisation_id:
        raise ValidationError(_("A need and an offer of the same organisation are not a match across organisations."))
    if need.plan_id != offer.plan_id:
        raise ValidationError(_("The need and the offer belong to different strategies."))
    closed = [item for item in (need, offer) if item.status != NeedOrOffer.Status.OPEN]
    if closed:
        raise ValidationError(_("«%(name)s» is no longer open.") % {"name": closed[0]})
    partners = {need.organisation, offer.organisation, *data.get("partners", ())}
    owner = data.get("organisation") or need.organisation
    space_data = {**data, "organisation": owner, "partners": sorted(partners - {owner}, key=lambda o: o.pk)}
    space_data.setdefault("title", need.title)
    space = create_space(plan=need.plan, data=space_data, by=by)
    OpportunitySpace.objects.filter(pk=space.pk).update(from_need=need, from_offer=offer)
    space.from_need, space.from_offer = need, offer
    for item in (need, offer):
        save_audited(instance=item, data={"status": NeedOrOffer.Status.MATCHED}, by=by, plan_id=item.plan_id)
    return space


# --- The meeting-place index ---------------------------------------------------------------------------------

TREND_MONTHS = 24  # month-ends kept per space: the page's trend


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def _months_back(month_end: datetime.date, months: int) -> datetime.date:
    """The month-end ``months`` months before ``month_end``."""
    year, month = divmod(month_end.year * 12 + month_end.month - 1 - months, 12)
    return _month_end(datetime.date(year, month + 1, 1))


def meeting_place_rule():
    from .index import Rule
    from .models import MeetingPlaceRule

    stored = MeetingPlaceRule.objects.order_by("pk").first() or MeetingPlaceRule()
    return stored.window_months, Rule(
        threshold=Decimal(str(stored.threshold)),
        dimensions_needed=stored.dimensions_needed,
        min_attendance=stored.min_attendance,
    )


@transaction.atomic
def recompute_meeting_place_index(*, space_ids=None, today: datetime.date | None = None) -> int:
    """Compute each space's index for the windows ending at each of the last ``TREND_MONTHS`` month-ends (this
    month included) and store them, replacing what was stored for those spaces: run twice, the same rows.
    ``space_ids`` None: every space. Returns the number of scores written."""
    from .index import score
    from .models import MeetingPlaceScore

    today = today or timezone.localdate()
    window, rule = meeting_place_rule()
    spaces = OpportunitySpace.objects.all() if space_ids is None else OpportunitySpace.objects.filter(pk__in=space_ids)
    space_ids = list(spaces.values_list("pk", flat=True))
    last = _month_end(today)
    month_ends = [_months_back(last, back) for back in range(TREND_MONTHS - 1, -1, -1)]
    earliest = _months_back(month_ends[0], window) + datetime.timedelta(days=1)
    activities: dict[int, list[Activity]] = {}
    for activity in (
        Activity.objects.filter(space_id__in=space_ids, on__gte=earliest, on__lte=last)
        .prefetch_related("attendance")
        .order_by("on", "id")
    ):
        activities.setdefault(activity.space_id, []).append(activity)
    rows = []
    for space_id in space_ids:
        logged = activities.get(space_id, [])
        if not logged:
            continue
        first_month = _month_end(logged[0].on)
        for month_end in month_ends:
            if month_end < first_month:
                continue
            start = _months_back(month_end, window)
            in_window = [a for a in logged if start < a.on <= month_end]
            counts: dict[str, dict[str, int]] = {}
            for activity in in_window:
                for count in activity.attendance.all():
                    groups = counts.setdefault(count.dimension, {})
                    groups[count.group] = groups.get(count.group, 0) + count.count
            result = score(
                attendance=sum(a.participants for a in in_window),
                activities=len(in_window),
                counts=counts,
                rule=rule,
            )
            rows.append(
                MeetingPlaceScore(
                    space_id=space_id,
                    month_end=month_end,
                    attendance=result.attendance,
                    activities=result.activities,
                    dimensions={k: (None if v is None else str(v)) for k, v in result.dimensions.items()},
                    index=result.index,
                    qualifies=result.qualifies,
                    reasons=result.reasons,
                )
            )
    MeetingPlaceScore.objects.filter(space_id__in=space_ids).delete()
    MeetingPlaceScore.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
