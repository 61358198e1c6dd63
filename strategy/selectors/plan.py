"""Reads of the strategy plan: the access functions every view of it goes through, and the queries behind its pages.

Access functions check the user's role (``base.permissions`` decides) before they look anything up, so a user
without a role learns nothing about what exists (403), and a missing object is a 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Model, Prefetch, QuerySet, When
from django.http import Http404

from base.permissions import can_edit_strategy, can_read_strategy

from ..models import (
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
    """The plan an element (or an opportunity space) belongs to, along its model's ``PLAN_PATH``."""
    for step in type(obj).PLAN_PATH.split("__"):
        obj = getattr(obj, step)
    return obj


def authorize(user, *, write: bool) -> None:
    """403 unless ``user`` may read the strategy (or, with ``write``, change it)."""
    allowed = can_edit_strategy(user) if write else can_read_strategy(user)
    if not allowed:
        raise PermissionDenied


def default_plan() -> StrategyPlan | None:
    return StrategyPlan.objects.order_by("id").first()


def get_plan_for_user(user, slug: str, *, write: bool = False) -> StrategyPlan:
    authorize(user, write=write)
    try:
        return StrategyPlan.objects.select_related("area").get(slug=slug)
    except StrategyPlan.DoesNotExist:
        raise Http404 from None


def strategy_objects(model: type[Model]) -> QuerySet:
    """The objects of one kind with what their pages and the API show of them fetched along."""
    queryset = model.objects.select_related(model.PLAN_PATH, *_RELATED.get(model, ()))
    return queryset.prefetch_related(*_PREFETCH.get(model, ()))


def get_strategy_object_for_user(user, model: type[Model], pk: int, *, write: bool = False) -> Model:
    """The one way a view fetches a vision, target, principle, strategy, move, main move or opening move."""
    authorize(user, write=write)
    try:
        return strategy_objects(model).get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None


# --- Page queries -------------------------------------------------------------------------


def active_vision(plan: StrategyPlan) -> Vision | None:
    return plan.visions.filter(is_active=True).first()


def visions_of(plan: StrategyPlan) -> QuerySet[Vision]:
    return plan.visions.all()


def targets_of(plan: StrategyPlan) -> QuerySet[Target]:
    """The plan's targets with the moves that serve them (and each move's strategy and perspectives)."""
    return plan.targets.prefetch_related(
        Prefetch(
            "moves",
            queryset=Move.objects.select_related("strategy")
            .prefetch_related("perspectives")
            .order_by("strategy_id", "number"),
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
