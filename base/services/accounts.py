"""Accounts and organisations (set up by administrators and the demo), and housekeeping."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Membership, Organisation, Role, User

# --- Housekeeping ----------------------------------------------------------------------------


def clear_expired_sessions() -> int:
    """Delete expired login sessions; returns how many were removed."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def clear_old_login_events() -> int:
    """Delete the login log's entries older than ``LOGIN_LOG_DAYS``: they hold addresses and browsers, personal
    data kept no longer than the log is needed for. Returns how many were removed."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from ..models import AuthEvent

    deleted, _ = AuthEvent.objects.filter(at__lt=timezone.now() - timedelta(days=settings.LOGIN_LOG_DAYS)).delete()
    return deleted


# --- Organisations and people -----------------------------------------------------------

# Housing staff act for one of these organisations.
HOUSING_KINDS = frozenset(
    {
        Organisation.Kind.HOUSING_ASSOCIATION,
        Organisation.Kind.ADMINISTRATOR,
        Organisation.Kind.RESIDENTS_BOARD,
    }
)


@transaction.atomic
def upsert_organisation(*, slug: str, name: str, kind: str) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(slug=slug, defaults={"name": name, "kind": kind})
    return organisation


@transaction.atomic
def upsert_user_with_role(
    *,
    username: str,
    password: str,
    organisation: Organisation,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    check_password: bool = True,
) -> User:
    """Create or update a user and give them ``role`` in ``organisation`` (their only role)."""
    if role not in Role.values:
        raise ValidationError({"role": f"Ukendt rolle: {role}"})
    if role == Role.HOUSING_STAFF and organisation.kind not in HOUSING_KINDS:
        raise ValidationError({"organisation": "Boligpersonale skal høre til en boligorganisation."})
    user = User.objects.filter(username=username).first() or User(username=username)
    user.first_name, user.last_name, user.email = first_name, last_name, email
    # Administrators also manage accounts and organisations in Django's admin.
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    if check_password:
        validate_password(password, user)
    if not user.pk or not user.check_password(password):
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    Membership.objects.filter(user=user).exclude(organisation=organisation, role=role).delete()
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user
