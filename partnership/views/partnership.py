"""The partnership: its organisations and people, the collaboration models, and the rules of play (who is
responsible for, approves, is consulted on or informed about each strategy element and opportunity space).

Everyone with a role reads these pages; planners and administrators change them. The rules of play pass through
``get_element_for_user`` and ``responsibility_matrix``, so housing staff never see another organisation's
opportunity space here either (404, as on the space pages).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from base.forms import add_service_errors, posted, save_form
from base.models import CollaborationModel, Organisation
from base.permissions import can_edit_governance, can_read_governance
from base.permissions import require as _require
from base.services.organisations import save_collaboration_model, save_organisation
from strategy.selectors import default_plan

from ..forms.partnership import RACI_LEGEND, CollaborationModelForm, OrganisationForm, PersonForm, ResponsibilityForm
from ..models import Person, Responsibility
from ..selectors.elements import (
    collaboration_models_in_use,
    element_label,
    element_url,
    get_element_for_user,
    get_responsibility_for_user,
    responsibilities_of,
)
from ..selectors.elements import responsibility_matrix as matrix_of
from ..selectors.records import get_for_user, organisations_with_people
from ..services import assign_responsibility, remove_responsibility, save_person


def _page(request, template: str, tab: str, **context):
    return render(request, template, {"tab": tab, "nav_section": "governance_home", **context})


def _saved_message(request, obj, created: bool) -> None:
    if created:
        messages.success(request, _("«%(object)s» is created.") % {"object": obj})
    else:
        messages.success(request, _("Your changes to «%(object)s» are saved.") % {"object": obj})


# --- Organisations and people ------------------------------------------------------------------------------------


def organisation_list(request):
    _require(can_read_governance(request.user))
    return _page(
        request,
        "partnership/organisation_list.html",
        "organisations",
        organisations=list(organisations_with_people()),
        can_edit=can_edit_governance(request.user),
    )


@require_http_methods(["GET", "POST"])
def organisation_create(request):
    _require(can_edit_governance(request.user))
    return _organisation_form(request, Organisation())


@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    return _organisation_form(request, get_for_user(request.user, Organisation, pk, write=True))


def _organisation_form(request, organisation: Organisation):
    created = organisation.pk is None
    form = OrganisationForm(posted(request), instance=organisation)
    if save_form(request, form, save_organisation, organisation=organisation):
        _saved_message(request, organisation, created)
        return redirect("organisation_list")
    return _page(
        request,
        "partnership/organisation_form.html",
        "organisations",
        form=form,
        object=None if created else organisation,
    )


@require_http_methods(["GET", "POST"])
def person_create(request):
    _require(can_edit_governance(request.user))
    initial = {}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = int(request.GET["organisation"])
    return _person_form(request, Person(), initial)


@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = get_for_user(request.user, Person, pk, write=True)
    return _person_form(request, person, {})


def _person_form(request, person: Person, initial: dict):
    created = person.pk is None
    form = PersonForm(posted(request), instance=person, initial=initial)
    if save_form(request, form, save_person, person=person):
        _saved_message(request, person, created)
        if person.letters_unnamed:
            messages.info(
                request,
                ngettext(
                    "%(name)s no longer works in %(organisations)s and is taken off %(count)s letter of the rules of "
                    "play there. The letter stays with the organisation, without a name.",
                    "%(name)s no longer works in %(organisations)s and is taken off %(count)s letters of the rules "
                    "of play there. The letters stay with the organisation, without a name.",
                    person.letters_unnamed,
                )
                % {
                    "name": person.name,
                    "organisations": ", ".join(person.letters_left_with),
                    "count": person.letters_unnamed,
                },
            )
        return redirect("organisation_list")
    return _page(
        request, "partnership/person_form.html", "organisations", form=form, object=None if created else person
    )


# --- Collaboration models ----------------------------------------------------------------------------------------


def collaboration_model_list(request):
    _require(can_read_governance(request.user))
    return _page(
        request,
        "partnership/collaboration_model_list.html",
        "collaboration_models",
        models=list(collaboration_models_in_use(request.user)),
        can_edit=can_edit_governance(request.user),
    )


@require_http_methods(["GET", "POST"])
def collaboration_model_create(request):
    _require(can_edit_governance(request.user))
    return _collaboration_model_form(request, CollaborationModel())


@require_http_methods(["GET", "POST"])
def collaboration_model_edit(request, pk: int):
    return _collaboration_model_form(request, get_for_user(request.user, CollaborationModel, pk, write=True))


def _collaboration_model_form(request, model: CollaborationModel):
    created = model.pk is None
    form = CollaborationModelForm(posted(request), instance=model)
    if save_form(request, form, save_collaboration_model, model=model):
        _saved_message(request, model, created)
        return redirect("collaboration_model_list")
    return _page(
        request,
        "partnership/collaboration_model_form.html",
        "collaboration_models",
        form=form,
        object=None if created else model,
    )


# --- Rules of play -------------------------------------------------------------------------------------------


def responsibility_matrix(request):
    _require(can_read_governance(request.user))
    plan = default_plan()
    if plan is None:
        return render(request, "strategy/no_plan.html", {})
    return _page(
        request,
        "partnership/responsibility_matrix.html",
        "rules",
        plan=plan,
        matrix=matrix_of(plan, request.user),
        legend=RACI_LEGEND,
        can_edit=can_edit_governance(request.user),
    )


@require_http_methods(["GET", "POST"])
def responsibility_edit(request, kind: str, pk: int):
    """One element's rules of play: its letters, and (for editors) a form to add one and buttons to remove."""
    element_kind, element, plan = get_element_for_user(request.user, kind, pk)
    can_edit = can_edit_governance(request.user)
    if request.method == "POST":
        _require(can_edit)
    form = ResponsibilityForm(posted(request)) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            item = assign_responsibility(element=element, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(who)s is now «%(letter)s» for «%(element)s».") % _describe(item, element))
            return redirect("responsibility_edit", kind=element_kind.key, pk=element.pk)
    responsibilities = responsibilities_of(element)
    return _page(
        request,
        "partnership/responsibility_edit.html",
        "rules",
        plan=plan,
        kind=element_kind,
        element=element,
        label=element_label(element),
        element_url=element_url(element),
        responsibilities=responsibilities,
        has_responsible=any(item.letter == Responsibility.Letter.RESPONSIBLE for item in responsibilities),
        has_examples=any(item.is_example for item in responsibilities),
        legend=RACI_LEGEND,
        form=form,
        can_edit=can_edit,
    )


@require_POST
def responsibility_remove(request, pk: int):
    responsibility, kind, element = get_responsibility_for_user(request.user, pk)
    description = _describe(responsibility, element)
    remove_responsibility(responsibility=responsibility, element=element, by=request.user)
    messages.success(request, _("%(who)s is no longer «%(letter)s» for «%(element)s».") % description)
    return redirect("responsibility_edit", kind=kind.key, pk=element.pk)


def _describe(item: Responsibility, element) -> dict[str, str]:
    """The parts of a message about one letter: "GAB (Gitte Boligsen)", "Responsible", the element."""
    who = f"{item.organisation.name} ({item.person.name})" if item.person_id else item.organisation.name
    return {"who": who, "letter": item.get_letter_display(), "element": element_label(element)}
