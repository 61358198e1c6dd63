"""Writes of the strategy. Views, the admin and management commands all call these.

Each validates (raising ``ValidationError`` keyed by field, in the user's language), writes in one transaction
and records the change in the history. Callers check permissions first (``strategy.selectors``).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from base.models import User
from base.services.audit import delete_audited, remove_dependants, save_audited

from ..models import (
    Area,
    MainMove,
    Move,
    OpeningMove,
    Principle,
    Strategy,
    StrategyPlan,
    Target,
    Vision,
)
from ..selectors.plan import plan_of

# The fields a planner edits, per kind of object: the forms and the services use the same lists.
EDITABLE_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    StrategyPlan: ("title", "summary", "area"),
    Vision: ("statement",),
    Target: ("number", "title", "description"),
    Principle: ("number", "title", "description", "is_example_wording"),
    Strategy: ("title", "description", "quote"),
    Move: ("number", "title", "description", "targets", "principles", "perspectives"),
    MainMove: ("title", "description", "moves", "targets"),
    OpeningMove: ("title", "place", "description"),
}

# Fields set once, when the object is created (the three strategies keep their kind).
CREATE_ONLY_FIELDS: dict[type[models.Model], tuple[str, ...]] = {Strategy: ("kind",)}

# What each kind of object is created under.
PARENT_FIELD: dict[type[models.Model], str] = {
    Vision: "plan",
    Target: "plan",
    Principle: "plan",
    Strategy: "plan",
    MainMove: "plan",
    Move: "strategy",
    OpeningMove: "main_move",
}

# Objects that must not disappear while something still depends on them: (relation, message).
_BLOCKING_RELATIONS: dict[type[models.Model], tuple[tuple[str, str], ...]] = {
    Strategy: (("moves", gettext_noop("Delete or move the strategy's moves first: {names}.")),),
    MainMove: (("opening_moves", gettext_noop("Delete the opening moves first: {names}.")),),
    Target: (
        (
            "moves",
            gettext_noop("The target is still linked to these moves; remove the links first: {names}."),
        ),
        (
            "main_moves",
            gettext_noop("The target is still linked to the main move; remove the link first: {names}."),
        ),
    ),
    Principle: (
        (
            "moves",
            gettext_noop("The principle is still followed by these moves; remove the links first: {names}."),
        ),
    ),
    Move: (
        (
            "main_moves",
            gettext_noop("The main move draws on this move; remove the link first: {names}."),
        ),
    ),
}


def check_links_within_plan(plan: StrategyPlan, links: Mapping[str, Iterable[models.Model]]) -> None:
    """Links never cross strategy plans (one query per link field, whatever the number of links)."""
    errors = {}
    for field, objects in links.items():
        objects = list(objects)
        lookup = getattr(type(objects[0]), "PLAN_PATH", None) if objects else None
        if lookup is None:  # nothing linked, or objects shared by all plans (the perspectives)
            continue
        foreign = type(objects[0]).objects.filter(pk__in=[obj.pk for obj in objects]).exclude(**{lookup: plan})
        if foreign:
            names = ", ".join(f"«{obj}»" for obj in foreign)
            errors[field] = _("%(names)s belongs to another strategy and cannot be linked here.") % {"names": names}
    if errors:
        raise ValidationError(errors)


def _check_number_free(instance: models.Model, scope: Mapping[str, Any]) -> None:
    number = getattr(instance, "number", None)
    if number is None:
        return
    clash = type(instance).objects.filter(number=number, **scope).exclude(pk=instance.pk)
    if clash.exists():
        raise ValidationError({"number": _("Number %(number)s is already used here.") % {"number": number}})


def _number_scope(instance: models.Model) -> dict[str, Any]:
    if isinstance(instance, Move):
        return {"strategy_id": instance.strategy_id}
    return {"plan_id": instance.plan_id}


def _save(
    *, instance: models.Model, data: Mapping[str, Any], by: User | None, expected_version: int | None = None
) -> models.Model:
    allowed = set(EDITABLE_FIELDS[type(instance)])
    if instance.pk is None:
        allowed |= set(CREATE_ONLY_FIELDS.get(type(instance), ()))
    plan = plan_of(instance)
    if "number" in data:
        instance.number = data["number"]
        _check_number_free(instance, _number_scope(instance))
    save_audited(
        instance=instance,
        data=data,
        by=by,
        plan_id=plan.pk,
        allowed=allowed,
        validate_links=lambda links: check_links_within_plan(plan, links),
        expected_version=expected_version,
    )
    return instance


@transaction.atomic
def create_strategy_object(
    *,
    model: type[models.Model],
    parent: models.Model,
    data: Mapping[str, Any],
    by: User | None,
) -> models.Model:
    """Create a vision, target, principle, strategy, main move, move or opening move under ``parent``.

    A new vision becomes the plan's active vision; the previous one is kept, inactive, with its history.
    """
    instance = model(**{PARENT_FIELD[model]: parent})
    if model is Vision:
        for old in Vision.objects.select_for_update().filter(plan=parent, is_active=True):
            save_audited(instance=old, data={"is_active": False}, by=by, plan_id=parent.pk)
    return _save(instance=instance, data=data, by=by)


@transaction.atomic
def update_strategy_object(
    *, obj: models.Model, data: Mapping[str, Any], by: User | None, expected_version: int | None = None
) -> models.Model:
    """Change ``obj``; with ``expected_version`` refuse (code "conflict") if someone saved it in between."""
    return _save(instance=obj, data=data, by=by, expected_version=expected_version)


@transaction.atomic
def delete_strategy_object(*, obj: models.Model, by: User | None) -> None:
    errors = []
    for relation, message in _BLOCKING_RELATIONS.get(type(obj), ()):
        names = [str(related) for related in getattr(obj, relation).all()]
        if names:
            errors.append(_(message).format(names=", ".join(f"«{n}»" for n in names)))
    if isinstance(obj, Vision) and obj.is_active:
        errors.append(_("The active vision cannot be deleted; make another version active first."))
    if errors:
        raise ValidationError(errors)
    remove_dependants(instance=obj, by=by)  # e.g. the rules of play's letters for it go with it, with history
    delete_audited(instance=obj, fields=EDITABLE_FIELDS[type(obj)], by=by, plan_id=plan_of(obj).pk)


@transaction.atomic
def activate_vision(*, vision: Vision, by: User | None) -> Vision:
    """Make ``vision`` the plan's one active vision."""
    if vision.is_active:
        return vision
    for old in Vision.objects.select_for_update().filter(plan_id=vision.plan_id, is_active=True):
        save_audited(instance=old, data={"is_active": False}, by=by, plan_id=vision.plan_id)
    save_audited(instance=vision, data={"is_active": True}, by=by, plan_id=vision.plan_id)
    return vision


# --- Plans and areas (set up by administrators and the demo loader) -----------------------------------


@transaction.atomic
def upsert_area(*, code: str, name: str, kind: str, parent: Area | None, by: User | None = None) -> Area:
    """Create or update an area; a parent must be higher in the tree (country → … → housing area)."""
    area = Area.objects.filter(code=code).first() or Area(code=code)
    if parent is not None and Area.DEPTH.get(parent.kind, 99) >= Area.DEPTH.get(kind, -1):
        raise ValidationError(
            {
                "parent": _("A %(kind)s cannot lie under a %(parent)s.")
                % {
                    "kind": Area.Kind(kind).label,
                    "parent": Area.Kind(parent.kind).label,
                }
            }
        )
    save_audited(
        instance=area,
        data={"name": name, "kind": kind, "parent": parent},
        by=by,
        plan_id=None,
    )
    return area


@transaction.atomic
def upsert_plan(
    *,
    slug: str,
    title: str,
    summary: str = "",
    area: Area | None = None,
    by: User | None = None,
):
    plan = StrategyPlan.objects.filter(slug=slug).first() or StrategyPlan(slug=slug)
    save_audited(
        instance=plan,
        data={"title": title, "summary": summary, "area": area},
        by=by,
        plan_id=None,
    )
    return plan
