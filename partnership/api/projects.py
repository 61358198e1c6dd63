"""Municipal projects and core operations the strategy depends on, with their milestones and the dependencies
between them. Everyone with a role reads them; planners and administrators write them, as in the browser."""

from django.db.models import F, Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from ..filters.projects import ProjectFilter
from ..models import LINK_FIELDS, Milestone, Project, ProjectDependency
from ..selectors.elements import link_prefetches
from ..services import add_dependency, delete_milestone, remove_dependency, save_milestone, save_project
from ..services.projects import MILESTONE_FIELDS
from .common import (
    ADD_AND_REMOVE,
    NO_DELETE,
    ExampleFlagMixin,
    GovernanceViewSet,
    LinkedSerializer,
    plan_for_new_object,
)


class MilestoneSummarySerializer(serializers.ModelSerializer):
    is_late = serializers.BooleanField(read_only=True, help_text="Not reached by its due date.")

    class Meta:
        model = Milestone
        fields = ["id", *MILESTONE_FIELDS, "is_late"]


class DependencySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectDependency
        fields = ["id", "depends_on", "kind"]


class DependentSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectDependency
        fields = ["id", "project", "kind"]


class ProjectSerializer(ExampleFlagMixin, LinkedSerializer):
    milestones = MilestoneSummarySerializer(
        many=True, read_only=True, help_text="Its milestones, soonest due first (written at /milestones/)."
    )
    dependencies = DependencySummarySerializer(
        many=True, read_only=True, help_text="The projects it depends on (written at /project-dependencies/)."
    )
    dependents = DependentSummarySerializer(many=True, read_only=True, help_text="The projects that depend on it.")

    class Meta:
        model = Project
        fields = [
            "id",
            "plan",
            "name",
            "kind",
            "description",
            "organisation",
            "collaboration_model",
            "starts_on",
            "ends_on",
            "status",
            "is_example",
            *LINK_FIELDS,
            "milestones",
            "dependencies",
            "dependents",
        ]
        read_only_fields = ["plan"]
        validators = []


class ProjectViewSet(GovernanceViewSet):
    """Municipal projects and core operations, soonest start first (undated last), with the list's filters
    (``kind``, ``status``). Planners and administrators create and change them (``save_project``)."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    http_method_names = NO_DELETE

    def get_queryset(self):
        return Project.objects.prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")),
            Prefetch("dependencies", queryset=ProjectDependency.objects.order_by("depends_on__name", "id")),
            Prefetch("dependents", queryset=ProjectDependency.objects.order_by("project__name", "id")),
            *link_prefetches(self.request.user),
        ).order_by(F("starts_on").asc(nulls_last=True), "name", "id")

    def create_object(self, data, by):
        return save_project(project=Project(plan=plan_for_new_object()), data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return save_project(project=instance, data=data, by=by, expected_version=expected_version)


class MilestoneSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The project's id.")
    is_late = serializers.BooleanField(read_only=True, help_text="Not reached by its due date.")

    class Meta:
        model = Milestone
        fields = ["id", "project", *MILESTONE_FIELDS, "is_late"]
        validators = []


class NewMilestoneSerializer(MilestoneSerializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), help_text="The project's id.")


@extend_schema_view(create=extend_schema(request=NewMilestoneSerializer, responses={201: MilestoneSerializer}))
class MilestoneViewSet(GovernanceViewSet):
    """The projects' milestones. Planners and administrators add, change and delete them (``save_milestone``,
    ``delete_milestone``)."""

    serializer_class = MilestoneSerializer
    create_serializer_class = NewMilestoneSerializer

    def get_queryset(self):
        return Milestone.objects.select_related("project__plan").order_by("project_id", "due_on", "id")

    def create_object(self, data, by):
        data = dict(data)
        return save_milestone(milestone=Milestone(project=data.pop("project")), data=data, by=by)

    def update_object(self, instance, data, by, expected_version):
        return save_milestone(milestone=instance, data=data, by=by, expected_version=expected_version)

    def delete_object(self, instance, by):
        delete_milestone(milestone=instance, by=by)


class DependencySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectDependency
        fields = ["id", "project", "depends_on", "kind"]
        extra_kwargs = {
            "project": {"help_text": "The id of the project that depends."},
            "depends_on": {"help_text": "The id of the project it depends on (same strategy, no circles)."},
        }
        validators = []  # the service names the projects when the dependency exists already


class DependencyViewSet(GovernanceViewSet):
    """Which project depends on which ("blocks": it cannot go on until the other is done; "follows": it comes
    after it). Planners and administrators add (``add_dependency``: refused, with the circle named, when it would
    close one) and remove (``remove_dependency``) them."""

    serializer_class = DependencySerializer
    http_method_names = ADD_AND_REMOVE

    def get_queryset(self):
        return ProjectDependency.objects.select_related("project__plan").order_by("project_id", "depends_on_id")

    def create_object(self, data, by):
        return add_dependency(project=data["project"], depends_on=data["depends_on"], kind=data["kind"], by=by)

    def delete_object(self, instance, by):
        remove_dependency(dependency=instance, by=by)
