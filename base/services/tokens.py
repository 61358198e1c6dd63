"""API keys: made by their user (or an administrator's command), shown once, revoked by deleting them."""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import ApiToken, User
from ..permissions import roles_of

logger = logging.getLogger("bagsvaerd.security")

MAX_EXPIRY_DAYS = 730


@transaction.atomic
def create_api_token(
    *, user: User, name: str, read_only: bool = False, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new key for ``user``: the stored token (its digest) and the key itself, which is not kept and must be
    shown to the user now. Only users with a role get keys (a key has its user's rights, no more)."""
    if not roles_of(user):
        raise PermissionDenied
    name = (name or "").strip()
    errors = {}
    if not name or len(name) > 100:
        errors["name"] = _("Give the key a name of at most 100 characters, e.g. “Power BI, indicators”.")
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
        errors["expires_in_days"] = _("A key can last from 1 to %(max)s days, or until it is revoked.") % {
            "max": MAX_EXPIRY_DAYS
        }
    if errors:
        raise ValidationError(errors)
    expiry = datetime.timedelta(days=expires_in_days) if expires_in_days else None
    token, key = ApiToken.objects.create(user, expiry=expiry, name=name, read_only=read_only)
    logger.info(
        "API key %s (%s%s) made for %s", token.reference, name, ", read-only" if read_only else "", user.get_username()
    )
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: User) -> None:
    """Delete a key: it stops working at once."""
    logger.info("API key %s of %s revoked by %s", token.reference, token.user.get_username(), by.get_username())
    token.delete()
