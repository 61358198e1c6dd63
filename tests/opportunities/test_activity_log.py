"""A space's activity log: housing staff log what happened and how many came (counts only), edit and delete it,
and attach images and PDF files that only readers of the space can open.

Refusals are checked with requests that the planner's identical requests show to be valid, and by a snapshot of
the log's tables, the history and the uploads directory before and after.
"""

import datetime
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import Paginator
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from base.models import ChangeRecord
from opportunities.models import MAX_ATTENDANCE, Activity, Attachment, AttendanceCount, MeetingPlaceScore
from opportunities.selectors import activities_of
from opportunities.services import ACTIVITY_DAYS_AHEAD, add_attachment, log_activity
from tests.conftest import client_for as _client_for
from tests.conftest import with_version

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (1).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00" + b"\x00" * 51


def client_for(user):
    """A logged-in client that reads the pages in English (the msgids), so the checked texts do not change when
    the Danish translations are written."""
    client = _client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path) -> Path:
    """Each test's own uploads directory, so that "no file was stored" can be checked by listing it."""
    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    return Path(settings.MEDIA_ROOT)


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def database_state() -> str:
    tables = [Activity, AttendanceCount, Attachment, ChangeRecord]
    return "".join(serializers.serialize("json", model.objects.order_by("pk")) for model in tables)


def today() -> datetime.date:
    return timezone.localdate()


def form_data(**changes) -> dict:
    """A valid activity form: 20 came; age, gender and residence partly or fully counted."""
    data = {
        "on": today().isoformat(),
        "title": "Lektiecafé i fælleshuset",
        "note": "Godt fremmøde.\nFlere nye familier.",
        "participants": "20",
        "attendance_age_0_12": "8",
        "attendance_age_13_17": "6",
        "attendance_age_30_49": "4",
        "attendance_gender_women": "11",
        "attendance_gender_men": "9",
        "attendance_residence_estate": "15",
        "attendance_residence_neighbourhood": "5",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def log(space, by, *, title="Sommerfest", participants=30, attendance=None, on=None):
    attendance = attendance if attendance is not None else {"gender": {"women": 16, "men": 14}}
    data = {"on": on or today(), "title": title, "note": "", "participants": participants}
    return log_activity(space=space, data=data, attendance=attendance, by=by)


def attach(activity, by, name="referat.pdf", content=PDF):
    return add_attachment(activity=activity, upload=SimpleUploadedFile(name, content), by=by)


def error_at(html: str, field_id: str) -> str:
    """The error message shown at a field (or a dimension's fieldset), as the user reads it."""
    found = re.search(f'id="{field_id}_error"><span class="sr-only">Error: </span>(.*?)</span>', html, re.DOTALL)
    assert found, f"no error shown at {field_id}"
    return unescape(found.group(1))


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def content_of(response) -> bytes:
    # The test client closes a streamed response itself once it is read, with Django's connection clean-up
    # switched off; closing it again here would close the test's database connection on PostgreSQL.
    return b"".join(response.streaming_content)


def render_log(space, user, *, page_number=1, per_page=10, can_edit=True) -> str:
    request = RequestFactory().get(f"/spaces/{space.pk}/", {"page": page_number})
    request.user = user
    page = Paginator(activities_of(space), per_page).get_page(page_number)
    context = {"activities": page, "space": space, "can_edit": can_edit}
    with translation.override("en"):  # the assertions read the English text
        return render_to_string("opportunities/_activity_log.html", context, request=request)


@pytest.fixture
def activity_a(space_a, staff_a):
    return log(space_a, staff_a, title="Fællesspisning")


@pytest.fixture
def activity_b(space_b, staff_b):
    return log(space_b, staff_b, title="Lektiecafé")


@pytest.fixture
def attachment_b(activity_b, staff_b):
    return attach(activity_b, staff_b, name="program.pdf")


# --- Logging an activity -----------------------------------------------------------------------------------------


def test_staff_can_log_an_activity_with_attendance_and_the_meeting_place_index_follows(
    space_a, staff_a, django_capture_on_commit_callbacks
):
    updated_before = space_a.updated_at
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff_a).post(f"/spaces/{space_a.pk}/activities/new/", form_data())

    assert response.status_code == 302
    assert response["Location"] == f"/spaces/{space_a.pk}/"
    activity = Activity.objects.get(space=space_a)
    assert (activity.on, activity.title, activity.participants) == (today(), "Lektiecafé i fælleshuset", 20)
    assert activity.created_by == staff_a
    counts = {(c.dimension, c.group): c.count for c in activity.attendance.all()}
    assert counts == {
        ("age", "0_12"): 8,
        ("age", "13_17"): 6,
        ("age", "30_49"): 4,
        ("gender", "women"): 11,
        ("gender", "men"): 9,
        ("residence", "estate"): 15,
        ("residence", "neighbourhood"): 5,
    }
    space_a.refresh_from_db()
    assert space_a.updated_at > updated_before
    assert MeetingPlaceScore.objects.filter(space=space_a).exists()
    assert messages_of(response) == ["«Lektiecafé i fælleshuset» is added to the log."]
    page = render_log(space_a, staff_a)
    assert "Lektiecafé i fælleshuset" in page
    assert "Godt fremmøde.<br>Flere nye familier." in page
    assert "0–12 years: 8 · 13–17 years: 6 · 30–49 years: 4 · not recorded: 2" in page


def jobs(callbacks) -> list:
    """The callbacks a commit runs, less the new data generation every edit with history makes (base.generation)."""
    from base.generation import start_new_generation

    return [callback for callback in callbacks if callback is not start_new_generation]


def test_a_caller_logging_many_entries_can_leave_the_index_to_one_recompute_afterwards(
    space_a, staff_a, django_capture_on_commit_callbacks
):
    data = {"on": today(), "title": "Fællesspisning", "participants": 12}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(3):
            log_activity(space=space_a, data=data, attendance={}, by=staff_a, schedule_index=False)
    assert jobs(callbacks) == []
    assert not MeetingPlaceScore.objects.filter(space=space_a).exists()
    assert Activity.objects.filter(space=space_a).count() == 3

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        log_activity(space=space_a, data=data, attendance={}, by=staff_a)
    assert len(jobs(callbacks)) == 1
    assert MeetingPlaceScore.objects.filter(space=space_a).exists()


def test_the_form_opens_with_today_a_blank_count_per_group_and_the_optional_dimensions_marked(space_a, staff_a):
    response = client_for(staff_a).get(f"/spaces/{space_a.pk}/activities/new/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{today().isoformat()}"' in html
    assert 'type="date"' in html
    assert 'enctype="multipart/form-data"' in html
    assert (
        '<input type="number" id="id_attendance_age_0_12" name="attendance_age_0_12"'
        f' class="form-input input-width-xs mt-auto" inputmode="numeric" min="0" max="{MAX_ATTENDANCE}" step="1">'
        in html
    )
    assert html.count('<fieldset id="attendance_') == 5
    assert '<legend class="h4 mb-3">Cultural background<span class="weight-normal"> (optional)</span>' in html
    assert '<legend class="h4 mb-3">Work and education<span class="weight-normal"> (optional)</span>' in html
    assert '<legend class="h4 mb-3">Age</legend>' in html
    assert 'accept="image/png,image/jpeg,application/pdf"' in html


def test_an_activity_can_be_logged_with_files_in_the_same_form(space_a, staff_a):
    files = [SimpleUploadedFile("plakat.png", PNG), SimpleUploadedFile("referat.pdf", PDF)]
    response = client_for(staff_a).post(f"/spaces/{space_a.pk}/activities/new/", {**form_data(), "files": files})

    assert response.status_code == 302
    activity = Activity.objects.get(space=space_a)
    assert sorted(activity.attachments.values_list("original_name", "content_type")) == [
        ("plakat.png", "image/png"),
        ("referat.pdf", "application/pdf"),
    ]
    assert len(stored_files()) == 2


def test_staff_can_edit_an_activity_and_its_counts(activity_a, staff_a, django_capture_on_commit_callbacks):
    client = client_for(staff_a)
    form = client.get(f"/activities/{activity_a.pk}/edit/")
    assert form.status_code == 200
    assert 'name="attendance_gender_women" class="form-input input-width-xs mt-auto" inputmode="numeric" min="0"' in (
        html := form.content.decode()
    )
    assert 'value="16"' in html
    assert 'value="Fællesspisning"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/activities/{activity_a.pk}/edit/",
            with_version(
                activity_a, form_data(title="Fællesspisning med quiz", participants="25", attendance_age_0_12="2")
            ),
        )

    assert response.status_code == 302
    activity_a.refresh_from_db()
    assert (activity_a.title, activity_a.participants) == ("Fællesspisning med quiz", 25)
    counts = {(c.dimension, c.group): c.count for c in activity_a.attendance.all()}
    assert counts[("age", "0_12")] == 2
    assert counts[("gender", "women")] == 11  # the form's value replaced the stored 16
    assert messages_of(response) == ["Your changes to «Fællesspisning med quiz» are saved."]


def test_staff_can_delete_an_activity_and_its_files(activity_a, staff_a, django_capture_on_commit_callbacks):
    attach(activity_a, staff_a)
    assert len(stored_files()) == 1
    client = client_for(staff_a)
    confirm = client.get(f"/activities/{activity_a.pk}/delete/")
    assert confirm.status_code == 200
    assert "Do you want to delete «Fællesspisning»" in confirm.content.decode()
    assert "referat.pdf" in confirm.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/activities/{activity_a.pk}/delete/")

    assert response.status_code == 302
    assert response["Location"] == f"/spaces/{activity_a.space_id}/"
    assert not Activity.objects.filter(pk=activity_a.pk).exists()
    assert not AttendanceCount.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files() == []
    assert messages_of(response) == ["«Fællesspisning» is deleted from the log."]


# --- Bad input: refused at the field, nothing stored, the input kept -------------------------------------------------

BAD_INPUT = [
    ("negative_count", {"attendance_age_0_12": "-3"}, "id_attendance_age_0_12", "The number cannot be negative."),
    (
        "count_above_max",
        {"attendance_gender_men": str(MAX_ATTENDANCE + 1)},
        "id_attendance_gender_men",
        f"The number can be at most {MAX_ATTENDANCE}.",
    ),
    (
        "participants_above_max",
        {"participants": str(MAX_ATTENDANCE + 1)},
        "id_participants",
        f"The number can be at most {MAX_ATTENDANCE}.",
    ),
    (
        "text_in_a_count",
        {"attendance_residence_estate": "mange"},
        "id_attendance_residence_estate",
        "Write a whole number",
    ),
    ("decimal_count", {"attendance_age_13_17": "2.5"}, "id_attendance_age_13_17", "Write a whole number"),
    ("no_participants", {"participants": ""}, "id_participants", "Write the number of participants."),
    (
        "groups_above_participants",
        {"participants": "10"},
        "attendance_age",
        "Age: the groups add up to 18, more than the 10 participants.",
    ),
    (
        "date_far_ahead",
        {"on": (datetime.date.today() + datetime.timedelta(days=ACTIVITY_DAYS_AHEAD + 30)).isoformat()},
        "id_on",
        "The date is too far ahead",
    ),
]


@pytest.mark.parametrize(("case", "changes", "anchor", "message"), BAD_INPUT, ids=[case[0] for case in BAD_INPUT])
def test_bad_input_is_refused_at_its_field_and_nothing_is_stored(space_a, staff_a, case, changes, anchor, message):
    before = database_state()
    response = client_for(staff_a).post(f"/spaces/{space_a.pk}/activities/new/", form_data(**changes))

    assert response.status_code == 200
    assert database_state() == before
    assert Activity.objects.count() == 0 and AttendanceCount.objects.count() == 0
    html = response.content.decode()
    assert "There is a problem" in html
    if anchor.startswith("id_"):  # at the field, and the summary links to it
        assert message in error_at(html, anchor)
        assert f'<a href="#{anchor}">' in html
    else:  # a whole dimension: in its fieldset, and the summary links to the fieldset's first input
        assert message in error_at(html, anchor)
        assert f'<fieldset id="{anchor}" aria-describedby="{anchor}_error">' in html
        assert f'<a href="#id_{anchor}_0_12">{message}</a>' in html
    assert 'value="Lektiecafé i fælleshuset"' in html  # the user's input is kept
    assert 'value="20"' in html or case in {"participants_above_max", "no_participants", "groups_above_participants"}


def test_a_refused_edit_changes_nothing(activity_a, staff_a):
    before = database_state()
    response = client_for(staff_a).post(
        f"/activities/{activity_a.pk}/edit/",
        with_version(activity_a, form_data(title="Ændret", attendance_gender_women="25")),
    )

    assert response.status_code == 200
    assert database_state() == before
    assert "Gender: the groups add up to 34, more than the 20 participants." in response.content.decode()
    activity_a.refresh_from_db()
    assert activity_a.title == "Fællesspisning"


def test_an_edit_over_someone_elses_newer_change_is_refused_and_the_input_kept(activity_a, staff_a, planner):
    from opportunities.services import update_activity

    client = client_for(staff_a)
    opened = client.get(f"/activities/{activity_a.pk}/edit/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', opened).group(1)
    # Meanwhile a planner corrects the number of participants.
    update_activity(
        activity=activity_a,
        data={"participants": 40},
        attendance={"gender": {"women": 20, "men": 20}},
        by=planner,
    )

    refused = client.post(
        f"/activities/{activity_a.pk}/edit/", {**form_data(title="Fællesspisning med quiz"), "version": version}
    )

    assert refused.status_code == 200
    html = unescape(refused.content.decode())
    assert "Pia Testesen saved changes to «" in html and "Fællesspisning» at " in html
    assert 'value="Fællesspisning med quiz"' in html  # the input is kept
    activity_a.refresh_from_db()
    assert (activity_a.title, activity_a.participants) == ("Fællesspisning", 40)

    # Saving again (the form now carries the newest version) knowingly replaces the planner's change.
    newest = re.search(r'name="version" value="(\d+)"', html).group(1)
    assert newest != version
    again = client.post(
        f"/activities/{activity_a.pk}/edit/", {**form_data(title="Fællesspisning med quiz"), "version": newest}
    )
    assert again.status_code == 302
    activity_a.refresh_from_db()
    assert (activity_a.title, activity_a.participants) == ("Fællesspisning med quiz", 20)


# --- Attachments ------------------------------------------------------------------------------------------------------

BAD_FILES = [
    ("windows_program", "referat.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "Only images (PNG, JPEG) and PDF files"),
    ("linux_program", "referat.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "Only images (PNG, JPEG) and PDF files"),
    ("png_named_pdf", "billede.pdf", PNG, "the file's name must match its content"),
    ("pdf_named_exe", "referat.exe", PDF, "the file's name must match its content"),
    ("empty_file", "tom.pdf", b"", "The file is empty."),
    # 11 MB of PDF, made in the test: over a file's limit, within what the page takes (a larger request is refused
    # whole before it is read: tests/base/test_request_size.py).
    ("too_big", "stor.pdf", None, "at most 10"),
]


@pytest.mark.parametrize(("case", "name", "content", "message"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_a_bad_file_is_refused_and_nothing_is_stored(activity_a, staff_a, case, name, content, message):
    if content is None:
        content = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)
    before = database_state()
    response = client_for(staff_a).post(
        f"/activities/{activity_a.pk}/attachments/new/", {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 200
    assert database_state() == before
    assert Attachment.objects.count() == 0
    assert stored_files() == []
    assert message in error_at(response.content.decode(), "id_file")


def test_a_file_too_big_is_refused_by_its_size_before_it_is_read(activity_a, staff_a):
    class Unreadable(SimpleUploadedFile):
        def read(self, *args, **kwargs):
            raise AssertionError("the content was read")

        def chunks(self, *args, **kwargs):
            raise AssertionError("the content was read")

    upload = Unreadable("stor.pdf", b"%PDF-1.4")
    upload.size = 50 * 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        add_attachment(activity=activity_a, upload=upload, by=staff_a)
    assert "file" in caught.value.message_dict
    assert Attachment.objects.count() == 0
    assert stored_files() == []


def test_a_bad_file_in_the_activity_form_stores_neither_the_activity_nor_the_good_files(space_a, staff_a):
    files = [SimpleUploadedFile("plakat.png", PNG), SimpleUploadedFile("program.pdf", b"MZ\x90\x00" + b"\x00" * 64)]
    response = client_for(staff_a).post(f"/spaces/{space_a.pk}/activities/new/", {**form_data(), "files": files})

    assert response.status_code == 200
    assert Activity.objects.count() == 0 and AttendanceCount.objects.count() == 0 and Attachment.objects.count() == 0
    assert stored_files() == []  # the PNG written before the bad file was found is removed again
    html = response.content.decode()
    assert "«program.pdf»: Only images (PNG, JPEG) and PDF files can be attached" in html
    assert "Choose the files again" in html
    assert 'value="Lektiecafé i fælleshuset"' in html


@pytest.mark.parametrize(
    ("name", "content", "content_type", "disposition"),
    [
        ("Referat 12. maj.pdf", PDF, "application/pdf", 'attachment; filename="Referat 12. maj.pdf"'),
        ("Sommerfest i gården.png", PNG, "image/png", "attachment; filename*=utf-8''Sommerfest%20i%20g%C3%A5rden.png"),
        ('plakat "endelig".png', PNG, "image/png", r'attachment; filename="plakat \"endelig\".png"'),
    ],
)
def test_a_pdf_or_image_is_stored_and_opened_by_the_owner_organisation_and_the_planner_only(
    activity_a, staff_a, staff_b, planner, name, content, content_type, disposition
):
    response = client_for(staff_a).post(
        f"/activities/{activity_a.pk}/attachments/new/", {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/spaces/{activity_a.space_id}/"
    attachment = Attachment.objects.get(activity=activity_a)
    assert (attachment.original_name, attachment.content_type, attachment.size) == (name, content_type, len(content))
    assert attachment.uploaded_by == staff_a
    assert len(stored_files()) == 1 and name not in stored_files()[0]  # stored under a random name
    assert messages_of(response) == [f"«{name}» is attached to «Fællesspisning»."]

    for user in (staff_a, planner):
        download = client_for(user).get(f"/attachments/{attachment.pk}/")
        assert download.status_code == 200
        assert download["Content-Type"] == content_type
        assert download["Content-Disposition"] == disposition
        assert download["X-Content-Type-Options"] == "nosniff"
        # Never rendered in the app's origin: saved, and sandboxed if a browser renders it anyway.
        assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert download["Cache-Control"] == "private"
        assert content_of(download) == content
    assert client_for(staff_b).get(f"/attachments/{attachment.pk}/").status_code == 404


def test_the_log_shows_files_with_links_and_thumbnails(activity_a, staff_a):
    pdf = attach(activity_a, staff_a, name="referat.pdf")
    png = attach(activity_a, staff_a, name="plakat.png", content=PNG)

    page = render_log(activity_a.space, staff_a)

    assert f'<a href="/attachments/{pdf.pk}/">referat.pdf</a>' in page
    assert f'<a href="/attachments/{png.pk}/"><img src="/attachments/{png.pk}/" alt=""' in page
    assert f'href="/attachments/{png.pk}/delete/"' in page
    assert "MEDIA" not in page and settings.MEDIA_ROOT not in page


def test_staff_can_delete_a_file(activity_a, staff_a, django_capture_on_commit_callbacks):
    attachment = attach(activity_a, staff_a)
    client = client_for(staff_a)
    confirm = client.get(f"/attachments/{attachment.pk}/delete/")
    assert confirm.status_code == 200
    assert "Do you want to delete «referat.pdf»?" in confirm.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/attachments/{attachment.pk}/delete/")

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert stored_files() == []
    assert Activity.objects.filter(pk=activity_a.pk).exists()
    assert messages_of(response) == ["«referat.pdf» is deleted."]


# --- Who may do what ------------------------------------------------------------------------------------------------


def write_requests(space, activity, attachment) -> list[tuple[str, dict]]:
    """(url, valid POST data) for every view that writes to the log of ``space``."""
    return [
        (f"/spaces/{space.pk}/activities/new/", form_data()),
        (f"/activities/{activity.pk}/edit/", with_version(activity, form_data(title="Ændret"))),
        (f"/activities/{activity.pk}/attachments/new/", {"file": SimpleUploadedFile("ny.pdf", PDF)}),
        (f"/attachments/{attachment.pk}/delete/", {}),
        (f"/activities/{activity.pk}/delete/", {}),
    ]


def fresh(data: dict) -> dict:
    """An upload can be posted once; give each request its own."""
    return {key: SimpleUploadedFile(v.name, PDF) if isinstance(v, SimpleUploadedFile) else v for key, v in data.items()}


def test_staff_of_another_organisation_get_404_everywhere_and_nothing_changes(
    space_b, activity_b, attachment_b, staff_a
):
    client = client_for(staff_a)
    before, files = database_state(), stored_files()
    for url, data in write_requests(space_b, activity_b, attachment_b):
        assert client.get(url).status_code == 404, url
        assert client.post(url, fresh(data)).status_code == 404, url
    assert client.get(f"/attachments/{attachment_b.pk}/").status_code == 404
    assert database_state() == before
    assert stored_files() == files


@pytest.mark.parametrize("persona", ["steering_member", "user_without_role"])
def test_readers_and_users_without_a_role_get_403_on_every_write_and_nothing_changes(
    request, space_b, activity_b, attachment_b, persona
):
    client = client_for(request.getfixturevalue(persona))
    before, files = database_state(), stored_files()
    for url, data in write_requests(space_b, activity_b, attachment_b):
        assert client.get(url).status_code == 403, url
        assert client.post(url, fresh(data)).status_code == 403, url
    assert database_state() == before
    assert stored_files() == files


def test_a_steering_member_may_open_a_file_and_a_user_without_a_role_may_not(
    attachment_b, steering_member, user_without_role
):
    download = client_for(steering_member).get(f"/attachments/{attachment_b.pk}/")
    assert download.status_code == 200
    assert content_of(download) == PDF
    assert client_for(user_without_role).get(f"/attachments/{attachment_b.pk}/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(space_b, activity_b, attachment_b, client):
    for url, data in [*write_requests(space_b, activity_b, attachment_b), (f"/attachments/{attachment_b.pk}/", {})]:
        for response in (client.get(url), client.post(url, fresh(data))):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/login/?next="), url


def test_a_planner_can_do_everything_on_any_organisations_log(
    space_b, activity_b, attachment_b, planner, django_capture_on_commit_callbacks
):
    client = client_for(planner)
    with django_capture_on_commit_callbacks(execute=True):
        for url, data in write_requests(space_b, activity_b, attachment_b):
            assert client.get(url).status_code == 200, url
            assert client.post(url, fresh(data)).status_code == 302, url
    # Logged one, edited then deleted the other; its files went with it.
    assert list(Activity.objects.filter(space=space_b).values_list("title", flat=True)) == ["Lektiecafé i fælleshuset"]
    assert Attachment.objects.count() == 0
    assert stored_files() == []


def test_the_edit_links_are_shown_only_to_those_who_may_edit(activity_a, staff_a, steering_member):
    editable = render_log(activity_a.space, staff_a, can_edit=True)
    readonly = render_log(activity_a.space, steering_member, can_edit=False)
    for link in (
        f"/activities/{activity_a.pk}/edit/",
        f"/activities/{activity_a.pk}/delete/",
        f"/activities/{activity_a.pk}/attachments/new/",
        f"/spaces/{activity_a.space_id}/activities/new/",
    ):
        assert link in editable
        assert link not in readonly


# --- The log on the space page ----------------------------------------------------------------------------------------


def test_an_empty_log_says_so(space_a, staff_a):
    page = render_log(space_a, staff_a)
    assert "Nothing is logged yet." in page
    assert "<ol" not in page


def test_the_log_is_newest_first_and_paginated(space_a, staff_a):
    for day in range(12):
        log(space_a, staff_a, title=f"Aften {day:02d}", on=today() - datetime.timedelta(days=day))

    first = render_log(space_a, staff_a, per_page=10)
    second = render_log(space_a, staff_a, page_number=2, per_page=10)

    assert first.index("Aften 00") < first.index("Aften 09")
    assert "Aften 10" not in first and "Aften 10" in second
    assert "Page 1 of 2" in first
    assert 'href="?page=2#activity-log"' in first and "Older activities" in first
    assert 'href="?page=1#activity-log"' in second and "Newer activities" in second


def test_rendering_the_log_costs_the_same_queries_however_many_entries_and_files(space_a, staff_a):
    def queries_for_a_log_of(entries: int) -> int:
        Activity.objects.filter(space=space_a).delete()
        for number in range(entries):
            activity = log(space_a, staff_a, title=f"Aktivitet {number}", attendance={"age": {"18_29": 5}})
            attach(activity, staff_a, name=f"billede-{number}.png", content=PNG)
        with CaptureQueriesContext(connection) as captured:
            html = render_log(space_a, staff_a, per_page=25)
        assert html.count('class="history-record"') == entries
        return len(captured)

    assert queries_for_a_log_of(2) == queries_for_a_log_of(20)


@pytest.mark.parametrize("persona", ["planner", "administrator", "steering_member"])
def test_the_plan_history_names_an_activitys_attendance_and_attachments(request, plan, space_a, staff_a, persona):
    activity = log(space_a, staff_a, attendance={"gender": {"women": 16, "men": 14}})
    attach(activity, staff_a)
    response = client_for(request.getfixturevalue(persona)).get(f"/plans/{plan.slug}/history/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Attendance counts" in html
    assert "gender:women=16" in html
    assert "Attachments" in html
    assert "referat.pdf" in html


def test_a_pdf_with_javascript_is_saved_by_the_browser_never_run_in_the_apps_origin(activity_a, staff_a, planner):
    scripted = PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    assert b"/OpenAction" in scripted
    client_for(staff_a).post(
        f"/activities/{activity_a.pk}/attachments/new/", {"file": SimpleUploadedFile("program.pdf", scripted)}
    )
    attachment = Attachment.objects.get(activity=activity_a)
    download = client_for(planner).get(f"/attachments/{attachment.pk}/")
    assert download["Content-Disposition"].startswith("attachment;")
    assert (
        "sandbox" in download["Content-Security-Policy"] and "default-src 'none'" in download["Content-Security-Policy"]
    )


def _png_declaring(width: int, height: int) -> bytes:
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
    return b"\x89PNG\r\n\x1a\n" + len(header).to_bytes(4, "big") + b"IHDR" + header + b"\x00" * 4 + b"\x00" * 116_000


def _jpeg_declaring(width: int, height: int) -> bytes:
    exif = b"\xff\xe1" + (2 + 30_000).to_bytes(2, "big") + b"Exif\x00\x00" + b"\x00" * (30_000 - 6)
    frame = b"\xff\xc0" + (17).to_bytes(2, "big") + b"\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return b"\xff\xd8" + exif + frame + b"\x03" + b"\x00" * 9 + b"\xff\xd9"


@pytest.mark.parametrize(
    ("name", "content"),
    [("plakat.png", _png_declaring(20_000, 20_000)), ("foto.jpg", _jpeg_declaring(10_000, 8_000))],
    ids=["png", "jpeg after its metadata"],
)
def test_an_image_declaring_more_pixels_than_a_browser_can_show_is_refused_and_nothing_stored(
    activity_a, staff_a, name, content
):
    with pytest.raises(ValidationError) as refused:
        add_attachment(activity=activity_a, upload=SimpleUploadedFile(name, content), by=staff_a)
    message = refused.value.message_dict["file"][0]
    assert "pixels" in message and "50" in message
    assert not Attachment.objects.exists() and stored_files() == []


def test_an_ordinary_photo_is_attached_and_an_image_without_a_readable_size_is_not(activity_a, staff_a):
    photo = add_attachment(
        activity=activity_a, upload=SimpleUploadedFile("foto.jpg", _jpeg_declaring(4_000, 3_000)), by=staff_a
    )
    assert photo.content_type == "image/jpeg"
    broken = b"\xff\xd8\xff\xe0" + b"\x00" * 100  # a JPEG's first bytes, then nothing that says its size
    with pytest.raises(ValidationError, match="kan ikke læses"):
        add_attachment(activity=activity_a, upload=SimpleUploadedFile("broken.jpg", broken), by=staff_a)
