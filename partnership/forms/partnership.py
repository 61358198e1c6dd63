"""Forms of the partnership pages: organisations, people, collaboration models and the rules of play.

They only shape input; the services (``governance.services.partnership``) validate, refuse in Danish and write.
Edit forms carry ``version``: the object's history version when the form was opened (see ``save_audited``).
"""

from django import forms
from django.db.models import Prefetch, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from base.forms import VersionedForm
from base.models import CollaborationModel, Membership, Organisation, User
from base.services.organisations import COLLABORATION_MODEL_FIELDS, ORGANISATION_FIELDS

from ..models import Person, Responsibility

# What each letter of the rules of play means, for the legend and the form: (letter, label, explanation).
_EXPLANATIONS = {
    Responsibility.Letter.RESPONSIBLE: _("Does the work and answers for it."),
    Responsibility.Letter.APPROVES: _("Decides and approves the result."),
    Responsibility.Letter.CONSULTED: _("Is asked for advice before deciding."),
    Responsibility.Letter.INFORMED: _("Is told what was decided or done."),
}
RACI_LEGEND = [(letter, letter.label, _EXPLANATIONS[letter]) for letter in Responsibility.Letter]


class OrganisationForm(VersionedForm):
    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        help_texts = {"name": _("As the organisation calls itself, e.g. “Gladsaxe Kommune” or “GAB”.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose a kind")), *Organisation.Kind.choices]


class _AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        name = user.get_full_name()
        label = f"{name} ({user.username})" if name else user.username
        roles = ", ".join(f"{m.get_role_display()}, {m.organisation.name}" for m in user.memberships.all())
        return f"{label} – {roles}" if roles else label


class _TelInput(forms.TextInput):
    input_type = "tel"  # a phone's number keypad


class PersonForm(VersionedForm):
    """A person of the partnership. The user account offered are those not tied to another person (and the
    person's own), so one account never stands for two people."""

    user = _AccountChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("User account"),
        empty_label=_("No login"),
        help_text=_(
            "Tie the person to their login if they have one. A person tied to the account of a steering group "
            "member can record minutes, decisions and action items for the steering groups the person sits in."
        ),
    )

    class Meta:
        model = Person
        fields = ("name", "organisation", "title", "email", "phone", "user")
        help_texts = {"title": _("E.g. “Director” or “Chair of the residents' board”.")}
        widgets = {"phone": _TelInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.order_by("name")
        organisation.empty_label = _("Choose an organisation")
        free = Q(person__isnull=True, is_active=True)
        if self.instance.user_id:
            free |= Q(pk=self.instance.user_id)
        memberships = Prefetch("memberships", queryset=Membership.objects.select_related("organisation"))
        self.fields["user"].queryset = (
            User.objects.filter(free).prefetch_related(memberships).order_by("first_name", "last_name", "username")
        )


class CollaborationModelForm(VersionedForm):
    class Meta:
        model = CollaborationModel
        fields = COLLABORATION_MODEL_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "description": _(
                "The housing organisations' role and position in the project: who owns it, who drives it, who "
                "takes part."
            ),
            "position": _("The models are listed by this number, lowest first."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False

    def clean_position(self) -> int:
        return self.cleaned_data.get("position") or 0


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person) -> str:
        return f"{person.name} ({person.organisation.name})"


class ResponsibilityForm(forms.Form):
    """Give an organisation (and, if wanted, a named person there) one letter for one element."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"), label=_("Organisation"), empty_label=_("Choose an organisation")
    )
    person = _PersonChoiceField(
        queryset=Person.objects.select_related("organisation").order_by("organisation__name", "name"),
        required=False,
        label=_("Person"),
        empty_label=_("No named person"),
        help_text=_("Someone who works in the organisation chosen above."),
    )
    letter = forms.ChoiceField(
        label=_("Responsibility"),
        widget=forms.RadioSelect,
        choices=[
            (letter, format_lazy("{} – {}: {}", letter, label, explanation))
            for letter, label, explanation in RACI_LEGEND
        ],
    )
