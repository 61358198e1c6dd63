"""Who may do what: the one place where roles become permissions.

Every access function in the apps' selectors asks these questions; views and templates never look at roles
themselves. A user's roles are read once per request (cached on the user object). The one right that also depends
on the partnership's own data, a steering member recording for the groups they sit in, is completed by
``partnership.selectors.access`` on top of ``can_record_as_steering_member``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import Membership, Organisation, Role

_CACHE_ATTR = "_governance_memberships"

# Roles that may change the strategy itself (vision, targets, principles, strategies, moves, main move).
STRATEGY_EDITORS = frozenset({Role.PLANNER, Role.ADMINISTRATOR})


def memberships_of(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def remember_memberships(user, memberships: list[Membership]) -> None:
    """Give ``user`` its memberships read elsewhere (with their organisations), e.g. along with an API key."""
    setattr(user, _CACHE_ATTR, memberships)


def roles_of(user) -> frozenset[str]:
    roles = {m.role for m in memberships_of(user)}
    if getattr(user, "is_superuser", False) and user.is_active:
        roles.add(Role.ADMINISTRATOR)
    return frozenset(roles)


def can_read_strategy(user) -> bool:
    """Anyone with a role in the partnership reads the whole strategy and its history."""
    return bool(roles_of(user))


def can_edit_strategy(user) -> bool:
    return bool(roles_of(user) & STRATEGY_EDITORS)


def can_import_statistics(user) -> bool:
    """Planners and administrators import statistics and follow the recompute runs."""
    return bool(roles_of(user) & STRATEGY_EDITORS)


def can_read_indicators(user) -> bool:
    """Indicators are aggregates (small counts suppressed): everyone with a role reads them."""
    return bool(roles_of(user))


# --- Opportunity spaces, their logs, needs and offers -----------------------------------------------------------
# Planners and administrators see and edit every organisation's spaces; steering-group members read them all;
# housing staff see and edit their own organisations' spaces only (another organisation's space does not exist
# for them: 404, never 403, so its existence does not leak either).

SPACE_READERS = frozenset({Role.PLANNER, Role.ADMINISTRATOR, Role.STEERING_MEMBER})


def staff_organisation_ids(user) -> frozenset[int]:
    """The organisations a user acts for as housing staff."""
    return frozenset(m.organisation_id for m in memberships_of(user) if m.role == Role.HOUSING_STAFF)


def can_use_opportunities(user) -> bool:
    """Anyone with a role opens the opportunity pages (housing staff see their own organisations' part)."""
    return bool(roles_of(user))


def can_read_all_spaces(user) -> bool:
    return bool(roles_of(user) & SPACE_READERS)


def can_edit_all_spaces(user) -> bool:
    return bool(roles_of(user) & STRATEGY_EDITORS)


def can_read_space(user, organisation_id: int) -> bool:
    return can_read_all_spaces(user) or organisation_id in staff_organisation_ids(user)


def can_edit_space(user, organisation_id: int) -> bool:
    """Create, edit, log activities on and attach files to spaces owned by ``organisation_id``."""
    return can_edit_all_spaces(user) or organisation_id in staff_organisation_ids(user)


def can_create_spaces(user) -> bool:
    return can_edit_all_spaces(user) or bool(staff_organisation_ids(user))


def space_visibility(user) -> Q | None:
    """A filter on ``organisation`` for the spaces ``user`` may see; None: none at all."""
    if can_read_all_spaces(user):
        return Q()
    organisation_ids = staff_organisation_ids(user)
    return Q(organisation_id__in=organisation_ids) if organisation_ids else None


def owner_choices_for(user) -> QuerySet[Organisation]:
    """The organisations ``user`` may register a space, a need or an offer for."""
    if can_edit_all_spaces(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=staff_organisation_ids(user))


def can_turn_match_into_space(user) -> bool:
    """Turning a need and an offer of two organisations into a shared space is the planners' call."""
    return can_edit_all_spaces(user)


# --- Governance: the partnership, the steering group, risks and potentials, recommendations, projects -----------
# Everyone with a role reads it (housing staff included); planners and administrators edit it; a steering-group
# member records minutes, decisions and action items for the meetings of the steering groups they sit in (the
# partnership's access functions add which groups those are). Links to opportunity spaces are shown only where
# ``space_visibility`` allows.


def can_read_governance(user) -> bool:
    return bool(roles_of(user))


def can_edit_governance(user) -> bool:
    return bool(roles_of(user) & STRATEGY_EDITORS)


def can_record_as_steering_member(user) -> bool:
    """Whether the user holds the steering-group role, with which they record minutes, decisions and action items
    for the meetings of the groups they sit in (which groups: ``partnership.selectors.access``)."""
    return Role.STEERING_MEMBER in roles_of(user)


def require(allowed: bool) -> None:
    """403 unless ``allowed``: ``require(can_edit_strategy(user))``."""
    if not allowed:
        raise PermissionDenied


def role_summary(user) -> str:
    """A short "Planner, Gladsaxe Kommune" line for the page header."""
    parts = [f"{m.get_role_display()}, {m.organisation.name}" for m in memberships_of(user)]
    if not parts and getattr(user, "is_superuser", False):
        parts = [str(Role.ADMINISTRATOR.label)]
    return "; ".join(parts)
