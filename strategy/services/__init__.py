"""Writes of the strategy app, split by sub-domain. Views, tasks and commands import from here."""

from .plan import (
    CREATE_ONLY_FIELDS,
    EDITABLE_FIELDS,
    PARENT_FIELD,
    activate_vision,
    check_links_within_plan,
    create_strategy_object,
    delete_strategy_object,
    update_strategy_object,
    upsert_area,
    upsert_plan,
)

__all__ = [
    "CREATE_ONLY_FIELDS",
    "EDITABLE_FIELDS",
    "PARENT_FIELD",
    "activate_vision",
    "check_links_within_plan",
    "create_strategy_object",
    "delete_strategy_object",
    "update_strategy_object",
    "upsert_area",
    "upsert_plan",
]
