"""The app's URLs plus ``/bench/values/``: the reference the API's list is measured against (bench/api.py)."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import path

from bagsvaerd.urls import handler404, handler500, urlpatterns  # noqa: F401 - the app's own error pages too
from strategy.models import IndicatorValue


@login_not_required
def values(request):
    """The same 100 rows as the API's first page, straight from ``.values()``: no authentication, no serializer."""
    rows = IndicatorValue.objects.order_by("definition_id", "area_id", "year").values(
        "definition__code", "area__code", "year", "value", "suppressed", "definition__unit"
    )[:100]
    return JsonResponse({"results": list(rows)})


urlpatterns = [path("bench/values/", values), *urlpatterns]
