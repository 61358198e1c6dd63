"""The partnership: its people and the rules of play (RACI). Organisations and collaboration models are the base's
(``base.services.organisations``)."""

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from base.models import Organisation, User
from base.services.audit import delete_audited, record_change, save_audited, snapshot
from strategy.selectors import plan_of

from ..models import Person, Responsibility
from ..selectors.elements import KIND_OF_MODEL
from .common import save_with_links

PERSON_FIELDS = ("name", "organisation", "title", "email", "phone", "user", "is_example")


@transaction.atomic
def save_person(
    *, person: Person, data: Mapping[str, Any], by: User | None, expected_version: int | None = None
) -> Person:
    """Create or change a person. A person who moves to another organisation is taken off the rules-of-play
    letters of the organisation they left: the letters stay with that organisation, without a name, each with
    history. ``person.letters_unnamed`` says how many and ``person.letters_left_with`` with which organisations (for
    the page's message)."""
    user = data.get("user")
    if user is not None and Person.objects.filter(user=user).exclude(pk=person.pk).exists():
        raise ValidationError({"user": _("This user account already belongs to another person.")})
    save_with_links(
        instance=person, data=data, allowed=PERSON_FIELDS, plan=None, by=by, expected_version=expected_version
    )
    left_with = _unname_elsewhere(person, by)
    person.letters_unnamed = len(left_with)
    person.letters_left_with = sorted(set(left_with))
    return person


def _unname_elsewhere(person: Person, by: User | None) -> list[str]:
    """Take ``person`` off the letters they hold for an organisation they no longer work in; returns the name of
    the organisation of each letter changed."""
    items = Responsibility.objects.filter(person=person).exclude(organisation_id=person.organisation_id)
    left_with = []
    for item in items.select_related("organisation", "element_type").select_for_update(of=("self",)):
        model = item.element_type.model_class()
        element = model._default_manager.filter(pk=item.element_id).first() if model is not None else None
        item.element_label = "" if element is None else str(element)
        save_audited(instance=item, data={"person": None}, by=by, plan_id=item.plan_id)
        left_with.append(item.organisation.name)
    return left_with


# --- Rules of play ------------------------------------------------------------------------------------------------


@transaction.atomic
def assign_responsibility(
    *,
    element,
    organisation: Organisation,
    letter: str,
    person: Person | None = None,
    by: User | None,
    is_example: bool = False,
) -> Responsibility:
    """Give ``organisation`` (and optionally a named person there) a RACI letter for one strategy element or
    opportunity space. Refused in Danish when the letter is already given, or the person works elsewhere.
    ``is_example`` is for the demo data only: a letter given through the pages is a real assignment."""
    if type(element) not in KIND_OF_MODEL:
        raise ValueError(f"Not a strategy element: {type(element).__name__}")
    plan = plan_of(element)
    if letter not in Responsibility.Letter.values:
        raise ValidationError({"letter": _("Choose responsible, approves, consulted or informed.")})
    if person is not None and person.organisation_id != organisation.pk:
        raise ValidationError(
            {
                "person": _("%(person)s does not work in %(organisation)s.")
                % {"person": person.name, "organisation": organisation.name}
            }
        )
    element_type = ContentType.objects.get_for_model(element)
    existing = Responsibility.objects.filter(
        element_type=element_type, element_id=element.pk, organisation=organisation, letter=letter
    )
    if existing.exists():
        raise ValidationError(
            _("%(organisation)s is already «%(letter)s» for «%(element)s».")
            % {
                "organisation": organisation.name,
                "letter": Responsibility.Letter(letter).label,
                "element": element,
            }
        )
    responsibility = Responsibility(
        plan=plan,
        element_type=element_type,
        element_id=element.pk,
        organisation=organisation,
        person=person,
        letter=letter,
        is_example=is_example,
    )
    responsibility.element_label = str(element)
    responsibility.full_clean()
    responsibility.save()
    fields = ["organisation", "person", "letter"] + (["is_example"] if is_example else [])
    changes = [
        {"field": name, "old": None, "new": value}
        for name, value in snapshot(responsibility, fields).items()
        if value not in (None, "")
    ]
    record_change(instance=responsibility, action="create", by=by, changes=changes, plan_id=plan.pk)
    return responsibility


@transaction.atomic
def remove_responsibility(*, responsibility: Responsibility, element, by: User | None) -> None:
    responsibility.element_label = str(element)
    delete_audited(
        instance=responsibility, fields=["organisation", "person", "letter"], by=by, plan_id=responsibility.plan_id
    )


def remove_responsibilities_of(*, element, by: User | None) -> int:
    """Remove (with history) every rules-of-play letter of an element that is being deleted; returns how many.
    The element's delete service calls this inside its transaction."""
    element_type = ContentType.objects.get_for_model(element)
    items = list(
        Responsibility.objects.filter(element_type=element_type, element_id=element.pk).select_related(
            "organisation", "person"
        )
    )
    for item in items:
        remove_responsibility(responsibility=item, element=element, by=by)
    return len(items)
