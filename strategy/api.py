"""The strategy app's REST API (registered under /api/v1/ in ``bagsvaerd/urls.py``): areas, the data dictionary,
the indicator definitions, the targets' indicator values, the official classifications with their criteria, and the
recompute runs. Everyone with a role reads them (the recompute runs: planners and administrators), as in the
browser; the FilterSets are the pages' own (``strategy/filters.py``).

A value derived from a count of 1–4 persons is ``null`` with ``"suppressed": true`` in every representation.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from base.api import CSVRenderer
from base.api_views import ConditionalMixin, cheap_etag
from base.models import ChangeRecord
from base.permissions import can_import_statistics

from . import api_plan
from .filters import AreaFilter, ClassificationFilter, IndicatorValueFilter
from .models import Area, Classification, IndicatorDefinition, IndicatorValue, RecomputeRun, Variable
from .selectors import COMPARISON_SYMBOLS, export_classification
from .selectors.statistics import json_number


class AreaSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="The parent area's code.")

    class Meta:
        model = Area
        fields = ["code", "name", "kind", "parent"]


class VariableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Variable
        fields = ["code", "name_da", "name_en", "unit", "description", "is_person_count", "is_builtin"]


class IndicatorDefinitionSerializer(serializers.ModelSerializer):
    target = serializers.SerializerMethodField(help_text="The number of the target (pejlemærke) it measures.")
    area = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="The area it is measured in.")

    class Meta:
        model = IndicatorDefinition
        fields = [
            "code",
            "name_da",
            "name_en",
            "unit",
            "direction",
            "formula",
            "target",
            "area",
            "baseline_year",
            "baseline_value",
            "target_value",
            "deadline",
        ]

    @extend_schema_field(OpenApiTypes.INT)
    def get_target(self, definition) -> int | None:
        return definition.target.number if definition.target else None


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="definition.code", help_text="The indicator's code.")
    area = serializers.CharField(source="area.code", help_text="The area's code.")
    unit = serializers.CharField(source="definition.unit")
    value = serializers.SerializerMethodField(help_text="null when suppressed (derived from a count of 1–4 persons).")

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "area", "year", "value", "unit", "suppressed"]

    @extend_schema_field(OpenApiTypes.NUMBER)
    def get_value(self, row):
        return None if row.suppressed else json_number(row.value)


class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    category = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="null when unknown or suppressed.")
    suppressed = serializers.BooleanField()
    threshold = serializers.FloatField(allow_null=True)
    comparison = serializers.ChoiceField(choices=list(COMPARISON_SYMBOLS.values()))
    met = serializers.BooleanField(allow_null=True, help_text="null when the data does not tell.")


class ClassificationSerializer(serializers.Serializer):
    """Exactly one object of ``manage.py export_classifications``."""

    area_code = serializers.CharField()
    list_year = serializers.IntegerField()
    rule_set = serializers.CharField()
    eligible = serializers.BooleanField(allow_null=True, help_text="null when the number of residents is unknown.")
    categories = serializers.ListField(child=serializers.CharField())
    undetermined = serializers.ListField(
        child=serializers.CharField(), help_text="Categories unknown data leaves open."
    )
    criteria = CriterionSerializer(many=True)

    def to_representation(self, instance):
        return export_classification(instance)


class RecomputeRunSerializer(serializers.ModelSerializer):
    trigger = serializers.CharField(source="trigger.file_name", default=None, help_text="The import that started it.")
    state = serializers.SerializerMethodField(help_text="running, succeeded, failed or interrupted.")

    class Meta:
        model = RecomputeRun
        fields = [
            "id",
            "scope",
            "trigger",
            "state",
            "started_at",
            "finished_at",
            "areas",
            "classifications_written",
            "indicator_values_written",
            "error",
        ]

    def get_state(self, run) -> str:
        return "interrupted" if run.is_interrupted else run.state


class AreaViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """The area tree: country → regions → municipalities → districts → housing areas."""

    queryset = Area.objects.select_related("parent").order_by("code")
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"


class VariableViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """The data dictionary: the variables statistics are imported as."""

    queryset = Variable.objects.order_by("code")
    serializer_class = VariableSerializer
    lookup_field = "code"


class IndicatorDefinitionViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """The targets' indicators: each a formula over the variables, with a baseline, a target value and a deadline."""

    queryset = IndicatorDefinition.objects.select_related("target", "area").order_by("code")
    serializer_class = IndicatorDefinitionSerializer
    lookup_field = "code"


@extend_schema_view(
    list=extend_schema(
        examples=[
            OpenApiExample(
                "One value",
                value={
                    "indicator": "feel_safe_share",
                    "area": "159-vaerebro-park",
                    "year": 2024,
                    "value": 71.2,
                    "unit": "%",
                    "suppressed": False,
                },
                response_only=True,
            ),
            OpenApiExample(
                "A suppressed value",
                value={
                    "indicator": "convicted_relative_to_national",
                    "area": "159-vaerebro-park",
                    "year": 2024,
                    "value": None,
                    "unit": "×",
                    "suppressed": True,
                },
                response_only=True,
            ),
        ]
    )
)
class FromLastRecompute(ConditionalMixin):
    """Stored results of the recompute runs: they change only when a run finishes, or when a definition or an area
    they show is changed (with history), so a client's revalidation is answered without building the body."""

    def cheap_validators(self, request):
        run = (
            RecomputeRun.objects.filter(finished_at__isnull=False)
            .order_by("-finished_at", "-id")
            .values_list("id", "finished_at")
            .first()
        )
        change = ChangeRecord.objects.order_by("-id").values_list("id", "at").first()
        moments = [moment for moment in (run and run[1], change and change[1]) if moment]
        etag = cheap_etag(
            self.basename,
            run and run[0],
            change and change[0],
            request.accepted_renderer.format,
            request.get_full_path(),
        )
        return etag, max(moments, default=None)


class IndicatorValueViewSet(FromLastRecompute, viewsets.ReadOnlyModelViewSet):
    """The targets' indicator values per area and year, computed from the imported statistics."""

    queryset = IndicatorValue.objects.select_related("definition", "area").order_by(
        "definition__code", "area__code", "year"
    )
    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilter


class ClassificationViewSet(FromLastRecompute, viewsets.ReadOnlyModelViewSet):
    """The official classifications of almenboligloven §§ 61 a/61 b: per housing area and list year the categories
    and each criterion's value, threshold and verdict. As CSV: one row per criterion."""

    queryset = (
        Classification.objects.filter(area__kind=Area.Kind.HOUSING_AREA)
        .select_related("area", "rule_set")
        .prefetch_related("criteria")
        .order_by("list_year", "area__code")
    )
    serializer_class = ClassificationSerializer
    filterset_class = ClassificationFilter

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(getattr(request, "accepted_renderer", None), CSVRenderer) and response.status_code == 200:
            response.data = _criterion_rows(response.data)
        return super().finalize_response(request, response, *args, **kwargs)


def _criterion_rows(data) -> list[dict]:
    """A spreadsheet's rows: one per criterion of each classification, with the classification's own columns."""
    items = data if isinstance(data, list) else [data]
    rows = []
    for item in items:
        head = {key: value for key, value in item.items() if key != "criteria"}
        for criterion in item["criteria"] or [{}]:
            rows.append({**head, **{f"criterion_{key}": value for key, value in criterion.items()}})
    return rows


class CanFollowRecomputes(permissions.BasePermission):
    message = _("Only planners and administrators follow the recompute runs.")

    def has_permission(self, request, view) -> bool:
        return can_import_statistics(request.user)


class RecomputeRunViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """The recompute runs, newest first (planners and administrators)."""

    queryset = RecomputeRun.objects.select_related("trigger").order_by("-started_at", "-id")
    serializer_class = RecomputeRunSerializer
    permission_classes = [*viewsets.ReadOnlyModelViewSet.permission_classes, CanFollowRecomputes]


def register(router) -> None:
    api_plan.register(router)
    router.register("areas", AreaViewSet, basename="area")
    router.register("variables", VariableViewSet, basename="variable")
    router.register("indicators", IndicatorDefinitionViewSet, basename="indicator")
    router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
    router.register("classifications", ClassificationViewSet, basename="classification")
    router.register("recompute-runs", RecomputeRunViewSet, basename="recompute-run")
