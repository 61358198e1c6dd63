"""The partnership's one right that depends on its own data: a steering-group member records minutes, decisions and
action items for the meetings of the groups they sit in. Every other right comes from ``base.permissions``."""

from base.permissions import can_edit_governance, can_record_as_steering_member

from ..models import SteeringGroupMember

_STEERING_CACHE_ATTR = "_partnership_steering_groups"


def steering_group_ids_of(user) -> frozenset[int]:
    """The steering groups ``user`` sits in: they have the steering-group role and their person is a member."""
    if not can_record_as_steering_member(user):
        return frozenset()
    cached = getattr(user, _STEERING_CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(SteeringGroupMember.objects.filter(person__user=user).values_list("group_id", flat=True))
        setattr(user, _STEERING_CACHE_ATTR, cached)
    return cached


def can_record_for_group(user, group_id: int) -> bool:
    """Write minutes, decisions and action items for a meeting of steering group ``group_id``."""
    return can_edit_governance(user) or group_id in steering_group_ids_of(user)
