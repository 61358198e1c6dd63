"""Writes of opportunity spaces: creating and changing a space, and moving it between stages.

Callers fetch the space through the access functions in ``opportunities.selectors`` first; the services check
again that the owner is one the user may act for, so a forged form field cannot move a space to another
organisation.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from base.models import Organisation, User
from base.permissions import can_edit_space
from base.services.audit import actor_name, save_audited, tidy_text
from strategy.models import StrategyPlan
from strategy.services import check_links_within_plan

from ..models import ALLOWED_TRANSITIONS, OpportunitySpace, Stage, StageChange

# The fields users edit: the forms and the services use the same lists.
SPACE_FIELDS = (
    "title",
    "description",
    "kind",
    "organisation",
    "contact_person",
    "contact_email",
    "partners",
    "address",
    "latitude",
    "longitude",
    "principles",
    "moves",
    "targets",
    "main_move",
    "opening_move",
    "perspectives",
    "collaboration_model",
    "confidence",
)


def _check_owner(by: User | None, organisation: Organisation | None, field: str = "organisation") -> None:
    """Housing staff register and move spaces, needs and offers for their own organisations only."""
    if by is not None and organisation is not None and not can_edit_space(by, organisation.pk):
        raise ValidationError({field: _("You can only register this for your own organisation.")})


def _check_space_links(plan: StrategyPlan, data: Mapping[str, Any]) -> None:
    errors = {}
    main_move = data.get("main_move")
    if main_move is not None and main_move.plan_id != plan.pk:
        errors["main_move"] = _("«%(name)s» belongs to another strategy and cannot be linked here.") % {
            "name": main_move
        }
    opening_move = data.get("opening_move")
    if opening_move is not None and opening_move.main_move.plan_id != plan.pk:
        errors["opening_move"] = _("«%(name)s» belongs to another strategy and cannot be linked here.") % {
            "name": opening_move
        }
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if (latitude is None) != (longitude is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    if errors:
        raise ValidationError(errors)


def _touch(space: OpportunitySpace) -> None:
    space.updated_at = timezone.now()
    OpportunitySpace.objects.filter(pk=space.pk).update(updated_at=space.updated_at)


# --- Spaces ------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_space(
    *,
    plan: StrategyPlan,
    data: Mapping[str, Any],
    by: User | None,
    is_example: bool = False,
    started_on: datetime.date | None = None,
) -> OpportunitySpace:
    """A new opportunity space, at the stage "idea" since ``started_on`` (default today; for spaces that began
    before they were registered, so their later stage changes can carry their real dates)."""
    _check_owner(by, data.get("organisation"))
    _check_space_links(plan, data)
    today = timezone.localdate()
    started_on = started_on or today
    if started_on > today:
        raise ValidationError({"stage_since": _("The date cannot be in the future.")})
    space = OpportunitySpace(
        plan=plan,
        stage=Stage.IDEA,
        stage_since=started_on,
        is_example=is_example,
        created_at=timezone.make_aware(datetime.datetime.combine(started_on, datetime.time(12)))
        if started_on != today
        else timezone.now(),
    )
    save_audited(
        instance=space,
        data=data,
        by=by,
        plan_id=plan.pk,
        allowed=SPACE_FIELDS,
        validate_links=lambda links: check_links_within_plan(plan, links),
    )
    StageChange.objects.create(
        space=space, from_stage="", to_stage=Stage.IDEA, on=space.stage_since, by=by, by_name=actor_name(by)
    )
    return space


@transaction.atomic
def update_space(
    *, space: OpportunitySpace, data: Mapping[str, Any], by: User | None, expected_version: int | None = None
) -> OpportunitySpace:
    """Change a space's fields (not its stage: ``change_stage``)."""
    _check_owner(by, data.get("organisation"))
    _check_space_links(space.plan, data)
    record = save_audited(
        instance=space,
        data=data,
        by=by,
        plan_id=space.plan_id,
        allowed=SPACE_FIELDS,
        validate_links=lambda links: check_links_within_plan(space.plan, links),
        expected_version=expected_version,
    )
    if record is not None:
        _touch(space)
    return space


def stage_label(stage: str) -> str:
    return str(Stage(stage).label) if stage in Stage.values else stage


@transaction.atomic
def change_stage(
    *,
    space: OpportunitySpace,
    to_stage: str,
    by: User | None,
    reason: str = "",
    on: datetime.date | None = None,
    expected_stage: str | None = None,
) -> StageChange:
    """Move a space to another stage, if the move is allowed (``ALLOWED_TRANSITIONS``); "stopped" needs a reason.

    ``on`` (default today) is when it happened: not in the future, not before the space reached its current stage.
    ``expected_stage``: the stage the user saw; when someone moved the space since, the move is refused (code
    "conflict"), naming who and when, so that nobody stops or moves a space from a stage it is no longer at.
    """
    space = OpportunitySpace.objects.select_for_update().get(pk=space.pk)
    if expected_stage and expected_stage != space.stage:
        latest = space.stage_changes.order_by("-on", "-id").first()
        raise ValidationError(
            {
                "to_stage": ValidationError(
                    _(
                        "%(who)s moved the space from «%(seen)s» to «%(current)s» after you opened this page. "
                        "Choose the new stage again."
                    )
                    % {
                        "who": latest.by_name if latest else _("Someone"),
                        "seen": stage_label(expected_stage),
                        "current": stage_label(space.stage),
                    },
                    code="conflict",
                )
            }
        )
    today = timezone.localdate()
    on = on or today
    reason = (reason or "").strip()
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": _("Choose one of the stages.")})
    if to_stage == space.stage:
        raise ValidationError(
            {"to_stage": _("The space is already at the stage «%(stage)s».") % {"stage": stage_label(to_stage)}}
        )
    allowed = ALLOWED_TRANSITIONS[space.stage]
    if to_stage not in allowed:
        names = ", ".join(f"«{stage_label(stage)}»" for stage in Stage.values if stage in allowed)
        raise ValidationError(
            {
                "to_stage": _(
                    "A space cannot go from «%(current)s» to «%(wanted)s». From «%(current)s» it can go to %(allowed)s."
                )
                % {"current": stage_label(space.stage), "wanted": stage_label(to_stage), "allowed": names}
            }
        )
    errors = {}
    if to_stage == Stage.STOPPED and not reason:
        errors["reason"] = _("Write why the space is stopped: others learn from it.")
    if on > today:
        errors["on"] = _("The date cannot be in the future.")
    elif on < space.stage_since:
        errors["on"] = _("The date cannot be before the space reached its current stage (%(date)s).") % {
            "date": formats.date_format(space.stage_since, "SHORT_DATE_FORMAT")
        }
    if errors:
        raise ValidationError(errors)
    change = StageChange.objects.create(
        space=space,
        from_stage=space.stage,
        to_stage=to_stage,
        on=on,
        reason=tidy_text(StageChange._meta.get_field("reason"), reason),
        by=by,
        by_name=actor_name(by),
    )
    save_audited(
        instance=space,
        data={
            "stage": to_stage,
            "stage_since": on,
            "stopped_reason": reason if to_stage == Stage.STOPPED else "",
        },
        by=by,
        plan_id=space.plan_id,
    )
    _touch(space)
    return change
