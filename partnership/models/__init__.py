"""The partnership's models, split by sub-domain: its people and the rules of play, the steering group's work
(meetings, decisions, action items), risks and potentials with the recommendations, and the linked municipal
projects and core operations. Users, organisations and the history are the base's (``base.models``)."""

from .links import LINK_FIELDS, ElementLinks
from .partnership import Person, Responsibility
from .projects import Milestone, Project, ProjectDependency
from .risks import ProgressNote, Recommendation, Risk
from .steering import ActionItem, AgendaItem, Decision, Meeting, SteeringGroup, SteeringGroupMember

__all__ = [
    "LINK_FIELDS",
    "ActionItem",
    "AgendaItem",
    "Decision",
    "ElementLinks",
    "Meeting",
    "Milestone",
    "Person",
    "ProgressNote",
    "Project",
    "ProjectDependency",
    "Recommendation",
    "Responsibility",
    "Risk",
    "SteeringGroup",
    "SteeringGroupMember",
]
