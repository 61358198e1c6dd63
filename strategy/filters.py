"""FilterSets shared by the HTML lists and the REST API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from base.filters import CodeFilter, IntegerFilter, YearFilter

from .criteria import CATEGORY_ORDER
from .models import Area, Classification, IndicatorDefinition, IndicatorValue, Observation, RuleSet, Variable

UNKNOWN_AREA = _("No area has the code «%(code)s».")
UNKNOWN_INDICATOR = _("No indicator has the code «%(code)s».")
UNKNOWN_VARIABLE = _("No variable has the code «%(code)s».")
UNKNOWN_RULE_SET = _("No rule set has the code «%(code)s».")


class AreaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Area.Kind.choices, empty_label=_("All"))

    class Meta:
        model = Area
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class IndicatorValueFilter(django_filters.FilterSet):
    """The targets' indicator values: by indicator (its code), target (its number in the plan), area (its code) and
    years."""

    indicator = CodeFilter(
        field_name="definition__code", label=_("Indicator (code)"), model=IndicatorDefinition, unknown=UNKNOWN_INDICATOR
    )
    target = IntegerFilter(
        field_name="definition__target__number", min_value=1, max_value=32767, label=_("Target (number)")
    )
    area = CodeFilter(field_name="area__code", label=_("Area (code)"), model=Area, unknown=UNKNOWN_AREA)
    year_from = YearFilter(field_name="year", lookup_expr="gte", label=_("From year"))
    year_to = YearFilter(field_name="year", lookup_expr="lte", label=_("To year"))

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "target", "area", "year_from", "year_to"]


class ObservationFilter(django_filters.FilterSet):
    """The imported statistics' values (the REST API's /observations/)."""

    variable = CodeFilter(
        field_name="variable__code", label=_("Variable (code)"), model=Variable, unknown=UNKNOWN_VARIABLE
    )
    area = CodeFilter(field_name="area__code", label=_("Area (code)"), model=Area, unknown=UNKNOWN_AREA)
    year_from = YearFilter(field_name="year", lookup_expr="gte", label=_("From year"))
    year_to = YearFilter(field_name="year", lookup_expr="lte", label=_("To year"))

    class Meta:
        model = Observation
        fields = ["variable", "area", "year_from", "year_to"]


class ClassificationFilter(django_filters.FilterSet):
    """The official classifications: by housing area (its code), list year, a category it is in, and rule set."""

    area = CodeFilter(field_name="area__code", label=_("Housing area (code)"), model=Area, unknown=UNKNOWN_AREA)
    list_year = YearFilter(label=_("List year"))
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=[(code, code) for code in CATEGORY_ORDER], method="in_category"
    )
    rule_set = CodeFilter(
        field_name="rule_set__code", label=_("Rule set (code)"), model=RuleSet, unknown=UNKNOWN_RULE_SET
    )

    class Meta:
        model = Classification
        fields = ["area", "list_year", "category", "rule_set"]

    def in_category(self, queryset, name, value):
        # The categories are a JSON list; matching the quoted code works on every database.
        return queryset.filter(categories__icontains=f'"{value}"')
