"""Forms of the needs-and-offers pages. They only shape input; the services validate, check the owner again and
write (``save_need_or_offer``, ``create_space_from_match``)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.forms import VersionedForm
from base.models import Organisation
from base.permissions import owner_choices_for

from ..models import NeedOrOffer, OpportunitySpace
from ..services import NEED_OR_OFFER_FIELDS


class NeedOrOfferForm(VersionedForm):
    """Register (no status: a new item is open) or edit a need or an offer.

    The organisation can only be one ``user`` may act for, so a forged id fails here as an invalid choice.
    """

    class Meta:
        model = NeedOrOffer
        fields = NEED_OR_OFFER_FIELDS
        widgets = {
            "type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "title": gettext_lazy("A short name others understand, e.g. “Premises for a homework café”."),
            "description": gettext_lazy("What, when, how much, and who to contact."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = NeedOrOffer.Type.choices
        self.fields["category"].choices = [("", _("Choose a category")), *NeedOrOffer.Category.choices]
        organisation = self.fields["organisation"]
        organisation.queryset = owner_choices_for(user).order_by("name")
        owners = list(organisation.queryset[:2])
        if len(owners) == 1 and self.instance.pk is None:
            organisation.empty_label = None
            self.initial["organisation"] = self.initial.get("organisation") or owners[0].pk
        else:
            organisation.empty_label = _("Choose an organisation")
        if self.instance.pk is None:
            del self.fields["status"]  # a new need or offer is open


def _describe(item: NeedOrOffer) -> str:
    text = f"{item.title} ({item.organisation})"
    return f"{text}\n{item.description}" if item.description else text


class SpaceFromMatchForm(forms.ModelForm):
    """The few fields a planner decides when a need and an offer become a space; the rest is edited later."""

    class Meta:
        model = OpportunitySpace
        fields = ("title", "kind", "organisation", "description")
        widgets = {
            "kind": forms.RadioSelect,
            "organisation": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, need: NeedOrOffer, offer: NeedOrOffer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = OpportunitySpace.Kind.choices
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.filter(pk__in=[need.organisation_id, offer.organisation_id])
        organisation.empty_label = None
        organisation.help_text = _("The other organisation takes part as a partner.")
        max_length = OpportunitySpace._meta.get_field("description").max_length
        description = _("Need: %(need)s\n\nOffer: %(offer)s") % {"need": _describe(need), "offer": _describe(offer)}
        # Not from the (new, empty) instance: suggestions from the need and the offer.
        self.initial["title"] = self.initial.get("title") or need.title
        self.initial["organisation"] = self.initial.get("organisation") or need.organisation_id
        self.initial["description"] = self.initial.get("description") or description[:max_length]

    def _post_clean(self):
        pass  # the service validates
