"""Pages of the statistics and indicators: the import upload, the recompute runs, and per area its official
classification (each criterion's value, threshold and distance over the list years) and its indicators."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from base.forms import add_service_errors, posted, save_form
from base.history import history_of, history_page
from base.permissions import can_edit_strategy, can_import_statistics, can_read_indicators
from base.request_size import accepts_files, file_input_limits

from .. import selectors
from ..filters import AreaFilter
from ..forms import IndicatorDefinitionForm, VariableForm
from ..models import RecomputeRun, StatisticsImport, StatisticsUpload
from ..services.indicators import create_variable, save_indicator_definition
from ..services.statistics import MAX_FILE_BYTES, store_upload

AREA_PAGE_SIZE = 50
UPLOADS_LISTED = 10


class StatisticsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Statistics file"),
        help_text=gettext_lazy(
            "CSV or XLSX. Long format: area_code, year, variable, value (or område, år, variabel, værdi). "
            "Wide format: area_code, year and one column per variable. At most 50 MB."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update(file_input_limits(MAX_FILE_BYTES))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:  # checked before the file is read
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most %(max)s MB can be imported.")
                % {"size": upload.size // (1024 * 1024), "max": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


@require_http_methods(["GET", "POST"])
@accepts_files(lambda: MAX_FILE_BYTES)
def statistics_import(request):
    """The upload form. The request only stores the file; a background job checks and imports it, and the
    upload's page shows how far it has come and then its report."""
    if not can_import_statistics(request.user):
        raise PermissionDenied
    form = StatisticsUploadForm(*posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        upload = store_upload(file=form.cleaned_data["file"], by=request.user, language=get_language() or "da")
        return redirect("statistics_upload", upload.pk)
    uploads = StatisticsUpload.objects.select_related("uploaded_by")[:UPLOADS_LISTED]
    imports = StatisticsImport.objects.select_related("imported_by").prefetch_related(
        Prefetch("recomputes", queryset=RecomputeRun.objects.order_by("-started_at", "-id"))
    )[:20]
    return render(request, "strategy/statistics_import.html", {"form": form, "uploads": uploads, "imports": imports})


def statistics_upload(request, pk: int):
    """One uploaded file: waiting, being checked (rows checked of all) or saved, then its report: the values it
    brought and the recompute run it started, or every problem found. Reloads itself until there is a report."""
    if not can_import_statistics(request.user):
        raise PermissionDenied
    upload = get_object_or_404(StatisticsUpload.objects.select_related("uploaded_by", "statistics_import"), pk=pk)
    run = None
    if upload.statistics_import is not None:
        run = upload.statistics_import.recomputes.order_by("-started_at", "-id").first()
    waiting = not upload.is_finished and not upload.is_interrupted
    return render(
        request,
        "strategy/statistics_upload.html",
        {
            "upload": upload,
            "run": run,
            "refresh": waiting or (upload.statistics_import is not None and (run is None or run.is_running)),
            "nav_section": "area_list",
        },
    )


def recompute_runs(request):
    if not can_import_statistics(request.user):
        raise PermissionDenied
    runs = RecomputeRun.objects.select_related("trigger")[:50]
    return render(request, "strategy/recompute_runs.html", {"runs": runs, "nav_section": "area_list"})


def recompute_run(request, pk: int):
    """One run: what started it, how far it has come while it runs (the page reloads itself), how it ended."""
    if not can_import_statistics(request.user):
        raise PermissionDenied
    run = get_object_or_404(RecomputeRun.objects.select_related("trigger", "trigger__imported_by"), pk=pk)
    return render(request, "strategy/recompute_run.html", {"run": run, "nav_section": "area_list"})


def area_list(request):
    if not can_read_indicators(request.user):
        raise PermissionDenied
    filterset = AreaFilter(request.GET, queryset=selectors.areas_for_list())
    page = Paginator(filterset.qs, AREA_PAGE_SIZE).get_page(request.GET.get("page"))
    areas = list(page.object_list)
    list_year = selectors.attach_latest_classification(areas)
    return render(
        request,
        "strategy/area_list.html",
        {
            "areas": areas,
            "page": page,
            "filter": filterset,
            "list_year": list_year,
            "can_import": can_import_statistics(request.user),
        },
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
        "can_edit": can_edit_strategy(request.user),  # who may change a formula reads it as written too
        "nav_section": "area_list",
    }
    return render(request, "strategy/area_indicators.html", context)


# --- Indicator definitions and the data dictionary ------------------------------------------------


def indicator_list(request):
    if not can_read_indicators(request.user):
        raise PermissionDenied
    return render(
        request,
        "strategy/indicator_list.html",
        {
            "definitions": selectors.indicator_definitions(),
            "can_edit": can_edit_strategy(request.user),
            "nav_section": "area_list",
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int | None = None):
    definition = None
    if pk is not None:
        definition = selectors.get_indicator_for_user(request.user, pk, write=True)
    elif not can_edit_strategy(request.user):
        raise PermissionDenied
    form = IndicatorDefinitionForm(posted(request), instance=definition)
    saved = save_form(request, form, save_indicator_definition, definition=form.instance)
    if saved is not None:
        messages.success(request, _("The indicator «%(code)s» is saved.") % {"code": saved.code})
        return redirect("indicator_list")
    return render(
        request,
        "strategy/indicator_form.html",
        {"form": form, "definition": definition, "nav_section": "area_list"},
    )


def indicator_history(request, pk: int):
    definition = selectors.get_indicator_for_user(request.user, pk)
    page = history_page(history_of(definition), request.user, request.GET.get("page"))
    return render(
        request,
        "strategy/indicator_history.html",
        {"definition": definition, "records": page.object_list, "page": page, "nav_section": "area_list"},
    )


@require_http_methods(["GET", "POST"])
def variable_list(request):
    if not can_read_indicators(request.user):
        raise PermissionDenied
    can_add = can_import_statistics(request.user)
    form = VariableForm(posted(request)) if can_add else None
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                variable = create_variable(data=form.cleaned_data, by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The variable «%(code)s» is added.") % {"code": variable.code})
                return redirect("variable_list")
    return render(
        request,
        "strategy/variable_list.html",
        {"variables": selectors.variables(), "form": form, "nav_section": "area_list"},
    )
