"""The official criteria for vulnerable housing areas (almenboligloven §§ 61 a, 61 b), as a pure computation.

Nothing here touches the database: ``judge`` takes a rule set, an area and a way to read observations, and
returns the verdict with every criterion's value, threshold and whether it is met. The recompute service
loads the data and stores the verdicts.

Rules (see docs/indicators.md):
- List year Y uses data year L = Y − 1. A criterion averaged over n years averages the yearly values of
  L − n + 1 … L; the national conviction share is the country's own share averaged the same way, and the
  criterion compares the two averages; income compares with the area's region in the same year.
- All arithmetic is exact (``Decimal``); the law's words decide a value exactly on the threshold: "overstiger"
  is >, "mindst" is ≥, "mindre end" is <.
- Missing data makes a criterion unknown (``met is None``): shown as such, never counted as met. A group or
  category that unknown criteria could still decide is "undetermined", not met.
- A housing area is eligible with at least ``min_residents`` residents in year L.
- The strictest category (hard ghetto; transformation area) needs the list category (ghetto; parallel
  society) in each of the last ``streak_years`` list years, each year judged by that year's own rule set.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Context, Decimal, DivisionByZero, InvalidOperation

# The variables each measure reads: numerator and denominator of the yearly value.
MEASURE_VARIABLES: dict[str, tuple[str, str]] = {
    "pct_outside_work_education": ("outside_work_education_18_64", "residents_18_64"),
    "pct_convicted": ("convicted_18_plus", "residents_18_plus"),
    "ratio_convicted_national": ("convicted_18_plus", "residents_18_plus"),
    "pct_basic_only": ("basic_education_only_30_59", "residents_30_59"),
    "pct_basic_or_unknown": ("basic_or_unknown_education_30_59", "residents_30_59"),
    "pct_income_region": ("avg_gross_income_15_64_excl_students", "avg_gross_income_15_64_excl_students"),
    "pct_non_western": ("non_western_immigrants_descendants", "residents"),
}
RESIDENTS = "residents"
# Income is an amount, not a count of persons; everything else the criteria read is.
NOT_PERSON_COUNTS = frozenset({"avg_gross_income_15_64_excl_students"})

HUNDRED = Decimal(100)
_CONTEXT = Context(prec=34)


@dataclass(frozen=True)
class CriterionSpec:
    group: str
    code: str
    measure: str
    comparison: str  # "gt", "gte" or "lt"
    threshold: Decimal
    years_averaged: int
    group_minimum: int


@dataclass(frozen=True)
class RuleSetSpec:
    code: str
    scheme: str
    first_list_year: int
    last_list_year: int | None
    min_residents: int
    streak_years: int
    criteria: tuple[CriterionSpec, ...]

    def covers(self, list_year: int) -> bool:
        return self.first_list_year <= list_year and (self.last_list_year is None or list_year <= self.last_list_year)


@dataclass(frozen=True)
class AreaInfo:
    """A housing area and the ancestors the criteria compare with."""

    id: int
    code: str
    is_housing_area: bool
    country_id: int | None
    region_id: int | None


@dataclass(frozen=True)
class CriterionOutcome:
    group: str
    code: str
    value: Decimal | None
    threshold: Decimal
    comparison: str
    met: bool | None
    suppressed: bool


@dataclass(frozen=True)
class Verdict:
    area_id: int
    list_year: int
    rule_set: str
    residents: Decimal | None
    eligible: bool | None
    categories: tuple[str, ...]
    undetermined: tuple[str, ...]
    criteria: tuple[CriterionOutcome, ...] = field(default=())


# Category codes, and which group feeds which category in each scheme (for the export's "category" field).
GHETTO = "ghettoomraade"
HARD_GHETTO = "haardt_ghettoomraade"
UDSAT = "udsat_boligomraade"
PARALLEL = "parallelsamfund"
TRANSFORMATION = "omdannelsesomraade"
PREVENTION = "forebyggelsesomraade"
CATEGORY_ORDER = (UDSAT, GHETTO, HARD_GHETTO, PARALLEL, TRANSFORMATION, PREVENTION)

GROUP_CATEGORY = {
    "ghetto_2010": {"ghetto": GHETTO},
    "ghetto_2013": {"ghetto": GHETTO},
    "udsat_2018": {"udsat": UDSAT, "non_western": GHETTO},
    "udsat_2021": {
        "udsat": UDSAT,
        "non_western": PARALLEL,
        "prevention": PREVENTION,
        "prevention_non_western": PREVENTION,
    },
}
# The category a streak counts, and the streak's own category.
LIST_CATEGORY = {"ghetto_2010": GHETTO, "ghetto_2013": GHETTO, "udsat_2018": GHETTO, "udsat_2021": PARALLEL}
STREAK_CATEGORY = {"udsat_2018": HARD_GHETTO, "udsat_2021": TRANSFORMATION}

ValueOf = Callable[[int, int, str], Decimal | None]


def compare(value: Decimal, comparison: str, threshold: Decimal) -> bool:
    if comparison == "gt":
        return value > threshold
    if comparison == "gte":
        return value >= threshold
    if comparison == "lt":
        return value < threshold
    raise ValueError(f"unknown comparison {comparison!r}")


def _and(*values: bool | None) -> bool | None:
    """Three-valued AND: False wins, then unknown."""
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def _divide(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    # The context's own methods: exact to 34 digits whatever the thread's context is, without entering a
    # local context for each of the ~100,000 divisions of a national run.
    try:
        return _CONTEXT.divide(numerator, denominator)
    except (DivisionByZero, InvalidOperation):
        return None


def _percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    ratio = _divide(numerator, denominator)
    return None if ratio is None else _CONTEXT.multiply(ratio, HUNDRED)


def _mean(values: Sequence[Decimal]) -> Decimal:
    total = Decimal(0)
    for value in values:
        total = _CONTEXT.add(total, value)
    return _CONTEXT.divide(total, Decimal(len(values)))


class _Reader:
    """Reads observations and remembers whether a small count (1–4 persons) went into the value."""

    def __init__(self, value_of: ValueOf, shares: dict | None = None):
        self.value_of = value_of
        self.suppressed = False
        # (area, year, measure) -> (share, derived from a small count): averaging windows and rule sets overlap.
        self.shares = {} if shares is None else shares

    def get(self, area_id: int | None, year: int, variable: str) -> Decimal | None:
        if area_id is None:
            return None
        value = self.value_of(area_id, year, variable)
        if value is not None and variable not in NOT_PERSON_COUNTS and 1 <= value <= 4:
            self.suppressed = True
        return value

    def share(self, area_id: int | None, year: int, measure: str) -> Decimal | None:
        """The measure's yearly value in percent (or a plain ratio for income's numerator/denominator)."""
        key = (area_id, year, measure)
        if key in self.shares:
            share, small = self.shares[key]
            self.suppressed |= small
            return share
        before, self.suppressed = self.suppressed, False
        numerator_code, denominator_code = MEASURE_VARIABLES[measure]
        numerator = self.get(area_id, year, numerator_code)
        denominator = self.get(area_id, year, denominator_code)
        share = None if numerator is None or denominator is None else _percent(numerator, denominator)
        self.shares[key] = (share, self.suppressed)
        self.suppressed |= before
        return share


def measure_value(
    spec: CriterionSpec, area: AreaInfo, data_year: int, value_of: ValueOf, shares: dict | None = None
) -> tuple[Decimal | None, bool]:
    """The criterion's value for data year L, and whether it is derived from a count of 1–4 persons.

    ``shares`` may carry yearly shares already computed (by an earlier call of the same judge)."""
    reader = _Reader(value_of, shares)
    years = range(data_year - spec.years_averaged + 1, data_year + 1)
    if spec.measure == "pct_income_region":
        yearly = []
        for year in years:
            own = reader.get(area.id, year, "avg_gross_income_15_64_excl_students")
            region = reader.get(area.region_id, year, "avg_gross_income_15_64_excl_students")
            yearly.append(None if own is None or region is None else _percent(own, region))
    else:
        yearly = [reader.share(area.id, year, spec.measure) for year in years]
    if any(value is None for value in yearly):
        return None, reader.suppressed
    value = _mean(yearly)
    if spec.measure == "ratio_convicted_national":
        national = [reader.share(area.country_id, year, spec.measure) for year in years]
        if any(share is None for share in national):
            return None, reader.suppressed
        value = _divide(value, _mean(national))
    return value, reader.suppressed


def judge_criteria(
    rule_set: RuleSetSpec, area: AreaInfo, list_year: int, value_of: ValueOf, shares: dict | None = None
) -> list[CriterionOutcome]:
    outcomes = []
    for spec in rule_set.criteria:
        value, suppressed = measure_value(spec, area, list_year - 1, value_of, shares)
        met = None if value is None else compare(value, spec.comparison, spec.threshold)
        outcomes.append(
            CriterionOutcome(spec.group, spec.code, value, spec.threshold, spec.comparison, met, suppressed)
        )
    return outcomes


def group_status(rule_set: RuleSetSpec, outcomes: Sequence[CriterionOutcome], group: str) -> bool | None:
    """Met when at least the group's minimum of its criteria are met; unknown when unknowns could decide."""
    members = [o for o in outcomes if o.group == group]
    if not members:
        return False
    minimum = next(spec.group_minimum for spec in rule_set.criteria if spec.group == group)
    met = sum(1 for o in members if o.met is True)
    unknown = sum(1 for o in members if o.met is None)
    if met >= minimum:
        return True
    if met + unknown >= minimum:
        return None
    return False


class Judge:
    """Judges housing areas year by year; remembers each year's list status for the streak categories."""

    def __init__(self, rule_sets: Sequence[RuleSetSpec], value_of: ValueOf):
        self.rule_sets = sorted(rule_sets, key=lambda r: r.first_list_year)
        self.value_of = value_of
        self._verdicts: dict[tuple[int, int], Verdict] = {}
        self._shares: dict = {}

    def rule_set_for(self, list_year: int) -> RuleSetSpec | None:
        return next((r for r in self.rule_sets if r.covers(list_year)), None)

    def verdict(self, area: AreaInfo, list_year: int) -> Verdict | None:
        """The verdict for ``list_year``, or None when no rule set covers that year."""
        key = (area.id, list_year)
        if key not in self._verdicts:
            rule_set = self.rule_set_for(list_year)
            if rule_set is None:
                return None
            self._verdicts[key] = self._judge(rule_set, area, list_year)
        return self._verdicts[key]

    def _list_status(self, area: AreaInfo, list_year: int) -> bool | None:
        verdict = self.verdict(area, list_year)
        if verdict is None:  # before the first rule set: the area was on no list
            return False
        rule_set = self.rule_set_for(list_year)
        category = LIST_CATEGORY[rule_set.scheme]
        if category in verdict.categories:
            return True
        return None if category in verdict.undetermined else False

    def _judge(self, rule_set: RuleSetSpec, area: AreaInfo, list_year: int) -> Verdict:
        residents = self.value_of(area.id, list_year - 1, RESIDENTS)
        if not area.is_housing_area:
            eligible: bool | None = False
        elif residents is None:
            eligible = None
        else:
            eligible = residents >= rule_set.min_residents
        outcomes = judge_criteria(rule_set, area, list_year, self.value_of, self._shares)

        status: dict[str, bool | None] = {}
        scheme = rule_set.scheme
        if scheme in ("ghetto_2010", "ghetto_2013"):
            status[GHETTO] = _and(eligible, group_status(rule_set, outcomes, "ghetto"))
        else:
            udsat = _and(eligible, group_status(rule_set, outcomes, "udsat"))
            status[UDSAT] = udsat
            listed = _and(udsat, group_status(rule_set, outcomes, "non_western"))
            status[LIST_CATEGORY[scheme]] = listed
            if scheme == "udsat_2021":
                status[PREVENTION] = _and(
                    eligible,
                    group_status(rule_set, outcomes, "prevention"),
                    group_status(rule_set, outcomes, "prevention_non_western"),
                )
        # Store this year's verdict before looking back, so the streak can read it.
        verdict = self._verdict(area, list_year, rule_set, residents, eligible, status, outcomes)
        self._verdicts[(area.id, list_year)] = verdict
        if scheme in STREAK_CATEGORY:
            earlier = [
                self._list_status(area, year) for year in range(list_year - rule_set.streak_years + 1, list_year)
            ]
            status[STREAK_CATEGORY[scheme]] = _and(status[LIST_CATEGORY[scheme]], *earlier)
            verdict = self._verdict(area, list_year, rule_set, residents, eligible, status, outcomes)
        return verdict

    @staticmethod
    def _verdict(area, list_year, rule_set, residents, eligible, status, outcomes) -> Verdict:
        return Verdict(
            area_id=area.id,
            list_year=list_year,
            rule_set=rule_set.code,
            residents=residents,
            eligible=eligible,
            categories=tuple(c for c in CATEGORY_ORDER if status.get(c) is True),
            undetermined=tuple(c for c in CATEGORY_ORDER if c in status and status[c] is None),
            criteria=tuple(outcomes),
        )
