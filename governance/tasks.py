"""Background jobs of the governance app. Each takes ids (or nothing), calls one service and is idempotent."""

from celery import shared_task

from . import services


@shared_task(name="governance.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Nightly: remove expired login sessions (safe to run twice)."""
    return services.clear_expired_sessions()
