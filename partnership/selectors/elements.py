"""The strategy elements and opportunity spaces that governance objects link to, and the rules of play (RACI).

One registry names the kinds of element: which model, which link field on a governance object, which page shows
it. Opportunity spaces pass through ``space_visibility``: housing staff never see another organisation's space
through a governance page either.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Model, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from base.forms import numbered
from base.models import CollaborationModel
from base.permissions import can_edit_governance, can_read_governance, space_visibility
from base.permissions import require as _require
from opportunities.models import OpportunitySpace
from strategy.models import MainMove, Move, OpeningMove, Principle, Strategy, StrategyPlan, Target
from strategy.selectors import plan_of

from ..models import LINK_FIELDS, Decision, Project, Responsibility, Risk


@dataclass(frozen=True)
class ElementKind:
    key: str  # as in URLs: /governance/responsibilities/target/3/
    model: type[Model]
    link_field: str  # the field on ElementLinks
    label: str  # plural, for headings
    detail_url: str  # URL name of the element's own page

    @property
    def plan_lookup(self) -> str:
        return self.model.PLAN_PATH


ELEMENT_KINDS: dict[str, ElementKind] = {
    kind.key: kind
    for kind in (
        ElementKind("target", Target, "targets", _("Targets"), "target_detail"),
        ElementKind("principle", Principle, "principles", _("Principles"), "principle_detail"),
        ElementKind("strategy", Strategy, "strategies", _("Strategies"), "strategy_detail"),
        ElementKind("move", Move, "moves", _("Moves"), "move_detail"),
        ElementKind("main_move", MainMove, "main_moves", _("Main move"), "main_move_detail"),
        ElementKind("opening_move", OpeningMove, "opening_moves", _("Opening moves"), "opening_move_detail"),
        ElementKind("space", OpportunitySpace, "spaces", _("Opportunity spaces"), "space_detail"),
    )
}
KIND_OF_MODEL: dict[type[Model], ElementKind] = {kind.model: kind for kind in ELEMENT_KINDS.values()}
if tuple(kind.link_field for kind in ELEMENT_KINDS.values()) != LINK_FIELDS:  # the two lists must agree
    raise ImproperlyConfigured("ELEMENT_KINDS and partnership.models.LINK_FIELDS disagree")

_ORDER = {
    "target": ("number",),
    "principle": ("number",),
    "strategy": ("id",),
    "move": ("strategy_id", "number"),
    "main_move": ("id",),
    "opening_move": ("id",),
    "space": ("title",),
}


def element_url(obj: Model) -> str:
    return reverse(KIND_OF_MODEL[type(obj)].detail_url, args=[obj.pk])


def elements_queryset(kind: ElementKind, plan: StrategyPlan, user) -> QuerySet:
    """One kind's elements in ``plan`` that ``user`` may see (empty when none)."""
    queryset = kind.model.objects.filter(**{kind.plan_lookup: plan}).order_by(*_ORDER[kind.key])
    if kind.model is OpportunitySpace:
        visible = space_visibility(user)
        queryset = queryset.none() if visible is None else queryset.filter(visible)
    return queryset


def plan_elements(plan: StrategyPlan, user) -> list[tuple[ElementKind, list[Model]]]:
    """Every element of the plan by kind, in the plan's order: one query per kind."""
    return [(kind, list(elements_queryset(kind, plan, user))) for kind in ELEMENT_KINDS.values()]


def get_element_for_user(user, kind_key: str, pk: int) -> tuple[ElementKind, Model, StrategyPlan]:
    """An element a user may see, with its kind and plan; 404 for an unknown kind, a missing element or another
    organisation's space."""
    _require(can_read_governance(user))
    kind = ELEMENT_KINDS.get(kind_key)
    if kind is None:
        raise Http404
    queryset = kind.model.objects.all()
    if kind.model is OpportunitySpace:
        visible = space_visibility(user)
        if visible is None:
            raise Http404
        queryset = queryset.filter(visible)
    element = queryset.select_related(kind.plan_lookup).filter(pk=pk).first()
    if element is None:
        raise Http404
    return kind, element, plan_of(element)


def link_prefetches(user) -> list:
    """``prefetch_related`` arguments for a governance list: each kind of link in one query, spaces limited to
    what ``user`` may see."""
    visible = space_visibility(user)
    spaces = OpportunitySpace.objects.order_by("title")
    spaces = spaces.none() if visible is None else spaces.filter(visible)
    prefetches = [field for field in LINK_FIELDS if field != "spaces"]
    prefetches.append(Prefetch("spaces", queryset=spaces))
    return prefetches


def links_of(obj: Model) -> list[tuple[ElementKind, list[Model]]]:
    """The (prefetched) elements ``obj`` is linked to, by kind, leaving out kinds with none."""
    result = []
    for kind in ELEMENT_KINDS.values():
        linked = list(getattr(obj, kind.link_field).all())
        if linked:
            result.append((kind, linked))
    return result


# --- Rules of play -------------------------------------------------------------------------------------------

RACI_ORDER = {letter: n for n, letter in enumerate(Responsibility.Letter.values)}  # R, A, C, I


def _raci_key(item: Responsibility) -> tuple:
    return (RACI_ORDER.get(item.letter, 9), item.organisation.name, item.pk)


def element_label(obj: Model, strategies: dict[int, Model] | None = None) -> str:
    """How the rules of play name an element: with its number (targets, principles, moves), a move also with its
    strategy when ``strategies`` (id → strategy, already fetched) is given."""
    label = numbered(obj)
    strategy_id = getattr(obj, "strategy_id", None) if isinstance(obj, Move) else None
    if strategies is not None and strategy_id in strategies:
        return f"{strategies[strategy_id]}: {label}"
    return label


def responsibility_matrix(plan: StrategyPlan, user) -> dict:
    """The RACI matrix: rows are the plan's elements (by kind), columns the organisations that hold any letter,
    cells the letters (with the named person), in the order R, A, C, I. A fixed number of queries whatever the
    number of rows.

    Only what ``user`` may see counts: a letter on another organisation's opportunity space gives no column and
    no cell, so housing staff cannot learn from the columns who holds letters on spaces hidden from them.
    """
    elements = plan_elements(plan, user)
    types = ContentType.objects.get_for_models(*[kind.model for kind in ELEMENT_KINDS.values()])
    visible = {(types[kind.model].pk, obj.pk) for kind, objects in elements for obj in objects}
    responsibilities = sorted(
        (
            item
            for item in Responsibility.objects.filter(plan=plan).select_related("organisation", "person")
            if (item.element_type_id, item.element_id) in visible
        ),
        key=_raci_key,
    )
    cells: dict[tuple[int, int], dict[int, list[Responsibility]]] = {}
    organisations = {}
    for item in responsibilities:
        cells.setdefault((item.element_type_id, item.element_id), {}).setdefault(item.organisation_id, []).append(item)
        organisations[item.organisation_id] = item.organisation
    columns = sorted(organisations.values(), key=lambda organisation: organisation.name)
    strategies = {obj.pk: obj for kind, objects in elements if kind.key == "strategy" for obj in objects}
    groups = []
    without_responsible = 0
    for kind, objects in elements:
        type_id = types[kind.model].pk
        rows = []
        for obj in objects:
            by_organisation = cells.get((type_id, obj.pk), {})
            has_responsible = any(
                item.letter == Responsibility.Letter.RESPONSIBLE for items in by_organisation.values() for item in items
            )
            without_responsible += not has_responsible
            rows.append(
                {
                    "element": obj,
                    "kind": kind,
                    "label": element_label(obj, strategies),
                    "cells": [by_organisation.get(organisation.pk, []) for organisation in columns],
                    "has_responsible": has_responsible,
                }
            )
        if rows:
            groups.append({"kind": kind, "rows": rows})
    return {
        "columns": columns,
        "groups": groups,
        "without_responsible": without_responsible,
        "has_examples": any(item.is_example for item in responsibilities),
    }


def responsibilities_of(element: Model) -> list[Responsibility]:
    """One element's letters, in the order R, A, C, I (one query)."""
    element_type = ContentType.objects.get_for_model(element)
    return sorted(
        Responsibility.objects.filter(element_type=element_type, element_id=element.pk).select_related(
            "organisation", "person"
        ),
        key=_raci_key,
    )


def get_responsibility_for_user(user, pk: int) -> tuple[Responsibility, ElementKind, Model]:
    """A letter to remove, with its element's kind and the element: 403 for anyone who may not edit governance,
    404 when the letter or its element does not exist (or is a space the user may not see)."""
    _require(can_edit_governance(user))
    responsibility = Responsibility.objects.select_related("organisation", "person").filter(pk=pk).first()
    if responsibility is None:
        raise Http404
    model = ContentType.objects.get_for_id(responsibility.element_type_id).model_class()
    kind = KIND_OF_MODEL.get(model)
    if kind is None:
        raise Http404
    kind, element, _plan = get_element_for_user(user, kind.key, responsibility.element_id)
    return responsibility, kind, element


def _count(queryset: QuerySet) -> Coalesce:
    """The number of rows of ``queryset`` (filtered on ``OuterRef``), as a subquery for an annotation."""
    return Coalesce(Subquery(queryset.order_by().values("collaboration_model").annotate(n=Count("pk")).values("n")), 0)


def collaboration_models_in_use(user) -> QuerySet[CollaborationModel]:
    """The collaboration models with where each is used: ``project_count`` (every plan's projects) and
    ``space_count`` (only the opportunity spaces ``user`` may see). One query."""
    visible = space_visibility(user)
    spaces = OpportunitySpace.objects.filter(collaboration_model=OuterRef("pk"))
    return CollaborationModel.objects.annotate(
        project_count=_count(Project.objects.filter(collaboration_model=OuterRef("pk"))),
        space_count=Value(0) if visible is None else _count(spaces.filter(visible)),
    ).order_by("position", "name")


# --- What the governance records say about one element -----------------------------------------------------------

CONCERNING_LIMIT = 20


def governance_concerning(element: Model) -> dict:
    """The decisions, obstacles/potentials and projects linked to ``element`` (a strategy element or an opportunity
    space), newest or most serious first, at most ``CONCERNING_LIMIT`` of each: three queries. Empty for a kind
    that governance does not link to (the vision). Everyone who may see the element may read governance."""
    kind = KIND_OF_MODEL.get(type(element))
    if kind is None:
        return {}
    linked = {kind.link_field: element}
    result = {
        "decisions": list(
            Decision.objects.filter(**linked)
            .select_related("meeting", "owner")
            .order_by("-meeting__starts_at", "-id")[:CONCERNING_LIMIT]
        ),
        "risks": list(
            Risk.objects.filter(**linked)
            .exclude(status=Risk.Status.CLOSED)
            .order_by("kind", "-likelihood", "-impact")[:CONCERNING_LIMIT]
        ),
        "projects": list(Project.objects.filter(**linked).order_by("starts_on", "name")[:CONCERNING_LIMIT]),
    }
    return result if any(result.values()) else {}
