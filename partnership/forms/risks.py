"""Forms of the risk register and the recommendations. They only shape input; the services validate and write
(``save_risk``, ``save_recommendation``, ``add_progress_note``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.forms import VersionedForm

from ..models import Person, ProgressNote, Recommendation, Risk
from ..services.risks import PROGRESS_FIELDS, RECOMMENDATION_FIELDS, RISK_FIELDS
from . import ElementLinksMixin

LIKELIHOOD_CHOICES = [
    (1, _("1 – very unlikely")),
    (2, _("2 – unlikely")),
    (3, _("3 – possible")),
    (4, _("4 – likely")),
    (5, _("5 – very likely")),
]
IMPACT_CHOICES = [
    (1, _("1 – very small")),
    (2, _("2 – small")),
    (3, _("3 – moderate")),
    (4, _("4 – large")),
    (5, _("5 – very large")),
]


def _owner_field(field: forms.ModelChoiceField) -> None:
    field.queryset = Person.objects.select_related("organisation").order_by("name", "id")
    field.label = _("Responsible")  # the owner: "ansvarlig", as in the steering group's pages
    field.empty_label = _("No owner yet")


class RiskForm(ElementLinksMixin, VersionedForm):
    """Register or edit an obstacle or a potential, with what it threatens or helps."""

    likelihood = forms.TypedChoiceField(
        label=_("Likelihood"),
        choices=LIKELIHOOD_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("How likely it is that the obstacle stands in the way, or that the potential is realised."),
    )
    impact = forms.TypedChoiceField(
        label=_("Impact"),
        choices=IMPACT_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("How much it would hinder or help the strategy if it happens."),
    )

    class Meta:
        model = Risk
        fields = RISK_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "mitigation": forms.Textarea(attrs={"rows": 4}),
            "reviewed_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "title": _("A short sentence others understand, e.g. “The complexity is hard to communicate”."),
            "reviewed_on": _(
                "When the scores and the response were last looked at. Left empty on a new item, it counts as "
                "reviewed today."
            ),
        }

    def __init__(self, *args, plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Risk.Kind.choices
        self.fields["kind"].label = _("Obstacle or potential")
        self.fields["status"].choices = Risk.Status.choices
        _owner_field(self.fields["owner"])
        if not (self.instance.pk and self.instance.is_example):
            # Only the demo's example items carry the flag; taking it off says the scores are now assessed.
            del self.fields["is_example"]
        self.limit_links(plan, user)


class RecommendationForm(VersionedForm):
    class Meta:
        model = Recommendation
        fields = RECOMMENDATION_FIELDS
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "number": _("Its place in the list of recommendations."),
            "status": _("“Done” needs evidence: add a progress note that shows it first."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = Recommendation.Status.choices
        _owner_field(self.fields["owner"])
        if not (self.instance.pk and self.instance.is_example):
            # As for risks: only the demo's recommendations carry the flag; taking it off says owner and status
            # are now real.
            del self.fields["is_example"]


class ProgressNoteForm(forms.ModelForm):
    """Evidence of progress on a recommendation."""

    class Meta:
        model = ProgressNote
        fields = PROGRESS_FIELDS
        widgets = {
            "noted_on": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "text": _("What was done or decided, by whom, and what it changes."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("noted_on", timezone.localdate())

    def _post_clean(self):
        pass  # the service validates
