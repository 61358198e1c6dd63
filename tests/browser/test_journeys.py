"""The main journeys of the foundation, in a real browser, with axe-core on every page visited."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from base.models import ChangeRecord
from strategy.models import Target
from tests.browser.conftest import assert_accessible, assert_fits_width, log_in, send_login_form
from tests.strategy.test_permissions import database_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_planner_edits_a_targets_wording_and_sees_it_on_the_overview_and_in_the_history(
    page, live_server, plan, planner, viewport
):
    page.set_viewport_size(viewport)
    log_in(page, live_server, planner.username)
    assert page.get_by_role("heading", level=1).inner_text() == plan.title
    assert_accessible(page)
    assert_fits_width(page)

    target = plan.targets.get(number=2)
    page.get_by_role("link", name=target.title).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Rediger").click()
    assert_accessible(page)
    assert_fits_width(page)

    # A bad value first: the form comes back with the message at the field, nothing saved.
    page.get_by_label("Titel").fill("")
    page.get_by_role("button", name="Gem ændringer").click()
    assert page.locator(".form-error-message").first.inner_text().endswith("Dette felt er påkrævet.")
    assert_accessible(page)
    target.refresh_from_db()
    assert target.title == "Pejlemærke 2"

    page.get_by_label("Titel").fill("Alle unge har et job eller en uddannelse")
    page.get_by_role("button", name="Gem ændringer").click()
    assert "er gemt" in page.locator(".alert-success").inner_text()
    assert_accessible(page)
    assert Target.objects.get(pk=target.pk).title == "Alle unge har et job eller en uddannelse"

    page.goto(f"{live_server.url}/plans/{plan.slug}/")
    assert page.get_by_text("Alle unge har et job eller en uddannelse").count() >= 1

    page.goto(f"{live_server.url}/targets/{target.pk}/history/")
    assert_accessible(page)
    assert_fits_width(page)
    newest = page.locator(".history-record").first.inner_text()
    assert "Pia Testesen" in newest
    assert "Ændret" in newest
    assert "Titel" in newest
    assert "Pejlemærke 2" in newest
    assert "Alle unge har et job eller en uddannelse" in newest


def test_a_steering_member_gets_no_edit_controls_and_a_direct_post_is_refused(page, live_server, plan, steering_member):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, steering_member.username)
    target = plan.targets.get(number=1)
    for path in (f"/plans/{plan.slug}/", f"/plans/{plan.slug}/targets/", f"/targets/{target.pk}/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
        assert_fits_width(page)
        assert page.get_by_role("link", name="Rediger").count() == 0
        assert page.get_by_role("link", name="Nyt pejlemærke").count() == 0

    before = database_state()
    records = ChangeRecord.objects.count()
    # A hand-made POST with a valid CSRF token (taken from the page's logout form): refused by the permission.
    status = page.evaluate(
        """async (url) => {
            const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
            const body = new URLSearchParams({csrfmiddlewaretoken: token, number: '1', title: 'Hacket'});
            const response = await fetch(url, {method: 'POST', body, credentials: 'same-origin'});
            return response.status;
        }""",
        f"{live_server.url}/targets/{target.pk}/edit/",
    )
    assert status == 403
    assert database_state() == before
    assert ChangeRecord.objects.count() == records

    page.goto(f"{live_server.url}/targets/{target.pk}/edit/")
    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)


def test_the_phone_menu_reaches_every_page(page, live_server, plan, steering_member):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, steering_member.username)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Historik").click()
    page.wait_for_url(f"**/plans/{plan.slug}/history/")
    assert_accessible(page)
    assert_fits_width(page)


def test_the_login_page_switches_to_english(page, live_server, db):
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log in").count() == 1
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


def test_a_planner_imports_statistics_and_reads_the_areas_criteria(page, live_server, planner, tmp_path):
    from strategy.models import Classification
    from tests.strategy.test_recompute import statistics_csv

    for code, name, kind, parent in [
        ("DK", "Danmark", "country", None),
        ("R", "Regionen", "region", "DK"),
        ("K", "Kommunen", "municipality", "R"),
        ("A", "Bebyggelse A", "housing_area", "K"),
        ("B", "Bebyggelse B", "housing_area", "K"),
    ]:
        from strategy.models import Area
        from strategy.services import upsert_area

        upsert_area(code=code, name=name, kind=kind, parent=Area.objects.filter(code=parent).first())
    bad = tmp_path / "forkert.csv"
    bad.write_text("area_code;year;variable;value\nA;2021;residents;-5\n")
    good = tmp_path / "statistik.csv"
    good.write_bytes(statistics_csv())

    page.set_viewport_size(PHONE)
    log_in(page, live_server, planner.username)
    page.goto(f"{live_server.url}/statistics/import/")
    assert_accessible(page)
    page.get_by_label("Statistikfil").set_input_files(str(bad))
    page.get_by_role("button", name="Importér").click()
    # The file's own page: a background job checks it (in-process here), and the page lists where it is wrong.
    assert page.get_by_role("heading", level=1).inner_text() == "forkert.csv"
    assert "Intet blev importeret" in page.locator(".alert-error").inner_text()
    problems = page.get_by_role("table", name="Problemer").locator("tbody tr").first.inner_text()
    assert problems.split("\t")[:2] == ["2", "value"]
    assert_accessible(page)
    assert_fits_width(page)
    assert not Classification.objects.exists()

    page.get_by_role("link", name="Importér en rettet fil").click()
    page.get_by_label("Statistikfil").set_input_files(str(good))
    page.get_by_role("button", name="Importér").click()
    assert "Importeret" in page.locator(".alert-success").inner_text()
    assert_accessible(page)
    assert_fits_width(page)

    page.goto(f"{live_server.url}/areas/")
    assert_accessible(page)
    assert_fits_width(page)
    page.get_by_role("link", name="Kriterier – Bebyggelse A").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bebyggelse A: officielle kriterier"
    assert "Udsat boligområde" in page.locator("main").inner_text()
    assert page.locator("svg[role=img]").count() >= 5
    assert_accessible(page)
    assert_fits_width(page)
    page.get_by_role("link", name="Indikatorer for pejlemærker").click()
    assert_accessible(page)

    # The planner's other statistics pages, at phone width too.
    for path in ("/statistics/runs/", "/indicators/", "/statistics/variables/"):
        page.goto(f"{live_server.url}{path}")
        assert page.get_by_role("heading", level=1).count() == 1
        assert_accessible(page)
        assert_fits_width(page)
    page.goto(f"{live_server.url}/indicators/")
    page.get_by_role("link", name="Rediger feel_safe_share").click()
    page.get_by_label("Formel").fill("100 * safety_survey_feel_safe / respondents")
    page.get_by_role("button", name="Gem").click()
    assert "Ukendt variabel «respondents» ved tegn 33." in page.locator(".form-error-message").first.inner_text()
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [PHONE])
def test_housing_staff_create_a_space_log_an_activity_and_find_it_in_the_portfolio(
    page, live_server, plan, staff_a, staff_b, organisations, viewport
):
    from opportunities.models import Activity, OpportunitySpace
    from opportunities.services import create_space

    # Another organisation's space, which GAB's staff must never see.
    create_space(
        plan=plan,
        data={"title": "DAB's lektiecafé", "kind": "social", "organisation": organisations["dab"]},
        by=staff_b,
    )
    page.set_viewport_size(viewport)
    log_in(page, live_server, staff_a.username)

    page.goto(f"{live_server.url}/spaces/")
    assert_accessible(page)
    assert_fits_width(page)
    assert "DAB's lektiecafé" not in page.content()
    with page.expect_navigation():
        page.locator("a[href='/spaces/new/']").first.click()
    assert_accessible(page)
    assert_fits_width(page)
    page.locator("#id_title").fill("Iværksættermiljø i Værebro Park")
    page.locator("#id_description").fill("Et fællesskab for iværksættere i stueetagen.")
    page.locator("#id_kind").select_option("social")
    page.get_by_role("button", name="Opret").click()
    page.wait_for_load_state()
    space = OpportunitySpace.objects.get(title="Iværksættermiljø i Værebro Park")
    assert space.organisation == organisations["gab"]  # GAB staff own what they create
    assert page.url.endswith(f"/spaces/{space.pk}/")
    assert_accessible(page)
    assert_fits_width(page)

    page.goto(f"{live_server.url}/spaces/{space.pk}/activities/new/")
    assert_accessible(page)
    assert_fits_width(page)
    page.locator("#id_title").fill("Første netværksmøde")
    page.locator("#id_participants").fill("14")
    page.locator("input[name=attendance_gender_women]").fill("8")
    page.locator("input[name=attendance_gender_men]").fill("6")
    page.locator("input[name=attendance_age_18_29]").fill("5")
    page.locator("input[name=attendance_age_30_49]").fill("9")
    page.get_by_role("button", name="Gem aktivitet").click()
    page.wait_for_load_state()
    activity = Activity.objects.get(space=space)
    assert activity.participants == 14
    assert sorted(activity.attendance.values_list("group", "count")) == [
        ("18_29", 5),
        ("30_49", 9),
        ("men", 6),
        ("women", 8),
    ]
    assert "Første netværksmøde" in page.content()
    assert_accessible(page)

    page.goto(f"{live_server.url}/spaces/")
    row = page.get_by_role("link", name="Iværksættermiljø i Værebro Park")
    assert row.is_visible()
    assert "DAB's lektiecafé" not in page.content()
    assert_accessible(page)
    assert_fits_width(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_what_a_planner_was_writing_when_the_session_ended_is_saved_after_logging_in_again(
    page, live_server, plan, planner, viewport, tmp_path
):
    page.set_viewport_size(viewport)
    log_in(page, live_server, planner.username)
    target = plan.targets.get(number=2)
    page.goto(f"{live_server.url}/targets/{target.pk}/edit/")
    text = "Første afsnit, skrevet langsomt.\n\nAndet afsnit – med «citater» & tegn."
    page.get_by_label("Beskrivelse").fill(text)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=45)):  # away from the desk
        page.get_by_role("button", name="Gem ændringer").click()
        assert "/login/" in page.url
        assert "er ikke tabt" in page.get_by_role("status").inner_text()
        send_login_form(page, planner.username)
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Gem det, du skrev"
        assert_accessible(page)
        assert_fits_width(page)
        page.screenshot(path=tmp_path / "kept-input.png", full_page=True)
        page.get_by_role("button", name="Gem det nu").click()
        assert "er gemt" in page.locator(".alert-success").inner_text()
    assert Target.objects.get(pk=target.pk).description == text.replace("\n", "\r\n")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_what_a_planner_sends_after_logging_out_in_another_tab_is_saved_after_logging_in_again(
    page, live_server, plan, planner, viewport, tmp_path
):
    page.set_viewport_size(viewport)
    log_in(page, live_server, planner.username)
    target = plan.targets.get(number=2)
    page.goto(f"{live_server.url}/targets/{target.pk}/edit/")
    text = "Skrevet i én fane, mens jeg loggede ud i en anden."
    page.get_by_label("Beskrivelse").fill(text)
    other_tab = page.context.new_page()
    other_tab.set_viewport_size(DESKTOP)
    other_tab.goto(f"{live_server.url}/")
    other_tab.get_by_role("button", name="Log af").first.click()
    other_tab.wait_for_url("**/login/")
    other_tab.close()

    page.get_by_role("button", name="Gem ændringer").click()
    page.wait_for_url("**/login/**")
    status = page.get_by_role("status").inner_text()
    assert "Du var logget ud" in status and "er ikke tabt" in status
    assert_accessible(page)
    assert_fits_width(page)
    send_login_form(page, planner.username)
    page.wait_for_url("**/account/resume/")
    page.screenshot(path=tmp_path / "kept-after-logout.png", full_page=True)
    page.get_by_role("button", name="Gem det nu").click()
    assert "er gemt" in page.locator(".alert-success").inner_text()
    assert Target.objects.get(pk=target.pk).description == text
