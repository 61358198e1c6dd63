"""What the steering group's dashboard shows, read from the tables the background jobs fill and the apps' own
records: the targets' indicators, the official criteria of the plan's housing areas, the opportunity portfolio,
the social meeting places, risks and potentials, decisions and action items, and how fresh the data are.

Every part is a fixed number of queries, whatever the number of areas, spaces or risks
(``tests/dashboard/test_dashboard.py`` pins the total on the demo and on a national-scale set).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q, Subquery, Window
from django.utils import timezone

from base.filters import filtered
from base.permissions import can_read_all_spaces
from opportunities.filters import SpaceFilter
from opportunities.models import Stage
from opportunities.selectors import portfolio, spaces_for_user, stale_condition
from partnership.models import ActionItem, Decision, Meeting, Risk
from partnership.models.steering import UNFINISHED
from partnership.selectors.records import heat_map, next_meeting, risks_due_for_review
from strategy.models import (
    Area,
    Classification,
    Perspective,
    RecomputeRun,
    Strategy,
    StrategyPlan,
)
from strategy.selectors.plan import STRATEGY_ORDER
from strategy.selectors.statistics import criterion_order, statistics_include_examples
from strategy.selectors.targets import direction, target_tiles

# Decisions and action items "due" are those due within this many days (overdue ones always show).
DUE_WITHIN_DAYS = 30
DUE_LISTED = 8
MEETING_PLACE_LEADERS = 5
# A criterion not met but within this share of its threshold counts as "near".
NEAR_SHARE = Decimal("0.10")


@dataclass(frozen=True)
class _Reader:
    """What a FilterSet asks of its request: who reads (its choices are those the reader may see)."""

    user: object


def housing_areas_of(plan: StrategyPlan) -> list[Area]:
    """The plan's housing areas, by name: its area when that is a housing area (the demo's Værebro Park), and every
    housing area within it. One query over the area tree's ids (a few thousand rows at national scale), then one
    for the areas themselves."""
    if plan.area_id is None:
        return []
    children: dict[int | None, list[int]] = {}
    kinds: dict[int, str] = {}
    for pk, parent_id, kind in Area.objects.values_list("id", "parent_id", "kind"):
        children.setdefault(parent_id, []).append(pk)
        kinds[pk] = kind
    found, stack = [], [plan.area_id]
    while stack:
        current = stack.pop()
        if kinds.get(current) == Area.Kind.HOUSING_AREA:
            found.append(current)
        stack.extend(children.get(current, ()))
    return list(Area.objects.filter(pk__in=found).order_by("name", "code"))


@dataclass
class CriterionRow:
    result: object
    previous: object | None

    @property
    def near(self) -> bool:
        """Not met, but within a tenth of the threshold."""
        result = self.result
        if result.met is not False or result.suppressed or result.value is None or not result.threshold:
            return False
        return abs(result.value - result.threshold) <= abs(result.threshold) * NEAR_SHARE

    @property
    def trend(self) -> str:
        def shown(result):
            return None if result is None or result.suppressed else result.value

        return direction(shown(self.result), shown(self.previous))


@dataclass
class AreaCriteria:
    area: Area
    latest: Classification | None
    previous: Classification | None
    rows: list[CriterionRow]

    @property
    def met_count(self) -> int:
        return sum(1 for row in self.rows if row.result.met)

    @property
    def near_count(self) -> int:
        return sum(1 for row in self.rows if row.near)


def criteria_panel(areas: list[Area], *, until: int | None = None) -> list[AreaCriteria]:
    """Per housing area: the latest list year's lists and criteria (value, threshold, distance, verdict), each
    against the year before; with ``until``, the latest list year up to it. Two queries: the classifications of the
    last two list years and their criteria."""
    if not areas:
        return []
    judged = Classification.objects.filter(area__in=areas)
    if until is not None:
        judged = judged.filter(list_year__lte=until)
    latest_year = judged.order_by("-list_year").values_list("list_year", flat=True)[:1]
    classifications = (
        # The latest two list years of these areas, in the same statement.
        judged.filter(list_year__gte=ExpressionWrapper(Subquery(latest_year) - 1, output_field=IntegerField()))
        .select_related("rule_set")
        .prefetch_related("criteria")
        .order_by("area_id", "-list_year")
    )
    by_area: dict[int, list[Classification]] = {}
    for row in classifications:
        by_area.setdefault(row.area_id, []).append(row)
    panel = []
    for area in areas:
        rows = by_area.get(area.pk, [])
        latest = rows[0] if rows else None
        previous = rows[1] if len(rows) > 1 else None
        earlier = {(r.group, r.code): r for r in previous.criteria.all()} if previous else {}
        criteria = (
            [
                CriterionRow(r, earlier.get((r.group, r.code)))
                for r in sorted(latest.criteria.all(), key=lambda r: criterion_order(r.group, r.code))
            ]
            if latest
            else []
        )
        panel.append(AreaCriteria(area, latest, previous, criteria))
    return panel


# --- The opportunity portfolio and the social meeting places ---------------------------------------------------


def portfolio_panel(
    plan: StrategyPlan,
    user,
    *,
    strategies: list[Strategy],
    strategy: Strategy | None,
    since: datetime.date | None,
) -> dict:
    """The spaces ``user`` may see: how many at each stage per strategy (through their moves; a space serving two
    strategies counts in both, one serving none under "no move"), started and moved since the last meeting, not
    updated for 8 weeks; which principles no space carries; the spaces per perspective; the social meeting places
    by their latest index. Five queries. ``strategies``: the plan's, in their order."""
    spaces = spaces_for_user(user).filter(plan=plan)
    if strategy is not None:  # the portfolio list's and the API's own filter
        spaces = filtered(SpaceFilter({"strategy": str(strategy.pk)}, queryset=spaces, request=_Reader(user)))
    cells = {
        (stage, strategy_id): n
        for stage, strategy_id, n in spaces.order_by()
        .values_list("stage", "moves__strategy")
        .annotate(n=Count("id", distinct=True))
    }
    columns = [(s.pk, s) for s in strategies if strategy is None or s.pk == strategy.pk] + (
        [(None, None)] if strategy is None else []
    )
    stages = [
        {"stage": value, "label": label, "counts": [cells.get((value, pk), 0) for pk, _s in columns]}
        for value, label in Stage.choices
    ]
    recent = Q(created_at__date__gte=since) if since else Q(pk__in=[])
    moved = Q(stage_since__gte=since) if since else Q(pk__in=[])
    totals = spaces.order_by().aggregate(
        total=Count("id", distinct=True),
        started=Count("id", filter=recent, distinct=True),
        moved=Count("id", filter=moved & ~recent, distinct=True),
        stopped=Count("id", filter=moved & Q(stage=Stage.STOPPED), distinct=True),
        stale=Count("id", filter=stale_condition() & ~Q(stage=Stage.STOPPED), distinct=True),
    )
    visible = Q(opportunity_spaces__in=spaces)
    principles = list(
        plan.principles.order_by("number").annotate(
            space_count=Count("opportunity_spaces", filter=visible, distinct=True)
        )
    )
    perspectives = list(
        Perspective.objects.order_by("position", "code").annotate(
            space_count=Count(
                "moves__opportunity_spaces",
                filter=Q(moves__opportunity_spaces__in=spaces, moves__strategy__plan=plan),
                distinct=True,
            )
        )
    )
    return {
        "columns": [s for _pk, s in columns],
        "stages": stages,
        **totals,
        "principles": principles,
        "uncovered_principles": [p for p in principles if not p.space_count],
        "perspectives": perspectives,
        "reads_all": can_read_all_spaces(user),
    }


# --- Risks, decisions, action items -------------------------------------------------------------------------


def risk_panel(plan: StrategyPlan, *, today: datetime.date) -> dict:
    """Heat maps of the open obstacles and, apart, the open potentials; the highest-scored of each; how many are
    due for review; every open one (``open``). Three queries."""
    open_risks = plan.risks.exclude(status=Risk.Status.CLOSED)
    top = list(  # without their owners: neither the dashboard nor its report shows them
        open_risks.annotate(score_order=F("likelihood") * F("impact")).order_by(
            "kind", "-score_order", "-impact", "title", "id"
        )
    )
    grids = heat_map(open_risks)
    return {
        "obstacles": grids[Risk.Kind.OBSTACLE],
        "potentials": grids[Risk.Kind.POTENTIAL],
        "top_obstacles": [r for r in top if r.kind == Risk.Kind.OBSTACLE][:3],
        "top_potentials": [r for r in top if r.kind == Risk.Kind.POTENTIAL][:3],
        "to_review": risks_due_for_review(plan.risks.all(), today=today).count(),
        "open": top,
    }


def due_panel(plan: StrategyPlan, *, today: datetime.date) -> dict:
    """Decisions and action items not carried out that are overdue or due within ``DUE_WITHIN_DAYS``, soonest first
    (the first ``DUE_LISTED`` of each), and how many in all. Two queries: the counts come with the first rows (window
    aggregates are computed before the limit)."""
    due = Q(status__in=UNFINISHED, due_on__lte=today + datetime.timedelta(days=DUE_WITHIN_DAYS))
    late = Q(due_on__lt=today)

    def soonest(model) -> tuple[list, dict]:
        rows = list(
            model.objects.filter(due, meeting__group__plan=plan)
            .select_related("owner__organisation", "meeting")
            .annotate(due_total=Window(Count("id")), late_total=Window(Count("id", filter=late)))
            .order_by("due_on", "id")[:DUE_LISTED]
        )
        return rows, {"due": rows[0].due_total if rows else 0, "late": rows[0].late_total if rows else 0}

    decisions, decision_counts = soonest(Decision)
    action_items, item_counts = soonest(ActionItem)
    return {
        "decisions": decisions,
        "action_items": action_items,
        "decision_counts": decision_counts,
        "item_counts": item_counts,
    }


def last_meeting_before(plan: StrategyPlan, now: datetime.datetime) -> Meeting | None:
    """The latest held meeting before now: "since the last meeting" counts from its day."""
    return (
        Meeting.objects.filter(group__plan=plan, status=Meeting.Status.HELD, starts_at__lt=now)
        .order_by("-starts_at", "-id")
        .first()
    )


def meeting_places(plan: StrategyPlan, user) -> dict:
    """The spaces ``user`` may see that qualify as social meeting places by their latest index, highest first. One
    query."""
    places = list(
        portfolio(user)
        .filter(plan=plan, is_meeting_place=True)
        .order_by(F("latest_index").desc(nulls_last=True), "title")
    )
    return {"leaders": places[:MEETING_PLACE_LEADERS], "count": len(places), "all": places}


def dashboard(
    plan: StrategyPlan,
    user,
    *,
    area: Area | None = None,
    strategy: Strategy | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    housing_areas: list[Area] | None = None,
    strategies: list[Strategy] | None = None,
) -> dict:
    """Everything the dashboard shows, for ``user`` (who sees only the spaces they may see), filtered to one housing
    area, one strategy and a period of years (the indicators' years and the list years up to its end) when given.
    ``housing_areas`` and ``strategies``: the plan's, when the caller has them."""
    now = timezone.now()
    today = timezone.localdate(now)
    last_meeting = last_meeting_before(plan, now)
    since = timezone.localdate(last_meeting.starts_at) if last_meeting else None
    areas = housing_areas_of(plan) if housing_areas is None else housing_areas
    targets = target_tiles(plan, area=area, year_from=year_from, year_to=year_to)
    years = [tile.latest_year for target in targets for tile in target.indicators if tile.latest_year]
    strategies = list(plan.strategies.order_by(STRATEGY_ORDER)) if strategies is None else strategies
    return {
        "targets": targets,
        "statistics_year": max(years) if years else None,
        "housing_areas": areas,
        "criteria": criteria_panel([area] if area is not None and area in areas else areas, until=year_to),
        "portfolio": portfolio_panel(plan, user, strategies=strategies, strategy=strategy, since=since),
        "places": meeting_places(plan, user),
        "risks": risk_panel(plan, today=today),
        "due": due_panel(plan, today=today),
        "next_meeting": next_meeting(plan, now=now),
        "last_meeting": last_meeting,
        "since": since,
        "last_run": RecomputeRun.objects.order_by("-started_at", "-id").first(),
        "example": statistics_include_examples(),
        "today": today,
    }
