"""The steering group's journey in a real browser, with axe-core on every page visited: a member opens the next
meeting, records a decision with an owner and a due date, sees it on the meeting page, and once the due date has
passed (time frozen a few days later) finds it on the overdue list."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from base.models import ChangeRecord
from partnership.models import Decision, Meeting, Person, SteeringGroup
from partnership.services import add_steering_member, save_decision, save_meeting, save_person, save_steering_group
from tests.browser.conftest import assert_accessible, assert_fits_width, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def member(plan, organisations, steering_member, planner):
    """The steering member's person, in the plan's steering group, with a planned meeting in a week."""
    person = save_person(
        person=Person(),
        data={"name": "Søren Testesen", "organisation": organisations["gladsaxe"], "user": steering_member},
        by=planner,
    )
    group = save_steering_group(group=SteeringGroup(plan=plan), data={"name": "Styregruppen"}, by=planner)
    add_steering_member(group=group, person=person, function="chair", by=planner)
    starts_at = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=7)
    meeting = save_meeting(
        meeting=Meeting(group=group), data={"starts_at": starts_at, "location": "Rådhuset"}, by=planner
    )
    return {"person": person, "meeting": meeting}


def check(page) -> None:
    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)
    assert_fits_width(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_steering_member_records_a_decision_at_the_next_meeting_and_finds_it_overdue_after_the_due_date(
    page, live_server, member, steering_member, viewport
):
    meeting = member["meeting"]
    meeting_day = timezone.localtime(meeting.starts_at).date()
    due_on = meeting_day + datetime.timedelta(days=1)
    page.set_viewport_size(viewport)
    log_in(page, live_server, steering_member.username)

    # The main menu's governance page, the steering group's tab, "Næste møde".
    if viewport is PHONE:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Styring").first.click()
    page.wait_for_url("**/governance/")
    check(page)
    page.get_by_role("link", name="Styregruppe", exact=True).click()
    page.wait_for_url("**/governance/meetings/")
    check(page)
    page.get_by_role("link", name="Næste møde").click()
    page.wait_for_url(f"**/governance/meetings/{meeting.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Møde {meeting_day:%d.%m.%Y}"
    check(page)

    page.get_by_role("link", name="Registrér beslutning").first.click()
    page.wait_for_url(f"**/governance/meetings/{meeting.pk}/decisions/new/")  # loaded, not just committed
    check(page)
    page.get_by_label("Beslutning", exact=True).fill("Beboerne inviteres til workshop om Hængslet.")
    page.get_by_label("Ansvarlig").select_option(label="Søren Testesen (Gladsaxe Kommune)")
    # A due date before the meeting first: refused in Danish at the field, nothing stored.
    page.get_by_label("Frist").fill((meeting_day - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Registrér beslutningen").click()
    page.wait_for_load_state()
    assert (
        f"Fristen kan ikke ligge før mødet ({meeting_day:%d.%m.%Y})."
        in page.locator(".form-error-message").inner_text()
    )
    assert not Decision.objects.exists()
    check(page)

    page.get_by_label("Frist").fill(due_on.isoformat())
    page.get_by_role("button", name="Registrér beslutningen").click()
    page.wait_for_url(f"**/governance/meetings/{meeting.pk}/**")
    decision = Decision.objects.get()
    assert (decision.text, decision.owner, decision.due_on, decision.status) == (
        "Beboerne inviteres til workshop om Hængslet.",
        member["person"],
        due_on,
        "open",
    )
    assert ChangeRecord.objects.get(content_type__model="decision").actor == steering_member
    assert "er registreret" in page.locator(".alert-success").inner_text()
    entry = page.locator(f"#decision-{decision.pk}").inner_text()
    assert "Beboerne inviteres til workshop om Hængslet." in entry
    assert "Søren Testesen (Gladsaxe Kommune)" in entry
    assert f"{due_on:%d.%m.%Y}" in entry
    assert "Overskredet frist" not in entry
    check(page)

    page.get_by_role("link", name="Overskredet frist").first.click()
    page.wait_for_url("**/governance/decisions/overdue/")
    assert "Beboerne inviteres" not in page.locator("main").inner_text()  # not due yet
    check(page)

    # Two days after the due date the decision is overdue. The session ended long before (days, not 12 hours): the
    # member logs in again.
    later = timezone.localtime(meeting.starts_at).replace(hour=10) + datetime.timedelta(days=3)
    with time_machine.travel(later, tick=True):
        page.goto(f"{live_server.url}/governance/meetings/{meeting.pk}/")
        assert "/login/" in page.url, page.url
        log_in(page, live_server, steering_member.username)
        page.goto(f"{live_server.url}/governance/meetings/{meeting.pk}/")
        entry = page.locator(f"#decision-{decision.pk}").inner_text()
        assert "Overskredet frist" in entry
        check(page)

        page.get_by_role("link", name="Overskredet frist").first.click()
        page.wait_for_url("**/governance/decisions/overdue/")
        row = page.get_by_role("row").filter(has_text="Beboerne inviteres til workshop om Hængslet.")
        assert row.count() == 1
        text = row.inner_text()
        assert "Søren Testesen (Gladsaxe Kommune)" in text
        assert f"{due_on:%d.%m.%Y}" in text
        assert "2 dage" in text
        assert f"Møde {meeting_day:%d.%m.%Y}" in text
        check(page)
        row.get_by_role("link", name="Rediger").click()
        page.wait_for_url(f"**/governance/decisions/{decision.pk}/edit/")
        check(page)


def test_a_planner_plans_a_meeting_with_an_agenda_on_a_phone_and_every_steering_page_passes_axe(
    page, live_server, member, planner
):
    group = member["meeting"].group
    page.set_viewport_size(PHONE)
    log_in(page, live_server, planner.username)

    page.goto(f"{live_server.url}/governance/meetings/")
    page.get_by_role("link", name="Planlæg et møde").click()
    page.wait_for_url("**/governance/meetings/new/")
    check(page)
    page.get_by_label("Dato og tidspunkt").fill("2031-02-03T14:30")
    page.get_by_label("Sted").fill("Bagsværd Bibliotek")
    page.get_by_role("button", name="Planlæg mødet").click()
    page.wait_for_url("**/governance/meetings/*/")
    planned = Meeting.objects.get(location="Bagsværd Bibliotek")
    local = timezone.localtime(planned.starts_at)
    assert (local.date(), local.hour, local.minute, planned.group) == (datetime.date(2031, 2, 3), 14, 30, group)
    check(page)

    page.get_by_role("link", name="Tilføj dagsordenspunkt").click()
    page.wait_for_url(f"**/governance/meetings/{planned.pk}/agenda/new/")
    check(page)
    page.get_by_label("Titel").fill("Status på Ringbo-grunden")
    page.get_by_role("button", name="Tilføj").click()
    page.wait_for_url(f"**/governance/meetings/{planned.pk}/**")
    assert "1. Status på Ringbo-grunden" in page.locator("#agenda").locator("..").inner_text()
    check(page)

    item = planned.agenda_items.get()
    decision = save_decision(
        decision=Decision(meeting=planned),
        data={"text": "Arbejdsgruppen nedsættes.", "agenda_item": item, "owner": member["person"]},
        by=planner,
    )
    for path in (
        "/governance/steering-groups/",
        "/governance/steering-groups/new/",
        f"/governance/steering-groups/{group.pk}/edit/",
        f"/governance/steering-groups/{group.pk}/members/new/",
        f"/governance/steering-members/{group.memberships.get().pk}/remove/",
        f"/governance/meetings/{planned.pk}/edit/",
        f"/governance/meetings/{planned.pk}/minutes/",
        f"/governance/agenda-items/{item.pk}/edit/",
        f"/governance/agenda-items/{item.pk}/delete/",
        f"/governance/meetings/{planned.pk}/action-items/new/",
        "/governance/decisions/",
        "/governance/decisions/?status=done&overdue=no&q=ingenting",
        f"/governance/decisions/{decision.pk}/edit/",
        f"/governance/meeting/{planned.pk}/history/",
    ):
        page.goto(f"{live_server.url}{path}")
        check(page)
