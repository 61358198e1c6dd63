"""The dashboard's filters: query parameters, checked against the plan's own housing areas and strategies."""

from django import forms
from django.utils.translation import gettext_lazy as _

from strategy.models import Area, Strategy


class DashboardFilterForm(forms.Form):
    area = forms.ChoiceField(
        label=_("Housing area"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
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

    def chosen(self) -> tuple[Area | None, Strategy | None]:
        """The area and strategy chosen; none where the value is not one of the choices (the form says so, and the
        other filter still applies)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return self.areas.get(cleaned.get("area") or ""), self.strategies.get(cleaned.get("strategy") or "")

    @property
    def is_active(self) -> bool:
        return any(self.data.get(name) for name in self.fields)
