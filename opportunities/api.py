"""The opportunity spaces' REST API (registered under /api/v1/ in ``bagsvaerd/urls.py``): the spaces and the moves
between their stages, the activity log with its attendance counts, the attachments (metadata and the files), the
meeting-place index, needs and offers, and the suggested matches between them.

Everything is read and written as in the browser: the lists are the pages' querysets and FilterSets
(``selectors``, ``filters``, ``filters_needs``), so housing staff see their own organisations' spaces, logs,
attachments and scores only (another organisation's is a 404, as in the browser); writes are checked by the same
rights (``base.permissions``) and made by the same services (``opportunities.services``), with the same history.
What the browser does not write, the API does not either: a space is never deleted (it is stopped, with a reason),
a need or an offer is closed rather than deleted, the meeting-place index is computed by its job, and files are
attached in the browser (the API serves their metadata and the files themselves).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action

from base.api_views import ChangeRecordSerializer, ConditionalMixin, ServiceViewSet, cheap_etag, raise_service_error
from base.filters import IdFilter
from base.permissions import (
    can_create_spaces,
    can_edit_space,
    can_read_all_spaces,
    can_use_opportunities,
    owner_choices_for,
)
from strategy.models import Perspective
from strategy.selectors import default_plan

from . import selectors, services
from .filters import SpaceFilter
from .filters_needs import NeedOrOfferFilter
from .meeting_place_panel import reason_sentences
from .models import DIMENSIONS, MAX_ATTENDANCE, Activity, Attachment, MeetingPlaceScore, NeedOrOffer, OpportunitySpace
from .models import Stage as StageChoice
from .views.activities import attachment_download

# How many suggested matches the API lists at most (the browser's page shows the first 50, newest needs first).
MATCHES_LISTED = 500


def _no_plan() -> DjangoValidationError:
    return DjangoValidationError(_("There is no strategy plan yet, so nothing can be registered."))


def _visible_spaces(request):
    """The spaces the requesting user may see (none for a user without a role, or for the schema generator)."""
    user = getattr(request, "user", None)
    if user is None or not can_use_opportunities(user):
        return OpportunitySpace.objects.none()
    return selectors.spaces_for_user(user)


def _inline_enum(values) -> dict:
    """An enum written out where it is used. drf-spectacular makes every enum a named component, and the names
    collide (``kind`` is also an area's and a strategy's; the stage to move to is a second name for the stages);
    only ``ENUM_NAME_OVERRIDES`` in the settings would name them otherwise. Inside ``allOf`` it stays inline."""
    return {"allOf": [{"type": "string", "enum": list(values)}]}


@extend_schema_field(_inline_enum(OpportunitySpace.Kind.values))
class SpaceKindField(serializers.ChoiceField):
    pass


@extend_schema_field(_inline_enum(Perspective.Code.values))
class PerspectiveCodeField(serializers.SlugRelatedField):
    pass


@extend_schema_field(_inline_enum(StageChoice.values))
class StageField(serializers.ChoiceField):
    pass


class ListFiltersOnly:
    """The FilterSets filter the lists only: a detail route or an action answers for its object whatever the query
    string (the portfolio's filters rely on the list's annotations)."""

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)


# --- Opportunity spaces ----------------------------------------------------------------------------------------


class OpportunitySpaceSerializer(serializers.ModelSerializer):
    """A space's own fields: the writable ones are exactly ``services.SPACE_FIELDS``."""

    plan = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The strategy plan's id.")
    plan_slug = serializers.SlugRelatedField(
        source="plan", slug_field="slug", read_only=True, help_text="The strategy plan's short name."
    )
    organisation_slug = serializers.SlugRelatedField(
        source="organisation", slug_field="slug", read_only=True, help_text="The owner's short name."
    )
    kind = SpaceKindField(choices=OpportunitySpace.Kind.choices, help_text="Social, organisational or physical.")
    perspectives = PerspectiveCodeField(
        slug_field="code",
        many=True,
        required=False,
        queryset=Perspective.objects.all(),
        help_text="The perspectives it comes from, by code (outside, inside, top-down, bottom-up).",
    )

    class Meta:
        model = OpportunitySpace
        fields = [
            "id",
            "plan",
            "plan_slug",
            "title",
            "description",
            "kind",
            "stage",
            "stage_since",
            "stopped_reason",
            "organisation",
            "organisation_slug",
            "contact_person",
            "contact_email",
            "partners",
            "address",
            "latitude",
            "longitude",
            "principles",
            "moves",
            "targets",
            "main_move",
            "opening_move",
            "perspectives",
            "collaboration_model",
            "confidence",
            "from_need",
            "from_offer",
            "is_example",
            "created_at",
        ]
        read_only_fields = ["stage", "stage_since", "stopped_reason", "from_need", "from_offer", "is_example"]
        extra_kwargs = {
            "created_at": {"read_only": True},
            "stage": {"help_text": "Changed only by POST …/stage/."},
            "organisation": {"help_text": "The owner organisation's id (housing staff: one of their own)."},
            "partners": {"help_text": "The ids of the other organisations that take part."},
            "latitude": {"help_text": "Decimal degrees; give both latitude and longitude, or neither."},
            "longitude": {"help_text": "Decimal degrees; give both latitude and longitude, or neither."},
            "principles": {"help_text": "The ids of the plan's principles it serves."},
            "moves": {"help_text": "The ids of the plan's moves (greb) it serves."},
            "targets": {"help_text": "The ids of the plan's targets (pejlemærker) it serves."},
            "main_move": {"help_text": "The id of the plan's main move, if it is part of it."},
            "opening_move": {"help_text": "The id of the opening move it is part of."},
            "collaboration_model": {"help_text": "The id of the collaboration model."},
            "confidence": {
                "help_text": "How sure the owner is that it will succeed: 1 (very unsure) to 5 (very sure)."
            },
            "from_need": {"help_text": "The id of the need it was created from (a match)."},
            "from_offer": {"help_text": "The id of the offer it was created from (a match)."},
        }


class OpportunitySpaceListSerializer(OpportunitySpaceSerializer):
    """A row of the portfolio: the space and what the list page shows of its activity and meeting-place index."""

    latest_index = serializers.DecimalField(
        max_digits=4,
        decimal_places=3,
        read_only=True,
        allow_null=True,
        help_text="The latest meeting-place index (0–1); null when not computed yet.",
    )
    is_meeting_place = serializers.BooleanField(
        read_only=True, allow_null=True, help_text="Whether the latest index qualifies it as a social meeting place."
    )
    last_activity_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="The date of its newest activity."
    )
    is_stale = serializers.BooleanField(
        read_only=True, help_text="In a stage that expects updates, and not updated for 8 weeks."
    )
    updated_at = serializers.DateTimeField(read_only=True, help_text="When the space or its log last changed.")

    class Meta(OpportunitySpaceSerializer.Meta):
        fields = [
            *OpportunitySpaceSerializer.Meta.fields,
            "latest_index",
            "is_meeting_place",
            "last_activity_on",
            "is_stale",
            "updated_at",
        ]


class StageChangeSerializer(serializers.Serializer):
    to_stage = StageField(
        choices=StageChoice.choices,
        help_text="The new stage: one step on, one step back, or stopped; a stopped space may become an idea again.",
    )
    on = serializers.DateField(
        required=False, help_text="When the space reached the new stage (default today; not in the future)."
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Why: required when the space is stopped.",
    )


class OpportunitySpaceViewSet(ListFiltersOnly, ServiceViewSet):
    """Opportunity spaces (mulighedsrum): planners, administrators and steering-group members read all of them,
    housing staff their own organisations' only. Planners, administrators and housing staff (for their own
    organisations) register and change spaces and move them between stages (``POST …/stage/``). The list has the
    portfolio page's filters and columns; a space is stopped, never deleted."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    filterset_class = SpaceFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OpportunitySpace.objects.none()
        if self.action == "list":
            spaces = selectors.portfolio(self.request.user)
        else:
            spaces = selectors.spaces_for_user(self.request.user).select_related("organisation", "plan")
        return spaces.prefetch_related("partners", "principles", "moves", "targets", "perspectives").order_by(
            "title", "id"
        )

    def get_serializer_class(self):
        return OpportunitySpaceListSerializer if self.action == "list" else OpportunitySpaceSerializer

    def may_create(self, request, data) -> bool:
        return can_create_spaces(request.user)

    def may_change(self, request, instance) -> bool:
        return can_edit_space(request.user, instance.organisation_id)

    def create_object(self, data, by):
        plan = default_plan()
        if plan is None:
            raise _no_plan()
        return services.create_space(plan=plan, data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        services.update_space(space=instance, data=data, by=by, expected_version=expected_version)
        return self.get_queryset().get(pk=instance.pk)

    @extend_schema(request=StageChangeSerializer, responses=OpportunitySpaceSerializer)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def stage(self, request, *args, **kwargs):
        """Move the space to another stage, as the browser's stage form does: one step on, one step back, or
        stopped (with a reason); the answer is the space at its new stage."""
        space = self.get_object()
        if not self.may_change(request, space):
            self.permission_denied(request)
        self.expected_version(space)
        serializer = StageChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            with transaction.atomic():
                OpportunitySpace.objects.select_for_update().filter(pk=space.pk).first()
                self.expected_version(space)  # again under the lock: two clients sending the same ETag
                services.change_stage(
                    space=space,
                    to_stage=data["to_stage"],
                    by=request.user,
                    reason=data.get("reason", ""),
                    on=data.get("on"),
                )
        except DjangoValidationError as error:
            raise_service_error(error)
        return self._answer(self.get_queryset().get(pk=space.pk), 200)


# --- The activity log ------------------------------------------------------------------------------------------

_DIMENSION_LIST = "; ".join(
    f"{dimension}: {', '.join(group for group, _label in groups)}" for dimension, (_name, groups) in DIMENSIONS.items()
)
ATTENDANCE_SCHEMA = {
    "type": "object",
    "description": "Counts per group of each dimension, {dimension: {group: count}}; the groups of a dimension add "
    f"up to at most the participants. The dimensions and their groups: {_DIMENSION_LIST}.",
    "additionalProperties": {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 0, "maximum": MAX_ATTENDANCE},
    },
    "example": {"age": {"0_12": 10, "30_49": 4}, "gender": {"women": 8, "men": 6}},
}


@extend_schema_field(ATTENDANCE_SCHEMA)
class AttendanceField(serializers.Field):
    """The attendance counts as the service takes them; the service validates dimensions, groups and numbers."""

    # DRF formats the message with str.format: the braces are doubled.
    default_error_messages = {"invalid": gettext_lazy("Give the counts as {{dimension: {{group: count}}}}.")}

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, activity):
        counts = {dimension: {} for dimension in DIMENSIONS}
        for count in activity.attendance.all():
            counts.setdefault(count.dimension, {})[count.group] = count.count
        return counts

    def to_internal_value(self, data):
        if not isinstance(data, dict) or not all(isinstance(groups, dict) for groups in data.values()):
            self.fail("invalid")
        return {"attendance": data}


class ActivitySerializer(serializers.ModelSerializer):
    """An entry of a space's log. Its space is chosen when it is logged and cannot be changed."""

    space = serializers.PrimaryKeyRelatedField(
        queryset=OpportunitySpace.objects.none(), help_text="The id of the space whose log it is in."
    )
    attendance = AttendanceField(required=False, help_text="Counts per group of each dimension.")
    attachments = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="The ids of its attachments (GET /api/v1/attachments/<id>/download/)."
    )

    class Meta:
        model = Activity
        fields = ["id", "space", "on", "title", "note", "participants", "attendance", "attachments", "created_at"]
        extra_kwargs = {
            "created_at": {"read_only": True},
            "participants": {"required": True, "help_text": "Everyone who came."},
            "on": {"help_text": "When it happened (at most 7 days ahead, at most 10 years ago)."},
            "note": {"help_text": "What went well, what was learned. Never names or anything about one person."},
        }

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["space"] = serializers.PrimaryKeyRelatedField(read_only=True, help_text=fields["space"].help_text)
        else:
            fields["space"].queryset = _visible_spaces(self.context.get("request"))
        return fields


class ActivityFilter(filters.FilterSet):
    space = IdFilter(field_name="space_id", help_text="Only the log of this space (its id).")

    class Meta:
        model = Activity
        fields = ["space"]


class ActivityViewSet(ListFiltersOnly, ServiceViewSet):
    """The activity log of the spaces the user may see, newest first per space, with its attendance counts (counts
    only, never persons). Logged, changed and deleted as on the space's page: by planners, administrators and the
    owner organisation's housing staff; every change recomputes the space's meeting-place index."""

    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        return (
            Activity.objects.filter(space__in=selectors.spaces_for_user(self.request.user))
            .select_related("space")
            .prefetch_related("attendance", "attachments")
            .order_by("space_id", "-on", "-id")
        )

    def may_create(self, request, data) -> bool:
        if data is None:  # may they log on any space at all?
            return can_create_spaces(request.user)
        return can_edit_space(request.user, data["space"].organisation_id)

    def may_change(self, request, instance) -> bool:
        return can_edit_space(request.user, instance.space.organisation_id)

    def create_object(self, data, by):
        data = dict(data)
        space = data.pop("space")
        attendance = data.pop("attendance", {})
        return services.save_activity_with_files(
            space=space, activity=None, data=data, attendance=attendance, uploads=[], by=by
        )

    def update_object(self, instance, data, by, expected_version):
        data = dict(data)
        attendance = data.pop("attendance", None)
        if attendance is None:  # a PATCH without counts keeps them
            attendance = AttendanceField().to_representation(instance)
        # As the browser's form: every field of the activity, the changed ones from the request.
        full = {name: getattr(instance, name) for name in services.ACTIVITY_FIELDS} | data
        services.save_activity_with_files(
            space=instance.space,
            activity=instance,
            data=full,
            attendance=attendance,
            uploads=[],
            by=by,
            expected_version=expected_version,
        )
        return self.get_queryset().get(pk=instance.pk)

    def delete_object(self, instance, by) -> None:
        services.delete_activity(activity=instance, by=by)


# --- Attachments ---------------------------------------------------------------------------------------------


class AttachmentSerializer(serializers.ModelSerializer):
    space = serializers.IntegerField(source="activity.space_id", read_only=True, help_text="The space's id.")
    download = serializers.SerializerMethodField(help_text="Where the file itself is served.")

    class Meta:
        model = Attachment
        fields = ["id", "activity", "space", "original_name", "content_type", "size", "uploaded_at", "download"]
        extra_kwargs = {
            "activity": {"help_text": "The id of the activity it is attached to."},
            "size": {"help_text": "In bytes."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_download(self, attachment) -> str:
        url = reverse("attachment-download", kwargs={"pk": attachment.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class AttachmentFilter(filters.FilterSet):
    activity = IdFilter(field_name="activity_id", help_text="Only this activity's files (its id).")
    space = IdFilter(field_name="activity__space_id", help_text="Only this space's files (its id).")

    class Meta:
        model = Attachment
        fields = ["activity", "space"]


class AttachmentViewSet(ListFiltersOnly, ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """The images and PDF files attached to the activities of the spaces the user may see, and the files themselves
    (``…/download/``, served by the browser's download view, after the same access check). Files are attached and
    deleted in the browser."""

    serializer_class = AttachmentSerializer
    filterset_class = AttachmentFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Attachment.objects.none()
        return (
            Attachment.objects.filter(activity__space__in=selectors.spaces_for_user(self.request.user))
            .select_related("activity")
            .order_by("activity_id", "uploaded_at", "id")
        )

    def perform_content_negotiation(self, request, force=False):
        # A file is served whatever its client says it accepts; an error is JSON.
        return super().perform_content_negotiation(request, force=force or self.action == "download")

    @extend_schema(
        responses={(200, content_type): OpenApiTypes.BINARY for content_type in Attachment.Type.values},
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def download(self, request, *args, **kwargs):
        """The file, as the browser's download view serves it (images and PDF inline, with their original name)."""
        attachment = self.get_object()
        # An attachment's file never changes: its ETag is known without opening it.
        self._validators = (cheap_etag("attachment", attachment.pk, attachment.token), attachment.uploaded_at)
        return self.handle_conditional_get(request) or attachment_download(request._request, pk=attachment.pk)


# --- The meeting-place index -------------------------------------------------------------------------------------


class MeetingPlaceScoreSerializer(serializers.ModelSerializer):
    dimensions = serializers.SerializerMethodField(
        help_text="The diversity (evenness, 0–1) of the attendance per dimension; null where nothing was recorded."
    )
    reasons = serializers.SerializerMethodField(
        help_text="Why the space does or does not qualify, in sentences in the request's language."
    )

    class Meta:
        model = MeetingPlaceScore
        fields = [
            "id",
            "space",
            "month_end",
            "attendance",
            "activities",
            "dimensions",
            "index",
            "qualifies",
            "reasons",
            "computed_at",
        ]
        extra_kwargs = {
            "space": {"help_text": "The space's id."},
            "month_end": {"help_text": "The last day of the window the score is computed over."},
            "index": {"help_text": "The meeting-place index, 0–1; null when it cannot be computed."},
            "qualifies": {"help_text": "Whether the space counts as a social meeting place in this window."},
        }

    @extend_schema_field(
        {"type": "object", "additionalProperties": {"type": "number", "nullable": True}, "example": {"age": 0.71}}
    )
    def get_dimensions(self, score) -> dict:
        return {code: None if value is None else Decimal(value) for code, value in score.dimensions.items()}

    def get_reasons(self, score) -> list[str]:
        return reason_sentences(score)


class MeetingPlaceScoreFilter(filters.FilterSet):
    space = IdFilter(field_name="space_id", help_text="Only this space's scores (its id).")

    class Meta:
        model = MeetingPlaceScore
        fields = ["space"]


class MeetingPlaceScoreViewSet(ListFiltersOnly, ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """The meeting-place index of the spaces the user may see: per space, the score of the window ending at each of
    the last 24 month-ends, oldest first (the space page's trend). Computed by a background job from the activity
    log; nobody writes it."""

    serializer_class = MeetingPlaceScoreSerializer
    filterset_class = MeetingPlaceScoreFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MeetingPlaceScore.objects.none()
        return MeetingPlaceScore.objects.filter(space__in=selectors.spaces_for_user(self.request.user)).order_by(
            "space_id", "month_end"
        )


# --- Needs and offers --------------------------------------------------------------------------------------------


class NeedOrOfferSerializer(serializers.ModelSerializer):
    """A need or an offer: the writable fields are ``services.NEED_OR_OFFER_FIELDS`` (a new one is open)."""

    organisation_slug = serializers.SlugRelatedField(
        source="organisation", slug_field="slug", read_only=True, help_text="The organisation's short name."
    )

    class Meta:
        model = NeedOrOffer
        fields = [
            "id",
            "plan",
            "type",
            "organisation",
            "organisation_slug",
            "category",
            "title",
            "description",
            "status",
            "is_example",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["plan", "is_example", "created_at", "updated_at"]
        extra_kwargs = {
            "plan": {"help_text": "The strategy plan's id."},
            "organisation": {
                "help_text": "The id of the organisation that needs or offers it (housing staff: their own)."
            },
            "status": {"help_text": "A new need or offer is open; set matched or closed when it is settled."},
        }

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is None:
            fields["status"].read_only = True  # as the browser's form: registered open
        return fields


class NeedOrOfferViewSet(ListFiltersOnly, ServiceViewSet):
    """Needs and offers ("Behov + Behov = Løsning"): published to every organisation of the partnership, so
    everyone with a role reads all of them (that is how matches are found). Housing staff register and change
    their own organisations' needs and offers, planners and administrators anyone's; one is closed, not deleted."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    serializer_class = NeedOrOfferSerializer
    filterset_class = NeedOrOfferFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return NeedOrOffer.objects.none()
        return selectors.needs_and_offers_for_user(self.request.user).order_by("-created_at", "-id")

    def may_create(self, request, data) -> bool:
        return can_use_opportunities(request.user) and owner_choices_for(request.user).exists()

    def may_change(self, request, instance) -> bool:
        return can_edit_space(request.user, instance.organisation_id)

    def create_object(self, data, by):
        plan = default_plan()
        if plan is None:
            raise _no_plan()
        return services.save_need_or_offer(item=NeedOrOffer(plan=plan), data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        services.save_need_or_offer(item=instance, data=data, by=by, expected_version=expected_version)
        return self.get_queryset().get(pk=instance.pk)

    @extend_schema(responses=ChangeRecordSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, *args, **kwargs):
        """The need's or offer's changes, newest first. They name the people who made them: as in the plan's history,
        housing staff read only their own organisations' (403 for another's)."""
        item = self.get_object()
        if not (can_read_all_spaces(request.user) or can_edit_space(request.user, item.organisation_id)):
            self.permission_denied(request)
        return super().history(request, *args, **kwargs)


# --- Suggested matches -------------------------------------------------------------------------------------------


class MatchPartSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The need's or offer's id.")
    title = serializers.CharField()
    organisation = serializers.IntegerField(source="organisation_id", help_text="The organisation's id.")
    organisation_slug = serializers.CharField(source="organisation.slug", help_text="The organisation's short name.")


class MatchSerializer(serializers.Serializer):
    id = serializers.CharField(help_text='The match\'s id: "<need id>-<offer id>".')
    need = MatchPartSerializer(help_text="The open need.")
    offer = MatchPartSerializer(help_text="The open offer of another organisation, in the same category.")
    category = serializers.ChoiceField(
        choices=NeedOrOffer.Category.choices, source="need.category", help_text="The category they share."
    )


def match_id(need: NeedOrOffer, offer: NeedOrOffer) -> str:
    return f"{need.pk}-{offer.pk}"


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.STR, OpenApiParameter.PATH, description='"<need id>-<offer id>", as listed.'
            )
        ]
    )
)
class MatchViewSet(ConditionalMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The suggested matches, as on the browser's page: each open need paired with the open offers of the same
    category from another organisation, newest needs first (at most 500). A match that is no longer suggested (the
    need or the offer is settled) is a 404. Planners turn a match into an opportunity space in the browser."""

    serializer_class = MatchSerializer
    filter_backends = []
    lookup_field = "id"
    lookup_value_regex = "[0-9]+-[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return []
        return [
            {"id": match_id(need, offer), "need": need, "offer": offer}
            for need, offer in selectors.suggested_matches(self.request.user, limit=MATCHES_LISTED)
        ]

    def get_object(self):
        wanted = self.kwargs[self.lookup_field]
        for match in self.get_queryset():
            if match["id"] == wanted:
                return match
        raise Http404


def register(router) -> None:
    router.register("opportunity-spaces", OpportunitySpaceViewSet, basename="opportunity-space")
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("attachments", AttachmentViewSet, basename="attachment")
    router.register("meeting-place-scores", MeetingPlaceScoreViewSet, basename="meeting-place-score")
    router.register("needs-and-offers", NeedOrOfferViewSet, basename="need-or-offer")
    router.register("matches", MatchViewSet, basename="match")
