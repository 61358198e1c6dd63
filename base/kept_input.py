"""What a user was saving when their browser session ended on time (``bagsvaerd.middleware.SessionTimeoutMiddleware``),
after they had logged out in another window of the same browser, or after their password was changed in another
browser (``bagsvaerd.middleware.LoginRequiredMiddleware``):
kept on the server, in the session that replaces the ended one, until the same user has logged in again; then
offered back on one page (``base.views.resume_input``), to save with one click or to leave.

Nothing a planner typed for half an hour is lost to the idle limit. Only a POST that passes the CSRF check is kept
(a page of another site cannot plant input to be offered back); only the user who wrote it is offered it; a
password never is, and files cannot be (the page says to choose them again).
"""

import time
from urllib.parse import urlsplit

from django.middleware.csrf import CsrfViewMiddleware
from django.utils.http import url_has_allowed_host_and_scheme

KEY = "_kept_input"
# Offered back within this many seconds of the session's end (the login page may stay open for a while).
KEEP_SECONDS = 12 * 3600
# The form's own token (the new session has a new one) and what must never sit in a session.
NOT_KEPT = ("csrfmiddlewaretoken",)
SECRET_MARK = "password"  # noqa: S105 - a field-name fragment, not a password


LOGGED_OUT = "_logged_out"


# Why a browser's session ended, other than by time (the login page says which): the user logged out (in this or
# another window), or their password was changed (in another browser, or by an administrator), which ends their
# other sessions.
LOGGED_OUT_WHY = ("logout", "password")


def remember_logout(request, *, user_id: int, why: str = "logout") -> None:
    """After ``user_id``'s session ended (``why``: one of ``LOGGED_OUT_WHY``): the browser's new session remembers
    whose it was and why, so that the login page can say why, and a form they send later from a window still open is
    kept for them, as after a session ended by time."""
    request.session[LOGGED_OUT] = {"user": user_id, "at": int(time.time()), "why": why}


def logged_out(request) -> dict | None:
    """Whose session ended in this browser within ``KEEP_SECONDS``, and why (``{"user": id, "why": ...}``), or None."""
    marker = request.session.get(LOGGED_OUT) if hasattr(request, "session") else None
    if not marker or time.time() - marker.get("at", 0) > KEEP_SECONDS or marker.get("why") not in LOGGED_OUT_WHY:
        return None
    return marker


def passes_csrf(request) -> bool:
    """Whether the POST passes Django's CSRF check (the same as its middleware's: origin and token)."""
    return CsrfViewMiddleware(lambda _request: None).process_view(request, None, (), {}) is None


def keep(request, *, user_id: int) -> bool:
    """Keep the POST's fields for ``user_id`` in the (new) session; False when there is nothing worth keeping."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_KEPT and SECRET_MARK not in name.lower()
        for value in values
    ]
    if not any(value.strip() for name, value in fields if name != "version"):
        return False
    request.session[KEY] = {
        "user": user_id,
        "path": request.get_full_path(),
        "back": _page_of_the_form(request),
        "fields": fields,
        "files": sorted(request.FILES),
        "at": int(time.time()),
    }
    return True


def _page_of_the_form(request) -> str:
    """The page the form was on (this site's, from the Referer), to go back to without saving; else the front page."""
    referer = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    parts = urlsplit(referer)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def waiting(request) -> bool:
    """Whether input is kept in this session (the login page says so)."""
    return KEY in request.session


def take(request) -> dict | None:
    """The kept input, removed from the session: for its own user, while it is fresh; otherwise None (and gone)."""
    kept = request.session.pop(KEY, None)
    if not kept or kept.get("user") != request.user.pk or time.time() - kept.get("at", 0) > KEEP_SECONDS:
        return None
    if not all(_local(kept.get(where)) for where in ("path", "back")):
        return None
    return kept


def texts(kept: dict) -> list[str]:
    """The kept values to show the user, to recognise what they wrote: the texts, not numbers, dates, choices' codes
    or ticked boxes, which mean nothing out of their form."""
    return [
        value
        for name, value in kept["fields"]
        if name not in ("version", "next") and any(c.isalpha() for c in value) and len(value.split()) > 1
    ]


def _local(url) -> bool:
    """A path on this site (not "//host/…" nor "/\\host/…", which browsers read as another site)."""
    return isinstance(url, str) and url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
