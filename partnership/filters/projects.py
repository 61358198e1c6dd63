"""The FilterSet of the projects list, shared by the HTML page and (later) the REST API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Project


class ProjectFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Project.Kind.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Project.Status.choices, empty_label=_("All"))

    class Meta:
        model = Project
        fields = ["kind", "status"]
