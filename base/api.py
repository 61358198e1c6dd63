"""What every app's REST API shares (the apps' endpoints are in their own ``api.py``, registered in the one router
under /api/v1/, ``bagsvaerd/urls.py``): API keys, the read-only scope, throttling, pagination and the CSV
representations. The one error shape is in ``api_errors`` (DRF's settings import this module, which therefore must
not import DRF's views).
"""

import binascii
import csv
import datetime
import io
import logging
import re
import time
from decimal import Decimal
from functools import cached_property, partial
from hmac import compare_digest

from django.core.cache import cache, caches
from django.core.paginator import Paginator as DjangoPaginator
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS, knox_settings
from rest_framework import exceptions, pagination, permissions, renderers, throttling
from rest_framework.authentication import get_authorization_header
from rest_framework.settings import api_settings

from .backends import memberships_join
from .db import JoinedRows
from .models import ApiToken, Membership, Organisation, User
from .permissions import can_read_strategy, remember_memberships

logger = logging.getLogger(__name__)

# How often a key's "last used" is written at most (a write on every request would cost more than the request).
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


# --- Keys ------------------------------------------------------------------------------------------------------


class _KeyLookup:
    """The keys with a given prefix, each with its user and the user's memberships (with their organisations), in
    one round trip (``JoinedRows``): every API request starts here, and knox's query (with ``select_related``) plus
    the roles' own query, compiled by the ORM on every request, cost more than answering a revalidation.

    A view that asks the database the same question on every request may have it answered in the same round trip
    (``also``: scalar expressions, e.g. the statistics' validators; see ``prefetch_keys``)."""

    def __init__(self, using: str = "default"):
        self.using = using
        self.rows = JoinedRows((("t", ApiToken), ("u", User), ("m", Membership), ("o", Organisation)), using)
        self._statements: dict[str, str] = {}

    def _prepare(self, connection, also: str) -> str:
        columns = self.rows.columns(connection) + (f", {also}" if also else "")
        table, column = JoinedRows.names(connection)
        # Besides the models' names, only the caller's fixed expressions go into the text; the prefix is a parameter.
        return (
            f"SELECT {columns} FROM {table(ApiToken)} t "  # noqa: S608
            f"INNER JOIN {table(User)} u ON u.{column(User, 'id')} = t.{column(ApiToken, 'user')} "
            f"{memberships_join(connection)}"
            f"WHERE t.{column(ApiToken, 'token_key')} = %s "
            f"ORDER BY t.{column(ApiToken, 'digest')}, m.{column(Membership, 'id')}"
        )

    def __call__(self, key_prefix: str, also: str = "") -> tuple[list[ApiToken], tuple | None]:
        """The keys with this prefix (each with ``user`` and the user's memberships remembered), and the values of
        ``also`` (None when no key has the prefix)."""
        from django.db import connections

        connection = connections[self.using]
        if also not in self._statements:
            self._statements[also] = self._prepare(connection, also)
        rows = self.rows.fetch(self._statements[also], [key_prefix])
        tokens: dict[str, ApiToken] = {}
        memberships: dict[str, list[Membership]] = {}
        for row in rows:  # a key's rows: one per membership of its user (one with none if the user has none)
            token, user, membership, organisation = self.rows.instances(connection, row)
            if token.digest not in tokens:
                token.user = user
                tokens[token.digest], memberships[token.digest] = token, []
            if membership is not None:
                membership.user, membership.organisation = tokens[token.digest].user, organisation
                memberships[token.digest].append(membership)
        for digest, token in tokens.items():
            remember_memberships(token.user, memberships[digest])
        return list(tokens.values()), (tuple(rows[0][self.rows.width :]) if rows else None)


find_keys = _KeyLookup()


def _key_in(request) -> str | None:
    """The key of ``Authorization: Token <key>``, if that is what the request carries."""
    parts = get_authorization_header(request).split()
    if len(parts) == 2 and parts[0].lower() == knox_settings.AUTH_HEADER_PREFIX.lower().encode():
        try:
            return parts[1].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def prefetch_keys(request, also: str) -> tuple | None:
    """Look the request's key up before DRF authenticates it, together with ``also``: a view that asks the database
    the same question on every request (whether the statistics have changed) gets both answers in one round trip.
    Returns the values of ``also``, or None (no key, or no key with its prefix: ask separately). Authentication
    then uses these rows instead of reading them again; it checks the key exactly as it otherwise would."""
    key = _key_in(request)
    if key is None:
        return None
    prefix = key[: CONSTANTS.TOKEN_KEY_LENGTH]
    tokens, values = find_keys(prefix, also)
    request.prefetched_api_keys = (prefix, tokens)
    return values


class TokenAuthentication(KnoxTokenAuthentication):
    """``Authorization: Token <key>``: the key's user, with ``request.auth`` the ``ApiToken`` (expired keys are
    refused and deleted); records when the key was last used. The key, its user and the user's roles are read in
    one query (``find_keys``), or were read along with a view's own question (``prefetch_keys``)."""

    def authenticate(self, request):
        self._prefetched = getattr(request, "prefetched_api_keys", None)
        return super().authenticate(request)

    def authenticate_credentials(self, token: bytes):
        message = _("Invalid token.")
        token = token.decode("utf-8")
        prefix = token[: CONSTANTS.TOKEN_KEY_LENGTH]
        prefetched = getattr(self, "_prefetched", None)
        candidates = prefetched[1] if prefetched and prefetched[0] == prefix else find_keys(prefix)[0]
        for auth_token in candidates:
            if self._cleanup_token(auth_token):
                continue
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error):
                raise exceptions.AuthenticationFailed(message) from None
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(message)

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


class ApiRateThrottle(throttling.BaseThrottle):
    """At most ``API_RATE_PER_KEY`` requests per API key and ``API_RATE_PER_USER`` per user over all their keys and
    their session (without a user: per address), e.g. ``"2000/hour"``. A refused request gets 429 with
    ``Retry-After``.

    The requests are counted per clock period (the hour from :00) with an atomic increment: on Redis both counts in
    one round trip (a script), elsewhere (the demo's in-process cache) with the cache's ``incr``. DRF's own
    throttles keep the time of every request of the last period in one cache entry, read and written whole on each
    request (thousands of entries for a busy key) and racing between workers, one throttle after the other. A
    period that starts on the clock lets up to twice the limit through around its turn: a fair price for a limit
    meant against runaway scripts."""

    prefix = "api-rate"  # the tests give each test its own
    THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES

    def __init__(self):
        self.limits = {scope: _parse_rate(self.THROTTLE_RATES.get(scope)) for scope in ("key", "user")}
        self.retry_after = None

    def allow_request(self, request, view) -> bool:
        now = time.time()
        counters = []  # (scope, whom it counts)
        if isinstance(request.auth, ApiToken):
            counters.append(("key", request.auth.reference))
        if request.user and request.user.is_authenticated:
            counters.append(("user", request.user.pk))
        else:
            counters.append(("user", "address-" + str(self.get_ident(request))))
        periods = []  # (the counter's key, its period's seconds, the limit, when the period ends)
        for scope, ident in counters:
            if self.limits[scope] is None:
                continue
            limit, seconds = self.limits[scope]
            window = int(now // seconds)
            periods.append((f"{self.prefix}:{scope}:{ident}:{window}", seconds, limit, (window + 1) * seconds))
        if not periods:
            return True
        counts = count_requests([(key, seconds) for key, seconds, _limit, _end in periods])
        refused = [end for (_key, _seconds, limit, end), count in zip(periods, counts, strict=True) if count > limit]
        if refused:
            self.retry_after = max(max(refused) - now, 1)
            return False
        return True

    def wait(self) -> float | None:
        return self.retry_after


def _parse_rate(rate: str | None) -> tuple[int, int] | None:
    if not rate:
        return None
    number, period = rate.split("/")
    return int(number), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


# Adds one to each counter and gives a new counter its lifetime, atomically, in one round trip.
_COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  if counts[i] == 1 then redis.call('EXPIRE', key, ARGV[i]) end
end
return counts
"""
_count_script = None


def count_requests(keys: list[tuple[str, int]]) -> list[int]:
    """Add one to each counter (its key, and the seconds of its period) and return the new counts. A counter lives
    a minute longer than its period."""
    from django.conf import settings

    if settings.REDIS_URL:
        global _count_script
        if _count_script is None:
            import redis

            _count_script = redis.Redis.from_url(settings.REDIS_URL).register_script(_COUNT_SCRIPT)
        return _count_script(keys=[key for key, _seconds in keys], args=[seconds + 60 for _key, seconds in keys])
    counts = []
    for key, seconds in keys:
        try:
            counts.append(cache.incr(key))
        except ValueError:  # the first request of this period
            counts.append(1 if cache.add(key, 1, timeout=seconds + 60) else cache.incr(key))
    return counts


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
        count_key = view.count_key(request) if hasattr(view, "count_key") else None
        renderer = getattr(request, "accepted_renderer", None)
        if isinstance(renderer, CSVRenderer):
            _refuse_a_file_too_long(CachedCountPaginator(queryset, 1, count_key=count_key).count)
            return None
        self.django_paginator_class = partial(CachedCountPaginator, count_key=count_key)
        return super().paginate_queryset(queryset, request, view)


class TooManyRowsForAFile(exceptions.APIException):
    status_code = 400
    default_code = "too_many_rows"


def _refuse_a_file_too_long(count: int) -> None:
    """A whole-list file is built in one request, in memory: more than ``API_FILE_MAX_ROWS`` rows would hold a
    worker past its timeout (no file at all). Refused before any row is read, saying how to get the rows."""
    from django.conf import settings

    limit = settings.API_FILE_MAX_ROWS
    if count > limit:

        def number(n):
            return formats.number_format(n, use_l10n=True, force_grouping=True)

        raise TooManyRowsForAFile(
            _(
                "The list has %(count)s rows; a file holds at most %(limit)s. Narrow it with the filters (e.g. an "
                "area or a period), or fetch it as JSON a page at a time (?page=)."
            )
            % {"count": number(count), "limit": number(limit)}
        )


class CachedCountPaginator(DjangoPaginator):
    """A paginator whose row count is kept under ``count_key`` (a key that changes whenever the rows may, see
    ``strategy.api.FromStoredStatistics``): counting a national table on every page costs more than the page
    itself. Such a key is never stale, so each process keeps its own (``CACHES["process"]``)."""

    def __init__(self, *args, count_key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        if self.count_key is None:
            return super().count
        count = caches["process"].get(self.count_key)
        if count is None:
            count = super().count
            caches["process"].set(self.count_key, count, timeout=24 * 3600)
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

    def table(self, data) -> tuple[list[str], list[list]]:
        """The header (every column any row has, in first-seen order) and the rows' cells."""
        rows = self.rows(data)
        columns: list[str] = []
        for row in rows:
            columns += [name for name in row if name not in columns]
        return columns, [[self.cell(row.get(name)) for name in columns] for row in rows]

    def name_the_file(self, renderer_context, extension: str) -> None:
        """A download named after the list (``risk.csv``), on a successful answer."""
        response = (renderer_context or {}).get("response")
        view = (renderer_context or {}).get("view")
        if response is not None and response.status_code < 400 and view is not None:
            name = getattr(view, "basename", None) or "data"
            response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        columns, rows = self.table(data)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self.delimiter, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(rows)
        self.name_the_file(renderer_context, "csv")
        text = buffer.getvalue()
        return (("\ufeff" if self.byte_order_mark else "") + text).encode(self.charset)


class DanishCSVRenderer(CSVRenderer):
    """CSV that Danish Excel opens as it is (``?format=csv-da``): ";" between cells, a decimal comma, and a UTF-8
    byte order mark so that æ, ø and å come out right."""

    format = "csv-da"
    delimiter = ";"
    decimal_comma = True
    byte_order_mark = True


# The control characters an XLSX file cannot hold (XML 1.0 forbids them): shown as "\ufffd" instead of failing.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class XLSXRenderer(CSVRenderer):
    """An Excel workbook (``?format=xlsx``): one sheet, a header row, numbers as numbers, the whole list as the CSV
    formats give it. Text that a spreadsheet would run as a formula gets a leading "'" as in the CSV (openpyxl
    would otherwise store it as a formula); a control character a workbook cannot hold becomes "\ufffd"."""

    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def cell(self, value):
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, Decimal):
            return float(value)  # at most 13 digits before the point and 8 after: a double holds them
        text = XLSX_ILLEGAL.sub("\ufffd", str(value))
        return f"'{text}" if text.startswith(FORMULA_STARTS) else text

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        from openpyxl import Workbook  # only when a workbook is asked for

        columns, rows = self.table(data)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(columns)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        self.name_the_file(renderer_context, "xlsx")
        return buffer.getvalue()
