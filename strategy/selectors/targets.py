"""The targets' tiles: each target of a plan with its indicators, their values over the years, the latest known one,
its direction since the year before and its status against the path to the target. What the dashboard, the targets'
pages, the meeting packs, the one-page report and the strategy map show of the targets: one reading, one look
(``templates/strategy/_target_tile.html``)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, QuerySet

from base.filters import filtered

from ..charts import Sparkline, sparkline
from ..filters import IndicatorValueFilter
from ..models import Area, IndicatorDefinition, IndicatorValue, StrategyPlan, Target
from ..progress import AT_RISK, OFF_TRACK, ON_TRACK, UNKNOWN, indicator_status

# The order of a target's status when its indicators disagree: the worst one shows.
STATUS_ORDER = (OFF_TRACK, AT_RISK, UNKNOWN, ON_TRACK)


def direction(new: Decimal | None, old: Decimal | None) -> str:
    """ "up", "down" or "flat" from ``old`` to ``new``; "" when either is unknown."""
    if new is None or old is None:
        return ""
    if new > old:
        return "up"
    return "down" if new < old else "flat"


def status_of(definition: IndicatorDefinition, year: int | None, value: Decimal | None) -> str:
    """The indicator's status with ``value`` in ``year`` against the path from its baseline to its target."""
    return indicator_status(
        higher_is_better=definition.direction == IndicatorDefinition.Direction.HIGHER_IS_BETTER,
        baseline_year=definition.baseline_year,
        baseline_value=definition.baseline_value,
        target_value=definition.target_value,
        deadline_year=definition.deadline.year if definition.deadline else None,
        year=year,
        value=value,
    )


def improving(definition: IndicatorDefinition, trend: str) -> bool | None:
    """Whether a change in ``trend`` ("up", "down", "flat", "") is for the better, by the indicator's direction;
    None when unchanged or unknown."""
    if trend not in ("up", "down"):
        return None
    return (trend == "up") == (definition.direction == IndicatorDefinition.Direction.HIGHER_IS_BETTER)


@dataclass
class IndicatorTile:
    definition: IndicatorDefinition
    area: Area | None
    values: list[tuple[int, Decimal | None]]  # (year, value; None when suppressed)
    latest_year: int | None
    latest_value: Decimal | None
    previous_value: Decimal | None
    status: str
    spark: Sparkline | None

    @property
    def name(self) -> str:
        """The indicator's name in the reader's language."""
        return self.definition.name

    @property
    def trend(self) -> str:
        """Up, down or flat ("up", "down", "flat") from the year before the latest known value; "" when unknown."""
        return direction(self.latest_value, self.previous_value)

    @property
    def improving(self) -> bool | None:
        return improving(self.definition, self.trend)


@dataclass
class TargetTile:
    target: object
    indicators: list[IndicatorTile] = field(default_factory=list)

    @property
    def perspectives(self) -> list:
        """The perspectives of the moves that serve the target, in the method's order (prefetch the moves and their
        perspectives: ``targets_of``)."""
        found = {p.pk: p for move in self.target.moves.all() for p in move.perspectives.all()}
        return sorted(found.values(), key=lambda perspective: (perspective.position, perspective.pk))

    @property
    def status(self) -> str:
        statuses = [tile.status for tile in self.indicators]
        return min(statuses, key=STATUS_ORDER.index) if statuses else UNKNOWN


def target_tiles(
    plan: StrategyPlan,
    *,
    area: Area | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    targets: QuerySet[Target] | None = None,
) -> list[TargetTile]:
    """Each target of the plan with its indicators: the values over the years in the area each indicator is measured
    in (or in ``area``), the latest known one and its status against the path to the target. ``year_from`` and
    ``year_to`` limit the years (through the API's own FilterSet): the latest value is then the period's last.
    ``targets``: some of the plan's targets, or all of them with more prefetched. Three queries (and those
    prefetches)."""
    targets = list(
        (plan.targets.all() if targets is None else targets)
        .order_by("number")
        .prefetch_related(
            Prefetch("indicators", queryset=IndicatorDefinition.objects.select_related("area").order_by("code"))
        )
    )
    definitions = [definition for target in targets for definition in target.indicators.all()]
    rows = IndicatorValue.objects.filter(definition__in=definitions).order_by("definition_id", "year")
    rows = rows.filter(area=area) if area is not None else rows.filter(area_id=F("definition__area_id"))
    period = {name: value for name, value in (("year_from", year_from), ("year_to", year_to)) if value is not None}
    if period:
        rows = filtered(IndicatorValueFilter(period, queryset=rows))
    by_definition: dict[int, list[tuple[int, Decimal | None]]] = {}
    for definition_id, year, value, suppressed in rows.values_list("definition_id", "year", "value", "suppressed"):
        by_definition.setdefault(definition_id, []).append((year, None if suppressed else value))
    tiles = []
    for target in targets:
        tile = TargetTile(target)
        for definition in target.indicators.all():
            values = by_definition.get(definition.pk, [])
            known = [(year, value) for year, value in values if value is not None]
            latest_year, latest_value = known[-1] if known else (None, None)
            previous_value = known[-2][1] if len(known) > 1 else None
            status = status_of(definition, latest_year, latest_value)
            tile.indicators.append(
                IndicatorTile(
                    definition=definition,
                    area=area or definition.area,
                    values=values,
                    latest_year=latest_year,
                    latest_value=latest_value,
                    previous_value=previous_value,
                    status=status,
                    spark=sparkline(values, definition.target_value),
                )
            )
        tiles.append(tile)
    return tiles
