"""Background jobs of the opportunities app (schedules: bagsvaerd/celery.py)."""

from celery import shared_task

from .services import recompute_meeting_place_index as recompute


@shared_task(name="opportunities.recompute_meeting_place_index", acks_late=True)
def recompute_meeting_place_index(space_id: int | None = None) -> int:
    """One space's index after its log changed, or every space's (nightly: the 12-month window moves on).
    Idempotent: it replaces the space's stored scores with freshly computed ones."""
    return recompute(space_ids=None if space_id is None else [space_id])
