"""The dashboard's filters: query parameters with the REST API's names, checked against the plan's own housing
areas and strategies. The selectors apply them through the API's own FilterSets (``dashboard/selectors.py``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from strategy.models import Area, Strategy

FIRST_YEAR, LAST_YEAR = 1990, 2100


def _year_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs", "inputmode": "numeric"}),
    )


class DashboardFilterForm(forms.Form):
    area = forms.ChoiceField(
        label=_("Housing area"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    year_from = _year_field(_("From year"))
    year_to = _year_field(_("To year"))
    strategy = forms.ChoiceField(
        label=_("Strategy"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, data, *, areas: list[Area], strategies: list[Strategy]):
        super().__init__(data)
        self.areas = {area.code: area for area in areas}
        self.strategies = {str(strategy.pk): strategy for strategy in strategies}
        self.fields["area"].choices = [("", _("All housing areas"))] + [(a.code, a.name) for a in areas]
        self.fields["strategy"].choices = [("", _("All strategies"))] + [
            (str(s.pk), s.get_kind_display()) for s in strategies
        ]

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first is not None and last is not None and first > last:
            self.add_error("year_to", _("The period must end in or after the year it starts."))
        return cleaned

    def chosen(self) -> dict:
        """The area, strategy and years chosen; none where a value is not valid (the form says so under its field,
        and the other filters still apply)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "area": self.areas.get(cleaned.get("area") or ""),
            "strategy": self.strategies.get(cleaned.get("strategy") or ""),
            "year_from": cleaned.get("year_from"),
            "year_to": cleaned.get("year_to"),
        }

    @property
    def is_active(self) -> bool:
        return any(self.data.get(name) for name in self.fields)
