"""The steering group: the groups and their members, meetings with their agenda and minutes, decisions and action
items.

Planners and administrators set up groups, members, meetings and agendas; a member of a meeting's steering group
records its minutes, decisions and action items (``can_record_for_group``, as ``get_meeting_for_user(…, record=True)``
and ``get_decision_for_user(…, write=True)`` in the browser); everyone with a role reads.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action

from base.api_views import raise_service_error
from base.permissions import can_edit_governance, can_record_as_steering_member

from ..filters.steering import DecisionFilter
from ..models import LINK_FIELDS, ActionItem, AgendaItem, Decision, Meeting, SteeringGroup, SteeringGroupMember
from ..selectors.access import can_record_for_group
from ..selectors.elements import link_prefetches
from ..selectors.records import get_meeting_for_user
from ..services import steering as services
from .common import (
    ADD_AND_REMOVE,
    NO_DELETE,
    GovernanceViewSet,
    LinkedSerializer,
    RecordingViewSet,
    owner_name_field,
    plan_for_new_object,
)

# --- Steering groups and their members ----------------------------------------------------------------------------


class MemberSummarySerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = SteeringGroupMember
        fields = ["id", "person", "person_name", "function"]


class SteeringGroupSerializer(serializers.ModelSerializer):
    members = MemberSummarySerializer(
        source="memberships",
        many=True,
        read_only=True,
        help_text="Its members (added and removed at /steering-group-members/).",
    )

    class Meta:
        model = SteeringGroup
        fields = ["id", "plan", *services.GROUP_FIELDS, "members"]
        read_only_fields = ["plan"]
        validators = []


class SteeringGroupViewSet(GovernanceViewSet):
    """The steering groups with their members. Planners and administrators create and change them
    (``save_steering_group``)."""

    serializer_class = SteeringGroupSerializer
    http_method_names = NO_DELETE

    def get_queryset(self):
        members = SteeringGroupMember.objects.select_related("person").order_by("function", "person__name")
        return SteeringGroup.objects.prefetch_related(Prefetch("memberships", queryset=members)).order_by("name", "id")

    def create_object(self, data, by):
        return services.save_steering_group(group=SteeringGroup(plan=plan_for_new_object()), data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return services.save_steering_group(group=instance, data=data, by=by, expected_version=expected_version)


class SteeringMemberSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True, help_text="The person's name.")

    class Meta:
        model = SteeringGroupMember
        fields = ["id", "group", "person", "person_name", "function"]
        validators = []  # the service says when the person is a member already


class SteeringMemberViewSet(GovernanceViewSet):
    """Who sits in which steering group, and as what. Planners and administrators add (``add_steering_member``) and
    remove (``remove_steering_member``) members. A member with a user account and the steering-group role records
    minutes, decisions and action items for the group's meetings."""

    serializer_class = SteeringMemberSerializer
    http_method_names = ADD_AND_REMOVE

    def get_queryset(self):
        return SteeringGroupMember.objects.select_related("group", "person").order_by("group_id", "function", "id")

    def create_object(self, data, by):
        return services.add_steering_member(
            group=data["group"], person=data["person"], function=data["function"], by=by
        )

    def delete_object(self, instance, by):
        services.remove_steering_member(member=instance, by=by)


# --- Meetings ------------------------------------------------------------------------------------------------------


class AgendaSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title"]


class MeetingSerializer(serializers.ModelSerializer):
    group = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The steering group's id (a meeting stays with its group)."
    )
    minutes = serializers.CharField(
        read_only=True, help_text="The minutes: written with POST …/meetings/<id>/minutes/."
    )
    agenda_items = AgendaSummarySerializer(many=True, read_only=True, help_text="The agenda, in order.")
    decisions = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Ids of its decisions.")
    action_items = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Ids of its action items.")

    class Meta:
        model = Meeting
        fields = ["id", "group", *services.MEETING_FIELDS, "minutes", "agenda_items", "decisions", "action_items"]
        validators = []


class NewMeetingSerializer(MeetingSerializer):
    group = serializers.PrimaryKeyRelatedField(
        queryset=SteeringGroup.objects.all(), help_text="The id of the steering group that meets."
    )


class MinutesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["minutes"]
        extra_kwargs = {"minutes": {"required": True, "allow_blank": True}}


@extend_schema_view(create=extend_schema(request=NewMeetingSerializer, responses={201: MeetingSerializer}))
class MeetingViewSet(GovernanceViewSet):
    """The steering groups' meetings, newest first, with the agenda, the minutes and the ids of the decisions and
    action items. Planners and administrators plan and change them (``save_meeting``); the minutes are recorded
    with the ``minutes`` action."""

    serializer_class = MeetingSerializer
    create_serializer_class = NewMeetingSerializer
    http_method_names = NO_DELETE

    def get_queryset(self):
        return (
            Meeting.objects.select_related("group")
            .prefetch_related(
                Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "id")),
                Prefetch("decisions", queryset=Decision.objects.order_by("id").only("id", "meeting_id")),
                Prefetch("action_items", queryset=ActionItem.objects.order_by("id").only("id", "meeting_id")),
            )
            .order_by("-starts_at", "-id")
        )

    def create_object(self, data, by):
        data = dict(data)
        meeting = Meeting(group=data.pop("group"))
        return services.save_meeting(meeting=meeting, data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return services.save_meeting(meeting=instance, data=data, by=by, expected_version=expected_version)

    def may_write(self, request) -> bool:
        # Members of a steering group record minutes (their own group's meetings: ``minutes`` checks which).
        recording = self.action == "minutes" and can_record_as_steering_member(request.user)
        return can_edit_governance(request.user) or recording

    @extend_schema(request=MinutesSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def minutes(self, request, *args, **kwargs):
        """Record the meeting's minutes (``record_minutes``: a planned meeting that has begun is marked held).
        Planners, administrators and the members of the meeting's steering group."""
        meeting = get_meeting_for_user(request.user, self.kwargs["pk"], record=True)
        version = self.expected_version(meeting)
        serializer = MinutesSerializer(meeting, data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                meeting = services.record_minutes(
                    meeting=meeting,
                    minutes=serializer.validated_data["minutes"],
                    by=request.user,
                    expected_version=version,
                )
        except DjangoValidationError as error:
            raise_service_error(error)
        return self._answer(meeting, status.HTTP_200_OK)


# --- Agenda items --------------------------------------------------------------------------------------------------


class AgendaItemSerializer(LinkedSerializer):
    meeting = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The meeting's id.")
    position = serializers.IntegerField(
        min_value=0, max_value=32767, required=False, help_text="Its number on the agenda; left out: last."
    )

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", *services.AGENDA_FIELDS]
        validators = []


class NewAgendaItemSerializer(AgendaItemSerializer):
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(), help_text="The id of the meeting whose agenda it is on."
    )


@extend_schema_view(create=extend_schema(request=NewAgendaItemSerializer, responses={201: AgendaItemSerializer}))
class AgendaItemViewSet(GovernanceViewSet):
    """The items on the meetings' agendas, with the strategy elements and opportunity spaces they concern.
    Planners and administrators add, change and remove them (``save_agenda_item``, ``delete_agenda_item``)."""

    serializer_class = AgendaItemSerializer
    create_serializer_class = NewAgendaItemSerializer

    def get_queryset(self):
        return AgendaItem.objects.prefetch_related(*link_prefetches(self.request.user)).order_by(
            "meeting_id", "position", "id"
        )

    def create_object(self, data, by):
        data = dict(data)
        return services.save_agenda_item(item=AgendaItem(meeting=data.pop("meeting")), data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return services.save_agenda_item(item=instance, data=data, by=by, expected_version=expected_version)

    def delete_object(self, instance, by):
        services.delete_agenda_item(item=instance, by=by)


# --- Decisions and action items ------------------------------------------------------------------------------------


class DecisionSerializer(LinkedSerializer):
    meeting = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The id of the meeting that took it.")
    steering_group = serializers.IntegerField(
        source="meeting.group_id", read_only=True, help_text="The id of the steering group that took it."
    )
    meeting_starts_at = serializers.DateTimeField(
        source="meeting.starts_at", read_only=True, help_text="When the meeting was."
    )
    owner_name = owner_name_field()
    is_overdue = serializers.BooleanField(
        read_only=True, help_text="Past its due date and not carried out or cancelled."
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "steering_group",
            "meeting_starts_at",
            "agenda_item",
            "text",
            "owner",
            "owner_name",
            "due_on",
            "status",
            "done_on",
            "is_overdue",
            *LINK_FIELDS,
        ]
        validators = []


class NewDecisionSerializer(DecisionSerializer):
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(), help_text="The id of the meeting that took it."
    )


@extend_schema_view(create=extend_schema(request=NewDecisionSerializer, responses={201: DecisionSerializer}))
class DecisionViewSet(RecordingViewSet):
    """The steering groups' decisions, newest meeting first, with the filters of the decision list (``?q=``,
    ``status``, ``group``, ``owner``, ``overdue=yes|no``); as CSV too (``?format=csv`` or ``csv-da``). Recorded and
    changed (``save_decision``) by planners, administrators and the members of the meeting's steering group."""

    serializer_class = DecisionSerializer
    create_serializer_class = NewDecisionSerializer
    filterset_class = DecisionFilter
    http_method_names = NO_DELETE

    def get_queryset(self):
        return (
            Decision.objects.select_related("meeting", "owner")
            .prefetch_related(*link_prefetches(self.request.user))
            .order_by("-meeting__starts_at", "-id")
        )

    def may_create(self, request, data) -> bool:
        if data is None:  # before the input is read: may they record for any group at all?
            return self.may_write(request)
        return can_record_for_group(request.user, data["meeting"].group_id)

    def may_change(self, request, instance) -> bool:
        return can_record_for_group(request.user, instance.meeting.group_id)

    def create_object(self, data, by):
        data = dict(data)
        return services.save_decision(decision=Decision(meeting=data.pop("meeting")), data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return services.save_decision(decision=instance, data=data, by=by, expected_version=expected_version)


class ActionItemSerializer(serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The id of the meeting it came from.")
    owner_name = owner_name_field()
    is_overdue = serializers.BooleanField(
        read_only=True, help_text="Past its due date and not carried out or cancelled."
    )

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "decision",
            "text",
            "owner",
            "owner_name",
            "due_on",
            "status",
            "done_on",
            "is_overdue",
        ]
        validators = []


class NewActionItemSerializer(ActionItemSerializer):
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(), help_text="The id of the meeting it came from."
    )


@extend_schema_view(create=extend_schema(request=NewActionItemSerializer, responses={201: ActionItemSerializer}))
class ActionItemViewSet(RecordingViewSet):
    """The action items that follow from the meetings, soonest due first. Recorded, changed and deleted
    (``save_action_item``, ``delete_action_item``) by planners, administrators and the members of the meeting's
    steering group."""

    serializer_class = ActionItemSerializer
    create_serializer_class = NewActionItemSerializer

    def get_queryset(self):
        return ActionItem.objects.select_related("meeting", "owner").order_by("due_on", "id")

    def may_create(self, request, data) -> bool:
        if data is None:  # before the input is read: may they record for any group at all?
            return self.may_write(request)
        return can_record_for_group(request.user, data["meeting"].group_id)

    def may_change(self, request, instance) -> bool:
        return can_record_for_group(request.user, instance.meeting.group_id)

    def create_object(self, data, by):
        data = dict(data)
        return services.save_action_item(item=ActionItem(meeting=data.pop("meeting")), data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return services.save_action_item(item=instance, data=data, by=by, expected_version=expected_version)

    def delete_object(self, instance, by):
        services.delete_action_item(item=instance, by=by)
