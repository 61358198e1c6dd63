"""The audited-write machinery every app's services use.

``save_audited`` and ``delete_audited`` are the only way domain objects are written: they validate, write
inside the caller's transaction, and record one ``ChangeRecord`` with each changed field's old and new value.
"""

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..history import history_of
from ..models import ChangeRecord, User

# Line and page breaks as presentations and word processors write them (PowerPoint's line break is a vertical tab):
# a line break in running text, a space in a one-line field.
_BREAKS = re.compile(r"[\x0b\x0c]")
# The other control characters (tab, line feed and carriage return are text): invisible on a page, an empty box in
# the PDF, "\ufffd" in a workbook. Django's forms and the API already refuse NUL.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def tidy_text(field: models.Field, value: Any) -> Any:
    """``value`` as a text field keeps it: breaks pasted from a presentation or a document as line breaks (spaces in
    a one-line field), other control characters left out. Anything else is returned as it is."""
    if not isinstance(value, str) or not isinstance(field, models.CharField | models.TextField):
        return value
    value = _BREAKS.sub("\n" if isinstance(field, models.TextField) else " ", value)
    return _CONTROLS.sub("", value)


def _json_value(field: models.Field, value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        # 78 and 78.000000 (as stored) are the same number: record it one way.
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` as JSON-able data (many-to-many links as sorted lists of names)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(obj) for obj in getattr(instance, name).all()) if instance.pk else []
        elif field.is_relation:
            values[name] = _json_value(field, getattr(instance, name))
        else:
            values[name] = _json_value(field, getattr(instance, field.attname))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"field": name, "old": before.get(name), "new": after[name]}
        for name in after
        if before.get(name) != after[name]
    ]


def actor_name(by: User | None) -> str:
    """How a change's author is remembered: full name, else user name; "system" for jobs and commands."""
    return (by.get_full_name() or by.get_username()) if by else "system"


def record_change(
    *,
    instance: models.Model,
    action: str,
    by: User | None,
    changes: list[dict[str, Any]],
    plan_id: int | None = None,
) -> ChangeRecord:
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=instance.pk,
        object_repr=str(instance)[:300],
        plan_id=plan_id,
        action=action,
        actor=by,
        actor_name=actor_name(by),
        changes=changes,
    )


def save_audited(
    *,
    instance: models.Model,
    data: Mapping[str, Any],
    by: User | None,
    plan_id: int | None,
    allowed: Iterable[str] | None = None,
    validate_links=None,
    exclude_from_validation: Sequence[str] = (),
    expected_version: int | None = None,
) -> ChangeRecord | None:
    """Apply ``data`` (field name → value, many-to-many as iterables) to ``instance``, save, record history. Text
    is stored tidied (``tidy_text``).

    Creates when ``instance`` has no primary key. ``allowed``: the fields a caller may set (the service's list); any
    other key is a programming error (``ValueError``), never a silent write. Raises ``ValidationError`` (keyed by
    field) before writing anything if a value is invalid; ``validate_links(m2m_data)`` may add checks on the
    many-to-many values. With ``expected_version`` (see ``base.history.version_of``) an update is refused with code
    "conflict" when someone else changed the object since that version was read, so no edit is silently lost.
    Returns the change record, or None when nothing changed. Must run inside a transaction.
    """
    if allowed is not None and (unknown := set(data) - set(allowed)):
        raise ValueError(f"Not editable on {type(instance).__name__}: {sorted(unknown)}")
    creating = instance.pk is None
    if not creating and expected_version is not None:
        _check_version(instance, expected_version)
    m2m = {name: list(value) for name, value in data.items() if instance._meta.get_field(name).many_to_many}
    plain = {name: value for name, value in data.items() if name not in m2m}
    before = {} if creating else snapshot(instance, data.keys())

    for name, value in plain.items():
        setattr(instance, name, tidy_text(instance._meta.get_field(name), value))
    instance.full_clean(exclude=list(exclude_from_validation))
    if validate_links is not None:
        validate_links(m2m)

    instance.save()
    for name, objects in m2m.items():
        getattr(instance, name).set(objects)

    after = snapshot(instance, data.keys())
    changes = diff(before, after)
    if not creating and not changes:
        return None
    action = ChangeRecord.Action.CREATE if creating else ChangeRecord.Action.UPDATE
    if creating:
        changes = [c for c in changes if c["new"] not in (None, "", [])]
    return record_change(instance=instance, action=action, by=by, changes=changes, plan_id=plan_id)


def _check_version(instance: models.Model, expected_version: int) -> None:
    type(instance).objects.select_for_update().filter(pk=instance.pk).first()  # serialise concurrent saves
    latest = history_of(instance).first()
    if latest is not None and latest.pk != expected_version:
        raise ValidationError(
            _(
                "%(who)s saved changes to «%(object)s» at %(when)s, while you were editing. Your input is kept "
                "below: compare it with the history, then save again to replace their changes."
            )
            % {
                "who": latest.actor_name,
                "object": instance,
                "when": formats.date_format(timezone.localtime(latest.at), "DATETIME_FORMAT"),
            },
            code="conflict",
        )


# What refers to an object of a lower app from a higher one and must go with it (the partnership's rules-of-play
# letters on a strategy element): the higher app registers a callable(instance=…, by=…) at start-up, and the lower
# app's delete service calls ``remove_dependants`` in its transaction, before it deletes.
_DEPENDANTS: list[Callable[..., None]] = []


def on_delete(remove: Callable[..., None]) -> None:
    """Register ``remove(instance=…, by=…)``: remove, with history, what refers to ``instance`` before it goes."""
    _DEPENDANTS.append(remove)


def remove_dependants(*, instance: models.Model, by: User | None) -> None:
    for remove in _DEPENDANTS:
        remove(instance=instance, by=by)


def delete_audited(
    *,
    instance: models.Model,
    fields: Iterable[str],
    by: User | None,
    plan_id: int | None,
) -> None:
    """Delete ``instance`` and keep its last values in the history."""
    before = snapshot(instance, fields)
    changes = [{"field": name, "old": value, "new": None} for name, value in before.items() if value not in ("", [])]
    record = ChangeRecord(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=instance.pk,
        object_repr=str(instance)[:300],
        plan_id=plan_id,
        action=ChangeRecord.Action.DELETE,
        actor=by,
        actor_name=actor_name(by),
        changes=changes,
    )
    instance.delete()
    record.save()
