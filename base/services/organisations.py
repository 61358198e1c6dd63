"""Writes of organisations and collaboration models, which every app refers to. Through the partnership's pages
(and never the admin, which only shows them), with history like every other object."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import CollaborationModel, Organisation, User
from .audit import save_audited

ORGANISATION_FIELDS = ("name", "kind")
COLLABORATION_MODEL_FIELDS = ("name", "description", "position")


# slugify drops æ and ø (they do not decompose to ASCII) and turns å into a: spell them the Danish ASCII way.
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _free_slug(name: str) -> str:
    base = slugify(name.translate(_DANISH_LETTERS))[:50] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_organisation(
    *, organisation: Organisation, data: Mapping[str, Any], by: User | None, expected_version: int | None = None
) -> Organisation:
    """Create or change an organisation; a new one gets a free short name made from its name."""
    if organisation.pk is None and not organisation.slug:
        organisation.slug = _free_slug(str(data.get("name", "")))
    clash = Organisation.objects.filter(name__iexact=str(data.get("name", "")).strip()).exclude(pk=organisation.pk)
    if clash.exists():
        raise ValidationError({"name": _("An organisation with this name already exists.")})
    save_audited(
        instance=organisation,
        data=data,
        by=by,
        plan_id=None,
        allowed=ORGANISATION_FIELDS,
        expected_version=expected_version,
    )
    return organisation


@transaction.atomic
def save_collaboration_model(
    *, model: CollaborationModel, data: Mapping[str, Any], by: User | None, expected_version: int | None = None
) -> CollaborationModel:
    clash = CollaborationModel.objects.filter(name__iexact=str(data.get("name", "")).strip()).exclude(pk=model.pk)
    if clash.exists():
        raise ValidationError({"name": _("A collaboration model with this name already exists.")})
    save_audited(
        instance=model,
        data=data,
        by=by,
        plan_id=None,
        allowed=COLLABORATION_MODEL_FIELDS,
        expected_version=expected_version,
    )
    return model
