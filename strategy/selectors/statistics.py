"""Reads of the statistics and what is computed from them: the official classifications (also as the export
contract), the areas, and the targets' indicators with their status."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Max, QuerySet, When
from django.http import Http404

from base.permissions import can_read_indicators

from ..charts import SMALL, line_chart
from ..criteria import GROUP_CATEGORY
from ..formulas import FormulaError, parse_formula
from ..formulas.words import in_words
from ..models import (
    Area,
    Classification,
    IndicatorDefinition,
    IndicatorValue,
    Observation,
    RuleCriterion,
    StatisticsImport,
    Variable,
)
from .plan import authorize
from .targets import direction, improving, status_of

COMPARISON_SYMBOLS = {"gt": ">", "gte": ">=", "lt": "<"}
# Which provision a criterion's list comes from: its threshold line's style on the criteria page's charts (and key).
LAW_OF_GROUP = {
    "ghetto": "ghetto",
    "udsat": "61a",
    "non_western": "61a",
    "prevention": "61b",
    "prevention_non_western": "61b",
}
# The list years the criteria page's summary table shows, newest first (the charts show them all).
SUMMARY_YEARS = 5


def json_number(value):
    """A Decimal as a JSON number (trailing zeros dropped), or None."""
    if value is None:
        return None
    normalised = value.normalize()
    return int(normalised) if normalised == normalised.to_integral_value() else float(normalised)


def classifications_for(*, list_year: int, area_code: str | None = None) -> QuerySet:

    rows = Classification.objects.filter(list_year=list_year, area__kind="housing_area")
    if area_code:
        rows = rows.filter(area__code=area_code)
    return rows.select_related("area", "rule_set").prefetch_related("criteria").order_by("area__code")


def classification_export(*, list_year: int, area_code: str | None = None) -> list[dict]:
    """The export contract: one object per housing area with its categories and each criterion's numbers
    (``export_classification``), as ``manage.py export_classifications`` prints it and the API serves it."""
    example = statistics_include_examples()
    rows = classifications_for(list_year=list_year, area_code=area_code)
    return [export_classification(row, example=example) for row in rows]


def statistics_include_examples() -> bool:
    """Whether any imported statistics are invented example figures (the demo's): then everything computed from
    them says so wherever it is shown, exported or served."""
    return StatisticsImport.objects.filter(is_example=True).exists()


def export_classification(row, *, example: bool) -> dict:
    """One classification as the export contract has it (its area, rule set and criteria fetched with it). A value
    derived from a count of 1–4 persons is exported as null with ``"suppressed": true``; ``example``: the
    statistics include invented example figures."""
    categories = GROUP_CATEGORY.get(row.rule_set.scheme, {})
    return {
        "example": example,
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
                "value": None if c.suppressed else json_number(c.value),
                "suppressed": c.suppressed,
                "threshold": json_number(c.threshold),
                "comparison": COMPARISON_SYMBOLS[c.comparison],
                "met": c.met,
            }
            for c in row.criteria.all()
        ],
    }


def get_area_for_user(user, code: str):
    """An area whose indicators the user may read (everyone with a role), or 404/403."""

    if not can_read_indicators(user):
        raise PermissionDenied
    try:
        return Area.objects.select_related("parent").get(code=code)
    except Area.DoesNotExist:
        raise Http404 from None


def areas_for_list():
    """Areas for the list page: housing areas first, then up the tree, by name."""

    order = Case(*(When(kind=kind, then=i) for i, kind in enumerate(reversed(Area.Kind.values))))
    return Area.objects.select_related("parent").order_by(order, "name")


def attach_latest_classification(areas: list) -> int | None:
    """Attach to each area its classification of the newest list year (or None); returns that year."""

    newest_year = Classification.objects.aggregate(newest=Max("list_year"))["newest"]
    rows = Classification.objects.filter(list_year=newest_year, area__in=[a.pk for a in areas])
    newest = {row.area_id: row for row in rows}
    for area in areas:
        area.latest_classification = newest.get(area.pk)
    return newest_year


def shows_example_figures(area) -> bool:
    """Whether any figure behind this area's pages is a synthetic example (the demo's)."""

    return Observation.objects.filter(area=area, source__is_example=True).exists()


_GROUP_ORDER = {group: i for i, group in enumerate(RuleCriterion.Group.values)}


def criterion_order(group: str, code: str) -> tuple:
    """Where a criterion result stands in a table: by its group in the law's order (unknown groups last), then by
    code. The area's criteria page and the dashboard's criteria panel list them so."""
    return (_GROUP_ORDER.get(group, len(_GROUP_ORDER)), code)


def area_criteria(area) -> dict:
    """The area's classifications by list year; per criterion (a measure judged for one list) its results by year,
    and those of the latest ``SUMMARY_YEARS`` list years for the summary table; per measure one chart of its values
    over the years with the threshold of each list it is judged for (the same value meets one list's threshold and
    not another's)."""

    classifications = list(
        area.classifications.select_related("rule_set").prefetch_related("criteria").order_by("list_year")
    )
    code_order = {code: i for i, code in enumerate(RuleCriterion.Code.values)}
    series: dict[tuple[str, str], dict] = {}
    for row in classifications:
        for result in row.criteria.all():
            entry = series.setdefault(
                (result.group, result.code),
                {
                    "key": f"{result.group}-{result.code}",
                    "code": result.code,
                    "group": RuleCriterion.Group(result.group).label,
                    "label": RuleCriterion.Code(result.code).label,
                    "years": [],
                },
            )
            entry["years"].append((row.list_year, result))
    ordered = sorted(series.items(), key=lambda item: criterion_order(*item[0]))
    criteria = [{**entry, "by_year": dict(entry["years"])} for _key, entry in ordered]

    # The summary table: the latest list years, newest first, and each criterion's result in each of them.
    table_years = [row.list_year for row in classifications][-SUMMARY_YEARS:][::-1]
    for criterion in criteria:
        criterion["cells"] = [criterion["by_year"].get(year) for year in table_years]

    measures = []
    for code in sorted({c["code"] for c in criteria}, key=lambda code: code_order.get(code, 99)):
        lists = [c for c in criteria if c["code"] == code]
        values = {year: r for c in lists for year, r in c["years"]}  # one value a year, whichever list judged it
        points = [(year, None if r.suppressed else r.value) for year, r in sorted(values.items())]
        thresholds = [(LAW_OF_GROUP[c["key"].split("-")[0]], [(y, r.threshold) for y, r in c["years"]]) for c in lists]
        measures.append(
            {
                "key": code,
                "label": lists[0]["label"],
                "lists": lists,
                "chart": line_chart(points, size=SMALL, more_references=thresholds),
                "rows": [(year, values[year], [c["by_year"].get(year) for c in lists]) for year in sorted(values)],
            }
        )
    return {
        "classifications": classifications,
        "latest": classifications[-1] if classifications else None,
        "criteria": criteria,
        "table_years": table_years,
        # Criteria of older rule sets only (judged in none of those years) are left to the charts.
        "summary_criteria": [c for c in criteria if any(c["cells"])],
        "measures": measures,
        # The provisions whose thresholds the charts draw, in the key's order.
        "laws": [law for law in ("ghetto", "61a", "61b") if law in _laws_in(criteria)],
    }


def _laws_in(criteria) -> set[str]:
    return {LAW_OF_GROUP[criterion["key"].split("-")[0]] for criterion in criteria}


def area_indicators(area) -> list[dict]:
    """Each indicator's values for the area by year, against its baseline and target, with its status."""

    values: dict[int, list] = {}
    for value in IndicatorValue.objects.filter(area=area).order_by("year"):
        values.setdefault(value.definition_id, []).append(value)
    names = {variable.code: variable.name for variable in Variable.objects.only("code", "name_da", "name_en")}
    result = []
    for definition in IndicatorDefinition.objects.select_related("target").order_by("code"):
        rows = values.get(definition.pk, [])
        if not rows:
            continue
        shown = [v for v in rows if not v.suppressed]
        latest = shown[-1] if shown else None
        previous = shown[-2] if len(shown) > 1 else None
        status = status_of(definition, latest.year if latest else None, latest.value if latest else None)
        trend = direction(latest.value if latest else None, previous.value if previous else None)
        reference = [(v.year, definition.target_value) for v in rows] if definition.target_value is not None else None
        result.append(
            {
                "definition": definition,
                "values": rows,
                "latest": latest,
                "status": status,
                "chart": line_chart([(v.year, None if v.suppressed else v.value) for v in rows], reference, size=SMALL),
                "trend": trend,
                "improving": improving(definition, trend),
                "in_words": _formula_in_words(definition.formula, names),
            }
        )
    return result


def _formula_in_words(text: str, names: dict[str, str]) -> str:
    """The formula read aloud with the variables' names; the text itself if it no longer parses (a variable it uses
    was removed since), so the page still says what it was."""
    try:
        return in_words(parse_formula(text, known_variables=set(names)), names)
    except FormulaError:
        return text


def get_indicator_for_user(user, pk: int, *, write: bool = False):
    """An indicator definition: everyone with a role reads it; planners and administrators change it."""

    authorize(user, write=write)
    try:
        return IndicatorDefinition.objects.select_related("target", "area").get(pk=pk)
    except IndicatorDefinition.DoesNotExist:
        raise Http404 from None


def indicator_definitions():

    return IndicatorDefinition.objects.select_related("target", "area").order_by("code")


def variables():

    return Variable.objects.order_by("code")
