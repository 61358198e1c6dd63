"""The REST API's one error shape: every 4xx and 5xx answer is ``{"error": {"status", "code", "message", "fields"}}``
(``fields``: the messages per input field of a refused write), in the request's language."""

import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _code(exc) -> str:
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", "error")


def exception_handler(exc, context):
    """Every error answer has one shape: ``{"error": {"status", "code", "message", "fields"}}`` (``fields``: the
    messages per input field, for a refused write), in the request's language; headers such as ``Retry-After``
    are kept."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    fields = {}
    if isinstance(response.data, dict) and "detail" in response.data:
        message = str(response.data["detail"])
    elif isinstance(response.data, dict):
        fields = {
            name: [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])] for name, msgs in response.data.items()
        }
        fields = {name: msgs for name, msgs in fields.items() if name != "non_field_errors"}
        general = response.data.get("non_field_errors")
        message = str(general[0]) if general else str(_("The input was refused; see the fields."))
    else:
        message = " ".join(str(item) for item in response.data)
    if isinstance(exc, exceptions.Throttled):  # DRF's own message is only half translated
        message = _("Too many requests: try again in %(seconds)s seconds.") % {"seconds": math.ceil(exc.wait or 1)}
    response.data = {
        "error": {"status": response.status_code, "code": _code(exc), "message": message, "fields": fields}
    }
    return response


def error_response(status: int, code: str, message: str) -> Response:
    return Response({"error": {"status": status, "code": code, "message": message, "fields": {}}}, status=status)
