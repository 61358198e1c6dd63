"""The strategy plan's REST API: the plans, the four perspectives, and the seven kinds of strategy object (vision,
targets, principles, strategies, moves, main move, opening moves), read by everyone with a role and written by
planners and administrators through the same services as the plan's pages (``strategy.services.plan``).

A new object names what it is created under (``plan`` by its short name; a move its ``strategy``; an opening move
its ``main_move``), which it then keeps. Links (a move's targets, principles and perspectives; the main move's moves
and targets) are lists of ids within the same plan.
"""

from django.db import transaction
from django.db.models import Model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from base.api_views import ConditionalMixin, ServiceViewSet, SlugRelatedField
from base.permissions import can_edit_strategy

from .models import MainMove, Move, OpeningMove, Perspective, Principle, Strategy, StrategyPlan, Target, Vision
from .selectors.plan import strategy_objects
from .services import activate_vision, create_strategy_object, delete_strategy_object, update_strategy_object
from .services.plan import CREATE_ONLY_FIELDS, EDITABLE_FIELDS, PARENT_FIELD


class PlanSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="The area's code."
    )

    class Meta:
        model = StrategyPlan
        fields = ["slug", "title", "summary", "area"]


class PerspectiveSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_code_display", read_only=True)

    class Meta:
        model = Perspective
        fields = ["id", "code", "name", "position"]


class PlanViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """The area strategies (set up by an administrator); each holds the objects below."""

    queryset = StrategyPlan.objects.select_related("area").order_by("title")
    serializer_class = PlanSerializer
    lookup_field = "slug"


class PerspectiveViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """The method's four perspectives (udefra, indefra, oppefra, nedefra) a move may take."""

    queryset = Perspective.objects.order_by("position")
    serializer_class = PerspectiveSerializer
    pagination_class = None


class ElementSerializer(serializers.ModelSerializer):
    """An object of the plan: its own fields, the parent it was created under (fixed after), its links by id."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.instance, Model) and self.instance.pk:  # one existing object (not a list of them)
            for name in (PARENT_FIELD[self.Meta.model], *CREATE_ONLY_FIELDS.get(self.Meta.model, ())):
                self.fields[name].read_only = True


def _element_serializer(model) -> type[ElementSerializer]:
    parent = PARENT_FIELD[model]
    fields = ["id", parent, *EDITABLE_FIELDS[model], *CREATE_ONLY_FIELDS.get(model, ())]
    # No validators of the serializer's own: the service checks uniqueness as it does for the pages.
    attrs = {"Meta": type("Meta", (), {"model": model, "fields": fields, "validators": []})}
    if parent == "plan":
        attrs["plan"] = SlugRelatedField(
            slug_field="slug", queryset=StrategyPlan.objects.all(), help_text="The plan's short name."
        )
    if model is Vision:
        attrs["Meta"].fields.append("is_active")
        attrs["Meta"].read_only_fields = ["is_active"]
    return type(f"{model.__name__}Serializer", (ElementSerializer,), attrs)


class ElementViewSet(ServiceViewSet):
    model = None

    def get_queryset(self):
        return strategy_objects(self.model).order_by("pk")

    def may_create(self, request, data) -> bool:
        return can_edit_strategy(request.user)

    def may_change(self, request, instance) -> bool:
        return can_edit_strategy(request.user)

    def create_object(self, data, by):
        data = dict(data)
        parent = data.pop(PARENT_FIELD[self.model])
        return create_strategy_object(model=self.model, parent=parent, data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return update_strategy_object(obj=instance, data=data, by=by, expected_version=expected_version)

    def delete_object(self, instance, by):
        delete_strategy_object(obj=instance, by=by)


DESCRIPTIONS = {
    Vision: "The vision's versions: one is active, the earlier ones are kept.",
    Target: "The targets (pejlemærker), numbered; each has indicators (/indicators/).",
    Principle: "The principles, numbered.",
    Strategy: "The three strategies: physical, social and organisational.",
    Move: "The moves (træk) of a strategy, with the targets, principles and perspectives they serve.",
    MainMove: "The main move (hovedtrækket): one per plan, drawing on moves.",
    OpeningMove: "The opening moves (åbningstræk) of the main move: where it starts.",
}


class VisionViewSet(ElementViewSet):
    model = Vision

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def activate(self, request, *args, **kwargs):
        """Make this version the plan's active vision (the one active before stays, inactive)."""
        vision = self.get_object()
        if not self.may_change(request, vision):
            self.permission_denied(request)
        with transaction.atomic():
            Vision.objects.select_for_update().filter(pk=vision.pk).first()
            self.expected_version(vision)
            activate_vision(vision=vision, by=request.user)
        return self._answer(vision, 200)


def _viewset(model, base=ElementViewSet):
    attrs = {"model": model, "serializer_class": _element_serializer(model), "__doc__": DESCRIPTIONS[model]}
    return type(f"{model.__name__}ViewSet", (base,), attrs)


ELEMENTS = {
    "visions": ("vision", _viewset(Vision, VisionViewSet)),
    "targets": ("target", _viewset(Target)),
    "principles": ("principle", _viewset(Principle)),
    "strategies": ("strategy", _viewset(Strategy)),
    "moves": ("move", _viewset(Move)),
    "main-moves": ("main-move", _viewset(MainMove)),
    "opening-moves": ("opening-move", _viewset(OpeningMove)),
}


def register(router) -> None:
    router.register("plans", PlanViewSet, basename="plan")
    router.register("perspectives", PerspectiveViewSet, basename="perspective")
    for prefix, (basename, viewset) in ELEMENTS.items():
        router.register(prefix, viewset, basename=basename)
