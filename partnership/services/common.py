"""What the partnership's services share: saving an object with its links to the strategy, which must stay in the
object's plan (checked by the strategy's one rule, ``strategy.services.check_links_within_plan``)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from base.models import User
from base.services.audit import save_audited
from strategy.services import check_links_within_plan

from ..models import LINK_FIELDS


def save_with_links(
    *,
    instance: models.Model,
    data: Mapping[str, Any],
    allowed: Iterable[str],
    plan,
    by: User | None,
    expected_version: int | None = None,
    exclude_from_validation: Iterable[str] = (),
):
    """Save through ``save_audited`` (history under ``plan``, only the ``allowed`` fields), every linked element
    checked to belong to the plan."""
    return save_audited(
        instance=instance,
        data=data,
        by=by,
        plan_id=plan.pk if plan is not None else None,
        allowed=allowed,
        validate_links=lambda m2m: check_links_within_plan(plan, {k: v for k, v in m2m.items() if k in LINK_FIELDS}),
        exclude_from_validation=list(exclude_from_validation),
        expected_version=expected_version,
    )
