"""What every app's REST API shares (the apps' endpoints are in their own ``api.py``, registered in the one router
under /api/v1/, ``bagsvaerd/urls.py``): API keys, the read-only scope, throttling, pagination and the CSV
representations. The one error shape is in ``api_errors`` (DRF's settings import this module, which therefore must
not import DRF's views).
"""

import csv
import datetime
import io
import logging
from decimal import Decimal
from functools import cached_property, partial

from django.core.cache import cache
from django.core.paginator import Paginator as DjangoPaginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import pagination, permissions, renderers, throttling

from .models import ApiToken
from .permissions import can_read_strategy

logger = logging.getLogger(__name__)

# How often a key's "last used" is written at most (a write on every request would cost more than the request).
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


# --- Keys ------------------------------------------------------------------------------------------------------


class TokenAuthentication(KnoxTokenAuthentication):
    """``Authorization: Token <key>``: the key's user, with ``request.auth`` the ``ApiToken`` (expired keys are
    refused and deleted); records when the key was last used."""

    def _cleanup_token(self, auth_token) -> bool:
        """Refuse (and delete) this key if it has expired. Knox would also read every other key of the user on every
        request to delete the expired ones; here they stay, marked expired on the user's key page, until used."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        now = timezone.now()
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return user, token


class HasRole(permissions.BasePermission):
    """Everyone with a role in the partnership may use the API (their rights on each object are checked by the
    same access functions as in the browser); a user without a role gets 403."""

    message = _("Your account has no role in the partnership.")

    def has_permission(self, request, view) -> bool:
        return can_read_strategy(request.user)


class ReadOnlyKeyCannotWrite(permissions.BasePermission):
    """A read-only key reads what its user may read, and writes nothing (403)."""

    message = _("This API key may only read.")

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return not (isinstance(request.auth, ApiToken) and request.auth.read_only)


class KeyRateThrottle(throttling.SimpleRateThrottle):
    """Requests per API key (``API_RATE_PER_KEY``); a session is not limited here but per user."""

    scope = "key"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.reference}


class UserRateThrottle(throttling.UserRateThrottle):
    """Requests per user, over all their keys and their session (``API_RATE_PER_USER``)."""

    scope = "user"


# --- Representations ---------------------------------------------------------------------------------------------


class Pagination(pagination.PageNumberPagination):
    """``?page=`` and ``?page_size=`` (at most ``API_MAX_PAGE_SIZE``). A CSV holds every row: a spreadsheet or a
    BI tool reads one file, not pages."""

    page_size_query_param = "page_size"

    def __init__(self):
        from django.conf import settings

        self.page_size = settings.API_PAGE_SIZE
        self.max_page_size = settings.API_MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        renderer = getattr(request, "accepted_renderer", None)
        if isinstance(renderer, CSVRenderer):
            return None
        count_key = view.count_key(request) if hasattr(view, "count_key") else None
        self.django_paginator_class = partial(CachedCountPaginator, count_key=count_key)
        return super().paginate_queryset(queryset, request, view)


class CachedCountPaginator(DjangoPaginator):
    """A paginator whose row count is kept in the cache under ``count_key`` (a key that changes whenever the rows
    may, see ``strategy.api.FromStoredStatistics``): counting a national table on every page costs more than the
    page itself."""

    def __init__(self, *args, count_key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        if self.count_key is None:
            return super().count
        count = cache.get(self.count_key)
        if count is None:
            count = super().count
            cache.set(self.count_key, count, timeout=24 * 3600)
        return count


# A spreadsheet treats a cell that begins with one of these as a formula (CSV injection): such text gets a "'".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _flatten(row: dict, prefix: str = "") -> dict:
    """Nested objects become dotted columns (``area.code``); lists of plain values are joined with "|"."""
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list | tuple):
            flat[name] = "|".join(str(item) for item in value)
        else:
            flat[name] = value
    return flat


class CSVRenderer(renderers.BaseRenderer):
    """RFC 4180 CSV in UTF-8 (``?format=csv``): a header row, one row per object; numbers with a decimal point."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    delimiter = ","
    decimal_comma = False
    byte_order_mark = False

    def rows(self, data) -> list[dict]:
        if isinstance(data, dict) and "results" in data and "count" in data:
            data = data["results"]
        if isinstance(data, dict) and "error" in data:
            error = data["error"]
            return [{"code": error.get("code"), "message": error.get("message")}]
        if isinstance(data, dict):
            data = [data]
        return [_flatten(dict(row)) for row in data or []]

    def cell(self, value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float | Decimal):
            text = format(value, "f") if isinstance(value, Decimal) else str(value)
            return text.replace(".", ",") if self.decimal_comma else text
        text = str(value)
        return f"'{text}" if text.startswith(FORMULA_STARTS) else text

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        rows = self.rows(data)
        columns: list[str] = []
        for row in rows:
            columns += [name for name in row if name not in columns]
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self.delimiter, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([self.cell(row.get(name)) for name in columns])
        response = (renderer_context or {}).get("response")
        view = (renderer_context or {}).get("view")
        if response is not None and response.status_code < 400 and view is not None:
            name = getattr(view, "basename", None) or "data"
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        text = buffer.getvalue()
        return (("\ufeff" if self.byte_order_mark else "") + text).encode(self.charset)


class DanishCSVRenderer(CSVRenderer):
    """CSV that Danish Excel opens as it is (``?format=csv-da``): ";" between cells, a decimal comma, and a UTF-8
    byte order mark so that æ, ø and å come out right."""

    format = "csv-da"
    delimiter = ";"
    decimal_comma = True
    byte_order_mark = True
