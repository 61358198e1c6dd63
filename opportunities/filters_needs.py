"""The FilterSet of the needs-and-offers list, shared by the HTML page and (later) the REST API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from base.models import Organisation

from .models import NeedOrOffer


class NeedOrOfferFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search in title and description"), method="search")
    type = django_filters.ChoiceFilter(label=_("Need or offer"), choices=NeedOrOffer.Type.choices, empty_label=_("All"))
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=NeedOrOffer.Category.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NeedOrOffer.Status.choices, empty_label=_("All"))
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"), empty_label=_("All")
    )

    class Meta:
        model = NeedOrOffer
        fields = ["q", "type", "category", "status", "organisation"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))
