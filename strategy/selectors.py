"""Reads of the strategy: the access functions every view goes through, and the queries behind the pages.

Access functions check the user's role (governance.selectors decides) before they look anything up, so a user
without a role learns nothing about what exists (403), and a missing object is a 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Model, Prefetch, QuerySet, When
from django.http import Http404

from governance.selectors import can_edit_strategy, can_read_strategy

from .models import (
    MainMove,
    Move,
    OpeningMove,
    Principle,
    Strategy,
    StrategyPlan,
    Target,
    Vision,
)

STRATEGY_ORDER = Case(
    *(When(kind=kind, then=position) for kind, position in Strategy.ORDER.items()),
    default=99,
)

# How to get from each object to its plan (for access checks and link validation).
PLAN_LOOKUP: dict[type[Model], str] = {
    Vision: "plan",
    Target: "plan",
    Principle: "plan",
    Strategy: "plan",
    Move: "strategy__plan",
    MainMove: "plan",
    OpeningMove: "main_move__plan",
}

_RELATED = {
    Move: ("strategy__plan",),
    OpeningMove: ("main_move__plan",),
}
_PREFETCH = {
    Move: ("targets", "principles", "perspectives", "main_moves"),
    Target: ("moves__strategy", "main_moves"),
    Principle: ("moves__strategy",),
    Strategy: ("moves__targets", "moves__principles", "moves__perspectives"),
    MainMove: ("moves__strategy", "targets", "opening_moves"),
}


def plan_of(obj: Model) -> StrategyPlan:
    for step in PLAN_LOOKUP[type(obj)].split("__"):
        obj = getattr(obj, step)
    return obj


def _authorize(user, *, write: bool) -> None:
    allowed = can_edit_strategy(user) if write else can_read_strategy(user)
    if not allowed:
        raise PermissionDenied


def default_plan() -> StrategyPlan | None:
    return StrategyPlan.objects.order_by("id").first()


def get_plan_for_user(user, slug: str, *, write: bool = False) -> StrategyPlan:
    _authorize(user, write=write)
    try:
        return StrategyPlan.objects.select_related("area").get(slug=slug)
    except StrategyPlan.DoesNotExist:
        raise Http404 from None


def get_strategy_object_for_user(user, model: type[Model], pk: int, *, write: bool = False) -> Model:
    """The one way a view fetches a vision, target, principle, strategy, move, main move or opening move."""
    _authorize(user, write=write)
    queryset = model.objects.select_related(PLAN_LOOKUP[model], *_RELATED.get(model, ()))
    queryset = queryset.prefetch_related(*_PREFETCH.get(model, ()))
    try:
        return queryset.get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None


def get_target_for_user(user, pk: int, *, write: bool = False) -> Target:
    return get_strategy_object_for_user(user, Target, pk, write=write)


def get_move_for_user(user, pk: int, *, write: bool = False) -> Move:
    return get_strategy_object_for_user(user, Move, pk, write=write)


# --- Page queries -------------------------------------------------------------------------


def active_vision(plan: StrategyPlan) -> Vision | None:
    return plan.visions.filter(is_active=True).first()


def visions_of(plan: StrategyPlan) -> QuerySet[Vision]:
    return plan.visions.all()


def targets_of(plan: StrategyPlan) -> QuerySet[Target]:
    return plan.targets.prefetch_related(
        Prefetch(
            "moves",
            queryset=Move.objects.select_related("strategy").order_by("strategy_id", "number"),
        )
    )


def principles_of(plan: StrategyPlan) -> QuerySet[Principle]:
    return plan.principles.prefetch_related(
        Prefetch(
            "moves",
            queryset=Move.objects.select_related("strategy").order_by("strategy_id", "number"),
        )
    )


def strategies_of(plan: StrategyPlan) -> QuerySet[Strategy]:
    return plan.strategies.order_by(STRATEGY_ORDER).prefetch_related(
        Prefetch(
            "moves",
            queryset=Move.objects.order_by("number").prefetch_related("targets", "principles", "perspectives"),
        )
    )


def main_move_of(plan: StrategyPlan) -> MainMove | None:
    return (
        MainMove.objects.filter(plan=plan)
        .prefetch_related(
            "opening_moves",
            "targets",
            Prefetch("moves", queryset=Move.objects.select_related("strategy")),
        )
        .first()
    )


def overview_of(plan: StrategyPlan) -> dict:
    """Everything the overview shows, in a fixed number of queries whatever the number of objects."""
    strategies = list(
        plan.strategies.order_by(STRATEGY_ORDER)
        .annotate(move_count=Count("moves"))
        .prefetch_related(Prefetch("moves", queryset=Move.objects.order_by("number")))
    )
    targets = list(plan.targets.annotate(move_count=Count("moves")))
    principles = list(plan.principles.annotate(move_count=Count("moves")))
    main_move = MainMove.objects.filter(plan=plan).prefetch_related("opening_moves").first()
    return {
        "vision": active_vision(plan),
        "targets": targets,
        "principles": principles,
        "strategies": strategies,
        "move_count": sum(s.move_count for s in strategies),
        "main_move": main_move,
    }


# --- Statistics and classifications -------------------------------------------------------------

COMPARISON_SYMBOLS = {"gt": ">", "gte": ">=", "lt": "<"}


def _number(value):
    """A Decimal as a JSON number (trailing zeros dropped), or None."""
    if value is None:
        return None
    normalised = value.normalize()
    return int(normalised) if normalised == normalised.to_integral_value() else float(normalised)


def classifications_for(*, list_year: int, area_code: str | None = None) -> QuerySet:
    from .models import Classification

    rows = Classification.objects.filter(list_year=list_year, area__kind="housing_area")
    if area_code:
        rows = rows.filter(area__code=area_code)
    return rows.select_related("area", "rule_set").prefetch_related("criteria").order_by("area__code")


def classification_export(*, list_year: int, area_code: str | None = None) -> list[dict]:
    """The export contract: one object per housing area with its categories and each criterion's numbers.

    A value derived from a count of 1–4 persons is exported as null with ``"suppressed": true``.
    """
    from .criteria import GROUP_CATEGORY

    result = []
    for row in classifications_for(list_year=list_year, area_code=area_code):
        categories = GROUP_CATEGORY.get(row.rule_set.scheme, {})
        result.append(
            {
                "area_code": row.area.code,
                "list_year": row.list_year,
                "rule_set": row.rule_set.code,
                "eligible": row.eligible,
                "categories": list(row.categories),
                "undetermined": list(row.undetermined),
                "criteria": [
                    {
                        "code": c.code,
                        "category": categories.get(c.group, c.group),
                        "value": None if c.suppressed else _number(c.value),
                        "suppressed": c.suppressed,
                        "threshold": _number(c.threshold),
                        "comparison": COMPARISON_SYMBOLS[c.comparison],
                        "met": c.met,
                    }
                    for c in row.criteria.all()
                ],
            }
        )
    return result
