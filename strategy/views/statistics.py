"""Pages of the statistics and indicators: the import upload, the recompute runs, and per area its official
classification (each criterion's value, threshold and distance over the list years) and its indicators."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from governance.selectors import can_import_statistics, can_read_indicators

from .. import selectors
from ..models import RecomputeRun, StatisticsImport
from ..services.statistics import MAX_FILE_BYTES, StatisticsImportError, import_statistics


class StatisticsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Statistics file"),
        help_text=gettext_lazy(
            "CSV or XLSX. Long format: area_code, year, variable, value (or område, år, variabel, værdi). "
            "Wide format: area_code, year and one column per variable. At most 50 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:  # checked before the file is read
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most %(max)s MB can be imported.")
                % {"size": upload.size // (1024 * 1024), "max": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


@require_http_methods(["GET", "POST"])
def statistics_import(request):
    if not can_import_statistics(request.user):
        raise PermissionDenied
    form = StatisticsUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_statistics(data=upload.read(), file_name=upload.name, by=request.user)
        except StatisticsImportError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _(
                    "%(file)s is imported: %(created)s new, %(updated)s changed and %(unchanged)s unchanged values. "
                    "The indicators are recomputed in the background."
                )
                % {
                    "file": upload.name,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
            return redirect("statistics_import")
    imports = StatisticsImport.objects.select_related("imported_by")[:20]
    return render(request, "strategy/statistics_import.html", {"form": form, "problems": problems, "imports": imports})


def recompute_runs(request):
    if not can_import_statistics(request.user):
        raise PermissionDenied
    runs = RecomputeRun.objects.select_related("trigger")[:50]
    return render(request, "strategy/recompute_runs.html", {"runs": runs, "nav_section": "area_list"})


def area_list(request):
    if not can_read_indicators(request.user):
        raise PermissionDenied
    areas, list_year = selectors.areas_with_latest_classification()
    return render(
        request,
        "strategy/area_list.html",
        {"areas": areas, "list_year": list_year, "can_import": can_import_statistics(request.user)},
    )


def area_criteria(request, code: str):
    area = selectors.get_area_for_user(request.user, code)
    context = {
        "area": area,
        "example": selectors.shows_example_figures(area),
        "nav_section": "area_list",
        **selectors.area_criteria(area),
    }
    return render(request, "strategy/area_criteria.html", context)


def area_indicators(request, code: str):
    area = selectors.get_area_for_user(request.user, code)
    context = {
        "area": area,
        "example": selectors.shows_example_figures(area),
        "indicators": selectors.area_indicators(area),
        "nav_section": "area_list",
    }
    return render(request, "strategy/area_indicators.html", context)
