"""Failed logins: who is on the other end of a request (``AXES_CLIENT_IP_CALLABLE``), the limits per user name,
per address and per both (``AXES_HANDLER``), and the page shown while one is reached."""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or, behind ``TRUSTED_PROXIES`` proxies that each append the address
    they received the request from to X-Forwarded-For, the address the outermost trusted proxy saw.

    Only the entries the trusted proxies added are read (counted from the right), so a client cannot choose its
    own address by sending an X-Forwarded-For header; a missing or malformed entry falls back to ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page django-axes shows instead of logging in while a limit of failed logins is reached (429), saying
    which: this name from here, this address, or this name."""
    from axes.handlers.proxy import AxesProxyHandler
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    reason = limit_reached(AxesProxyHandler.get_implementation(), request, credentials) or "name_here"
    context = {
        "reason": reason,
        "failure_limit": getattr(settings, next(s for key, _p, s in LOCKOUT_COUNTS if key == reason)),
        "cooloff_minutes": None if cool_off is None else max(1, round(cool_off.total_seconds() / 60)),
    }
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


# The three counts of failed logins within LOGIN_LOCKOUT_MINUTES, in django-axes' order (AXES_LOCKOUT_PARAMETERS),
# each with the setting that holds its limit: one user name from one address (a person mistyping), any user names
# from one address (one password tried against many names), one user name from any addresses (many addresses
# guessing one name). The last two are higher: colleagues share the municipality's few public addresses.
LOCKOUT_COUNTS = (
    ("name_here", ["username", "ip_address"], "AXES_FAILURE_LIMIT"),
    ("address", ["ip_address"], "LOGIN_ADDRESS_FAILURE_LIMIT"),
    ("name", ["username"], "LOGIN_NAME_FAILURE_LIMIT"),
)


def failure_counts(handler, request, credentials) -> dict[str, int]:
    """How many failed logins each count holds now (within the cool-off time)."""
    # axes answers one queryset per AXES_LOCKOUT_PARAMETERS entry, in that order: each count takes its own by its
    # parameters, so a reordered setting cannot put one count's failures under another's limit.
    attempts_list = handler.get_user_attempts(request, credentials)
    by_parameters = {
        tuple(parameters): attempts
        for parameters, attempts in zip(settings.AXES_LOCKOUT_PARAMETERS, attempts_list, strict=True)
    }
    return {
        key: by_parameters[tuple(parameters)].aggregate(total=Sum("failures_since_start"))["total"] or 0
        for key, parameters, _setting in LOCKOUT_COUNTS
    }


def limit_reached(handler, request, credentials) -> str | None:
    """The first count that has reached its limit, or None."""
    counts = failure_counts(handler, request, credentials)
    for key, _parameters, setting in LOCKOUT_COUNTS:
        if counts[key] >= getattr(settings, setting):
            return key
    return None


class LoginLimitsHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit of its own for each count (``LOCKOUT_COUNTS``); axes itself has
    one limit for all. A successful login clears only that user name's failures from that address, so logging in
    to one account does not wipe what was tried against others from the same address."""

    def get_failures(self, request, credentials=None) -> int:
        # axes compares this with AXES_FAILURE_LIMIT: each count is scaled to that limit by its own.
        limit = settings.AXES_FAILURE_LIMIT
        counts = failure_counts(self, request, credentials)
        worst = 0
        for key, _parameters, setting in LOCKOUT_COUNTS:
            own = getattr(settings, setting)
            worst = max(worst, limit if counts[key] >= own else counts[key] * limit // own)
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count
