"""The register of obstacles and potentials, and the recommendations with their evidence of progress. Everyone with
a role reads them; planners and administrators write them, as in the browser."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action

from base.api_views import raise_service_error
from base.services.audit import actor_name

from ..filters.risks import RiskFilter
from ..models import LINK_FIELDS, ProgressNote, Recommendation, Risk
from ..selectors.elements import link_prefetches
from ..selectors.records import get_for_user
from ..services import add_progress_note, delete_progress_note, mark_risk_reviewed, save_recommendation, save_risk
from ..services.risks import PROGRESS_FIELDS
from .common import (
    ADD_AND_REMOVE,
    NO_DELETE,
    ExampleFlagMixin,
    GovernanceViewSet,
    LinkedSerializer,
    owner_name_field,
    plan_for_new_object,
)

# --- Risks and potentials ------------------------------------------------------------------------------------------


class RiskSerializer(ExampleFlagMixin, LinkedSerializer):
    likelihood = serializers.IntegerField(min_value=1, max_value=5, help_text="Likelihood, 1 (very unlikely) to 5.")
    impact = serializers.IntegerField(min_value=1, max_value=5, help_text="Impact, 1 (very small) to 5.")
    score = serializers.IntegerField(read_only=True, help_text="Likelihood × impact.")
    owner_name = owner_name_field()
    needs_review = serializers.BooleanField(
        read_only=True, help_text="Not closed, and not reviewed for three months (or never)."
    )

    class Meta:
        model = Risk
        fields = [
            "id",
            "plan",
            "kind",
            "title",
            "description",
            "likelihood",
            "impact",
            "score",
            "owner",
            "owner_name",
            "mitigation",
            "status",
            "reviewed_on",
            "needs_review",
            "is_example",
            *LINK_FIELDS,
        ]
        read_only_fields = ["plan"]
        validators = []


class RiskViewSet(GovernanceViewSet):
    """The register of obstacles and potentials: obstacles, then potentials, the highest score first, with the
    register's filters (``?q=``, ``kind``, ``status``, ``owner``, ``likelihood``, ``impact``, ``review=due``); as CSV
    too (``?format=csv`` or ``csv-da``). Planners and administrators register and change them (``save_risk``) and
    mark them reviewed (``reviewed``)."""

    serializer_class = RiskSerializer
    filterset_class = RiskFilter
    http_method_names = NO_DELETE

    def get_queryset(self):
        return (
            Risk.objects.select_related("owner")
            .prefetch_related(*link_prefetches(self.request.user))
            .annotate(score_order=F("likelihood") * F("impact"))
            .order_by("kind", "-score_order", "-impact", "title", "id")
        )

    def create_object(self, data, by):
        return save_risk(risk=Risk(plan=plan_for_new_object()), data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return save_risk(risk=instance, data=data, by=by, expected_version=expected_version)

    @extend_schema(request=None, responses=RiskSerializer)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def reviewed(self, request, *args, **kwargs):
        """Record that the obstacle or potential was looked at again today and its scores still hold
        (``mark_risk_reviewed``)."""
        risk = get_for_user(request.user, Risk, self.kwargs["pk"], write=True)
        version = self.expected_version(risk)
        try:
            with transaction.atomic():  # checked again under the row's lock: two clients racing get one 412
                risk = mark_risk_reviewed(risk=risk, by=request.user, expected_version=version)
        except DjangoValidationError as error:
            raise_service_error(error)
        return self._answer(risk, status.HTTP_200_OK)


# --- Recommendations and their progress notes ------------------------------------------------------------------


class NoteSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressNote
        fields = ["id", *PROGRESS_FIELDS]


class RecommendationSerializer(ExampleFlagMixin, serializers.ModelSerializer):
    owner_name = owner_name_field()
    progress_notes = NoteSummarySerializer(
        many=True, read_only=True, help_text="The evidence of progress, newest first (added at /progress-notes/)."
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "plan",
            "number",
            "title",
            "description",
            "owner",
            "owner_name",
            "status",
            "is_example",
            "progress_notes",
        ]
        read_only_fields = ["plan"]
        validators = []


class RecommendationViewSet(GovernanceViewSet):
    """The recommendations, tracked to done, each with its progress notes. Planners and administrators add and
    change them (``save_recommendation``: "done" only with a progress note)."""

    serializer_class = RecommendationSerializer
    http_method_names = NO_DELETE

    def get_queryset(self):
        notes = ProgressNote.objects.order_by("-noted_on", "-id")
        return (
            Recommendation.objects.select_related("owner")
            .prefetch_related(Prefetch("progress_notes", queryset=notes))
            .order_by("number", "id")
        )

    def create_object(self, data, by):
        return save_recommendation(recommendation=Recommendation(plan=plan_for_new_object()), data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return save_recommendation(recommendation=instance, data=data, by=by, expected_version=expected_version)


class ProgressNoteSerializer(serializers.ModelSerializer):
    noted_by = serializers.SerializerMethodField(help_text="Who added it.")

    class Meta:
        model = ProgressNote
        fields = ["id", "recommendation", *PROGRESS_FIELDS, "noted_by"]
        validators = []

    def get_noted_by(self, note) -> str | None:
        return actor_name(note.created_by) if note.created_by_id else None


class ProgressNoteViewSet(GovernanceViewSet):
    """Evidence of progress on the recommendations, newest first. Planners and administrators add
    (``add_progress_note``: a recommendation not started is then in progress) and delete (``delete_progress_note``:
    not the only evidence of one that is done) them."""

    serializer_class = ProgressNoteSerializer
    http_method_names = ADD_AND_REMOVE

    def get_queryset(self):
        return ProgressNote.objects.select_related("created_by").order_by("-noted_on", "-id")

    def create_object(self, data, by):
        data = dict(data)
        return add_progress_note(recommendation=data.pop("recommendation"), data=data, by=by)

    def delete_object(self, instance, by):
        delete_progress_note(note=instance, by=by)
