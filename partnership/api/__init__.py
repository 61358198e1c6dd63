"""The partnership's REST API (registered under /api/v1/ in ``bagsvaerd/urls.py``): organisations and people, the
rules of play, the steering groups with their members, meetings, agenda items, decisions and action items, risks and
potentials, recommendations with their progress notes, and projects with their milestones and dependencies.

Everyone with a role reads it; writes go through the same services and rights as the governance pages (each
viewset's docstring names them), with history, and need ``If-Match`` (``base.api_views``). Each object has its
``…/<id>/history/``.
"""

from .partnership import OrganisationViewSet, PersonViewSet, ResponsibilityViewSet
from .projects import DependencyViewSet, MilestoneViewSet, ProjectViewSet
from .risks import ProgressNoteViewSet, RecommendationViewSet, RiskViewSet
from .steering import (
    ActionItemViewSet,
    AgendaItemViewSet,
    DecisionViewSet,
    MeetingViewSet,
    SteeringGroupViewSet,
    SteeringMemberViewSet,
)


def register(router) -> None:
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("people", PersonViewSet, basename="person")
    router.register("rules-of-play", ResponsibilityViewSet, basename="rule-of-play")
    router.register("steering-groups", SteeringGroupViewSet, basename="steering-group")
    router.register("steering-group-members", SteeringMemberViewSet, basename="steering-group-member")
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("agenda-items", AgendaItemViewSet, basename="agenda-item")
    router.register("decisions", DecisionViewSet, basename="decision")
    router.register("action-items", ActionItemViewSet, basename="action-item")
    router.register("risks", RiskViewSet, basename="risk")
    router.register("recommendations", RecommendationViewSet, basename="recommendation")
    router.register("progress-notes", ProgressNoteViewSet, basename="progress-note")
    router.register("projects", ProjectViewSet, basename="project")
    router.register("milestones", MilestoneViewSet, basename="milestone")
    router.register("project-dependencies", DependencyViewSet, basename="project-dependency")
