"""Planners edit the strategy in Danish forms; bad input is refused at the field and changes nothing."""

import re

import pytest

from base.models import ChangeRecord
from strategy.models import Move, Target
from tests.conftest import client_for, with_version
from tests.strategy.test_permissions import database_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner_client(planner):
    return client_for(planner)


def test_a_planner_changes_a_targets_wording_and_sees_it_on_the_overview(planner_client, plan):
    target = plan.targets.get(number=1)
    response = planner_client.post(
        f"/targets/{target.pk}/edit/",
        with_version(target, {"number": 1, "title": "Alle børn trives", "description": "Ny tekst."}),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/targets/{target.pk}/"
    target.refresh_from_db()
    assert target.title == "Alle børn trives"
    overview = planner_client.get(f"/plans/{plan.slug}/").content.decode()
    assert "Alle børn trives" in overview


def test_an_empty_title_is_refused_with_a_danish_message_at_the_field(planner_client, plan):
    target = plan.targets.get(number=1)
    before = database_state()
    response = planner_client.post(f"/targets/{target.pk}/edit/", {"number": 1, "title": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["Dette felt er påkrævet."]
    assert "Dette felt er påkrævet." in response.content.decode()
    assert database_state() == before


def test_an_over_long_text_is_refused_with_a_danish_message_at_the_field(planner_client, plan):
    target = plan.targets.get(number=1)
    before = database_state()
    response = planner_client.post(f"/targets/{target.pk}/edit/", {"number": 1, "title": "x" * 301})
    assert response.status_code == 200
    [message] = response.context["form"].errors["title"]
    assert message == "Denne værdi må højst have 300 tegn (den har 301)."
    assert database_state() == before


def test_a_link_to_a_target_of_another_strategy_is_refused_at_the_field(planner_client, plan, other_plan):
    move = Move.objects.filter(strategy__plan=plan).first()
    foreign_target = other_plan.targets.first()
    before = database_state()
    response = planner_client.post(
        f"/moves/{move.pk}/edit/", {"number": move.number, "title": move.title, "targets": [foreign_target.pk]}
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["targets"]
    assert message.startswith("Marker en gyldig valgmulighed.")
    assert database_state() == before


def test_the_service_refuses_a_link_across_strategies_too(plan, other_plan, planner):
    from django.core.exceptions import ValidationError

    from strategy.services import update_strategy_object

    move = Move.objects.filter(strategy__plan=plan).first()
    before = database_state()
    with pytest.raises(ValidationError) as refused:
        update_strategy_object(obj=move, data={"targets": [other_plan.targets.first()]}, by=planner)
    assert "hører til en anden strategi" in refused.value.message_dict["targets"][0]
    assert database_state() == before


def test_a_number_already_used_is_refused_at_the_field(planner_client, plan):
    target = plan.targets.get(number=1)
    before = database_state()
    response = planner_client.post(f"/targets/{target.pk}/edit/", with_version(target, {"number": 2, "title": "Ny"}))
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == ["Nummer 2 er allerede brugt her."]
    assert database_state() == before


def test_a_number_below_one_is_refused(planner_client, plan):
    before = database_state()
    response = planner_client.post(f"/plans/{plan.slug}/targets/new/", {"number": 0, "title": "Nyt"})
    assert response.status_code == 200
    assert "number" in response.context["form"].errors
    assert database_state() == before


def test_a_planner_creates_a_target_with_the_next_free_number_suggested(planner_client, plan):
    response = planner_client.get(f"/plans/{plan.slug}/targets/new/")
    assert response.context["form"].initial["number"] == 5
    response = planner_client.post(f"/plans/{plan.slug}/targets/new/", {"number": 5, "title": "Femte pejlemærke"})
    target = Target.objects.get(plan=plan, number=5)
    assert response["Location"] == f"/targets/{target.pk}/"
    record = ChangeRecord.objects.filter(object_id=target.pk, content_type__model="target").get()
    assert record.action == "create"


def test_a_linked_target_cannot_be_deleted_and_the_page_says_why(planner_client, plan):
    target = plan.targets.get(number=1)
    assert target.moves.exists()
    before = database_state()
    response = planner_client.post(f"/targets/{target.pk}/delete/")
    assert response.status_code == 200
    assert "fjern først koblingerne" in response.content.decode()
    assert database_state() == before


def test_a_new_vision_becomes_the_active_one_and_the_old_is_kept(planner_client, plan):
    old = plan.visions.get(is_active=True)
    planner_client.post(f"/plans/{plan.slug}/vision/new/", {"statement": "En ny vision."})
    old.refresh_from_db()
    assert not old.is_active
    assert plan.visions.get(is_active=True).statement == "En ny vision."
    planner_client.post(f"/visions/{old.pk}/activate/")
    old.refresh_from_db()
    assert old.is_active
    assert plan.visions.filter(is_active=True).count() == 1


def test_the_active_vision_cannot_be_deleted(planner_client, plan):
    vision = plan.visions.get(is_active=True)
    before = database_state()
    response = planner_client.post(f"/visions/{vision.pk}/delete/")
    assert response.status_code == 200
    assert database_state() == before


def test_pages_speak_english_after_the_language_switch(planner_client, plan):
    assert "Pejlemærker" in planner_client.get(f"/plans/{plan.slug}/targets/").content.decode()
    planner_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = planner_client.get(f"/plans/{plan.slug}/targets/").content.decode()
    assert "<h1>Targets</h1>" in page
    response = planner_client.post(f"/targets/{plan.targets.first().pk}/edit/", {"number": 1, "title": ""})
    assert response.context["form"].errors["title"] == ["This field is required."]


def test_a_save_over_someone_elses_newer_change_is_caught_and_the_input_kept(plan, planner, administrator):
    target = plan.targets.get(number=3)
    mine, theirs = client_for(planner), client_for(administrator)
    opened = mine.get(f"/targets/{target.pk}/edit/").context["form"]["version"].value()

    theirs.post(f"/targets/{target.pk}/edit/", {"number": 3, "title": "Deres titel", "version": opened})
    response = mine.post(f"/targets/{target.pk}/edit/", {"number": 3, "title": "Min titel", "version": opened})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Anne Testesen har gemt ændringer i «Deres titel»" in page
    assert 'value="Min titel"' in page  # nothing typed is lost
    target.refresh_from_db()
    assert target.title == "Deres titel"

    # Saving again, knowingly, replaces their version.
    newer = response.context["form"]["version"].value()
    assert newer != opened
    again = mine.post(f"/targets/{target.pk}/edit/", {"number": 3, "title": "Min titel", "version": newer})
    assert again.status_code == 302
    target.refresh_from_db()
    assert target.title == "Min titel"


@pytest.mark.parametrize(
    ("url", "section", "here"),
    [
        ("/plans/{plan}/vision/new/", "Vision", "Ny version af visionen"),
        ("/plans/{plan}/targets/new/", "Pejlemærker", "Nyt pejlemærke"),
        ("/plans/{plan}/principles/new/", "Principper", "Nyt princip"),
        ("/strategies/{strategy}/moves/new/", "Strategier", "Nyt greb"),
        ("/main-moves/{main_move}/opening-moves/new/", "Hovedgreb", "Nyt åbningstræk"),
    ],
)
def test_a_create_pages_breadcrumb_names_the_list_it_adds_to(planner_client, plan, url, section, here):
    url = url.format(plan=plan.slug, strategy=plan.strategies.first().pk, main_move=plan.main_move.pk)
    html = planner_client.get(url).content.decode()
    crumbs = re.findall(r'<a class="breadcrumbs__link" href="([^"]+)">([^<]*)</a>', html)
    assert crumbs[0][1] == plan.title
    assert crumbs[1][1] == section
    assert all(text.strip() for _href, text in crumbs), crumbs
    assert re.search(f'aria-current="page"><svg[^>]*><use [^>]*></use></svg>{here}</li>', html), here
