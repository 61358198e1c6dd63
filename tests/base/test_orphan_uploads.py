"""A file written for an upload whose transaction then rolled back is named by no row: nobody can see or delete it.
The nightly job removes such files a day after they were written, and never a file a row names."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from bagsvaerd.celery import app
from base.services.uploads import GRACE, remove_orphan_uploads
from base.tasks import remove_orphan_uploads as nightly_job
from strategy.models import StatisticsUpload
from strategy.services.statistics import store_upload

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def _files(root) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def test_a_file_left_by_a_rolled_back_upload_is_removed_a_day_later_and_named_files_are_kept(uploads_dir, planner):
    kept = store_upload(file=SimpleUploadedFile("behold.csv", b"area,year\n"), by=planner, language="da")
    with pytest.raises(_Rollback), transaction.atomic():
        store_upload(file=SimpleUploadedFile("tabt.csv", b"area,year\n"), by=planner, language="da")
        raise _Rollback  # e.g. an error later in the same request
    assert StatisticsUpload.objects.count() == 1
    (orphan,) = _files(uploads_dir) - {kept.file.name}

    assert remove_orphan_uploads() == 0  # written just now: it may belong to a transaction still running
    assert _files(uploads_dir) == {kept.file.name, orphan}

    a_day_later = time.time() + GRACE.total_seconds() + 60
    for name in (kept.file.name, orphan):  # both written more than a day ago
        os.utime(uploads_dir / name, (a_day_later - GRACE.total_seconds() - 120,) * 2)
    assert remove_orphan_uploads(now=a_day_later) == 1
    assert _files(uploads_dir) == {kept.file.name}
    assert remove_orphan_uploads(now=a_day_later) == 0  # safe to run twice


def test_the_nightly_job_is_scheduled_and_does_nothing_without_an_uploads_folder(settings, tmp_path):
    assert app.conf.beat_schedule["remove-orphan-uploads"]["task"] == "base.remove_orphan_uploads"
    settings.MEDIA_ROOT = str(tmp_path / "none-yet")
    assert nightly_job() == 0
