"""Background jobs of the strategy app. Each takes ids, calls one service, and is idempotent: the recompute
upserts its results, so a job run twice, or redone after its worker died (acks_late), leaves the same rows.
"""

from celery import shared_task

from .models import StatisticsImport
from .services.recompute import close_interrupted_runs, recompute_indicators
from .services.statistics import import_upload


@shared_task(bind=True, name="strategy.recompute_after_import", acks_late=True, reject_on_worker_lost=True)
def recompute_after_import(self, import_id: int) -> int:
    """Recompute what one committed import changed; returns the run's id."""
    trigger = StatisticsImport.objects.filter(pk=import_id).first()
    if trigger is None:  # the import is gone (e.g. its transaction was rolled back): nothing to do
        return 0
    return recompute_indicators(trigger=trigger, task_id=self.request.id or "").pk


@shared_task(bind=True, name="strategy.recompute_all", acks_late=True, reject_on_worker_lost=True)
def recompute_all(self) -> int:
    """Nightly: recompute everything from the statistics; returns the run's id."""
    return recompute_indicators(task_id=self.request.id or "").pk


@shared_task(name="strategy.close_interrupted_runs")
def close_interrupted_runs_job() -> int:
    """Every minute: record runs whose process stopped giving signs of life as interrupted (safe to run twice)."""
    return close_interrupted_runs()


@shared_task(bind=True, name="strategy.import_statistics_upload", acks_late=True, reject_on_worker_lost=True)
def import_statistics_upload(self, upload_id: int) -> str:
    """Check and import a file uploaded in the browser; returns the upload's state ("" when it is gone)."""
    upload = import_upload(upload_id, task_id=self.request.id or "")
    return upload.state if upload else ""
