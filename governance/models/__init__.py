"""The governance app's models, split by sub-domain: the partnership (organisations, people, roles, the rules of
play), the steering group's work (meetings, decisions, action items), risks and potentials with the
recommendations, and the linked municipal projects and core operations."""

from .core import ChangeRecord, CollaborationModel, Membership, Organisation, Role, User
from .links import LINK_FIELDS, ElementLinks
from .partnership import Person, Responsibility
from .projects import Milestone, Project, ProjectDependency
from .risks import ProgressNote, Recommendation, Risk
from .steering import ActionItem, AgendaItem, Decision, Meeting, SteeringGroup, SteeringGroupMember

__all__ = [
    "LINK_FIELDS",
    "ActionItem",
    "AgendaItem",
    "ChangeRecord",
    "CollaborationModel",
    "Decision",
    "ElementLinks",
    "Meeting",
    "Membership",
    "Milestone",
    "Organisation",
    "Person",
    "ProgressNote",
    "Project",
    "ProjectDependency",
    "Recommendation",
    "Responsibility",
    "Risk",
    "Role",
    "SteeringGroup",
    "SteeringGroupMember",
    "User",
]
