"""FilterSets shared by the HTML lists and (later) the REST API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import ChangeRecord


class ChangeRecordFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=ChangeRecord.Action.choices, empty_label=_("All"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind of object"),
        field_name="content_type__model",
        empty_label=_("All"),
        choices=[
            ("strategyplan", _("Strategy plan")),
            ("vision", _("Vision")),
            ("target", _("Target")),
            ("principle", _("Principle")),
            ("strategy", _("Strategy")),
            ("move", _("Move")),
            ("mainmove", _("Main move")),
            ("openingmove", _("Opening move")),
            ("meeting", _("Meeting")),
            ("decision", _("Decision")),
            ("actionitem", _("Action item")),
            ("risk", _("Obstacle or potential")),
            ("recommendation", _("Recommendation")),
            ("project", _("Project")),
            ("milestone", _("Milestone")),
        ],
    )
    since = django_filters.DateFilter(label=_("From date"), field_name="at", lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("To date"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = ChangeRecord
        fields = ["action", "kind", "since", "until"]
