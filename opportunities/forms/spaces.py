"""Forms of the space pages. They only shape input; the services validate and write.

Link fields offer only objects of the space's strategy plan, and the owner only organisations the user may act
for: a forged id fails as an invalid choice at the field, and the services check the same rules again.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.forms import ElementChoiceField, VersionedForm
from base.models import CollaborationModel, Organisation
from base.permissions import owner_choices_for
from strategy.models import MainMove, Move, OpeningMove, Perspective, Principle, StrategyPlan, Target

from ..models import ALLOWED_TRANSITIONS, OpportunitySpace, Stage
from ..services import SPACE_FIELDS

# The form's sections, in order: (heading, field names). Together they are exactly SPACE_FIELDS (a test checks).
SPACE_SECTIONS = (
    (_("About the space"), ("title", "description", "kind", "confidence")),
    (_("Who takes part"), ("organisation", "contact_person", "contact_email", "partners", "collaboration_model")),
    (_("Place"), ("address", "latitude", "longitude")),
    (_("Links to the strategy"), ("principles", "moves", "targets", "main_move", "opening_move", "perspectives")),
)


class SpaceForm(VersionedForm):
    """Create or edit a space's fields (not its stage)."""

    principles = ElementChoiceField(
        label=_("Principles"), queryset=Principle.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    moves = ElementChoiceField(
        label=_("Moves"), queryset=Move.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    targets = ElementChoiceField(
        label=_("Targets"), queryset=Target.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    confidence = forms.TypedChoiceField(
        label=_("Confidence"),
        choices=[("", _("Not stated")), *OpportunitySpace.Confidence.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("How sure are you that the space will succeed? An opinion, apart from the stage it has reached."),
    )

    class Meta:
        model = OpportunitySpace
        fields = SPACE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "partners": forms.CheckboxSelectMultiple,
            "perspectives": forms.CheckboxSelectMultiple,
            "latitude": forms.NumberInput(attrs={"step": "0.00001", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "0.00001", "inputmode": "decimal"}),
        }
        help_texts = {
            "latitude": _("Decimal degrees, e.g. 55.76170 in Bagsværd. Give both latitude and longitude, or neither."),
            "longitude": _("Decimal degrees, e.g. 12.45170 in Bagsværd. With a place the space is shown on the map."),
            "partners": _("Other organisations that take part."),
        }

    def __init__(self, *args, plan: StrategyPlan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        fields = self.fields
        owners = list(owner_choices_for(user))
        fields["organisation"].queryset = owner_choices_for(user)
        if len(owners) == 1:
            # Housing staff of one organisation: the owner is theirs, preselected, and nothing else is offered.
            fields["organisation"].empty_label = None
            if self.instance.pk is None:
                fields["organisation"].initial = owners[0].pk
        fields["partners"].queryset = Organisation.objects.all()
        fields["perspectives"].queryset = Perspective.objects.all()
        fields["collaboration_model"].queryset = CollaborationModel.objects.all()
        fields["principles"].queryset = Principle.objects.filter(plan=plan)
        fields["moves"].queryset = (
            Move.objects.filter(strategy__plan=plan).select_related("strategy").order_by("strategy__kind", "number")
        )
        fields["targets"].queryset = Target.objects.filter(plan=plan)
        fields["main_move"].queryset = MainMove.objects.filter(plan=plan)
        fields["opening_move"].queryset = OpeningMove.objects.filter(main_move__plan=plan)

    def sections(self):
        """(heading, bound fields) for each section of the page."""
        return [(heading, [self[name] for name in names]) for heading, names in SPACE_SECTIONS]


class StageForm(forms.Form):
    """Move a space to another stage. Only the allowed next stages are offered; any stage is accepted here,
    because ``services.change_stage`` is the judge of which moves are allowed (and says why not)."""

    to_stage = forms.CharField(label=_("New stage"), max_length=20)
    on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When the space reached the new stage."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the space is stopped: write why, so that others can learn from it."),
    )

    # The stage the user saw when the form was opened: a move someone else made since is not overridden unseen.
    from_stage = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, space: OpportunitySpace, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate(), "from_stage": space.stage})
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_TRANSITIONS.get(space.stage, frozenset())
        self.fields["to_stage"].widget = forms.RadioSelect(
            choices=[(value, label) for value, label in Stage.choices if value in allowed]
        )
