"""What the partnership's API views share: the governance write rights, links to strategy elements and opportunity
spaces, and the ``is_example`` flag of the demo data.

Rights are those of the HTML pages (``partnership.selectors``): everyone with a role reads; planners and
administrators (``can_edit_governance``) write; a member of a meeting's steering group also records its minutes,
decisions and action items (``can_record_for_group``). Housing staff must not see another organisation's
opportunity spaces: links to spaces are prefetched through ``link_prefetches(user)`` and validated against the
spaces the user may see, the rules-of-play letters of such a space do not exist for them (404), and the histories
leave out the recorded links (``HistoryMixin``); every other governance object exists for every reader.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers

from base.api_views import ServiceViewSet
from base.permissions import can_edit_governance, can_record_as_steering_member, space_visibility
from opportunities.models import OpportunitySpace
from strategy.selectors import default_plan

from ..selectors.elements import ELEMENT_KINDS, ElementKind

# The methods of an object type the browser never deletes, and of one it only adds and removes.
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]
ADD_AND_REMOVE = ["get", "post", "delete", "head", "options"]


class WritesAsInTheBrowser(permissions.BasePermission):
    """A write (any method but GET, HEAD and OPTIONS) only by someone who may write some of the view's objects in
    the browser (``view.may_write``): everyone else is refused (403) before their input is looked at, as the
    pages refuse them before showing a form. Which object they may write is then the view's ``may_create`` and
    ``may_change``."""

    message = _("Your role does not allow this change.")

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or view.may_write(request)


class GovernanceViewSet(ServiceViewSet):
    """A governance object type the API writes as the browser does: planners and administrators
    (``can_edit_governance``, the check of ``get_for_user(…, write=True)``).

    ``create_serializer_class``: the serializer of a POST where it differs from the one of PUT/PATCH and the
    answers (a field set only on creation, such as the meeting of a decision).
    """

    permission_classes = [*ServiceViewSet.permission_classes, WritesAsInTheBrowser]
    create_serializer_class: type[serializers.Serializer] | None = None
    lookup_value_regex = r"\d+"

    def may_write(self, request) -> bool:
        return can_edit_governance(request.user)

    def may_create(self, request, data) -> bool:
        return can_edit_governance(request.user)

    def may_change(self, request, instance) -> bool:
        return can_edit_governance(request.user)

    def get_serializer_class(self):
        if self.action == "create" and self.create_serializer_class is not None:
            return self.create_serializer_class
        return super().get_serializer_class()

    def _answer(self, instance, code: int):
        # The answer shows the object as a GET of it would: read again through ``get_queryset`` (the user's
        # prefetches and annotations).
        fresh = self.get_queryset().filter(pk=instance.pk).first()
        return super()._answer(fresh if fresh is not None else instance, code)


class RecordingViewSet(GovernanceViewSet):
    """What a steering-group member records for their own group's meetings (decisions, action items): planners
    and administrators anywhere, a member for the meetings of the groups they sit in (``can_record_for_group``)."""

    def may_write(self, request) -> bool:
        return can_edit_governance(request.user) or can_record_as_steering_member(request.user)


def plan_for_new_object():
    """The plan a new risk, recommendation, project or steering group belongs to: the one the pages show."""
    plan = default_plan()
    if plan is None:
        raise DjangoValidationError(_("There is no strategy plan yet."))
    return plan


# --- Serializers ---------------------------------------------------------------------------------------------------


class LinkField(serializers.PrimaryKeyRelatedField):
    """One kind of strategy element or opportunity space, by id. Opportunity spaces are only those the user may see:
    in a representation (the list is prefetched with ``link_prefetches(user)``) and in input alike."""

    def __init__(self, *, kind: ElementKind, **kwargs):
        self.kind = kind
        super().__init__(queryset=kind.model.objects.all(), **kwargs)

    def get_queryset(self):
        queryset = self.kind.model.objects.all()
        if self.kind.model is OpportunitySpace:
            request = self.context.get("request")
            visible = space_visibility(request.user) if request is not None else None
            queryset = queryset.none() if visible is None else queryset.filter(visible)
        return queryset


def _link(key: str, help_text: str):
    return LinkField(kind=ELEMENT_KINDS[key], many=True, required=False, help_text=help_text)


class LinkedSerializer(serializers.ModelSerializer):
    """The links of an agenda item, a decision, a risk or a project to the strategy's elements and opportunity
    spaces (``partnership.models.LINK_FIELDS``), each a list of ids in the object's plan."""

    targets = _link("target", "Ids of the targets (pejlemærker) it concerns.")
    principles = _link("principle", "Ids of the principles it concerns.")
    strategies = _link("strategy", "Ids of the strategies it concerns.")
    moves = _link("move", "Ids of the moves (greb) it concerns.")
    main_moves = _link("main_move", "Ids of the main move it concerns.")
    opening_moves = _link("opening_move", "Ids of the opening moves it concerns.")
    spaces = _link("space", "Ids of the opportunity spaces it concerns (only those the reader may see).")


class ExampleFlagMixin:
    """``is_example`` marks the demo data's made-up values. As in the browser (whose form offers the box only on an
    example), it can be taken off an example but put on nothing."""

    def validate_is_example(self, value: bool) -> bool:
        if value and not (self.instance is not None and self.instance.is_example):
            raise serializers.ValidationError(_("Only the demo data's examples are marked as examples."))
        return value


def owner_name_field():
    return serializers.CharField(
        source="owner.name", read_only=True, allow_null=True, help_text="The responsible person's name."
    )
