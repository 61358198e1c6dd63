"""Background jobs of the base. Each takes ids (or nothing), calls one service and is idempotent."""

from celery import shared_task

from .services.accounts import clear_expired_sessions as clear
from .services.accounts import clear_old_login_events as clear_login_events


@shared_task(name="base.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Nightly: remove expired login sessions (safe to run twice)."""
    return clear()


@shared_task(name="base.clear_old_login_events")
def clear_old_login_events() -> int:
    """Nightly: remove the login log's entries older than LOGIN_LOG_DAYS (safe to run twice)."""
    return clear_login_events()
