"""The FilterSet of the risk register (obstacles and potentials), shared by the HTML page and (later) the REST API.

Its parameters are part of the public surface: the heat maps link to ``?kind=…&likelihood=…&impact=…`` and the
governance front page to ``?review=due``.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import Person, Risk
from ..selectors.records import risks_due_for_review

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]
REVIEW_CHOICES = [("due", _("Not reviewed in 3 months"))]


def owners(request):
    return Person.objects.select_related("organisation").order_by("name", "id")


class RiskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Words in the title, description or response")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Obstacle or potential"), choices=Risk.Kind.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Risk.Status.choices, empty_label=_("All"))
    owner = django_filters.ModelChoiceFilter(label=_("Responsible"), queryset=owners, empty_label=_("All"))
    likelihood = django_filters.ChoiceFilter(label=_("Likelihood"), choices=SCORE_CHOICES, empty_label=_("All"))
    impact = django_filters.ChoiceFilter(label=_("Impact"), choices=SCORE_CHOICES, empty_label=_("All"))
    review = django_filters.ChoiceFilter(
        label=_("Review"),
        choices=REVIEW_CHOICES,
        method="filter_review",
        empty_label=_("All"),
        help_text=_("Open items not reviewed for 3 months, or never"),
    )

    class Meta:
        model = Risk
        fields = ["q", "kind", "status", "owner", "likelihood", "impact", "review"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(description__icontains=value) | Q(mitigation__icontains=value)
        )

    def filter_review(self, queryset, name, value):
        return risks_due_for_review(queryset) if value == "due" else queryset

    @property
    def is_active(self) -> bool:
        """Whether any filter has a value."""
        return self.is_bound and any(self.data.get(name) for name in self.filters)
