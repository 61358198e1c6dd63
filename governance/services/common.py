"""What the governance services share: checking which fields a caller may set, and that links stay in the plan."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from ..models import LINK_FIELDS, User
from .audit import save_audited


def check_fields(data: Mapping[str, Any], allowed: Iterable[str], model: type[models.Model]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:  # a programming error, not user input
        raise ValueError(f"Not editable on {model.__name__}: {sorted(unknown)}")


def check_links(plan, links: Mapping[str, Iterable[models.Model]]) -> None:
    """Every linked element belongs to ``plan`` (one query per kind that has links)."""
    from ..selectors.elements import ELEMENT_KINDS

    by_field = {kind.link_field: kind for kind in ELEMENT_KINDS.values()}
    errors = {}
    for field, objects in links.items():
        kind = by_field.get(field)
        ids = [obj.pk for obj in objects]
        if kind is None or not ids:
            continue
        foreign = list(kind.model.objects.filter(pk__in=ids).exclude(**{kind.plan_lookup: plan}))
        if foreign:
            names = ", ".join(f"«{obj}»" for obj in foreign)
            errors[field] = _("%(names)s belongs to another strategy and cannot be linked here.") % {"names": names}
    if errors:
        raise ValidationError(errors)


def save_with_links(
    *,
    instance: models.Model,
    data: Mapping[str, Any],
    allowed: Iterable[str],
    plan,
    by: User | None,
    expected_version: int | None = None,
    exclude_from_validation: Iterable[str] = (),
):
    """Check the fields, save through ``save_audited`` (history under ``plan``), links checked against the plan."""
    check_fields(data, allowed, type(instance))
    return save_audited(
        instance=instance,
        data=data,
        by=by,
        plan_id=plan.pk if plan is not None else None,
        validate_links=lambda m2m: check_links(plan, {k: v for k, v in m2m.items() if k in LINK_FIELDS}),
        exclude_from_validation=list(exclude_from_validation),
        expected_version=expected_version,
    )
