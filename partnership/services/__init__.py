"""Writes. ``audit`` holds the audited-write machinery every app's services use; the other modules hold the
governance app's own services, by sub-domain."""

from base.services.accounts import HOUSING_KINDS, clear_expired_sessions, upsert_organisation, upsert_user_with_role
from base.services.audit import actor_name, delete_audited, diff, record_change, save_audited, snapshot
from base.services.organisations import save_collaboration_model, save_organisation

from .partnership import assign_responsibility, remove_responsibilities_of, remove_responsibility, save_person
from .projects import add_dependency, delete_milestone, find_cycle, remove_dependency, save_milestone, save_project
from .risks import add_progress_note, delete_progress_note, mark_risk_reviewed, save_recommendation, save_risk
from .steering import (
    add_steering_member,
    delete_action_item,
    delete_agenda_item,
    record_minutes,
    remove_steering_member,
    save_action_item,
    save_agenda_item,
    save_decision,
    save_meeting,
    save_steering_group,
)

__all__ = [
    "HOUSING_KINDS",
    "actor_name",
    "add_dependency",
    "add_progress_note",
    "add_steering_member",
    "assign_responsibility",
    "clear_expired_sessions",
    "delete_action_item",
    "delete_agenda_item",
    "delete_audited",
    "delete_milestone",
    "delete_progress_note",
    "diff",
    "find_cycle",
    "mark_risk_reviewed",
    "record_change",
    "record_minutes",
    "remove_dependency",
    "remove_responsibilities_of",
    "remove_responsibility",
    "remove_steering_member",
    "save_action_item",
    "save_agenda_item",
    "save_audited",
    "save_collaboration_model",
    "save_decision",
    "save_meeting",
    "save_milestone",
    "save_organisation",
    "save_person",
    "save_project",
    "save_recommendation",
    "save_risk",
    "save_steering_group",
    "snapshot",
    "upsert_organisation",
    "upsert_user_with_role",
]
