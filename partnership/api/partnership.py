"""The partnership's organisations and people, and the rules of play (who is responsible for, approves, is consulted
on or informed about each strategy element and opportunity space)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from base.models import Organisation, User
from base.permissions import can_edit_governance, can_read_all_spaces, space_visibility
from base.services.organisations import ORGANISATION_FIELDS, save_organisation
from opportunities.models import OpportunitySpace

from ..models import Person, Responsibility
from ..selectors.elements import ELEMENT_KINDS, KIND_OF_MODEL, get_element_for_user
from ..selectors.records import organisations_with_people, people
from ..services import assign_responsibility, remove_responsibility, save_person
from .common import ADD_AND_REMOVE, NO_DELETE, GovernanceViewSet

# --- Organisations -------------------------------------------------------------------------------------------------


class OrganisationSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(read_only=True, help_text="A short name, made from the name when it is created.")
    people = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Ids of the people registered for it."
    )

    class Meta:
        model = Organisation
        fields = ["id", "slug", *ORGANISATION_FIELDS, "people"]
        validators = []


class OrganisationViewSet(GovernanceViewSet):
    """The organisations of the partnership (the municipality, the housing organisations, the residents' board, …).
    Everyone with a role reads them; planners and administrators create and rename them (``save_organisation``)."""

    serializer_class = OrganisationSerializer
    http_method_names = NO_DELETE

    def get_queryset(self):
        return organisations_with_people().order_by("name", "id")

    def create_object(self, data, by):
        return save_organisation(organisation=Organisation(), data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return save_organisation(organisation=instance, data=data, by=by, expected_version=expected_version)


# --- People --------------------------------------------------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        allow_null=True,
        required=False,
        help_text="The id of the person's user account (null: no login). Shown to planners and administrators "
        "only; others see has_login.",
    )
    has_login = serializers.SerializerMethodField(help_text="Whether the person has a user account.")
    is_example = serializers.BooleanField(read_only=True, help_text="A made-up person of the demo data.")

    class Meta:
        model = Person
        fields = ["id", "name", "organisation", "title", "email", "phone", "user", "has_login", "is_example"]
        validators = []

    def get_has_login(self, person) -> bool:
        return person.user_id is not None

    def validate_user(self, user):
        # As the form offers them: active accounts, and the one the person already has.
        if user is not None and not user.is_active and user.pk != getattr(self.instance, "user_id", None):
            raise serializers.ValidationError(_("This user account is not active."))
        return user

    def to_representation(self, person):
        data = super().to_representation(person)
        request = self.context.get("request")
        if request is None or not can_edit_governance(request.user):
            data["user"] = None  # the pages tell others only whether there is a login
        return data


class PersonViewSet(GovernanceViewSet):
    """The people of the partnership, each in an organisation. Everyone with a role reads them; planners and
    administrators register and change them (``save_person``: a person who moves to another organisation is taken
    off the rules-of-play letters of the one they left)."""

    serializer_class = PersonSerializer
    http_method_names = NO_DELETE

    def get_queryset(self):
        return people().order_by("name", "id")

    def create_object(self, data, by):
        return save_person(person=Person(), data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return save_person(person=instance, data=data, by=by, expected_version=expected_version)


# --- Rules of play -------------------------------------------------------------------------------------------------


def _kind_of(responsibility: Responsibility) -> str:
    model = ContentType.objects.get_for_id(responsibility.element_type_id).model_class()  # cached by Django
    return KIND_OF_MODEL[model].key


class ElementKindField(serializers.ChoiceField):
    """The kind of the element a letter is for (``target``, ``principle``, …, ``space``)."""

    def __init__(self, **kwargs):
        super().__init__(choices=list(ELEMENT_KINDS), source="*", **kwargs)

    def to_representation(self, responsibility):
        return _kind_of(responsibility)

    def to_internal_value(self, data):
        return {"element_kind": super().to_internal_value(data)}


class ResponsibilitySerializer(serializers.ModelSerializer):
    element_kind = ElementKindField(
        help_text="The kind of the element: target, principle, strategy, move, main_move, opening_move or space."
    )
    element_id = serializers.IntegerField(min_value=1, help_text="The element's id (within its kind).")
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        allow_null=True,
        required=False,
        help_text="A named person in the organisation, or null.",
    )

    class Meta:
        model = Responsibility
        fields = ["id", "plan", "element_kind", "element_id", "organisation", "person", "letter", "is_example"]
        read_only_fields = ["plan", "is_example"]
        validators = []

    def validate(self, data):
        request = self.context["request"]
        try:
            _kind, element, _plan = get_element_for_user(request.user, data["element_kind"], data["element_id"])
        except Http404:
            raise serializers.ValidationError({"element_id": _("There is no such element.")}) from None
        data["element"] = element
        return data


class ResponsibilityViewSet(GovernanceViewSet):
    """The rules of play: one letter (R responsible, A approves, C consulted, I informed) of an organisation, and
    optionally a named person there, for one strategy element or opportunity space. Everyone with a role reads the
    letters of the elements they may see (housing staff: not those of another organisation's spaces); planners and
    administrators give (``assign_responsibility``) and remove (``remove_responsibility``) them."""

    serializer_class = ResponsibilitySerializer
    http_method_names = ADD_AND_REMOVE

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no request user, no database
            return Responsibility.objects.none()
        queryset = Responsibility.objects.order_by("plan_id", "element_type_id", "element_id", "letter", "id")
        if can_read_all_spaces(self.request.user):
            return queryset
        space_type = ContentType.objects.get_for_model(OpportunitySpace)
        visible = space_visibility(self.request.user)
        if visible is None:
            return queryset.exclude(element_type=space_type)
        hidden = Q(element_type=space_type) & ~Q(element_id__in=OpportunitySpace.objects.filter(visible).values("pk"))
        return queryset.exclude(hidden)

    def create_object(self, data, by):
        return assign_responsibility(
            element=data["element"],
            organisation=data["organisation"],
            letter=data["letter"],
            person=data.get("person"),
            by=by,
        )

    def delete_object(self, instance, by):
        _kind, element, _plan = get_element_for_user(self.request.user, _kind_of(instance), instance.element_id)
        remove_responsibility(responsibility=instance, element=element, by=by)
