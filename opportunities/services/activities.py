"""Writes of a space's activity log: entries with their attendance counts, and their attachments."""

import datetime
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from base.jobs import enqueue_on_commit
from base.models import User
from base.services.audit import delete_audited, record_change, save_audited

from ..models import DIMENSIONS, MAX_ATTENDANCE, Activity, Attachment, AttendanceCount, OpportunitySpace
from .spaces import _touch

ACTIVITY_FIELDS = ("on", "title", "note", "participants")

# An activity is logged after it happened; a few days ahead allows logging this week's plan, not next year's.
ACTIVITY_DAYS_AHEAD = 7
ACTIVITY_YEARS_BACK = 10


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
    enqueue_on_commit("opportunities.recompute_meeting_place_index", space_id=space_id)


@transaction.atomic
def log_activity(
    *,
    space: OpportunitySpace,
    data: Mapping[str, Any],
    attendance: Mapping[str, Mapping[str, Any]],
    by: User | None,
    schedule_index: bool = True,
) -> Activity:
    """Add an entry to a space's log with its attendance counts; the meeting-place index follows after commit.
    ``schedule_index=False`` is for a caller that logs many entries and recomputes the index itself afterwards
    (the demo), so the index is not recomputed once per entry."""
    activity = _save_activity(Activity(space=space, created_by=by), data, attendance, by)
    if schedule_index:
        _schedule_index(activity.space_id)
    return activity


@transaction.atomic
def update_activity(
    *,
    activity: Activity,
    data: Mapping[str, Any],
    attendance: Mapping[str, Mapping[str, Any]],
    by: User | None,
    expected_version: int | None = None,
) -> Activity:
    """Change a logged activity. With ``expected_version`` a change made by someone else since the form was
    opened is not overwritten: the save is refused with code "conflict" (see ``save_audited``)."""
    activity = _save_activity(activity, data, attendance, by, expected_version=expected_version)
    _schedule_index(activity.space_id)
    return activity


def _save_activity(activity: Activity, data, attendance, by, *, expected_version: int | None = None) -> Activity:
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
    record = save_audited(
        instance=activity,
        data=data,
        by=by,
        plan_id=activity.space.plan_id,
        allowed=ACTIVITY_FIELDS,
        expected_version=expected_version,
    )
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


# How far into a JPEG its frame header (with the picture's size) may be: after the metadata segments (Exif, ICC
# profile), which are at most 64 KB each.
IMAGE_HEADER_BYTES = 256 * 1024
# The JPEG markers that start a frame (SOF0–SOF15 but DHT, JPG and DAC, which share the range).
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def image_size(content_type: str, head: bytes) -> tuple[int, int] | None:
    """The width and height an image declares, read from its header without decoding it; None when the header
    cannot be read from ``head`` (the file's first ``IMAGE_HEADER_BYTES``)."""
    if content_type == Attachment.Type.PNG:
        if len(head) < 24 or head[12:16] != b"IHDR":
            return None
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if content_type == Attachment.Type.JPEG:
        at = 2
        while at + 4 <= len(head):
            if head[at] != 0xFF:
                return None
            marker = head[at + 1]
            if marker == 0xFF:  # fill byte
                at += 1
                continue
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
                at += 2
                continue
            length = int.from_bytes(head[at + 2 : at + 4], "big")
            if marker in _JPEG_FRAMES:
                if at + 9 > len(head):
                    return None
                return int.from_bytes(head[at + 7 : at + 9], "big"), int.from_bytes(head[at + 5 : at + 7], "big")
            if length < 2:
                return None
            at += 2 + length
        return None
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
    if content_type != Attachment.Type.PDF:
        head = upload.read(IMAGE_HEADER_BYTES)
        upload.seek(0)
        size = image_size(content_type, head)
        if size is None or 0 in size:
            raise ValidationError({"file": _("The image's size cannot be read: save it again as PNG or JPEG.")})
        if size[0] * size[1] > settings.ATTACHMENT_MAX_PIXELS:
            raise ValidationError(
                {
                    "file": _(
                        "The image is %(width)s × %(height)s pixels; at most %(limit)s million pixels can be attached."
                        " Make it smaller and attach it again."
                    )
                    % {
                        "width": formats.number_format(size[0], force_grouping=True),
                        "height": formats.number_format(size[1], force_grouping=True),
                        "limit": formats.number_format(settings.ATTACHMENT_MAX_PIXELS // 1_000_000),
                    }
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
        record_change(
            instance=activity,
            action="update",
            by=by,
            changes=[{"field": "attachments", "old": None, "new": name}],
            plan_id=activity.space.plan_id,
        )
        _touch(activity.space)
    except Exception:
        attachment.file.delete(save=False)  # the rows are rolled back: no row, no file
        raise
    return attachment


def save_activity_with_files(
    *,
    space: OpportunitySpace,
    activity: Activity | None,
    data: Mapping[str, Any],
    attendance: Mapping[str, Mapping[str, Any]],
    uploads: Sequence[UploadedFile],
    by: User | None,
    expected_version: int | None = None,
) -> Activity:
    """Log (``activity`` None) or change an activity (refused on a concurrent change when ``expected_version`` is
    given) and attach ``uploads``, all or nothing: on a
    ``ValidationError`` the database is rolled back and the files already stored are removed. A file's error
    names the file (key ``file``)."""
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            if activity is None:
                activity = log_activity(space=space, data=data, attendance=attendance, by=by)
            else:
                activity = update_activity(
                    activity=activity, data=data, attendance=attendance, by=by, expected_version=expected_version
                )
            for upload in uploads:
                try:
                    stored.append(add_attachment(activity=activity, upload=upload, by=by))
                except ValidationError as error:
                    name = (upload.name or "").rsplit("/", 1)[-1]
                    raise ValidationError({"file": [f"«{name}»: {message}" for message in error.messages]}) from None
    except Exception:
        for attachment in stored:  # the rows were rolled back; the files are not part of the transaction
            attachment.file.storage.delete(attachment.file.name)
        raise
    return activity


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
