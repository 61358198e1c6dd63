"""Text is stored as text: line breaks pasted from a presentation (PowerPoint writes a line break as a vertical tab)
or a document (a form feed) become line breaks, or spaces in a one-line field, and other control characters are
left out; they showed as nothing on a page, as empty boxes in the one-page PDF and as "\ufffd" in a workbook."""

import json

import pytest
from django.utils import timezone

from base.models import ChangeRecord
from base.services.audit import tidy_text
from opportunities.models import OpportunitySpace, Stage, StageChange
from strategy.models import Target
from tests.conftest import client_for, with_version
from tests.strategy.test_api_plan import api, patch

pytestmark = pytest.mark.django_db

PASTED_TITLE = "Tryghed\x0bfor alle\x07"
PASTED_TEXT = "Første linje\x0bAnden linje\x0cTredje\x1b linje.\r\nMed\ttabulator.\x7f"
TIDY_TITLE = "Tryghed for alle"
TIDY_TEXT = "Første linje\nAnden linje\nTredje linje.\r\nMed\ttabulator."


def test_tidying_keeps_text_and_breaks_and_leaves_other_values_alone():
    title = Target._meta.get_field("title")
    description = Target._meta.get_field("description")
    assert tidy_text(title, PASTED_TITLE) == TIDY_TITLE
    assert tidy_text(description, PASTED_TEXT) == TIDY_TEXT
    assert tidy_text(description, "Æblegrød, ø og å – «citat» 👍") == "Æblegrød, ø og å – «citat» 👍"
    assert tidy_text(Target._meta.get_field("number"), 3) == 3
    assert tidy_text(description, None) is None


def test_what_a_planner_pastes_into_a_page_is_stored_and_recorded_tidy(plan, planner):
    target = plan.targets.get(number=2)
    data = with_version(target, {"number": 2, "title": PASTED_TITLE, "description": PASTED_TEXT})
    response = client_for(planner).post(f"/targets/{target.pk}/edit/", data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.title, target.description) == (TIDY_TITLE, TIDY_TEXT)
    record = ChangeRecord.objects.filter(content_type__model="target", object_id=target.pk).first()
    assert {change["field"]: change["new"] for change in record.changes} == {
        "title": TIDY_TITLE,
        "description": TIDY_TEXT,
    }
    page = client_for(planner).get(f"/targets/{target.pk}/").content.decode()
    assert "Første linje<br>Anden linje<br>Tredje linje." in page


def test_what_a_program_sends_through_the_api_is_stored_tidy(plan, planner):
    target = plan.targets.get(number=3)
    client = api(planner)
    etag = client.get(f"/api/v1/targets/{target.pk}/")["ETag"]
    response = patch(client, f"/api/v1/targets/{target.pk}/", {"title": PASTED_TITLE}, etag)
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["title"] == TIDY_TITLE
    target.refresh_from_db()
    assert target.title == TIDY_TITLE


def test_a_stopped_spaces_pasted_reason_is_stored_tidy(staff_a, space_a):
    response = client_for(staff_a).post(
        f"/spaces/{space_a.pk}/stage/",
        {"to_stage": "stopped", "on": timezone.localdate().isoformat(), "reason": PASTED_TEXT},
    )
    assert response.status_code == 302
    space = OpportunitySpace.objects.get(pk=space_a.pk)
    assert space.stage == Stage.STOPPED and space.stopped_reason == TIDY_TEXT
    assert StageChange.objects.filter(space=space).latest("id").reason == TIDY_TEXT
