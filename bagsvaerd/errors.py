"""The error pages: the app's own for pages, the API's error shape (``base.api_errors``) under /api/."""

from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


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


def request_too_large(request, limit: int):
    """413: the request is larger than the page takes (``base.request_size``); its body was never read."""
    size = filesizeformat(limit)
    if request.path.startswith(API_PREFIX):
        response = _api_error(
            413,
            "request_too_large",
            _("The request is too large: this address takes at most %(size)s.") % {"size": size},
        )
    else:
        response = render(request, "413.html", {"limit": size}, status=413)
    # No "Connection: close" here: WSGI leaves hop-by-hop headers to the server (gunicorn's sync workers close
    # every connection after its answer; the unread body is not read).
    return response
