"""The history's FilterSet, shared by the history pages and (later) the REST API, the whole-number filters every
FilterSet uses for ids and years, and the filter by an object's code that refuses a code no object has."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import ChangeRecord

# The largest value a database id can hold (a 64-bit signed integer, on PostgreSQL and SQLite alike).
LARGEST_ID = 2**63 - 1


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number, checked as one: "2.5" or a number beyond what the column holds is the reader's mistake (a 400
    naming the parameter), never a database error."""

    field_class = forms.IntegerField


class YearFilter(IntegerFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class IdFilter(IntegerFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)


class KnownCode:
    """A form field's validator: the code must be one of ``model``'s (one indexed query). ``message`` names the kind
    of object and takes ``%(code)s``."""

    def __init__(self, model, message):
        self.model, self.message = model, message

    def __call__(self, value) -> None:
        if value and not self.model._default_manager.filter(code=value).exists():
            raise ValidationError(self.message, code="unknown_code", params={"code": value})


class CodeFilter(django_filters.CharFilter):
    """An object's code (an area's, an indicator's): a code that no such object has is refused, a 400 naming the
    parameter, where it would otherwise read as "no rows" (a mistyped area in a BI tool's query looks like an area
    without data). A code that exists but has no rows is an empty list, as before."""

    def __init__(self, *args, model, unknown, **kwargs):
        kwargs["validators"] = [*kwargs.get("validators", []), KnownCode(model, unknown)]
        super().__init__(*args, **kwargs)


def filtered(filterset):
    """The FilterSet's queryset, for a caller that filters with values it has checked itself (a page's own form): a
    value the FilterSet refuses is then a bug, not the reader's mistake."""
    if not filterset.is_valid():
        raise ValueError(f"a FilterSet refused the values it was given: {filterset.errors.as_json()}")
    return filterset.qs


class ChangeRecordFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=ChangeRecord.Action.choices, empty_label=_("All"))
    # The choices are the kinds of object the reader's records are about (see ``__init__``).
    kind = django_filters.ChoiceFilter(
        label=_("Kind of object"), field_name="content_type__model", empty_label=_("All")
    )
    since = django_filters.DateFilter(label=_("From date"), field_name="at", lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("To date"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = ChangeRecord
        fields = ["action", "kind", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every kind that occurs in the records this reader may see, and no other: a new kind of object needs no
        # change here, and a reader is not offered kinds whose records are kept from them.
        type_ids = set(self.queryset.order_by().values_list("content_type", flat=True).distinct())
        kinds = []
        for content_type in ContentType.objects.filter(pk__in=type_ids):
            model = content_type.model_class()
            if model is not None:
                kinds.append((content_type.model, capfirst(model._meta.verbose_name)))
        self.filters["kind"].extra["choices"] = sorted(kinds, key=lambda kind: str(kind[1]))
