"""A real Celery worker process, with Redis as the broker and PostgreSQL as the database.

The harness that later jobs (indicator recomputes) build on: the worker runs in its own process against the
test database, so what it writes is what the app reads. Skips outside CI without PostgreSQL and Redis.
"""

import importlib
import importlib.util
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from bagsvaerd.celery import app
from base.tasks import clear_expired_sessions
from tests.conftest import require

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(**env_overrides) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),  # the test database pytest-django created
        "UPLOADS_DIR": str(settings.MEDIA_ROOT),  # the files the web request stored
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DEBUG": "true",
        **env_overrides,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bagsvaerd",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_until_answering(worker: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(f"the worker stopped: {worker.stdout.read()}")
        if app.control.ping(timeout=1.0):
            return
    pytest.fail(f"the Celery worker did not answer within {timeout} s")


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@pytest.fixture
def celery_broker(transactional_db):
    """Tasks go through Redis to real worker processes that use the test database."""
    require(connection.vendor == "postgresql", "a Celery worker needs PostgreSQL (DATABASE_URL=postgres://…)")
    require(bool(settings.REDIS_URL), "a Celery worker needs Redis (REDIS_URL)")
    # An empty queue: a job an earlier, interrupted test run left unacknowledged would be handed out again here.
    # Only the broker's keys: the cache shares the Redis database.
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.delete("celery", "unacked", "unacked_index", "unacked_mutex", *broker.keys("_kombu.binding.*"))
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def celery_worker_process(celery_broker):
    worker = start_worker()
    try:
        wait_until_answering(worker)
        yield worker
    finally:
        stop(worker)


@pytest.mark.postgres
@pytest.mark.redis
def test_a_job_sent_through_redis_runs_in_the_worker_and_its_writes_are_seen(celery_worker_process):
    past = timezone.now() - timedelta(days=1)
    Session.objects.create(session_key="expired-session-key-1234567890", session_data="", expire_date=past)
    Session.objects.create(
        session_key="current-session-key-123456789", session_data="", expire_date=timezone.now() + timedelta(days=1)
    )
    result = clear_expired_sessions.delay()
    assert result.get(timeout=60) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current-session-key-123456789"]
    # Idempotent: a second run finds nothing more to do.
    assert clear_expired_sessions.delay().get(timeout=60) == 0


def test_the_job_runs_in_process_without_a_broker(db):
    Session.objects.create(
        session_key="expired-session-key-abcdefghij", session_data="", expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert clear_expired_sessions.delay().get() == 1
    assert not Session.objects.exists()


def test_every_periodic_job_names_a_registered_task():
    # What the worker's autodiscovery does at start: import every installed app's tasks module.
    for config in django_apps.get_app_configs():
        if importlib.util.find_spec(f"{config.name}.tasks"):
            importlib.import_module(f"{config.name}.tasks")
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in app.tasks, name


@pytest.mark.postgres
@pytest.mark.redis
def test_an_import_triggers_the_recompute_in_the_worker_and_the_results_appear(celery_worker_process, settings):
    from strategy.models import Classification, RecomputeRun
    from strategy.services.statistics import import_statistics
    from tests.strategy.test_recompute import statistics_csv

    settings.RECOMPUTE_AFTER_IMPORT = True
    from strategy.services import upsert_area

    dk = upsert_area(code="DK", name="Danmark", kind="country", parent=None)
    region = upsert_area(code="R", name="Regionen", kind="region", parent=dk)
    town = upsert_area(code="K", name="Kommunen", kind="municipality", parent=region)
    upsert_area(code="A", name="Bebyggelse A", kind="housing_area", parent=town)
    upsert_area(code="B", name="Bebyggelse B", kind="housing_area", parent=town)

    report = import_statistics(data=statistics_csv(), file_name="s.csv", by=None)  # commits: transactional_db
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = RecomputeRun.objects.filter(trigger=report.statistics_import).first()
        if run is not None and run.state != "running":
            break
        time.sleep(0.2)
    assert run is not None, "the worker never started the recompute"
    assert run.state == "succeeded", run.error
    assert "udsat_boligomraade" in Classification.objects.get(area__code="A", list_year=2022).categories


def _many_housing_areas(count: int) -> bytes:
    """Statistics for ``count`` housing areas over 2010–2025 (a recompute of them takes a few seconds)."""
    from strategy.models import Area

    dk = Area.objects.create(code="DK", name="Danmark", kind="country")
    region = Area.objects.create(code="R", name="Regionen", kind="region", parent=dk)
    Area.objects.bulk_create(
        [Area(code=f"H{n}", name=f"Boligområde {n}", kind="housing_area", parent=region) for n in range(count)]
    )
    lines = ["area_code,year,variable,value"]
    for year in range(2010, 2026):
        lines += [f"DK,{year},residents_18_plus,4000000", f"DK,{year},convicted_18_plus,40000"]
        lines.append(f"R,{year},avg_gross_income_15_64_excl_students,300000")
        for n in range(count):
            wobble = (n * 7 + year) % 13
            values = {
                "residents": 1500 + n,
                "residents_18_64": 900,
                "outside_work_education_18_64": 300 + 10 * wobble,
                "residents_18_plus": 1200,
                "convicted_18_plus": 12 + wobble,
                "residents_30_59": 600,
                "basic_education_only_30_59": 250 + 10 * wobble,
                "basic_or_unknown_education_30_59": 270 + 10 * wobble,
                "avg_gross_income_15_64_excl_students": 150000 + 5000 * wobble,
                "non_western_immigrants_descendants": 600 + 20 * wobble,
            }
            lines += [f"H{n},{year},{code},{value}" for code, value in values.items()]
    return "\n".join(lines).encode()


@pytest.mark.postgres
@pytest.mark.redis
def test_a_recompute_killed_with_its_worker_shows_as_interrupted_before_any_worker_takes_it_up_and_is_redone(
    celery_broker, settings, planner
):
    from strategy.models import RecomputeRun
    from strategy.services.recompute import recompute_indicators
    from strategy.services.statistics import import_statistics
    from strategy.tasks import close_interrupted_runs_job, recompute_all
    from tests.conftest import client_for
    from tests.strategy.test_recompute import results

    settings.RECOMPUTE_AFTER_IMPORT = False
    settings.RECOMPUTE_HEARTBEAT_SECONDS = 1  # as the workers have it: silent for 4 s, a run counts as interrupted
    # Enough areas that the run lasts about a second, so the kill lands inside it (200 became too quick once
    # the recompute got faster).
    import_statistics(data=_many_housing_areas(400), file_name="many.csv", by=None)

    # A short visibility timeout: the job a dead worker held is handed out again after 5 s, once a worker runs.
    quick = {
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "RECOMPUTE_HEARTBEAT_SECONDS": "1",
    }
    first = start_worker(**quick)
    second = None
    try:
        wait_until_answering(first)
        job = recompute_all.delay().id
        deadline = time.monotonic() + 60
        while not RecomputeRun.objects.filter(task_id=job, state="running").exists():
            assert time.monotonic() < deadline, "the recompute never started"
            time.sleep(0.05)
        time.sleep(0.2)  # into the run, well before its end
        first.kill()  # SIGKILL: no chance to acknowledge, reject or clean up
        first.wait()
        killed = RecomputeRun.objects.get(task_id=job)
        assert killed.state == "running", "the run finished before the kill"

        # No worker runs, so nothing has handed the job out again: the silence alone tells, within seconds.
        deadline = time.monotonic() + 15
        while not close_interrupted_runs_job.apply().get():
            assert time.monotonic() < deadline, "the killed run was never recorded as interrupted"
            time.sleep(0.5)
        killed.refresh_from_db()
        assert (killed.state, killed.error) == ("failed", "interrupted")
        assert "<strong>Afbrudt</strong>" in client_for(planner).get("/statistics/runs/").content.decode()

        second = start_worker(**quick)
        deadline = time.monotonic() + 120
        while not RecomputeRun.objects.filter(task_id=job, state="succeeded").exists():
            assert second.poll() is None, second.stdout.read()
            assert time.monotonic() < deadline, "the killed job was not redone"
            time.sleep(0.2)
    finally:
        stop(first)
        if second is not None:
            stop(second)

    redone = results()
    assert redone[0], "the redone run wrote no classifications"
    assert RecomputeRun.objects.filter(task_id=job).count() == 2  # the killed attempt and the one that redid it
    recompute_indicators()  # an undisturbed run over the same data
    assert results() == redone


@pytest.mark.postgres
@pytest.mark.redis
def test_a_file_uploaded_in_the_browser_is_checked_and_imported_by_the_worker(
    uploads_dir, celery_worker_process, settings, planner
):
    """The request stores the file and returns; the worker imports it, then recomputes; the upload's page follows."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from strategy.models import Classification, Observation, RecomputeRun, StatisticsUpload
    from tests.conftest import client_for
    from tests.strategy.test_recompute import statistics_csv

    settings.RECOMPUTE_AFTER_IMPORT = True
    from strategy.services import upsert_area

    dk = upsert_area(code="DK", name="Danmark", kind="country", parent=None)
    region = upsert_area(code="R", name="Regionen", kind="region", parent=dk)
    town = upsert_area(code="K", name="Kommunen", kind="municipality", parent=region)
    upsert_area(code="A", name="Bebyggelse A", kind="housing_area", parent=town)
    upsert_area(code="B", name="Bebyggelse B", kind="housing_area", parent=town)
    client = client_for(planner)

    def finished(response) -> StatisticsUpload:
        assert response.status_code == 302
        upload = StatisticsUpload.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
        deadline = time.monotonic() + 60
        while not upload.is_finished:
            assert time.monotonic() < deadline, f"the worker never finished the upload ({upload.state})"
            time.sleep(0.2)
            upload.refresh_from_db()
        return upload

    bad = finished(
        client.post("/statistics/import/", {"file": SimpleUploadedFile("forkert.csv", b"area_code,year\nA,x\n")})
    )
    assert bad.state == "rejected" and bad.problem_total >= 1
    assert not Observation.objects.exists()

    response = client.post("/statistics/import/", {"file": SimpleUploadedFile("statistik.csv", statistics_csv())})
    upload = finished(response)
    assert upload.state == "imported", upload.error or upload.problems
    assert upload.task_id and upload.values_created == Observation.objects.count() > 0
    # The worker removes a stored file once the import's outcome is committed (until then a worker that dies must
    # be able to start over from it), so just after the upload reads as finished the file may still be there.
    deadline = time.monotonic() + 30
    while stored := [path for path in uploads_dir.rglob("*") if path.is_file()]:
        assert time.monotonic() < deadline, f"the worker did not remove the stored files: {stored}"
        time.sleep(0.2)

    deadline = time.monotonic() + 60
    while not RecomputeRun.objects.filter(trigger=upload.statistics_import, state="succeeded").exists():
        assert time.monotonic() < deadline, "the import's recompute did not succeed in the worker"
        time.sleep(0.2)
    assert "udsat_boligomraade" in Classification.objects.get(area__code="A", list_year=2022).categories
    page = client.get(response["Location"]).content.decode()
    assert "Importeret" in page and "Genberegningen af indikatorerne: gennemført" in page
