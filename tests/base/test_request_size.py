"""Request size (OWASP ASVS 12.1.1): a request larger than its page takes is refused with 413 before any of its
body is read; pages that take files take that much more. Tested here through Django's handler (a body that
cannot be read proves it is not read) and in tests/test_served_app.py under gunicorn."""

import io
import json

import pytest
from django.conf import settings

from base.request_size import limit_for
from tests.conftest import client_for
from tests.opportunities.test_activity_log import form_data

MB = 1024 * 1024


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads from it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def post_declaring(client, path: str, size: int, content_type: str = "multipart/form-data; boundary=x"):
    return client.generic(
        "POST", path, data=b"x", content_type=content_type, CONTENT_LENGTH=str(size), **{"wsgi.input": Unreadable()}
    )


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("staff_a", "/spaces/{space}/activities/new/"),
        ("planner", "/statistics/import/"),
        ("staff_a", "/spaces/{space}/edit/"),
    ],
)
def test_a_request_larger_than_its_page_takes_is_refused_before_its_body_is_read(request, who, path, space_a, plan):
    client = client_for(request.getfixturevalue(who))
    path = path.format(space=space_a.pk, plan=plan.slug)
    limit = limit_for(path)

    response = post_declaring(client, path, limit + 1)

    assert response.status_code == 413
    html = response.content.decode()
    assert "For stor" in html or "for stor" in html
    assert "Intet blev gemt" in html


def test_the_pages_that_take_files_take_as_much_as_they_say_and_others_only_forms(space_a, plan):
    assert limit_for(f"/spaces/{space_a.pk}/activities/new/") == (
        settings.REQUEST_MAX_BYTES + settings.ATTACHMENT_REQUEST_FILES * settings.ATTACHMENT_MAX_BYTES
    )
    assert (
        limit_for("/activities/1/attachments/new/")
        == limit_for("/activities/1/edit/")
        == limit_for(f"/spaces/{space_a.pk}/activities/new/")
    )
    assert limit_for("/statistics/import/") == settings.REQUEST_MAX_BYTES + 50 * MB
    assert limit_for("/api/v1/statistics-imports/") == settings.REQUEST_MAX_BYTES + 50 * MB
    assert limit_for(f"/spaces/{space_a.pk}/edit/") == settings.REQUEST_MAX_BYTES
    assert limit_for("/no/such/page/") == settings.REQUEST_MAX_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.REQUEST_MAX_BYTES


def test_a_request_within_the_limit_reaches_the_page_and_its_own_checks(staff_a, space_a, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    settings.ATTACHMENT_REQUEST_FILES = 1
    settings.REQUEST_MAX_BYTES = 4096
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(staff_a)
    big = SimpleUploadedFile("plakat.png", b"\x89PNG\r\n\x1a\n" + b"0" * 3000)  # larger than a file may be

    response = client.post(f"/spaces/{space_a.pk}/activities/new/", {**form_data(), "files": [big]})

    assert response.status_code == 200  # the form again, naming what is wrong, with what was typed kept
    html = response.content.decode()
    assert "Lektiecafé i fælleshuset" in html
    assert "der kan højst vedhæftes" in html


def test_the_api_answers_a_too_large_request_in_its_error_shape(planner):
    response = post_declaring(client_for(planner), "/api/v1/statistics-imports/", 60 * MB + settings.REQUEST_MAX_BYTES)

    assert response.status_code == 413
    error = json.loads(response.content)["error"]
    assert error["status"] == 413
    assert error["code"] == "request_too_large"
    assert "MB" in error["message"]


def test_a_too_large_json_body_to_the_api_is_refused_before_it_is_read(planner):
    response = post_declaring(
        client_for(planner), "/api/v1/opportunity-spaces/", settings.REQUEST_MAX_BYTES + 1, "application/json"
    )

    assert response.status_code == 413
