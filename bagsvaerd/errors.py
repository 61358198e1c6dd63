"""The error pages: the app's own for pages, the API's error shape (``base.api_errors``) under /api/."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from .middleware import API_PREFIX


def _api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"status": status, "code": code, "message": message, "fields": {}}}, status=status)


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return _api_error(404, "not_found", _("There is no such address in the API: see /api/v1/."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return _api_error(500, "server_error", _("Something went wrong on our side. Please try again later."))
    return defaults.server_error(request)
