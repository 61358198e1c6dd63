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


def get_area_for_user(user, code: str):
    """An area whose indicators the user may read (everyone with a role), or 404/403."""
    from governance.selectors import can_read_indicators

    from .models import Area

    if not can_read_indicators(user):
        raise PermissionDenied
    try:
        return Area.objects.select_related("parent").get(code=code)
    except Area.DoesNotExist:
        raise Http404 from None


def areas_for_list():
    """Areas for the list page: housing areas first, then up the tree, by name."""
    from .models import Area

    order = Case(*(When(kind=kind, then=i) for i, kind in enumerate(reversed(Area.Kind.values))))
    return Area.objects.select_related("parent").order_by(order, "name")


def attach_latest_classification(areas: list) -> int | None:
    """Attach to each area its classification of the newest list year (or None); returns that year."""
    from django.db.models import Max

    from .models import Classification

    newest_year = Classification.objects.aggregate(newest=Max("list_year"))["newest"]
    rows = Classification.objects.filter(list_year=newest_year, area__in=[a.pk for a in areas])
    newest = {row.area_id: row for row in rows}
    for area in areas:
        area.latest_classification = newest.get(area.pk)
    return newest_year


def shows_example_figures(area) -> bool:
    """Whether any figure behind this area's pages is a synthetic example (the demo's)."""
    from .models import Observation

    return Observation.objects.filter(area=area, source__is_example=True).exists()


def area_criteria(area) -> dict:
    """The area's classifications by list year, and per criterion its values over the years (for the charts)."""
    from .charts import line_chart
    from .models import RuleCriterion

    classifications = list(
        area.classifications.select_related("rule_set").prefetch_related("criteria").order_by("list_year")
    )
    series: dict[tuple[str, str], dict] = {}
    for row in classifications:
        for result in row.criteria.all():
            entry = series.setdefault(
                (result.group, result.code),
                {
                    "group": RuleCriterion.Group(result.group).label,
                    "label": RuleCriterion.Code(result.code).label,
                    "years": [],
                },
            )
            entry["years"].append((row.list_year, result))
    criteria = []
    for (group, code), entry in sorted(series.items()):
        points = [(year, None if r.suppressed else r.value) for year, r in entry["years"]]
        thresholds = [(year, r.threshold) for year, r in entry["years"]]
        criteria.append({**entry, "key": f"{group}-{code}", "chart": line_chart(points, thresholds)})
    latest = classifications[-1] if classifications else None
    group_order = {group: i for i, group in enumerate(RuleCriterion.Group.values)}
    criteria.sort(key=lambda c: group_order.get(c["key"].split("-")[0], 99))
    latest_criteria = (
        sorted(latest.criteria.all(), key=lambda r: (group_order.get(r.group, 99), r.code)) if latest else []
    )
    return {
        "classifications": classifications,
        "latest": latest,
        "latest_criteria": latest_criteria,
        "criteria": criteria,
    }


def area_indicators(area) -> list[dict]:
    """Each indicator's values for the area by year, against its baseline and target, with its status."""
    from .charts import line_chart
    from .models import IndicatorDefinition, IndicatorValue
    from .progress import indicator_status

    values: dict[int, list] = {}
    for value in IndicatorValue.objects.filter(area=area).order_by("year"):
        values.setdefault(value.definition_id, []).append(value)
    result = []
    for definition in IndicatorDefinition.objects.select_related("target").order_by("code"):
        rows = values.get(definition.pk, [])
        if not rows:
            continue
        shown = [v for v in rows if not v.suppressed]
        latest = shown[-1] if shown else None
        status = indicator_status(
            higher_is_better=definition.direction == IndicatorDefinition.Direction.HIGHER_IS_BETTER,
            baseline_year=definition.baseline_year,
            baseline_value=definition.baseline_value,
            target_value=definition.target_value,
            deadline_year=definition.deadline.year if definition.deadline else None,
            year=latest.year if latest else None,
            value=latest.value if latest else None,
        )
        reference = [(v.year, definition.target_value) for v in rows] if definition.target_value is not None else None
        result.append(
            {
                "definition": definition,
                "values": rows,
                "latest": latest,
                "status": status,
                "chart": line_chart([(v.year, None if v.suppressed else v.value) for v in rows], reference),
            }
        )
    return result


def get_indicator_for_user(user, pk: int, *, write: bool = False):
    """An indicator definition: everyone with a role reads it; planners and administrators change it."""
    from .models import IndicatorDefinition

    _authorize(user, write=write)
    try:
        return IndicatorDefinition.objects.select_related("target", "area").get(pk=pk)
    except IndicatorDefinition.DoesNotExist:
        raise Http404 from None


def indicator_definitions():
    from .models import IndicatorDefinition

    return IndicatorDefinition.objects.select_related("target", "area").order_by("code")


def variables():
    from .models import Variable

    return Variable.objects.order_by("code")
