"""The decision list's filters, shared by the HTML page and (later) the REST API: plain query parameters in, a
queryset out. The FilterSet only narrows the queryset it is given (``selectors.records.decisions_of``)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Decision, SteeringGroup
from ..models.steering import UNFINISHED, WorkStatus
from ..selectors.records import people

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Words in the decision"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=WorkStatus.choices, empty_label=_("All"))
    group = django_filters.ModelChoiceFilter(
        label=_("Steering group"),
        field_name="meeting__group",
        queryset=SteeringGroup.objects.none(),  # narrowed to the decisions' own groups in __init__
        empty_label=_("All"),
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Responsible"), queryset=lambda request: people(), empty_label=_("All")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=YES_NO,
        method="filter_overdue",
        empty_label=_("All"),
        help_text=_("Past the due date and not carried out or cancelled"),
    )

    class Meta:
        model = Decision
        fields = ["q", "status", "group", "owner", "overdue"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        # The groups to choose from are those of the decisions being filtered (the plan's), never another plan's.
        self.filters["group"].queryset = SteeringGroup.objects.filter(
            pk__in=self.queryset.order_by().values("meeting__group")
        ).order_by("name")

    def search(self, queryset, name, value):
        return queryset.filter(text__icontains=value)

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=UNFINISHED, due_on__lt=timezone.localdate())
        return queryset.filter(late) if value == "yes" else queryset.exclude(late)

    @property
    def is_active(self) -> bool:
        """Whether any filter has a value."""
        return self.is_bound and any(self.data.get(name) for name in self.filters)
