"""Plain forms for the planners' edit pages. They only shape input; the services validate and write.

Link fields only offer objects of the same strategy plan; a posted id from another plan fails as an invalid
choice, and the service checks the same rule again for callers that do not use these forms.
"""

from django import forms

from base.forms import VersionedForm

from .models import (
    Area,
    IndicatorDefinition,
    MainMove,
    Move,
    OpeningMove,
    Perspective,
    Principle,
    Strategy,
    StrategyPlan,
    Target,
    Variable,
    Vision,
)
from .services import EDITABLE_FIELDS
from .services.indicators import INDICATOR_FIELDS, VARIABLE_FIELDS


class _PlanForm(VersionedForm):
    """A form of a strategy element within ``plan``, whose link fields the subclasses limit to that plan."""

    def __init__(self, *args, plan: StrategyPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan


def _meta(model):
    fields = EDITABLE_FIELDS[model]
    widgets = {name: forms.CheckboxSelectMultiple for name in fields if model._meta.get_field(name).many_to_many}
    return type("Meta", (), {"model": model, "fields": fields, "widgets": widgets})


class VisionForm(_PlanForm):
    Meta = _meta(Vision)
    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=2000)


class TargetForm(_PlanForm):
    Meta = _meta(Target)


class PrincipleForm(_PlanForm):
    Meta = _meta(Principle)


class StrategyForm(_PlanForm):
    Meta = _meta(Strategy)


class MoveForm(_PlanForm):
    Meta = _meta(Move)

    def __init__(self, *args, plan: StrategyPlan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["targets"].queryset = Target.objects.filter(plan=plan)
        self.fields["principles"].queryset = Principle.objects.filter(plan=plan)
        self.fields["perspectives"].queryset = Perspective.objects.all()


class MainMoveForm(_PlanForm):
    Meta = _meta(MainMove)

    def __init__(self, *args, plan: StrategyPlan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["moves"].queryset = Move.objects.filter(strategy__plan=plan).select_related("strategy")
        self.fields["targets"].queryset = Target.objects.filter(plan=plan)


class OpeningMoveForm(_PlanForm):
    Meta = _meta(OpeningMove)


FORMS = {
    Vision: VisionForm,
    Target: TargetForm,
    Principle: PrincipleForm,
    Strategy: StrategyForm,
    Move: MoveForm,
    MainMove: MainMoveForm,
    OpeningMove: OpeningMoveForm,
}


class IndicatorDefinitionForm(VersionedForm):
    """Shapes input only; the service parses the formula and says where it is wrong."""

    class Meta:
        model = IndicatorDefinition
        fields = INDICATOR_FIELDS
        widgets = {
            "formula": forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Target.objects.select_related("plan").order_by("plan", "number")
        self.fields["area"].queryset = Area.objects.order_by("name")


class VariableForm(forms.ModelForm):
    class Meta:
        model = Variable
        fields = VARIABLE_FIELDS

    def _post_clean(self):
        pass
