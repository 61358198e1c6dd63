"""The log of logins, logouts, failed logins, lockouts and password changes (``base.models.AuthEvent``).

Django's signals say when someone logs in, out, or fails to; django-axes' when a user name is locked; a password
change is seen by Django's own hook for it (``AUTH_PASSWORD_VALIDATORS``' ``password_changed``), whichever way it
was made: the admin, a page, the shell. The request being answered is kept in a context variable
(``AuthLogMiddleware``) so that the hook knows the address and who made the change."""

import ipaddress
from contextvars import ContextVar

from axes.helpers import get_client_ip_address
from django.utils.translation import gettext as _

from .models import AuthEvent

_request: ContextVar = ContextVar("auth_log_request", default=None)

# What SessionTimeoutMiddleware sets on a request whose session it ends, and the event that records it.
SESSION_END_REASON = "session_end_reason"
_ENDED = {"idle": AuthEvent.Kind.SESSION_IDLE, "max": AuthEvent.Kind.SESSION_MAX}


class AuthLogMiddleware:
    """Keeps the current request where ``password_changed`` can read it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def _address(request) -> str | None:
    """The client's address as the lockout reads it (behind the trusted proxies), if it is one."""
    candidate = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None


def record(kind: str, *, request=None, user=None, username: str = "", by=None) -> AuthEvent:
    address = None
    agent = ""
    if request is not None:
        address = _address(request)
        agent = request.META.get("HTTP_USER_AGENT", "")[:255]
    if user is not None and not username:
        username = user.get_username()
    return AuthEvent.objects.create(
        kind=kind, user=user, username=(username or "")[:150], address=address, user_agent=agent, by=by
    )


def logged_in(sender, request, user, **kwargs) -> None:
    record(AuthEvent.Kind.LOGIN, request=request, user=user)


def logged_out(sender, request, user, **kwargs) -> None:
    reason = getattr(request, SESSION_END_REASON, None) if request is not None else None
    record(_ENDED.get(reason, AuthEvent.Kind.LOGOUT), request=request, user=user)


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already blanked the password in ``credentials``; only the user name is kept.
    record(AuthEvent.Kind.FAILED, request=request, username=str(credentials.get("username") or ""))


def locked_out(sender, request, username=None, ip_address=None, **kwargs) -> None:
    record(AuthEvent.Kind.LOCKED_OUT, request=request, username=str(username or ""))


class LogPasswordChanges:
    """A "validator" that refuses nothing: Django calls its ``password_changed`` after every password change."""

    def validate(self, password, user=None) -> None:
        return None

    def get_help_text(self) -> str:
        # Shown with the other validators' rules wherever a password is set (the admin's form).
        return _("A change of password is recorded in the login log.")

    def password_changed(self, password, user=None) -> None:
        if user is None or user.pk is None:
            return
        request = _request.get()
        actor = getattr(request, "user", None) if request is not None else None
        by = actor if actor is not None and actor.is_authenticated and actor.pk != user.pk else None
        record(AuthEvent.Kind.PASSWORD_CHANGED, request=request, user=user, by=by)
