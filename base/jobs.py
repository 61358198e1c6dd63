"""Sending background jobs from a service.

A service schedules its side effects to run after its transaction commits, and an app's ``tasks`` module calls its
services; so a service does not import its tasks module (the two would import each other). It names the job
instead, by the name the job is registered under (``@shared_task(name=…)``, the same names the periodic schedule
in ``bagsvaerd/celery.py`` uses).
"""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from celery import current_app
from django.db import DatabaseError, connections, transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(job: str, **kwargs) -> None:
    """Send the job ``job`` with ``kwargs`` once the current transaction commits (at once outside one). Without a
    broker (``CELERY_TASK_ALWAYS_EAGER``) it runs in-process then."""
    transaction.on_commit(lambda: current_app.tasks[job].delay(**kwargs))


@contextmanager
def heartbeat(name: str, every: float, record: Callable[[], None]) -> Iterator[None]:
    """While the block runs, a thread calls ``record`` every ``every`` seconds: a long job says it is alive (and
    how far it has come) on a connection of its own, as the job's own writes are one long transaction that the
    record must not wait for. When the process dies, the beats stop with it, and the silence shows. A beat the
    database refuses is logged and the next one tries again."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    record()
                except DatabaseError:
                    logger.warning("%s: could not record its heartbeat", name, exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=beat, name=f"{name}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
