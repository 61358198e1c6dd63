"""The space pages: the portfolio (list, board, map), one space, and the forms that create, edit and move it.

Housing staff see and change their own organisation's spaces only (another's is a 404 everywhere, and its name
never shows); steering-group members read everything and change nothing; a user without a role gets 403; an
anonymous visitor is sent to the login. Query counts do not grow with the number of spaces or activities.
"""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from base.history import version_of
from base.models import ChangeRecord
from opportunities.forms.spaces import SPACE_SECTIONS
from opportunities.models import (
    Activity,
    Attachment,
    AttendanceCount,
    MeetingPlaceScore,
    OpportunitySpace,
    Stage,
    StageChange,
)
from opportunities.services import SPACE_FIELDS, change_stage, create_space, update_space
from tests.conftest import client_for, with_version

pytestmark = pytest.mark.django_db

TABLES = [OpportunitySpace, StageChange, ChangeRecord]


def database_state() -> str:
    return "".join(serializers.serialize("json", model.objects.order_by("pk")) for model in TABLES)


def english(client):
    client.cookies["django_language"] = "en"
    return client


def space_urls(space) -> list[str]:
    return [f"/spaces/{space.pk}/{page}" for page in ("", "edit/", "stage/", "history/")]


def write_requests(space, organisations) -> list[tuple[str, dict]]:
    """(url, valid POST data) for every view of this module that writes."""
    return [
        ("/spaces/new/", {"title": "Nyt rum", "kind": "social", "organisation": organisations["gab"].pk}),
        (
            f"/spaces/{space.pk}/edit/",
            {"title": "Ændret titel", "kind": "physical", "organisation": space.organisation_id},
        ),
        (f"/spaces/{space.pk}/stage/", {"to_stage": "clarification", "on": timezone.localdate().isoformat()}),
    ]


# --- Who may do what --------------------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_login_and_nothing_changes(client, space_a, organisations):
    for url in ["/spaces/", "/spaces/board/", "/spaces/map/", "/spaces/new/", *space_urls(space_a)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url
    before = database_state()
    for url, data in write_requests(space_a, organisations):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next=")
    assert database_state() == before


def test_a_user_without_a_role_gets_403_everywhere_and_nothing_changes(user_without_role, space_a, organisations):
    client = client_for(user_without_role)
    for url in ["/spaces/", "/spaces/board/", "/spaces/map/", "/spaces/new/", *space_urls(space_a)]:
        assert client.get(url).status_code == 403, url
    before = database_state()
    for url, data in write_requests(space_a, organisations):
        assert client.post(url, data).status_code == 403, url
    assert database_state() == before


def test_housing_staff_get_404_for_another_organisations_space_and_it_is_unchanged(
    staff_a, space_a, space_b, organisations
):
    client = client_for(staff_a)
    before = database_state()
    for url in space_urls(space_b):
        assert client.get(url).status_code == 404, url
    for url, data in write_requests(space_b, organisations)[1:]:
        assert client.post(url, data).status_code == 404, url
    assert database_state() == before
    space_b.refresh_from_db()
    assert space_b.title == "Lektiecafé i fælleshuset"
    assert space_b.stage == Stage.IDEA


def test_housing_staff_never_see_another_organisations_space_in_the_list_board_or_map(
    staff_a, space_a, space_b, organisations
):
    OpportunitySpace.objects.filter(pk__in=[space_a.pk, space_b.pk]).update(latitude=55.76, longitude=12.45)
    client = client_for(staff_a)
    dab = organisations["dab"].pk
    for url in [
        "/spaces/",
        "/spaces/board/",
        "/spaces/map/",
        f"/spaces/?organisation={dab}",
        f"/spaces/board/?organisation={dab}",
        f"/spaces/map/?organisation={dab}",
        "/spaces/?q=Lektiecaf",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Lektiecafé i fælleshuset" not in page, url
        assert ">DAB<" not in page, url  # not even as a choice of owner in the filter
    # Their own space is there (the check above is not passing because the pages are empty).
    for url in ["/spaces/", "/spaces/board/", "/spaces/map/"]:
        assert "Iværksættermiljø i Værebro Park" in client.get(url).content.decode(), url


def test_filtering_by_another_organisation_shows_nothing_and_says_the_choice_is_invalid(
    staff_a, space_a, space_b, organisations
):
    response = english(client_for(staff_a)).get(f"/spaces/?organisation={organisations['dab'].pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Iværksættermiljø i Værebro Park" not in page
    assert "Select a valid choice" in page


def test_a_steering_member_reads_every_space_but_every_write_view_is_403_and_nothing_changes(
    steering_member, space_a, space_b, organisations
):
    OpportunitySpace.objects.update(latitude=55.76, longitude=12.45)  # on the map too
    client = client_for(steering_member)
    for url in ["/spaces/", "/spaces/board/", "/spaces/map/"]:
        page = client.get(url).content.decode()
        assert "Iværksættermiljø i Værebro Park" in page and "Lektiecafé i fælleshuset" in page, url
        assert "/spaces/new/" not in page
    for url in [f"/spaces/{space_b.pk}/", f"/spaces/{space_b.pk}/history/"]:
        assert client.get(url).status_code == 200, url
    detail = client.get(f"/spaces/{space_b.pk}/").content.decode()
    assert f"/spaces/{space_b.pk}/edit/" not in detail
    assert f"/spaces/{space_b.pk}/stage/" not in detail
    before = database_state()
    for url, data in write_requests(space_b, organisations):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url
    assert database_state() == before


def test_a_planner_edits_any_organisations_space(planner, space_b, organisations):
    response = client_for(planner).post(
        f"/spaces/{space_b.pk}/edit/",
        with_version(
            space_b, {"title": "Lektiecafé og madklub", "kind": "social", "organisation": organisations["dab"].pk}
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/spaces/{space_b.pk}/"
    space_b.refresh_from_db()
    assert space_b.title == "Lektiecafé og madklub"
    assert ChangeRecord.objects.order_by("-pk").first().actor == planner
    assert "Lektiecafé og madklub" in client_for(planner).get(f"/spaces/{space_b.pk}/").content.decode()


def test_housing_staff_edit_their_own_space_and_its_links_are_saved(staff_a, space_a, organisations, plan):
    principle = plan.principles.get(number=2)
    response = client_for(staff_a).post(
        f"/spaces/{space_a.pk}/edit/",
        {
            "version": version_of(space_a),
            "title": "Iværksættermiljø",
            "kind": "organisational",
            "organisation": organisations["gab"].pk,
            "principles": [principle.pk],
            "partners": [organisations["dab"].pk],
            "latitude": "55.76170",
            "longitude": "12.45170",
            "confidence": "4",
        },
    )
    assert response.status_code == 302
    space_a.refresh_from_db()
    assert space_a.title == "Iværksættermiljø"
    assert list(space_a.principles.all()) == [principle]
    assert list(space_a.partners.all()) == [organisations["dab"]]
    assert space_a.latitude == Decimal("55.76170")
    assert space_a.confidence == 4


def test_the_portfolio_filters_offer_only_the_strategy_of_the_spaces(planner, plan, space_a, other_plan):
    form = client_for(planner).get("/spaces/").context["filter"].form
    for name, model_plan in (
        ("principle", "plan_id"),
        ("target", "plan_id"),
        ("move", "strategy__plan_id"),
        ("strategy", "plan_id"),
    ):
        offered = form.fields[name].queryset
        assert offered.exists(), name
        assert set(offered.values_list(model_plan, flat=True)) == {plan.pk}, name
    foreign = other_plan.principles.first()
    refused = client_for(planner).get("/spaces/", {"principle": foreign.pk})
    assert "principle" in refused.context["filter"].form.errors


def test_the_portfolio_and_the_api_filter_spaces_by_the_strategy_whose_moves_they_serve(planner, plan, space_a):
    move = plan.strategies.first().moves.first()
    other = plan.strategies.exclude(pk=move.strategy_id).first()
    space_a.moves.set([move, *move.strategy.moves.all()])  # serving two moves of one strategy: listed once
    page = client_for(planner).get("/spaces/", {"strategy": move.strategy_id})
    assert [s.pk for s in page.context["spaces"]] == [space_a.pk]
    assert list(client_for(planner).get("/spaces/", {"strategy": other.pk}).context["spaces"]) == []
    api = client_for(planner).get("/api/v1/opportunity-spaces/", {"strategy": move.strategy_id}).json()
    assert [row["id"] for row in api["results"]] == [space_a.pk]


def test_a_link_to_another_plans_principle_is_refused_at_the_field(planner, space_a, other_plan, organisations):
    foreign = other_plan.principles.first()
    before = database_state()
    response = english(client_for(planner)).post(
        f"/spaces/{space_a.pk}/edit/",
        {"title": "X", "kind": "social", "organisation": organisations["gab"].pk, "principles": [foreign.pk]},
    )
    assert response.status_code == 200
    assert database_state() == before
    assert "Select a valid choice" in response.content.decode()


def test_one_coordinate_without_the_other_is_refused_with_the_services_message(planner, space_a, organisations):
    before = database_state()
    response = english(client_for(planner)).post(
        f"/spaces/{space_a.pk}/edit/",
        {"title": "X", "kind": "social", "organisation": organisations["gab"].pk, "latitude": "55.7"},
    )
    assert response.status_code == 200
    assert database_state() == before
    assert "Give both latitude and longitude, or neither." in response.content.decode()


def test_an_edit_over_someone_elses_newer_change_keeps_the_input_and_says_so(planner, staff_a, space_a, organisations):
    client = english(client_for(planner))
    form_page = client.get(f"/spaces/{space_a.pk}/edit/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', form_page).group(1)
    update_space(space=space_a, data={"title": "Staff A's title"}, by=staff_a)
    data = {"title": "Planner's title", "kind": "social", "organisation": organisations["gab"].pk, "version": version}
    response = client.post(f"/spaces/{space_a.pk}/edit/", data)
    assert response.status_code == 200
    space_a.refresh_from_db()
    assert space_a.title == "Staff A's title"
    page = response.content.decode()
    assert "while you were editing" in page
    assert 'value="Planner&#x27;s title"' in page
    # Saving again knowingly replaces the newer version.
    new_version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert client.post(f"/spaces/{space_a.pk}/edit/", {**data, "version": new_version}).status_code == 302
    space_a.refresh_from_db()
    assert space_a.title == "Planner's title"


# --- Creating a space ---------------------------------------------------------------------------------------


def test_housing_staff_create_a_space_for_their_own_organisation_preselected(staff_a, organisations, plan):
    client = client_for(staff_a)
    form = client.get("/spaces/new/").content.decode()
    assert f'<option value="{organisations["gab"].pk}" selected>GAB</option>' in form
    assert f'<option value="{organisations["dab"].pk}"' not in re.search(
        r'<select[^>]*name="organisation".*?</select>', form, re.S
    ).group(0)
    response = client.post(
        "/spaces/new/",
        {"title": "Fællesspisning i Bagsværd", "kind": "social", "organisation": organisations["gab"].pk},
    )
    assert response.status_code == 302
    space = OpportunitySpace.objects.get(title="Fællesspisning i Bagsværd")
    assert response["Location"] == f"/spaces/{space.pk}/"
    assert space.organisation == organisations["gab"]
    assert space.stage == Stage.IDEA
    assert space.plan == plan
    assert "Fællesspisning i Bagsværd" in client.get(response["Location"]).content.decode()


def test_housing_staff_cannot_create_a_space_for_another_organisation(staff_a, organisations, plan):
    before = database_state()
    response = english(client_for(staff_a)).post(
        "/spaces/new/", {"title": "Forfalsket", "kind": "social", "organisation": organisations["dab"].pk}
    )
    assert response.status_code == 200
    assert database_state() == before
    assert not OpportunitySpace.objects.filter(title="Forfalsket").exists()
    page = response.content.decode()
    assert re.search(r'id="id_organisation_error">.*Select a valid choice', page, re.S)


def test_a_space_without_a_title_is_refused_at_the_field_in_danish(planner, organisations, plan):
    before = database_state()
    response = client_for(planner).post("/spaces/new/", {"kind": "social", "organisation": organisations["gab"].pk})
    assert response.status_code == 200
    assert database_state() == before
    assert 'id="id_title_error"' in response.content.decode()
    assert "Dette felt er påkrævet" in response.content.decode()


def test_the_form_sections_hold_exactly_the_services_fields():
    names = [name for _heading, fields in SPACE_SECTIONS for name in fields]
    assert sorted(names) == sorted(SPACE_FIELDS)
    assert len(names) == len(set(names))


# --- Stages -------------------------------------------------------------------------------------------------


def test_a_space_moves_to_the_next_stage_through_the_page(staff_a, space_a):
    client = client_for(staff_a)
    form = client.get(f"/spaces/{space_a.pk}/stage/").content.decode()
    # Only the allowed next stages are offered.
    assert 'value="clarification"' in form and 'value="stopped"' in form
    assert 'value="operating"' not in form and 'value="pilot"' not in form
    response = client.post(
        f"/spaces/{space_a.pk}/stage/", {"to_stage": "clarification", "on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    space_a.refresh_from_db()
    assert space_a.stage == Stage.CLARIFICATION
    assert space_a.stage_changes.filter(from_stage="idea", to_stage="clarification").exists()


def test_a_stage_move_someone_made_after_the_page_was_opened_is_not_overridden_unseen(staff_a, planner, space_a):
    mine = client_for(staff_a)
    seen = re.search(r'name="from_stage" value="([^"]*)"', mine.get(f"/spaces/{space_a.pk}/stage/").content.decode())
    assert seen.group(1) == "idea"
    today = timezone.localdate().isoformat()
    client_for(planner).post(
        f"/spaces/{space_a.pk}/stage/", {"to_stage": "clarification", "on": today, "from_stage": "idea"}
    )
    before = database_state()

    data = {"to_stage": "stopped", "on": today, "reason": "Ideen holdt ikke.", "from_stage": "idea"}
    response = mine.post(f"/spaces/{space_a.pk}/stage/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Pia Testesen flyttede mulighedsrummet fra «Idé» til «Afklaring», efter du åbnede siden" in page
    assert "Ideen holdt ikke." in page  # the reason typed is kept
    assert 'name="from_stage" value="clarification"' in page  # saving again is checked against what is shown now
    assert database_state() == before
    again = mine.post(f"/spaces/{space_a.pk}/stage/", {**data, "from_stage": "clarification"})
    assert again.status_code == 302
    space_a.refresh_from_db()
    assert space_a.stage == Stage.STOPPED


def test_a_forged_skip_of_stages_is_refused_with_the_services_message_at_the_field(staff_a, space_a):
    before = database_state()
    data = {"to_stage": "operating", "on": timezone.localdate().isoformat()}
    response = client_for(staff_a).post(f"/spaces/{space_a.pk}/stage/", data)  # Danish, the default
    assert response.status_code == 200
    assert 'id="id_to_stage_error"' in response.content.decode()
    assert database_state() == before
    space_a.refresh_from_db()
    assert space_a.stage == Stage.IDEA
    english_page = english(client_for(staff_a)).post(f"/spaces/{space_a.pk}/stage/", data).content.decode()
    assert "A space cannot go from «Idea» to «In operation»" in english_page
    assert database_state() == before


def test_stopping_a_space_needs_a_reason(staff_a, space_a):
    client = english(client_for(staff_a))
    before = database_state()
    url = f"/spaces/{space_a.pk}/stage/"
    response = client.post(url, {"to_stage": "stopped", "on": timezone.localdate().isoformat(), "reason": " "})
    assert response.status_code == 200
    assert database_state() == before
    assert "Write why the space is stopped" in response.content.decode()
    response = client.post(
        url, {"to_stage": "stopped", "on": timezone.localdate().isoformat(), "reason": "Ingen frivillige."}
    )
    assert response.status_code == 302
    space_a.refresh_from_db()
    assert space_a.stage == Stage.STOPPED
    assert space_a.stopped_reason == "Ingen frivillige."
    assert "Ingen frivillige." in client.get(f"/spaces/{space_a.pk}/").content.decode()


# --- The space's page ---------------------------------------------------------------------------------------


def test_the_space_page_starts_with_jump_links_to_each_of_its_parts(planner, space_a):
    text = english(client_for(planner)).get(f"/spaces/{space_a.pk}/").content.decode()
    nav = text[text.index('<nav class="page-contents') : text.index("</nav>", text.index('<nav class="page-contents'))]
    targets = re.findall(r'href="#([\w-]+)"', nav)
    assert targets[0] == "stage-heading" and targets[-1] == "activity-log-heading" and len(targets) >= 6
    for target in targets:
        assert f'id="{target}"' in text, target
    assert 'aria-label="On this page"' in nav


def test_the_space_page_shows_the_stage_history_and_the_confidence_apart(planner, space_a):
    change_stage(space=space_a, to_stage="clarification", by=planner)
    update_space(space=space_a, data={"confidence": 2}, by=planner)
    page = english(client_for(planner)).get(f"/spaces/{space_a.pk}/").content.decode()
    assert "Idea → Clarification" in page
    assert 'id="confidence-heading"' in page and "Unsure" in page
    assert "History" in page and f"/spaces/{space_a.pk}/history/" in page


def test_a_space_not_updated_for_8_weeks_is_marked_stale(planner, space_a, space_b):
    OpportunitySpace.objects.filter(pk=space_a.pk).update(updated_at=timezone.now() - datetime.timedelta(weeks=9))
    client = english(client_for(planner))
    assert "Not updated for 8 weeks" in client.get(f"/spaces/{space_a.pk}/").content.decode()
    assert "Not updated for 8 weeks" not in client.get(f"/spaces/{space_b.pk}/").content.decode()
    stale_list = client.get("/spaces/?stale=yes").content.decode()
    assert "Iværksættermiljø i Værebro Park" in stale_list and "Lektiecafé i fælleshuset" not in stale_list
    fresh_list = client.get("/spaces/?stale=no").content.decode()
    assert "Iværksættermiljø i Værebro Park" not in fresh_list and "Lektiecafé i fælleshuset" in fresh_list


@pytest.mark.parametrize("stage", ["anchored", "stopped"])
def test_an_anchored_or_stopped_space_is_never_marked_stale(planner, space_a, space_b, stage):
    long_ago = timezone.now() - datetime.timedelta(weeks=30)
    OpportunitySpace.objects.filter(pk=space_a.pk).update(
        stage=stage, stopped_reason="Ingen lokaler" if stage == "stopped" else "", updated_at=long_ago
    )
    OpportunitySpace.objects.filter(pk=space_b.pk).update(updated_at=long_ago)  # still an idea: marked
    client = english(client_for(planner))

    assert "Not updated for 8 weeks" not in client.get(f"/spaces/{space_a.pk}/").content.decode()
    assert "Not updated for 8 weeks" in client.get(f"/spaces/{space_b.pk}/").content.decode()
    expected = {"Iværksættermiljø i Værebro Park": False, "Lektiecafé i fælleshuset": True}
    listed = client.get("/spaces/")
    assert {space.title: space.is_stale for space in listed.context["spaces"]} == expected
    assert listed.content.decode().count("Not updated for 8 weeks</span>") == 1
    board = client.get("/spaces/board/")
    columns = board.context["columns"]
    assert {space.title: space.is_stale for column in columns for space in column["spaces"]} == expected
    assert board.content.decode().count("Not updated for 8 weeks</span>") == 1
    stale_list = client.get("/spaces/?stale=yes").content.decode()
    assert "Iværksættermiljø i Værebro Park" not in stale_list and "Lektiecafé i fælleshuset" in stale_list
    assert "Iværksættermiljø i Værebro Park" in client.get("/spaces/?stale=no").content.decode()


def _score(space, month_end, *, index, qualifies, reasons, dimensions=None):
    return MeetingPlaceScore.objects.create(
        space=space,
        month_end=month_end,
        attendance=62,
        activities=5,
        dimensions=dimensions or {},
        index=index,
        qualifies=qualifies,
        reasons=reasons,
    )


def test_the_meeting_place_panel_says_why_a_space_does_not_qualify(planner, space_a, space_b):
    _score(space_a, datetime.date(2026, 1, 31), index=Decimal("0.400"), qualifies=False, reasons=[])
    _score(
        space_a,
        datetime.date(2026, 2, 28),
        index=Decimal("0.712"),
        qualifies=False,
        dimensions={"age": "0.812", "gender": "0.950", "residence": "0.400", "culture": None, "occupation": None},
        reasons=[
            {"code": "attendance", "met": True, "came": 62, "needed": 50},
            {"code": "dimensions", "met": False, "reached": ["age", "gender"], "needed": 3, "threshold": "0.600"},
            {"code": "unknown", "dimensions": ["culture", "occupation"]},
        ],
    )
    page = english(client_for(planner)).get(f"/spaces/{space_a.pk}/").content.decode()
    assert "Not a social meeting place yet" in page
    assert "Attendance is high enough: 62 came in the period, 50 are needed." in page
    assert (
        "Attendance is not diverse enough: 2 dimensions (age, gender) reach a diversity of 0.60, 3 are needed." in page
    )
    assert "Nothing was recorded for cultural background, work and education" in page
    assert "0.81" in page and "0.71" in page  # a dimension's value, the index
    assert "<svg" in page and "<rect" in page  # the trend
    # The portfolio shows the latest index, and filters on the verdict.
    listing = english(client_for(planner)).get("/spaces/?meeting_place=no").content.decode()
    assert "Iværksættermiljø i Værebro Park" in listing and "0.71" in listing
    assert "Lektiecafé i fælleshuset" not in listing
    unknown = client_for(planner).get("/spaces/?meeting_place=unknown").content.decode()
    assert "Lektiecafé i fælleshuset" in unknown and "Iværksættermiljø i Værebro Park" not in unknown


def test_a_space_without_an_index_says_how_it_gets_one(planner, space_a):
    page = english(client_for(planner)).get(f"/spaces/{space_a.pk}/").content.decode()
    assert "No index yet" in page


def test_the_history_page_lists_the_spaces_changes(planner, space_a):
    update_space(space=space_a, data={"title": "Nyt navn"}, by=planner)
    page = english(client_for(planner)).get(f"/spaces/{space_a.pk}/history/").content.decode()
    assert "Iværksættermiljø i Værebro Park" in page and "Nyt navn" in page


# --- The map ------------------------------------------------------------------------------------------------


def test_the_map_page_gives_the_markers_as_json_and_lists_the_same_spaces(steering_member, space_a, space_b):
    OpportunitySpace.objects.filter(pk=space_a.pk).update(
        latitude=Decimal("55.76170"), longitude=Decimal("12.45170"), address="Værebrovej 1"
    )
    page = english(client_for(steering_member)).get("/spaces/map/").content.decode()
    data = json.loads(re.search(r'<script id="space-map-data" type="application/json">(.*?)</script>', page).group(1))
    assert [s["title"] for s in data["spaces"]] == ["Iværksættermiljø i Værebro Park"]
    assert data["spaces"][0]["lat"] == 55.7617 and data["spaces"][0]["url"] == f"/spaces/{space_a.pk}/"
    assert data["tiles"]["url"] == ""  # the tests have no tile server: markers and list still work
    assert "Værebrovej 1" in page and "55.76170, 12.45170" in page
    assert "1 space has no place yet" in page
    assert "leaflet/leaflet.js" in page and "opportunities/map.js" in page


def test_the_list_shows_25_spaces_a_page_and_the_board_links_a_full_column_to_the_list(planner, plan, organisations):
    _many_spaces(plan, organisations, 30)
    client = english(client_for(planner))
    first = client.get("/spaces/").content.decode()
    assert "30 spaces" in first and "Page 1 of 2" in first
    assert "Rum 0024" in first and "Rum 0025" not in first
    second = client.get("/spaces/?page=2").content.decode()
    assert "Rum 0025" in second and "Rum 0029" in second and "Rum 0000" not in second
    _many_spaces(plan, organisations, 300)  # 66 in each stage: more than a column shows
    board = client.get("/spaces/board/?kind=social").content.decode()
    assert "Show all 66 spaces in the list" in board
    assert "/spaces/?kind=social&amp;stage=idea" in board


# --- Query counts ------------------------------------------------------------------------------------------------


def _many_spaces(plan, organisations, count: int) -> None:
    """``count`` spaces with links, scores and an activity each, written in bulk."""
    owners = [organisations["gab"], organisations["dab"]]
    principle = plan.principles.first()
    now = timezone.now()
    spaces = OpportunitySpace.objects.bulk_create(
        OpportunitySpace(
            plan=plan,
            title=f"Rum {n:04}",
            kind="social",
            stage=Stage.values[n % 5],
            organisation=owners[n % 2],
            latitude=Decimal("55.7") + Decimal(n) / 10000,
            longitude=Decimal("12.4"),
            updated_at=now - datetime.timedelta(weeks=n % 12),
        )
        for n in range(count)
    )
    OpportunitySpace.principles.through.objects.bulk_create(
        OpportunitySpace.principles.through(opportunityspace_id=space.pk, principle_id=principle.pk) for space in spaces
    )
    MeetingPlaceScore.objects.bulk_create(
        MeetingPlaceScore(
            space=space,
            month_end=datetime.date(2026, 1, 31),
            attendance=10,
            activities=1,
            index=Decimal("0.5"),
            qualifies=bool(n % 2),
            reasons=[],
        )
        for n, space in enumerate(spaces)
    )
    Activity.objects.bulk_create(
        Activity(space=space, on=datetime.date(2026, 1, 10), title="Møde", participants=5) for space in spaces
    )


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/spaces/",
        "/spaces/board/",
        "/spaces/map/",
        "/spaces/?stage=idea&principle={principle}&meeting_place=yes&stale=no&q=Rum",
        "/spaces/board/?principle={principle}&kind=social",
        "/spaces/map/?principle={principle}",
    ],
)
@pytest.mark.parametrize("persona", ["planner", "staff_a"])
def test_the_portfolio_pages_run_the_same_queries_with_10_and_with_500_spaces(
    request, url, persona, plan, organisations
):
    client = client_for(request.getfixturevalue(persona))
    url = url.format(principle=plan.principles.first().pk)
    _many_spaces(plan, organisations, 10)
    small = _count_queries(client, url)
    _many_spaces(plan, organisations, 490)
    assert OpportunitySpace.objects.count() == 500
    assert _count_queries(client, url) == small


def _log(space, count: int, organisations) -> None:
    activities = Activity.objects.bulk_create(
        Activity(space=space, on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n), title=f"Aktivitet {n}")
        for n in range(count)
    )
    AttendanceCount.objects.bulk_create(
        AttendanceCount(activity=activity, dimension="gender", group=group, count=3)
        for activity in activities
        for group in ("women", "men")
    )
    Attachment.objects.bulk_create(
        Attachment(
            activity=activity,
            token=f"{space.pk:08}{activity.pk:024}",
            file=f"activities/{activity.pk}/x.pdf",
            original_name="referat.pdf",
            content_type="application/pdf",
            size=1000,
        )
        for activity in activities
    )
    MeetingPlaceScore.objects.bulk_create(
        MeetingPlaceScore(
            space=space,
            month_end=datetime.date(2024 + n // 12, n % 12 + 1, 28),
            attendance=6,
            activities=1,
            index=Decimal("0.9"),
            qualifies=False,
            reasons=[{"code": "attendance", "met": False, "came": 6, "needed": 50}],
        )
        for n in range(min(count, 24))
    )


def test_the_space_page_runs_the_same_queries_with_few_and_with_many_activities_links_and_scores(
    planner, plan, organisations
):
    client = client_for(planner)
    small = create_space(
        plan=plan, data={"title": "Lille", "kind": "social", "organisation": organisations["gab"]}, by=None
    )
    large = create_space(
        plan=plan,
        data={
            "title": "Stor",
            "kind": "social",
            "organisation": organisations["gab"],
            "principles": list(plan.principles.all()),
            "targets": list(plan.targets.all()),
            "partners": list(organisations.values()),
        },
        by=None,
    )
    _log(small, 1, organisations)
    _log(large, 45, organisations)
    for stage in ("clarification", "pilot", "operating"):
        change_stage(space=large, to_stage=stage, by=planner)
    counts = [_count_queries(client, f"/spaces/{space.pk}/") for space in (small, large)]
    assert counts[0] == counts[1]
    history = [_count_queries(client, f"/spaces/{space.pk}/history/") for space in (small, large)]
    assert history[0] == history[1]


def test_the_space_page_runs_the_same_queries_with_10_and_with_500_spaces(planner, staff_a, plan, organisations):
    _many_spaces(plan, organisations, 10)
    space = OpportunitySpace.objects.filter(organisation=organisations["gab"]).order_by("pk").first()
    _log(space, 3, organisations)
    counts = {user: _count_queries(client_for(user), f"/spaces/{space.pk}/") for user in (planner, staff_a)}
    _many_spaces(plan, organisations, 490)
    assert OpportunitySpace.objects.count() == 500
    assert {user: _count_queries(client_for(user), f"/spaces/{space.pk}/") for user in (planner, staff_a)} == counts
