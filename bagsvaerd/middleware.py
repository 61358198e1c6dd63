import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from base import kept_input
from base.auth_log import SESSION_END_REASON
from base.request_size import limit_for
from base.sessions import SEEN, STARTED

from .errors import API_PREFIX, request_too_large


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a login unless its view says otherwise; the REST API authenticates itself (a key or the
    session) and answers 401 or 403 in its own error shape instead of redirecting to the login page.

    When the browser's session ended by a logout (in this or another window) or by a password change in another
    browser, the login page says so, and a form sent then is kept for its user (``base.kept_input``), as one sent
    after the session ended on time is: the login then leads to it."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(API_PREFIX):
            return None
        response = super().process_view(request, view_func, view_args, view_kwargs)
        ended = kept_input.logged_out(request) if response is not None else None
        if ended is None:
            return response
        after = request.get_full_path()
        if (
            request.method == "POST"
            and kept_input.passes_csrf(request)
            and kept_input.keep(request, user_id=ended["user"])
        ):
            after = reverse("resume_input")
        query = urlencode({"next": after, "ended": ended["why"]})
        return redirect(f"{resolve_url(settings.LOGIN_URL)}?{query}")


class LanguageMiddleware:
    """Danish unless the user chose another language with the switch (stored in the language cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a planner whose browser is
    set to English still gets the Danish the product speaks by default, and English only on request. A program
    calling the REST API (no session) is answered in the language of its Accept-Language, Danish by default; a
    person in the browser gets the API's documentation, and its "Try it out", in the site's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        in_browser = settings.SESSION_COOKIE_NAME in request.COOKIES
        if chosen not in self.supported and request.path.startswith(API_PREFIX) and not in_browser:
            # A program asks for its language: the API answers by Accept-Language (Danish by default).
            language = translation.get_language_from_request(request)
            language = language if language in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class RequestSizeMiddleware:
    """Refuses a request whose declared body is larger than its page takes (``base.request_size``) with 413,
    before any of it is read: before the CSRF check reads the form, before a file is spooled to disk. Only a
    request larger than ``REQUEST_MAX_BYTES`` costs a URL lookup. A body without ``Content-Length`` (chunked) is
    not read by Django at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.REQUEST_MAX_BYTES:
            limit = limit_for(request.path_info)
            if declared > limit:
                return request_too_large(request, limit)
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """A browser session ends after ``SESSION_IDLE_MINUTES`` without a request and, however active, after
    ``SESSION_MAX_HOURS`` from the login (OWASP ASVS 3.3): the session is flushed on the server (``logout``) and
    the page asks for the login again, saying why. The REST API's keys are not sessions and are not affected; a
    request to the API with an ended session goes on as anonymous and is refused there.

    A form posted just after the session ended is not lost: what it held is kept for the same user to save after
    logging in again (``base.kept_input``).

    The time of the last request is written at most once a minute, so an active user's session is not saved on
    every request."""

    SEEN_RESOLUTION = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Whom the session named before the user is read: reading it ends the session when the user's password was
        # changed in another browser (Django's session hash), and the login page should then say so.
        claimed = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        user = getattr(request, "user", None)
        if (
            claimed is not None
            and user is not None
            and not user.is_authenticated
            and SESSION_KEY not in request.session
        ):
            kept_input.remember_logout(request, user_id=int(claimed), why="password")
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            session = request.session
            started = session.setdefault(STARTED, now)
            seen = session.get(SEEN, now)
            reason = ""
            if now - seen > settings.SESSION_IDLE_MINUTES * 60:
                reason = "idle"
            elif now - started > settings.SESSION_MAX_HOURS * 3600:
                reason = "max"
            if reason:
                setattr(request, SESSION_END_REASON, reason)  # the login log says why (base.auth_log)
                in_browser = not request.path.startswith(API_PREFIX)
                # Only input that passes the CSRF check, as the view would have checked it, is kept.
                keep = (
                    in_browser
                    and request.method == "POST"
                    and request.path not in (reverse("logout"), reverse("set_language"))
                    and kept_input.passes_csrf(request)
                )
                logout(request)
                if in_browser:
                    kept = keep and kept_input.keep(request, user_id=user.pk)
                    after = reverse("resume_input") if kept else request.get_full_path()
                    query = urlencode({"next": after, "ended": reason})
                    return redirect(f"{resolve_url(settings.LOGIN_URL)}?{query}")
            elif now - session.get(SEEN, 0) >= self.SEEN_RESOLUTION:
                session[SEEN] = now
        return self.get_response(request)
