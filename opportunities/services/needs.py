"""Writes of needs and offers ("Behov + Behov = Løsning"), and turning a match into an opportunity space."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.models import User
from base.services.audit import save_audited

from ..models import NeedOrOffer, OpportunitySpace
from .spaces import _check_owner, create_space

NEED_OR_OFFER_FIELDS = ("type", "organisation", "category", "title", "description", "status")


# --- Needs and offers -----------------------------------------------------------------------------------------


@transaction.atomic
def save_need_or_offer(
    *, item: NeedOrOffer, data: Mapping[str, Any], by: User | None, expected_version: int | None = None
) -> NeedOrOffer:
    """Create (``item`` without a primary key, its plan set) or change a need or an offer."""
    _check_owner(by, data.get("organisation"))
    record = save_audited(
        instance=item,
        data=data,
        by=by,
        plan_id=item.plan_id,
        allowed=NEED_OR_OFFER_FIELDS,
        expected_version=expected_version,
    )
    if record is not None and item.pk:
        NeedOrOffer.objects.filter(pk=item.pk).update(updated_at=timezone.now())
    return item


@transaction.atomic
def create_space_from_match(
    *, need: NeedOrOffer, offer: NeedOrOffer, data: Mapping[str, Any], by: User | None
) -> OpportunitySpace:
    """A new space from a need and an offer of two organisations: both take part (the owner from ``data``, the
    other as a partner), the space remembers both, and both are marked as matched."""
    if need.type != NeedOrOffer.Type.NEED or offer.type != NeedOrOffer.Type.OFFER:
        raise ValidationError(_("Choose a need and an offer."))
    if need.organisation_id == offer.organisation_id:
        raise ValidationError(_("A need and an offer of the same organisation are not a match across organisations."))
    if need.plan_id != offer.plan_id:
        raise ValidationError(_("The need and the offer belong to different strategies."))
    closed = [item for item in (need, offer) if item.status != NeedOrOffer.Status.OPEN]
    if closed:
        raise ValidationError(_("«%(name)s» is no longer open.") % {"name": closed[0]})
    partners = {need.organisation, offer.organisation, *data.get("partners", ())}
    owner = data.get("organisation") or need.organisation
    space_data = {**data, "organisation": owner, "partners": sorted(partners - {owner}, key=lambda o: o.pk)}
    space_data.setdefault("title", need.title)
    space = create_space(plan=need.plan, data=space_data, by=by)
    OpportunitySpace.objects.filter(pk=space.pk).update(from_need=need, from_offer=offer)
    space.from_need, space.from_offer = need, offer
    for item in (need, offer):
        save_audited(instance=item, data={"status": NeedOrOffer.Status.MATCHED}, by=by, plan_id=item.plan_id)
    return space
