"""FilterSets shared by the HTML lists and (later) the REST API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Area


class AreaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Area.Kind.choices, empty_label=_("All"))

    class Meta:
        model = Area
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))
