"""Importing statistics from the browser: the request stores the file, a background job checks and imports it
all-or-nothing, and the upload's page shows how far it has come and then its report. (The same with a real Celery
worker: tests/test_celery_worker.py.)"""

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from strategy.models import Observation, RecomputeRun, StatisticsImport, StatisticsUpload
from strategy.services import statistics as statistics_service
from strategy.services.statistics import MAX_PROBLEMS, RowProgress, import_upload, read_statistics_file
from tests.conftest import client_for
from tests.strategy.test_import import load_good_areas

pytestmark = pytest.mark.django_db

GOOD = b"area_code,year,variable,value\nsmoermosen,2020,residents,2000\nhoejeloft,2021,residents,1500\n"
BAD = b"area_code,year,variable,value\nsmoermosen,2020,residents,mange\nukendt,2020,residents,12\n"


@pytest.fixture(autouse=True)
def areas(settings, uploads_dir):
    settings.RECOMPUTE_AFTER_IMPORT = True
    load_good_areas()


def post_file(client, name: str, content: bytes, capture):
    """Post a file as the form does; the job the upload sends runs when the request's transaction commits
    (in-process here, as with ``make run``)."""
    with capture(execute=True):
        return client.post("/statistics/import/", {"file": SimpleUploadedFile(name, content)})


def stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_planner_uploads_a_file_and_its_page_reports_the_import_and_the_recompute_it_started(
    planner, settings, django_capture_on_commit_callbacks
):
    client = client_for(planner)
    response = post_file(client, "statistik-2021.csv", GOOD, django_capture_on_commit_callbacks)

    upload = StatisticsUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/statistics/uploads/{upload.pk}/"
    assert upload.state == "imported"
    assert (upload.values_in_file, upload.values_created, upload.values_updated) == (2, 2, 0)
    assert upload.sha256 == hashlib.sha256(GOOD).hexdigest()
    assert upload.uploaded_by == planner and upload.size == len(GOOD)
    assert upload.rows_checked == upload.rows_total == 2
    assert Observation.objects.get(area__code="smoermosen", year=2020).value == 2000
    assert upload.statistics_import.file_name == "statistik-2021.csv"
    assert upload.statistics_import.imported_by == planner
    # The job is done with the stored file: it is gone, the checksum stays.
    assert not upload.file and stored_files(settings) == []

    page = client.get(response["Location"]).content.decode()
    run = RecomputeRun.objects.get(trigger=upload.statistics_import)
    assert "Importeret" in page
    assert "2 nye, 0 ændrede og 0 uændrede værdier." in page
    assert f'href="/statistics/runs/{run.pk}/"' in page
    assert 'http-equiv="refresh"' not in page  # the run has finished: nothing more to wait for
    listing = client.get("/statistics/import/").content.decode()
    assert f'<a href="/statistics/uploads/{upload.pk}/">statistik-2021.csv</a>' in listing


def test_a_file_with_problems_is_not_imported_and_its_page_lists_each_problem_where_it_is(
    planner, settings, django_capture_on_commit_callbacks
):
    client = client_for(planner)
    response = post_file(client, "forkert.csv", BAD, django_capture_on_commit_callbacks)

    upload = StatisticsUpload.objects.get()
    assert upload.state == "rejected" and upload.problem_total == 2
    assert not Observation.objects.exists() and not StatisticsImport.objects.exists()
    assert stored_files(settings) == []
    page = client.get(response["Location"]).content.decode()
    assert "Intet blev importeret: 2 problemer" in page
    assert "<td>2</td><td>value</td><td>«mange» er ikke et tal.</td>" in page
    assert "Ukendt områdekode «ukendt»." in page
    assert 'href="/statistics/import/">Importér en rettet fil</a>' in page


def test_an_upload_with_more_problems_than_are_listed_says_how_many_there_are_in_all(
    planner, django_capture_on_commit_callbacks
):
    rows = "\n".join(f"ukendt-{n},2020,residents,{n}" for n in range(1, 121))
    client = client_for(planner)
    response = post_file(
        client,
        "mange-fejl.csv",
        f"area_code,year,variable,value\n{rows}\n".encode(),
        django_capture_on_commit_callbacks,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Intet blev importeret: 120 problemer" in page
    assert f"De første {MAX_PROBLEMS} er vist" in page
    assert page.count("Ukendt områdekode") == MAX_PROBLEMS


def test_the_problems_are_worded_in_the_language_of_the_one_who_uploaded_the_file(
    planner, django_capture_on_commit_callbacks
):
    client = client_for(planner)
    client.cookies["django_language"] = "en"
    post_file(client, "wrong.csv", BAD, django_capture_on_commit_callbacks)
    upload = StatisticsUpload.objects.get()
    assert upload.language == "en"
    assert "Unknown area code «ukendt»." in [problem["message"] for problem in upload.problems]


def test_the_request_only_stores_the_file_and_the_page_waits_for_the_job(planner, settings, monkeypatch):
    """No request waits for the check and import of a file: the request stores it and sends the job."""
    sent = []
    monkeypatch.setattr(statistics_service, "enqueue_on_commit", lambda job, **kwargs: sent.append((job, kwargs)))
    client = client_for(planner)
    response = client.post("/statistics/import/", {"file": SimpleUploadedFile("stor.csv", GOOD)})

    upload = StatisticsUpload.objects.get()
    assert sent == [("strategy.import_statistics_upload", {"upload_id": upload.pk})]
    assert upload.state == "waiting"
    assert not Observation.objects.exists()
    assert [path.read_bytes() for path in stored_files(settings)] == [GOOD]
    assert "stor.csv" not in upload.file.name  # stored under a name of the app's own

    page = client.get(response["Location"]).content.decode()
    assert "Venter på baggrundsjobbet" in page
    assert '<meta http-equiv="refresh" content="3">' in page

    # What the worker does with it.
    assert import_upload(upload.pk, task_id="job-1").state == "imported"
    assert Observation.objects.count() == 2


def test_the_page_shows_how_many_rows_are_checked_while_the_job_checks_the_file(planner):
    upload = StatisticsUpload.objects.create(
        file_name="national.csv",
        size=40_000_000,
        sha256="0" * 64,
        uploaded_by=planner,
        state="checking",
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        rows_checked=412_000,
        rows_total=438_000,
    )
    page = client_for(planner).get(f"/statistics/uploads/{upload.pk}/").content.decode()
    assert "Kontrollerer filen" in page
    assert "412000 af 438000 rækker kontrolleret" in page
    assert '<progress id="upload-progress" max="438000" value="412000">' in page
    assert 'http-equiv="refresh"' in page


def test_checking_a_file_counts_its_rows_as_it_goes():
    progress = RowProgress()
    read_statistics_file(data=GOOD + b"\n" + b"hoejeloft,2020,residents,1400\n", file_name="a.csv", progress=progress)
    assert (progress.done, progress.total) == (4, 4)  # the blank line is a row too


def test_an_upload_whose_job_died_says_so_and_a_job_handed_out_again_starts_over(planner, settings):
    settings.RECOMPUTE_HEARTBEAT_SECONDS = 15
    long_ago = timezone.now() - timedelta(minutes=5)
    upload = statistics_service.store_upload(
        file=SimpleUploadedFile("afbrudt.csv", GOOD), by=planner, language="da"
    )  # no job runs: the test's transaction never commits
    StatisticsUpload.objects.filter(pk=upload.pk).update(state="checking", started_at=long_ago, heartbeat_at=long_ago)

    page = client_for(planner).get(f"/statistics/uploads/{upload.pk}/").content.decode()
    assert "Afbrudt" in page and "Upload filen igen." in page
    assert 'http-equiv="refresh"' not in page

    assert import_upload(upload.pk, task_id="the-same-job").state == "imported"
    assert Observation.objects.count() == 2


def test_a_finished_upload_is_left_alone_when_its_job_runs_again(planner, django_capture_on_commit_callbacks):
    post_file(client_for(planner), "a.csv", GOOD, django_capture_on_commit_callbacks)
    upload = StatisticsUpload.objects.get()
    again = import_upload(upload.pk, task_id="again")
    assert again.state == "imported" and again.values_created == 2 and again.finished_at == upload.finished_at
    assert StatisticsImport.objects.count() == 1


def test_an_unexpected_error_is_recorded_without_details_for_the_reader_and_nothing_is_stored(
    planner, settings, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("connection to 10.0.0.7 refused")

    monkeypatch.setattr(statistics_service, "upsert_rows", broken)
    response = post_file(client_for(planner), "a.csv", GOOD, django_capture_on_commit_callbacks)

    upload = StatisticsUpload.objects.get()
    assert upload.state == "failed" and upload.error == "RuntimeError"
    assert not Observation.objects.exists() and stored_files(settings) == []
    assert "connection to 10.0.0.7 refused" in caplog.text  # logged in full for the operator
    page = client_for(planner).get(response["Location"]).content.decode()
    assert "En uventet fejl stoppede importen" in page
    assert "10.0.0.7" not in page


@pytest.mark.parametrize("persona", ["steering_member", "staff_a", "user_without_role"])
def test_only_those_who_import_statistics_see_or_send_uploads(request, persona, planner, settings):
    upload = StatisticsUpload.objects.create(file_name="a.csv", size=1, sha256="0" * 64, uploaded_by=planner)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/statistics/uploads/{upload.pk}/").status_code == 403
    assert client.post("/statistics/import/", {"file": SimpleUploadedFile("a.csv", GOOD)}).status_code == 403
    assert StatisticsUpload.objects.count() == 1 and stored_files(settings) == []
