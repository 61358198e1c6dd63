"""Reads of the statistics and what is computed from them: the official classifications (also as the export
contract), the areas, and the targets' indicators with their status."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Max, QuerySet, When
from django.http import Http404

from base.permissions import can_read_indicators

from ..charts import line_chart
from ..criteria import GROUP_CATEGORY
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
from ..progress import indicator_status
from .plan import authorize

COMPARISON_SYMBOLS = {"gt": ">", "gte": ">=", "lt": "<"}


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


def area_criteria(area) -> dict:
    """The area's classifications by list year, and per criterion its values over the years (for the charts)."""

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

    authorize(user, write=write)
    try:
        return IndicatorDefinition.objects.select_related("target", "area").get(pk=pk)
    except IndicatorDefinition.DoesNotExist:
        raise Http404 from None


def indicator_definitions():

    return IndicatorDefinition.objects.select_related("target", "area").order_by("code")


def variables():

    return Variable.objects.order_by("code")
