"""Who may do what: the one place where roles become permissions.

Every access function in the apps' selectors asks these questions; views and templates never look at roles
themselves. A user's roles are read once per request (cached on the user object).
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet

from ..models import ChangeRecord, Membership, Organisation, Role

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
# member records minutes, decisions and action items for the meetings of the steering groups they sit in.
# Links to opportunity spaces are shown only where ``space_visibility`` allows.

_STEERING_CACHE_ATTR = "_governance_steering_groups"


def can_read_governance(user) -> bool:
    return bool(roles_of(user))


def can_edit_governance(user) -> bool:
    return bool(roles_of(user) & STRATEGY_EDITORS)


def steering_group_ids_of(user) -> frozenset[int]:
    """The steering groups ``user`` sits in: they have the steering-group role and their person is a member."""
    if Role.STEERING_MEMBER not in roles_of(user):
        return frozenset()
    cached = getattr(user, _STEERING_CACHE_ATTR, None)
    if cached is None:
        from ..models import SteeringGroupMember

        cached = frozenset(SteeringGroupMember.objects.filter(person__user=user).values_list("group_id", flat=True))
        setattr(user, _STEERING_CACHE_ATTR, cached)
    return cached


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def can_record_for_group(user, group_id: int) -> bool:
    """Write minutes, decisions and action items for a meeting of steering group ``group_id``."""
    return can_edit_governance(user) or group_id in steering_group_ids_of(user)


def role_summary(user) -> str:
    """A short "Planner, Gladsaxe Kommune" line for the page header."""
    parts = [f"{m.get_role_display()}, {m.organisation.name}" for m in memberships_of(user)]
    if not parts and getattr(user, "is_superuser", False):
        parts = [str(Role.ADMINISTRATOR.label)]
    return "; ".join(parts)


def history_of(instance: Model) -> QuerySet[ChangeRecord]:
    """The change records of one object, newest first."""
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    return ChangeRecord.objects.filter(content_type=content_type, object_id=instance.pk).select_related("content_type")


def version_of(instance: Model) -> int:
    """The id of the object's newest change record (0 if none): what an edit form saw when it was opened."""
    return history_of(instance).values_list("id", flat=True).first() or 0


def history_of_plan(plan, user) -> QuerySet[ChangeRecord]:
    """Every change within a strategy plan, and of the plan itself, that ``user`` may read, newest first.

    Readers who do not see every organisation's opportunity spaces (housing staff) get no records of the
    opportunity app (spaces, their logs, needs and offers) and no rules-of-play records (which name spaces) here:
    their own spaces' history is on each space's page. Links to spaces inside other records are taken out by
    ``redact_changes``.
    """
    own = Q(content_type=ContentType.objects.get_for_model(plan), object_id=plan.pk)
    records = ChangeRecord.objects.filter(Q(plan_id=plan.pk) | own).select_related("content_type")
    if not can_read_all_spaces(user):
        records = records.exclude(content_type__app_label="opportunities").exclude(
            content_type__app_label="governance", content_type__model="responsibility"
        )
    return records


# Changes of these fields name opportunity spaces (many-to-many links of governance objects).
_SPACE_FIELDS = frozenset({"spaces"})


def redact_changes(records: Iterable[ChangeRecord], user) -> None:
    """Remove, in place, the recorded changes that name opportunity spaces from the records shown to a user who
    does not read every organisation's spaces (a decision's history must not reveal another organisation's space)."""
    if can_read_all_spaces(user):
        return
    for record in records:
        record.changes = [change for change in record.changes if change.get("field") not in _SPACE_FIELDS]


def _field_label(field) -> str:
    """A field's name for readers; a change to related rows (an activity's attendance counts and attachments, kept
    on the activity's record) is named by the related model's plural."""
    if field.auto_created and not field.concrete:
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def field_labels(records: Iterable[ChangeRecord]) -> None:
    """Attach ``label`` to each change from the model's current verbose names, in the reader's language.

    Values of fields with choices are shown by their label too (stored as the raw value).
    """
    for record in records:
        model = record.content_type.model_class()
        for change in record.changes:
            try:
                field = model._meta.get_field(change["field"]) if model is not None else None
            except FieldDoesNotExist:  # the field was removed since the change was made: show its name
                field = None
            label = _field_label(field) if field is not None else change["field"]
            if getattr(field, "choices", None):
                names = {value: str(name) for value, name in field.flatchoices}
                change["old"] = names.get(change["old"], change["old"])
                change["new"] = names.get(change["new"], change["new"])
            change["label"] = label[:1].upper() + label[1:]
