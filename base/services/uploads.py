"""Files in the uploads directory that no row names any more.

An upload's file is written before the row that names it commits: a transaction rolled back after that (an error
later in the request, a lost database connection) leaves the file behind, holding what someone uploaded with nobody
able to see or delete it. The nightly job removes such files once they are a day old (a younger one may belong to a
transaction still running). Every file field of every installed model counts, so a new kind of upload needs no
change here.
"""

import datetime
import logging
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

logger = logging.getLogger(__name__)

GRACE = datetime.timedelta(days=1)


def _named_files() -> set[str]:
    """The stored names of every file a row refers to (one query per file field)."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names.update(
                    model._base_manager.exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                    .iterator(chunk_size=2000)
                )
    return names


def remove_orphan_uploads(*, now: float | None = None) -> int:
    """Delete files under MEDIA_ROOT older than ``GRACE`` that no row names; return how many. Safe to run twice."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return 0
    before = (now if now is not None else time.time()) - GRACE.total_seconds()
    named = _named_files()
    removed = 0
    for path in root.rglob("*"):
        if not path.is_file() or path.stat().st_mtime > before:
            continue
        if path.relative_to(root).as_posix() not in named:
            path.unlink(missing_ok=True)
            removed += 1
    if removed:
        logger.info("Removed %d upload file(s) that no row refers to.", removed)
    return removed
