"""The strategy app's REST API (registered under /api/v1/ in ``bagsvaerd/urls.py``): areas, the data dictionary,
the indicator definitions, the targets' indicator values, the official classifications with their criteria, and the
recompute runs. Everyone with a role reads them (the recompute runs: planners and administrators), as in the
browser; the FilterSets are the pages' own (``strategy/filters.py``).

A value derived from a count of 1–4 persons is ``null`` with ``"suppressed": true`` in every representation.
"""

import datetime
from operator import attrgetter

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, parsers, permissions, serializers, viewsets
from rest_framework.response import Response

from base.api import CSVRenderer, prefetch_keys
from base.api_views import ConditionalMixin, ServiceViewSet, SlugRelatedField, cheap_etag
from base.db import prepared_cursor
from base.permissions import can_edit_strategy, can_import_statistics

from . import api_plan
from .filters import AreaFilter, ClassificationFilter, IndicatorValueFilter, ObservationFilter
from .formulas.syntax import SMALLEST_SHOWN_COUNT
from .models import (
    Area,
    Classification,
    IndicatorDefinition,
    IndicatorValue,
    Observation,
    RecomputeRun,
    StatisticsImport,
    Target,
    Variable,
)
from .selectors import COMPARISON_SYMBOLS, export_classification
from .selectors.statistics import json_number
from .services.indicators import save_indicator_definition
from .services.statistics import MAX_FILE_BYTES, StatisticsImportError, import_statistics


class AreaSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="The parent area's code (none for the country)."
    )

    class Meta:
        model = Area
        fields = ["code", "name", "kind", "parent"]


class VariableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Variable
        fields = ["code", "name_da", "name_en", "unit", "description", "is_person_count", "is_builtin"]


class IndicatorDefinitionSerializer(serializers.ModelSerializer):
    target = serializers.SerializerMethodField(help_text="The number of the target (pejlemærke) it measures.")
    target_id = serializers.PrimaryKeyRelatedField(
        source="target",
        queryset=Target.objects.all(),
        allow_null=True,
        required=False,
        help_text="The id of the target it measures (/targets/).",
    )
    area = SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.all(),
        allow_null=True,
        required=False,
        help_text="The code of the area it is measured in.",
    )

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
            "target_id",
            "area",
            "baseline_year",
            "baseline_value",
            "target_value",
            "deadline",
        ]
        validators = []  # the service checks the code's uniqueness and the formula, as for the page

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_target(self, definition) -> int | None:
        return definition.target.number if definition.target else None


EXAMPLE_HELP = "true: the statistics behind it include invented example figures (the demo's), not official ones."

# What a row of the indicator values' list is read as (``.values()``: no model objects).
VALUE_ROW = ("definition__code", "area__code", "year", "value", "suppressed", "definition__unit")


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="definition.code", help_text="The indicator's code.")
    area = serializers.CharField(source="area.code", help_text="The area's code.")
    unit = serializers.CharField(source="definition.unit")
    value = serializers.SerializerMethodField(help_text="null when suppressed (derived from a count of 1–4 persons).")
    example = serializers.SerializerMethodField(help_text=EXAMPLE_HELP)

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "area", "year", "value", "unit", "suppressed", "example"]

    def get_example(self, row) -> bool:
        return self.context["example"]

    @extend_schema_field(OpenApiTypes.NUMBER)
    def get_value(self, row):
        return None if row.suppressed else json_number(row.value)

    def to_representation(self, row):
        # The fields above, written out, from a model or from the list's plain rows (``VALUE_ROW``): a page of a
        # national list is read often (BI tools refresh on a schedule), and building model objects and walking
        # DRF's fields cost more than the query. tests/strategy/test_api.py pins the shape.
        if not isinstance(row, dict):
            row = {name: attrgetter(name.replace("__", "."))(row) for name in VALUE_ROW}
        return {
            "indicator": row["definition__code"],
            "area": row["area__code"],
            "year": row["year"],
            "value": None if row["suppressed"] else json_number(row["value"]),
            "unit": row["definition__unit"],
            "suppressed": row["suppressed"],
            "example": self.context["example"],
        }


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

    example = serializers.BooleanField(help_text=EXAMPLE_HELP)
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
        return export_classification(instance, example=self.context["example"])


class RecomputeRunSerializer(serializers.ModelSerializer):
    trigger = serializers.CharField(
        source="trigger.file_name",
        default=None,
        allow_null=True,
        help_text="The import that started it (none: a full run).",
    )
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


class IndicatorDefinitionViewSet(ServiceViewSet):
    """The targets' indicators: each a formula over the variables, with a baseline, a target value and a deadline.
    Everyone with a role reads them; planners and administrators add and change them (a formula that cannot be
    read is refused at the character where it goes wrong); a change is recomputed by the next recompute run."""

    queryset = IndicatorDefinition.objects.select_related("target", "area").order_by("code")
    serializer_class = IndicatorDefinitionSerializer
    lookup_field = "code"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # the pages delete none either

    def may_create(self, request, data) -> bool:
        return can_edit_strategy(request.user)

    def may_change(self, request, instance) -> bool:
        return can_edit_strategy(request.user)

    def create_object(self, data, by):
        return save_indicator_definition(definition=None, data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return save_indicator_definition(definition=instance, data=data, by=by, expected_version=expected_version)


# The newest of what the stored statistics and results depend on, in one round trip: the last import (and how many
# there are: an import that commits after a later one does not change the last), the last finished recompute run,
# and the last change with history (a definition's or an area's, shown in the rows), each with its moment; and
# whether any imported statistics are invented examples (then every row says so). Each is read from an index, so
# the cost does not grow with the history: the moment of the newest row by id, not max() over the table.
_GENERATION_COLUMNS = """
       (SELECT id FROM strategy_statisticsimport ORDER BY id DESC LIMIT 1),
       (SELECT imported_at FROM strategy_statisticsimport ORDER BY id DESC LIMIT 1),
       (SELECT id FROM strategy_recomputerun WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT 1),
       (SELECT finished_at FROM strategy_recomputerun WHERE finished_at IS NOT NULL
        ORDER BY finished_at DESC, id DESC LIMIT 1),
       (SELECT id FROM governance_changerecord ORDER BY id DESC LIMIT 1),
       (SELECT at FROM governance_changerecord ORDER BY id DESC LIMIT 1),
       EXISTS (SELECT 1 FROM strategy_statisticsimport WHERE is_example),
       (SELECT count(*) FROM strategy_statisticsimport)
"""
_GENERATION_SQL = f"SELECT {_GENERATION_COLUMNS}"


def _moment(value):
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


# Query parameters that choose the page or the representation, not the rows.
_NOT_FILTERS = {"page", "page_size", "format"}


class FromStoredStatistics(ConditionalMixin):
    """Imported statistics and the recompute's stored results change only by an import, a finished recompute run, or
    a change with history to what the rows show (a definition, an area): a client's revalidation is answered from
    those alone, without building the body, and a list's row count is kept until one of them changes."""

    def initial(self, request, *args, **kwargs):
        # A revalidation asks two questions, whose key this is and whether the statistics have changed: one round
        # trip answers both (the key is then checked by the authentication as always).
        row = prefetch_keys(request, also=_GENERATION_COLUMNS) if request.method in ("GET", "HEAD") else None
        if row is not None:
            self._remember_generation(row)
        super().initial(request, *args, **kwargs)

    def _remember_generation(self, row) -> None:
        # ids, and moments as aware datetimes (SQLite hands a raw query's timestamps back as text, in UTC)
        self._generation_row = tuple(_moment(value) if i in (1, 3, 5) else value for i, value in enumerate(row))

    def _generation(self) -> tuple:
        if not hasattr(self, "_generation_row"):
            with prepared_cursor() as cursor:
                cursor.execute(_GENERATION_SQL)
                self._remember_generation(cursor.fetchone())
        return self._generation_row

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "example": bool(self._generation()[6])}

    def cheap_validators(self, request):
        generation = self._generation()
        etag = cheap_etag(self.basename, *generation, request.accepted_renderer.format, request.get_full_path())
        moments = [moment for moment in generation[1:6:2] if moment]
        return etag, max(moments, default=None)

    def count_key(self, request) -> str:
        """The cache key of this list's row count: the same for every page of the same filters."""
        filters = sorted((k, v) for k, v in request.query_params.lists() if k not in _NOT_FILTERS)
        return "api-count:" + cheap_etag(self.basename, *self._generation(), filters).strip('"')


@extend_schema_view(
    list=extend_schema(
        examples=[
            OpenApiExample(
                "An invented example value",
                value={
                    "indicator": "feel_safe_share",
                    "area": "159-vaerebro-park",
                    "year": 2024,
                    "value": 71.2,
                    "unit": "%",
                    "suppressed": False,
                    "example": True,
                },
                response_only=True,
            ),
            OpenApiExample(
                "An invented example of a suppressed value",
                value={
                    "indicator": "convicted_relative_to_national",
                    "area": "159-vaerebro-park",
                    "year": 2024,
                    "value": None,
                    "unit": "×",
                    "suppressed": True,
                    "example": True,
                },
                response_only=True,
            ),
        ]
    )
)
class IndicatorValueViewSet(FromStoredStatistics, viewsets.ReadOnlyModelViewSet):
    """The targets' indicator values per area and year, computed from the imported statistics."""

    # In the order of the unique index (indicator, area, year): a page is read from the index, not sorted.
    queryset = IndicatorValue.objects.select_related("definition", "area").order_by("definition_id", "area_id", "year")

    def filter_queryset(self, queryset):
        rows = super().filter_queryset(queryset)
        return rows.values(*VALUE_ROW) if self.action == "list" else rows

    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilter


class ClassificationViewSet(FromStoredStatistics, viewsets.ReadOnlyModelViewSet):
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


class ObservationSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code", help_text="The area's code.")
    variable = serializers.CharField(source="variable.code", help_text="The variable's code (see /variables/).")
    value = serializers.SerializerMethodField(help_text="null when suppressed (a count of 1–4 persons).")
    suppressed = serializers.SerializerMethodField(help_text="A count of 1–4 persons is not shown.")
    source = serializers.IntegerField(source="source_id", help_text="The import it came from (/statistics-imports/).")
    example = serializers.BooleanField(
        source="source.is_example", help_text="true: an invented example figure (the demo's), not an official one."
    )

    class Meta:
        model = Observation
        fields = ["area", "year", "variable", "value", "suppressed", "source", "example"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_suppressed(self, row) -> bool:
        return row.variable.is_person_count and 0 < row.value < SMALLEST_SHOWN_COUNT

    @extend_schema_field({"type": "number", "nullable": True})
    def get_value(self, row):
        return None if self.get_suppressed(row) else json_number(row.value)


class ObservationViewSet(FromStoredStatistics, viewsets.ReadOnlyModelViewSet):
    """The imported statistics, one value per area, year and variable. A count of 1–4 persons is null with
    "suppressed": true, as everywhere the app shows statistics."""

    queryset = Observation.objects.select_related("area", "variable", "source").order_by(
        "area_id", "year", "variable_id"
    )
    serializer_class = ObservationSerializer
    filterset_class = ObservationFilter


class CanFollowRecomputes(permissions.BasePermission):
    message = _("Only planners and administrators follow the recompute runs.")

    def has_permission(self, request, view) -> bool:
        return can_import_statistics(request.user)


class RecomputeRunViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """The recompute runs, newest first (planners and administrators)."""

    queryset = RecomputeRun.objects.select_related("trigger").order_by("-started_at", "-id")
    serializer_class = RecomputeRunSerializer
    permission_classes = [*viewsets.ReadOnlyModelViewSet.permission_classes, CanFollowRecomputes]


class StatisticsImportSerializer(serializers.ModelSerializer):
    imported_by = serializers.SerializerMethodField(help_text="Who imported it (none: a command or the demo).")
    recompute_runs = serializers.PrimaryKeyRelatedField(
        source="recomputes", many=True, read_only=True, help_text="The recompute runs it started (/recompute-runs/)."
    )

    class Meta:
        model = StatisticsImport
        fields = [
            "id",
            "file_name",
            "file_format",
            "layout",
            "imported_by",
            "imported_at",
            "values_in_file",
            "values_created",
            "values_updated",
            "values_unchanged",
            "is_example",
            "recompute_runs",
        ]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_imported_by(self, row):
        return (row.imported_by.get_full_name() or row.imported_by.username) if row.imported_by else None


class StatisticsUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="CSV or XLSX, long or wide format, as on /statistics/import/ (docs/indicators.md)."
    )

    def validate_file(self, upload):
        if upload.size > MAX_FILE_BYTES:  # checked before the file is read
            raise serializers.ValidationError(
                _("The file is %(size)s MB; at most %(max)s MB can be imported.")
                % {"size": upload.size // (1024 * 1024), "max": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


class StatisticsImportViewSet(ConditionalMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The statistics imports, newest first, and a new import (planners and administrators): a file upload that
    runs the same all-or-nothing import as /statistics/import/. A refused file answers 400 with every problem by
    file, row and column (the first 50) and nothing stored; an accepted one answers with the import and the
    recompute runs it started (none yet when the background worker has not begun)."""

    queryset = StatisticsImport.objects.select_related("imported_by").prefetch_related("recomputes").order_by("-id")
    serializer_class = StatisticsImportSerializer
    permission_classes = [*viewsets.ReadOnlyModelViewSet.permission_classes, CanFollowRecomputes]
    parser_classes = [parsers.MultiPartParser]
    files_allowance = staticmethod(lambda: MAX_FILE_BYTES)  # base.request_size

    @extend_schema(
        request={"multipart/form-data": StatisticsUploadSerializer},
        responses={201: StatisticsImportSerializer, 200: StatisticsImportSerializer},
    )
    def create(self, request, *args, **kwargs):
        upload_serializer = StatisticsUploadSerializer(data=request.data)
        upload_serializer.is_valid(raise_exception=True)
        upload = upload_serializer.validated_data["file"]
        try:
            report = import_statistics(data=upload.read(), file_name=upload.name, by=request.user)
        except StatisticsImportError as error:
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        _("The file was not imported: %(count)s problems were found. The first %(listed)s are listed.")
                        % {"count": error.total, "listed": len(error.problems)}
                    ],
                    "file": [str(problem) for problem in error.problems],
                }
            ) from None
        if report.statistics_import is None:  # nothing new: nothing stored
            raise serializers.ValidationError(
                {"file": [_("Every value in the file is already imported; nothing was changed.")]}
            )
        stored = self.get_queryset().get(pk=report.statistics_import.pk)
        return Response(self.get_serializer(stored).data, status=201)


def register(router) -> None:
    api_plan.register(router)
    router.register("areas", AreaViewSet, basename="area")
    router.register("variables", VariableViewSet, basename="variable")
    router.register("indicators", IndicatorDefinitionViewSet, basename="indicator")
    router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
    router.register("classifications", ClassificationViewSet, basename="classification")
    router.register("recompute-runs", RecomputeRunViewSet, basename="recompute-run")
    router.register("observations", ObservationViewSet, basename="observation")
    router.register("statistics-imports", StatisticsImportViewSet, basename="statistics-import")
