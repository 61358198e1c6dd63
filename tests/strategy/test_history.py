"""Every create, update and delete of a strategy object is kept: who, when, which field, old → new."""

import pytest
import time_machine

from base.models import ChangeRecord
from strategy.models import Move, Target
from strategy.services import create_strategy_object, delete_strategy_object, update_strategy_object
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_an_update_records_who_when_and_each_changed_field(plan, planner):
    target = plan.targets.get(number=1)
    with time_machine.travel("2031-03-02 10:15:00+01:00", tick=False):
        update_strategy_object(obj=target, data={"title": "Ny titel", "description": "", "number": 1}, by=planner)
    record = ChangeRecord.objects.filter(object_id=target.pk, content_type__model="target").first()
    assert record.action == "update"
    assert record.actor == planner
    assert record.actor_name == "Pia Testesen"
    assert record.at.isoformat() == "2031-03-02T09:15:00+00:00"
    assert record.changes == [{"field": "title", "old": "Pejlemærke 1", "new": "Ny titel"}]
    assert record.plan == plan


def test_an_update_that_changes_nothing_records_nothing(plan, planner):
    target = plan.targets.get(number=1)
    before = ChangeRecord.objects.count()
    update_strategy_object(obj=target, data={"title": target.title}, by=planner)
    assert ChangeRecord.objects.count() == before


def test_link_changes_are_recorded_as_names(plan, planner):
    move = Move.objects.filter(strategy__plan=plan).order_by("pk").first()
    old = sorted(t.title for t in move.targets.all())
    target_4 = plan.targets.get(number=4)
    update_strategy_object(obj=move, data={"targets": [target_4]}, by=planner)
    record = ChangeRecord.objects.filter(object_id=move.pk, content_type__model="move").first()
    assert record.changes == [{"field": "targets", "old": old, "new": ["Pejlemærke 4"]}]


def test_a_delete_keeps_the_last_values(plan, planner):
    target = create_strategy_object(model=Target, parent=plan, data={"number": 7, "title": "Midlertidigt"}, by=planner)
    pk = target.pk
    delete_strategy_object(obj=target, by=planner)
    record = ChangeRecord.objects.filter(object_id=pk, content_type__model="target").first()
    assert record.action == "delete"
    assert {"field": "title", "old": "Midlertidigt", "new": None} in record.changes
    assert not Target.objects.filter(pk=pk).exists()


def test_the_history_page_shows_field_old_and_new_to_a_steering_member(plan, planner, steering_member):
    target = plan.targets.get(number=2)
    update_strategy_object(obj=target, data={"title": "Nyt om pejlemærke 2"}, by=planner)
    page = client_for(steering_member).get(f"/targets/{target.pk}/history/").content.decode()
    assert "Pia Testesen" in page
    assert "Titel" in page
    assert "Pejlemærke 2" in page
    assert "Nyt om pejlemærke 2" in page


def test_the_plan_history_lists_deleted_objects_and_filters_by_kind(plan, planner, steering_member):
    target = create_strategy_object(model=Target, parent=plan, data={"number": 8, "title": "Slettes snart"}, by=planner)
    delete_strategy_object(obj=target, by=planner)
    client = client_for(steering_member)
    page = client.get(f"/plans/{plan.slug}/history/").content.decode()
    assert "Slettes snart" in page
    only_moves = client.get(f"/plans/{plan.slug}/history/", {"kind": "move"})
    assert all(r.content_type.model == "move" for r in only_moves.context["records"])
    assert "Slettes snart" not in only_moves.content.decode()


def test_the_history_shows_a_choice_by_its_label_in_the_readers_language(plan, steering_member):
    strategy = plan.strategies.get(kind="physical")
    client = client_for(steering_member)
    page = client.get(f"/strategies/{strategy.pk}/history/").content.decode()
    assert '<td class="history-new">Den fysiske strategi</td>' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/strategies/{strategy.pk}/history/").content.decode()
    assert '<td class="history-new">Physical strategy</td>' in page


def test_the_plan_history_pages_through_older_changes_keeping_the_filter(plan, planner, steering_member):
    target = plan.targets.get(number=1)
    for n in range(60):
        update_strategy_object(obj=target, data={"title": f"Version {n}"}, by=planner)
    client = client_for(steering_member)
    first = client.get(f"/plans/{plan.slug}/history/", {"kind": "target"})
    assert len(first.context["records"]) == 50
    assert "Version 59" in first.content.decode()
    assert "?kind=target&amp;page=2" in first.content.decode()
    second = client.get(f"/plans/{plan.slug}/history/", {"kind": "target", "page": 2})
    assert '<td class="history-new">Version 0</td>' in second.content.decode()
    assert all(r.content_type.model == "target" for r in second.context["records"])
