"""Risks (obstacles) and potentials, and the recommendations with their evidence of progress."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.services.audit import delete_audited, save_audited

from ..models import LINK_FIELDS, ProgressNote, Recommendation, Risk
from .common import save_with_links

RISK_FIELDS = (
    "kind",
    "title",
    "description",
    "likelihood",
    "impact",
    "owner",
    "mitigation",
    "status",
    "reviewed_on",
    "is_example",
    *LINK_FIELDS,
)
RECOMMENDATION_FIELDS = ("number", "title", "description", "owner", "status", "is_example")
PROGRESS_FIELDS = ("noted_on", "text", "link")


@transaction.atomic
def save_risk(*, risk: Risk, data: Mapping[str, Any], by, expected_version: int | None = None) -> Risk:
    """Create or change an obstacle or a potential. Scoring it is a review: a new one counts as reviewed today
    unless a date is given."""
    data = dict(data)
    if risk.pk is None and data.get("reviewed_on") is None:
        data["reviewed_on"] = timezone.localdate()
    reviewed_on = data.get("reviewed_on")
    if reviewed_on is not None and reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("The review date cannot be in the future.")})
    save_with_links(
        instance=risk, data=data, allowed=RISK_FIELDS, plan=risk.plan, by=by, expected_version=expected_version
    )
    return risk


@transaction.atomic
def mark_risk_reviewed(*, risk: Risk, by, on: datetime.date | None = None, expected_version: int | None = None) -> Risk:
    """Record that the risk or potential was looked at again today (its scores still hold). With
    ``expected_version`` (what the reviewer's page showed) it is refused, code "conflict", when someone changed it
    since: the reviewer vouches for scores they have seen."""
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("The review date cannot be in the future.")})
    save_with_links(
        instance=risk,
        data={"reviewed_on": on},
        allowed=RISK_FIELDS,
        plan=risk.plan,
        by=by,
        expected_version=expected_version,
    )
    return risk


@transaction.atomic
def save_recommendation(
    *, recommendation: Recommendation, data: Mapping[str, Any], by, expected_version: int | None = None
) -> Recommendation:
    """Create or change a recommendation. "Done" needs evidence: at least one progress note."""
    number = data.get("number", recommendation.number)
    clash = Recommendation.objects.filter(plan_id=recommendation.plan_id, number=number).exclude(pk=recommendation.pk)
    if number is not None and clash.exists():
        raise ValidationError({"number": _("Number %(number)s is already used here.") % {"number": number}})
    becomes_done = data.get("status") == Recommendation.Status.DONE != recommendation.status
    if becomes_done and recommendation.pk is not None:  # serialise with a deletion of its evidence
        Recommendation.objects.select_for_update().filter(pk=recommendation.pk).first()
    if becomes_done and (recommendation.pk is None or not recommendation.progress_notes.exists()):
        raise ValidationError(
            {
                "status": _(
                    "A recommendation is marked as done only with evidence: add a progress note that shows it first."
                )
            }
        )
    save_with_links(
        instance=recommendation,
        data=data,
        allowed=RECOMMENDATION_FIELDS,
        plan=recommendation.plan,
        by=by,
        expected_version=expected_version,
    )
    return recommendation


@transaction.atomic
def add_progress_note(*, recommendation: Recommendation, data: Mapping[str, Any], by) -> ProgressNote:
    noted_on = data.get("noted_on")
    if noted_on and noted_on > timezone.localdate():
        raise ValidationError({"noted_on": _("The date cannot be in the future.")})
    note = ProgressNote(recommendation=recommendation, created_by=by)
    save_audited(instance=note, data=data, by=by, plan_id=recommendation.plan_id, allowed=PROGRESS_FIELDS)
    if recommendation.status == Recommendation.Status.NOT_STARTED:
        save_with_links(
            instance=recommendation,
            data={"status": Recommendation.Status.IN_PROGRESS},
            allowed=RECOMMENDATION_FIELDS,
            plan=recommendation.plan,
            by=by,
        )
    return note


@transaction.atomic
def delete_progress_note(*, note: ProgressNote, by) -> None:
    # Lock the recommendation: two deletions at once must not leave a done recommendation without evidence.
    recommendation = Recommendation.objects.select_for_update().get(pk=note.recommendation_id)
    if recommendation.status == Recommendation.Status.DONE and recommendation.progress_notes.count() == 1:
        raise ValidationError(
            _("This is the only evidence for a recommendation marked as done: change its status first.")
        )
    delete_audited(instance=note, fields=PROGRESS_FIELDS, by=by, plan_id=recommendation.plan_id)
