"""Recomputing what is derived from the statistics: the official classifications (and, as they are defined,
the targets' indicators). Called by the Celery tasks and by ``manage.py recompute_indicators``.

A run reads the observations it needs in a few bulk queries, judges every housing area and list year in
memory (``strategy.criteria``), and writes all results in one transaction: readers see the old results or the
new ones, never half. Writes are upserts keyed on (area, list year), so a run repeated, or retried after a
worker died, leaves the same rows.
"""

import gc
import logging
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from base.generation import data_changed
from base.jobs import heartbeat

from .. import criteria
from ..formulas import Formula, FormulaError, evaluate_many, parse_formula
from ..models import (
    Area,
    Classification,
    CriterionResult,
    IndicatorDefinition,
    IndicatorValue,
    Observation,
    RecomputeRun,
    RuleSet,
    StatisticsImport,
    Variable,
)
from .bulk import insert_rows, quantize, upsert_rows

logger = logging.getLogger(__name__)

CRITERIA_VARIABLES = sorted({code for pair in criteria.MEASURE_VARIABLES.values() for code in pair} | {"residents"})


@dataclass(frozen=True)
class _Tree:
    areas: dict[int, Area]

    def ancestor(self, area_id: int, kind: str) -> int | None:
        area = self.areas.get(area_id)
        while area is not None:
            if area.kind == kind:
                return area.pk
            area = self.areas.get(area.parent_id)
        return None

    def descendants_and_self(self, area_ids: Collection[int]) -> set[int]:
        children: dict[int | None, list[int]] = {}
        for area in self.areas.values():
            children.setdefault(area.parent_id, []).append(area.pk)
        found, stack = set(), list(area_ids)
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(children.get(current, ()))
        return found

    def info(self, area_id: int) -> criteria.AreaInfo:
        area = self.areas[area_id]
        return criteria.AreaInfo(
            id=area.pk,
            code=area.code,
            is_housing_area=area.kind == Area.Kind.HOUSING_AREA,
            country_id=self.ancestor(area.pk, Area.Kind.COUNTRY),
            region_id=self.ancestor(area.pk, Area.Kind.REGION),
        )


def rule_set_specs() -> list[criteria.RuleSetSpec]:
    specs = []
    for rule_set in RuleSet.objects.prefetch_related("criteria"):
        specs.append(
            criteria.RuleSetSpec(
                code=rule_set.code,
                scheme=rule_set.scheme,
                first_list_year=rule_set.first_list_year,
                last_list_year=rule_set.last_list_year,
                min_residents=rule_set.min_residents,
                streak_years=rule_set.streak_years,
                criteria=tuple(
                    criteria.CriterionSpec(
                        group=c.group,
                        code=c.code,
                        measure=c.measure,
                        comparison=c.comparison,
                        threshold=c.threshold,
                        years_averaged=c.years_averaged,
                        group_minimum=c.group_minimum,
                    )
                    for c in rule_set.criteria.all()
                ),
            )
        )
    return specs


def _load_values(area_ids: Collection[int] | None, variables: Collection[str]) -> dict[tuple[int, int, str], Decimal]:
    rows = Observation.objects.filter(variable__code__in=variables)
    if area_ids is not None:
        rows = rows.filter(area_id__in=area_ids)
    return {(a, y, code): value for a, y, code, value in rows.values_list("area_id", "year", "variable__code", "value")}


def _changed(trigger: StatisticsImport, tree: _Tree) -> tuple[set[int], set[int]]:
    """The areas an import can change and the data years it changed. An area's results depend on its own data
    and on its ancestors' (the country's conviction share, the region's income, ancestor() in formulas), so a
    change to the country or a region reaches every area below it."""
    changed = set(trigger.observations.values_list("area_id", "year").distinct())
    return tree.descendants_and_self({area_id for area_id, _year in changed}), {year for _area, year in changed}


def recompute_indicators(
    *, trigger: StatisticsImport | None = None, run: RecomputeRun | None = None, task_id: str = ""
) -> RecomputeRun:
    """Recompute everything (no trigger) or what an import changed. Records the run, also when it fails.

    ``task_id``: the Celery job running it. A job handed out again after its worker died comes with the same id,
    which proves the earlier attempt's run dead: it is recorded as interrupted at once."""
    if task_id:
        _interrupt(RecomputeRun.objects.filter(state=RecomputeRun.State.RUNNING, task_id=task_id))
    close_interrupted_runs()
    if run is None:
        run = RecomputeRun.objects.create(
            scope=RecomputeRun.Scope.INCREMENTAL if trigger else RecomputeRun.Scope.FULL,
            trigger=trigger,
            task_id=task_id,
            heartbeat_at=timezone.now(),
        )
    progress = Progress()
    try:
        with _collector_paused(), _heartbeat(run.pk, progress):
            areas, written, indicator_values = _recompute(trigger=trigger, run=run, progress=progress)
    except Exception as error:
        RecomputeRun.objects.filter(pk=run.pk).update(
            state=RecomputeRun.State.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"
        )
        data_changed()  # the pages say how the last run ended
        logger.exception("Recompute %s failed", run.pk)
        raise
    RecomputeRun.objects.filter(pk=run.pk).update(
        state=RecomputeRun.State.SUCCEEDED,
        finished_at=timezone.now(),
        areas=areas,
        areas_done=progress.done,
        areas_total=progress.total,
        classifications_written=written,
        indicator_values_written=indicator_values,
        error="",
    )
    data_changed()
    run.refresh_from_db()
    return run


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A national run holds a few million small objects (values, shares, verdicts, rows) without reference
    cycles; Python's cyclic garbage collector would walk them again and again, a quarter of the run's time
    (docs/performance.md). Reference counting still frees them; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Progress:
    """How far a run has come: housing areas judged of those in its scope. The run counts; its heartbeat records."""

    done: int = 0
    total: int = 0


# How often a running run records its progress (and that it is alive) at the most; RECOMPUTE_HEARTBEAT_SECONDS
# when that is shorter.
PROGRESS_SECONDS = 2


def _heartbeat(run_id: int, progress: Progress | None = None):
    """While the run lasts, record that it is alive, and how far it has come, every ``RECOMPUTE_HEARTBEAT_SECONDS``
    (every ``PROGRESS_SECONDS`` at the most). When the process dies, ``close_interrupted_runs`` sees the silence."""

    def record() -> None:
        fields = {"heartbeat_at": timezone.now()}
        if progress is not None:
            fields.update(areas_done=progress.done, areas_total=progress.total)
        RecomputeRun.objects.filter(pk=run_id, state=RecomputeRun.State.RUNNING).update(**fields)

    return heartbeat(f"recompute-{run_id}", min(settings.RECOMPUTE_HEARTBEAT_SECONDS, PROGRESS_SECONDS), record)


def _interrupt(runs) -> int:
    return runs.update(state=RecomputeRun.State.FAILED, finished_at=timezone.now(), error=RecomputeRun.INTERRUPTED)


def close_interrupted_runs() -> int:
    """Record as interrupted (failed, "interrupted") every run still "running" whose process has given no sign of
    life for ``RecomputeRun.silent_after()``: its worker was killed or its machine lost. Called before each run
    and every minute by the periodic job; returns how many it closed."""
    silent_since = timezone.now() - RecomputeRun.silent_after()
    return _interrupt(
        RecomputeRun.objects.filter(state=RecomputeRun.State.RUNNING).filter(
            Q(heartbeat_at__lt=silent_since) | Q(heartbeat_at__isnull=True, started_at__lt=silent_since)
        )
    )


def _formulas() -> list[tuple[IndicatorDefinition, Formula]]:
    """The indicator definitions whose formulas parse (a definition is checked on save; a variable removed since
    then makes it unparseable, and it is skipped with a log line rather than stopping the run)."""
    known = set(Variable.objects.values_list("code", flat=True))
    parsed = []
    for definition in IndicatorDefinition.objects.all():
        try:
            parsed.append((definition, parse_formula(definition.formula, known_variables=known)))
        except FormulaError as error:
            logger.warning("Indicator %s has an invalid formula: %s", definition.code, error)
    return parsed


@transaction.atomic
def _recompute(
    *, trigger: StatisticsImport | None, run: RecomputeRun, progress: Progress | None = None
) -> tuple[int, int, int]:
    # One run at a time: the nightly run and an import's run must not interleave, or the one that read the older
    # statistics could store its results last. Locking the rule sets (which every run reads) queues them; the
    # lock goes with the transaction, also when a worker dies. Readers are not blocked.
    list(RuleSet.objects.select_for_update().values_list("pk", flat=True))
    specs = rule_set_specs()
    formulas = _formulas()
    tree = _Tree({area.pk: area for area in Area.objects.only("id", "code", "kind", "parent_id")})
    housing = {pk for pk, area in tree.areas.items() if area.kind == Area.Kind.HOUSING_AREA}
    last_data_year = Observation.objects.aggregate(last=Max("year"))["last"]
    if last_data_year is None:
        return 0, 0, 0
    variables = set(CRITERIA_VARIABLES).union(*(formula.variables for _d, formula in formulas))

    if trigger is None:
        scope, values = set(tree.areas), _load_values(None, variables)
        list_years = indicator_years = None  # all
    else:
        scope, changed_years = _changed(trigger, tree)
        # A list year reads data up to (averaging) + (streak) years back; an indicator up to its years_back.
        window = max((c.years_averaged for s in specs for c in s.criteria), default=1)
        window += max((s.streak_years for s in specs), default=1) - 1
        list_years = {year + offset for year in changed_years for offset in range(1, window + 1)}
        back = max((formula.years_back for _d, formula in formulas), default=0)
        indicator_years = {year + offset for year in changed_years for offset in range(back + 1)}
        needed = set(scope)
        for area_id in scope:  # what the criteria and formulas read above the changed areas
            needed |= {tree.ancestor(area_id, kind) for kind in Area.Kind.values}
        values = _load_values(needed - {None}, variables)

    years_with_data = {(a, y) for a, y, _code in values}
    judge = criteria.Judge(specs, lambda a, y, code: values.get((a, y, code)))
    verdicts = []
    progress = progress or Progress()
    progress.total = len(housing & scope)
    if specs:
        first_list_year = min(spec.first_list_year for spec in specs)
        for area_id in sorted(housing & scope):
            progress.done += 1
            info = tree.info(area_id)
            for list_year in range(first_list_year, last_data_year + 2):
                if list_years is not None and list_year not in list_years:
                    continue
                if (area_id, list_year - 1) not in years_with_data:
                    continue
                verdict = judge.verdict(info, list_year)
                if verdict is not None:
                    verdicts.append(verdict)

    person_counts = set(Variable.objects.filter(is_person_count=True).values_list("code", flat=True))
    computed = []
    points = [
        (area_id, year)
        for area_id, year in sorted(years_with_data)
        if area_id in scope and (indicator_years is None or year in indicator_years)
    ]
    for definition, formula in formulas:
        results = evaluate_many(
            formula,
            points,
            value_of=lambda a, y, code: values.get((a, y, code)),
            ancestor_of=tree.ancestor,
            is_person_count=person_counts.__contains__,
        )
        computed.extend(
            (definition.pk, area_id, year, quantize(result.value), result.suppressed)
            for (area_id, year), result in results
            if result.value is not None
        )
    # All writes are in this function's transaction: readers see the old results or the new ones, never half.
    _store(verdicts, run)
    if trigger is None:
        # Classifications that no longer apply (an area that stopped being a housing area, a list year no rule
        # set covers any more) are removed with their criteria.
        Classification.objects.exclude(run=run).delete()
    _store_indicator_values(computed, run, None if trigger is None else (scope, indicator_years))
    return len(housing & scope), len(verdicts), len(computed)


def _store_indicator_values(computed: list[tuple], run: RecomputeRun, within) -> None:
    """``computed``: (definition id, area id, year, value, suppressed) of every value this run computed."""
    upsert_rows(
        IndicatorValue,
        ["definition_id", "area_id", "year", "value", "suppressed", "run_id"],
        [(*row, run.pk) for row in computed],
        unique=["definition_id", "area_id", "year"],
        update=["value", "suppressed", "run_id"],
    )
    # Values this run recomputed as unknown (data removed, a formula changed) must not linger.
    stale = IndicatorValue.objects.exclude(run=run)
    if within is not None:
        areas, years = within
        stale = stale.filter(area_id__in=areas, year__in=years)
    stale.delete()


def _store(verdicts: list[criteria.Verdict], run: RecomputeRun) -> None:
    if not verdicts:
        return
    rule_set_ids = dict(RuleSet.objects.values_list("code", "id"))
    upsert_rows(
        Classification,
        ["area_id", "list_year", "rule_set_id", "residents", "eligible", "categories", "undetermined", "run_id"],
        [
            (
                v.area_id,
                v.list_year,
                rule_set_ids[v.rule_set],
                v.residents,
                v.eligible,
                list(v.categories),
                list(v.undetermined),
                run.pk,
            )
            for v in verdicts
        ],
        unique=["area_id", "list_year"],
        update=["rule_set_id", "residents", "eligible", "categories", "undetermined", "run_id"],
    )
    # Every classification this run wrote carries the run: their ids, and a clean slate for their criteria.
    ids = {(a, y): pk for a, y, pk in Classification.objects.filter(run=run).values_list("area_id", "list_year", "id")}
    CriterionResult.objects.filter(classification__run=run).delete()
    insert_rows(
        CriterionResult,
        ["classification_id", "group", "code", "value", "threshold", "comparison", "met", "suppressed"],
        (
            (
                ids[(v.area_id, v.list_year)],
                o.group,
                o.code,
                quantize(o.value),
                o.threshold,
                o.comparison,
                o.met,
                o.suppressed,
            )
            for v in verdicts
            for o in v.criteria
        ),
    )
