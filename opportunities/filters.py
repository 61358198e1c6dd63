"""FilterSets shared by the HTML pages and (later) the REST API: plain query parameters in, a queryset out.

``SpaceFilter`` filters ``selectors.portfolio(user)``; it never widens it. Its choices of owner organisation are
the organisations whose spaces the requesting user may see, so housing staff are never shown another
organisation's name, and a posted id of another organisation is an invalid choice.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from base.forms import element_label
from base.models import Organisation
from base.permissions import can_read_all_spaces, staff_organisation_ids
from strategy.models import Move, Principle, Strategy, Target
from strategy.selectors.plan import STRATEGY_ORDER

from .models import OpportunitySpace, Stage
from .selectors import spaces_for_user, stale_condition

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
MEETING_PLACE_CHOICES = [*YES_NO, ("unknown", _("Not computed yet"))]


def visible_organisations(request):
    """The owners a user may filter by: every organisation for readers of all spaces, else their own."""
    user = getattr(request, "user", None)
    if user is None:
        return Organisation.objects.none()
    if can_read_all_spaces(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=staff_organisation_ids(user))


def _plans_with_visible_spaces(request):
    """The strategies the user's visible spaces belong to: the principles, moves and targets to filter by are
    theirs (another strategy's would repeat the same numbers and never match)."""
    user = getattr(request, "user", None)
    if user is None:
        return []
    return spaces_for_user(user).values("plan_id")


def principles_to_filter_by(request):
    return Principle.objects.filter(plan__in=_plans_with_visible_spaces(request)).order_by("plan_id", "number")


def moves_to_filter_by(request):
    return (
        Move.objects.filter(strategy__plan__in=_plans_with_visible_spaces(request))
        .select_related("strategy")
        .order_by("strategy__plan_id", "strategy__kind", "number")
    )


def strategies_to_filter_by(request):
    return Strategy.objects.filter(plan__in=_plans_with_visible_spaces(request)).order_by("plan_id", STRATEGY_ORDER)


def targets_to_filter_by(request):
    return Target.objects.filter(plan__in=_plans_with_visible_spaces(request)).order_by("plan_id", "number")


class ElementField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return element_label(obj)


class ElementChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of one strategy element (principle, move, target), labelled as the strategy's pages number it."""

    field_class = ElementField


class SpaceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Words in the title or description"))
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices, empty_label=_("All"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OpportunitySpace.Kind.choices, empty_label=_("All"))
    organisation = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=visible_organisations, empty_label=_("All")
    )
    principle = ElementChoiceFilter(
        label=_("Principle"),
        field_name="principles",
        queryset=principles_to_filter_by,
        empty_label=_("All"),
    )
    strategy = django_filters.ModelChoiceFilter(
        label=_("Strategy"),
        field_name="moves__strategy",
        queryset=strategies_to_filter_by,
        empty_label=_("All"),
        distinct=True,
        help_text=_("Spaces serving one of its moves"),
    )
    move = ElementChoiceFilter(
        label=_("Move"),
        field_name="moves",
        queryset=moves_to_filter_by,
        empty_label=_("All"),
    )
    target = ElementChoiceFilter(
        label=_("Target"),
        field_name="targets",
        queryset=targets_to_filter_by,
        empty_label=_("All"),
    )
    meeting_place = django_filters.ChoiceFilter(
        label=_("Social meeting place"),
        choices=MEETING_PLACE_CHOICES,
        method="filter_meeting_place",
        empty_label=_("All"),
        help_text=_("From the latest meeting-place index"),
    )
    stale = django_filters.ChoiceFilter(
        label=_("Not updated for 8 weeks"), choices=YES_NO, method="filter_stale", empty_label=_("All")
    )

    class Meta:
        model = OpportunitySpace
        fields = [
            "q",
            "stage",
            "kind",
            "organisation",
            "principle",
            "strategy",
            "move",
            "target",
            "meeting_place",
            "stale",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_meeting_place(self, queryset, name, value):
        # ``is_meeting_place`` is the portfolio's annotation: the latest score's verdict, null when never computed.
        if value == "unknown":
            return queryset.filter(is_meeting_place__isnull=True)
        return queryset.filter(is_meeting_place=(value == "yes"))

    def filter_stale(self, queryset, name, value):
        return queryset.filter(stale_condition()) if value == "yes" else queryset.exclude(stale_condition())

    @property
    def is_active(self) -> bool:
        """Whether any filter has a value (the page opens the filter panel then)."""
        return self.is_bound and any(self.data.get(name) for name in self.filters)


class SpaceBoardFilter(SpaceFilter):
    """The board's filters: the list's, less the stage (the board's columns are the stages)."""

    stage = None

    class Meta(SpaceFilter.Meta):
        fields = [name for name in SpaceFilter.Meta.fields if name != "stage"]
