"""Background jobs of the base. Each takes ids (or nothing), calls one service and is idempotent."""

from celery import shared_task

from .services.accounts import clear_expired_sessions as clear


@shared_task(name="base.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Nightly: remove expired login sessions (safe to run twice)."""
    return clear()
