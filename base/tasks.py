"""Background jobs of the base. Each takes ids (or nothing), calls one service and is idempotent."""

from celery import shared_task

from .services.accounts import clear_expired_sessions as clear
from .services.accounts import clear_old_login_events as clear_login_events
from .services.uploads import remove_orphan_uploads as remove_orphans


@shared_task(name="base.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Nightly: remove expired login sessions (safe to run twice)."""
    return clear()


@shared_task(name="base.clear_old_login_events")
def clear_old_login_events() -> int:
    """Nightly: remove the login log's entries older than LOGIN_LOG_DAYS (safe to run twice)."""
    return clear_login_events()


@shared_task(name="base.remove_orphan_uploads")
def remove_orphan_uploads() -> int:
    """Nightly: remove uploaded files that no row refers to, a day after they were written (safe to run twice)."""
    return remove_orphans()
