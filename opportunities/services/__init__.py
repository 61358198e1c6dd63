"""Writes of the opportunities app, split by sub-domain: spaces and their stages, the activity log and its
attachments, needs and offers, the meeting-place index. Views, commands and tasks import from here. Each service
validates (``ValidationError`` keyed by field, in the user's language), writes in one transaction and records
history."""

from .activities import (
    ACTIVITY_DAYS_AHEAD,
    ACTIVITY_FIELDS,
    ACTIVITY_YEARS_BACK,
    add_attachment,
    delete_activity,
    delete_attachment,
    log_activity,
    save_activity_with_files,
    sniff,
    update_activity,
)
from .meeting_place import TREND_MONTHS, meeting_place_rule, recompute_meeting_place_index
from .needs import NEED_OR_OFFER_FIELDS, create_space_from_match, save_need_or_offer
from .spaces import SPACE_FIELDS, change_stage, create_space, stage_label, update_space

__all__ = [
    "ACTIVITY_DAYS_AHEAD",
    "ACTIVITY_FIELDS",
    "ACTIVITY_YEARS_BACK",
    "NEED_OR_OFFER_FIELDS",
    "SPACE_FIELDS",
    "TREND_MONTHS",
    "add_attachment",
    "change_stage",
    "create_space",
    "create_space_from_match",
    "delete_activity",
    "delete_attachment",
    "log_activity",
    "meeting_place_rule",
    "recompute_meeting_place_index",
    "save_activity_with_files",
    "save_need_or_offer",
    "sniff",
    "stage_label",
    "update_activity",
    "update_space",
]
