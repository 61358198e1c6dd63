"""The data's generation: one token in the shared cache that changes whenever data the pages summarise may have
changed. What is rendered from the data (the dashboard's body) is cached under it, so a change makes every such copy
unreachable at once, in every process, and nothing stale is served.

Changed by ``data_changed``: after every edit with history (a ``ChangeRecord`` is saved: every service that edits
records one), after every change in the admin (a ``LogEntry``), and by the background jobs that write in bulk
without either (a statistics import, a recompute run finishing, the meeting-place index). It runs once the
transaction commits, so a page rendered in between cannot be cached under the new token with the old data.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

KEY = "data-generation"


def data_generation() -> str:
    """The current token (a new one when the cache has none, e.g. after a restart of Redis)."""
    return cache.get_or_set(KEY, lambda: uuid.uuid4().hex, None)


def start_new_generation() -> None:
    cache.set(KEY, uuid.uuid4().hex, None)


def data_changed() -> None:
    """Say that data changed: a new generation once the current transaction commits (at once outside one; never
    when it rolls back). A transaction of many changes makes as many new tokens at its commit, a cache write each."""
    transaction.on_commit(start_new_generation)


def data_changed_receiver(sender, **kwargs) -> None:
    """``post_save`` of ``ChangeRecord`` and of the admin's ``LogEntry`` (connected in ``BaseConfig.ready``). A
    module-level function: signals hold their receivers weakly, and a function defined inside ``ready`` could be
    collected."""
    data_changed()
