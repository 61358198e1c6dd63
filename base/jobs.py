"""Sending background jobs from a service.

A service schedules its side effects to run after its transaction commits, and an app's ``tasks`` module calls its
services; so a service does not import its tasks module (the two would import each other). It names the job
instead, by the name the job is registered under (``@shared_task(name=…)``, the same names the periodic schedule
in ``bagsvaerd/celery.py`` uses).
"""

from celery import current_app
from django.db import transaction


def enqueue_on_commit(job: str, **kwargs) -> None:
    """Send the job ``job`` with ``kwargs`` once the current transaction commits (at once outside one). Without a
    broker (``CELERY_TASK_ALWAYS_EAGER``) it runs in-process then."""
    transaction.on_commit(lambda: current_app.tasks[job].delay(**kwargs))
