"""The strategy plan through the REST API: writes by planners through the same services as the pages, with the
same history; ETags, If-Match (428 without, 412 after someone else's save, also in a real race) and 304s."""

import json
import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from base.models import ChangeRecord
from base.services.tokens import create_api_token
from strategy.models import Move, Target
from tests.conftest import client_for, require, with_version

pytestmark = pytest.mark.django_db


def api(user, **headers) -> Client:
    _token, key = create_api_token(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {key}", **headers)


def patch(client, url, data, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return client.patch(url, json.dumps(data), content_type="application/json", **headers)


def first_target(plan) -> Target:
    return plan.targets.order_by("number").first()


def test_a_planner_reads_a_target_and_changes_it_with_its_etag(plan, planner):
    target = first_target(plan)
    client = api(planner)

    read = client.get(f"/api/v1/targets/{target.pk}/")
    changed = patch(client, f"/api/v1/targets/{target.pk}/", {"title": "Tryghed for alle"}, read["ETag"])

    assert read.status_code == 200
    assert read.json()["title"] == target.title
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Tryghed for alle"
    assert changed["ETag"] != read["ETag"]
    assert client.get(f"/api/v1/targets/{target.pk}/")["ETag"] == changed["ETag"]
    target.refresh_from_db()
    assert target.title == "Tryghed for alle"


def test_a_change_through_the_api_leaves_the_same_history_as_the_same_change_in_the_browser(plan, planner):
    by_browser, by_api = plan.targets.order_by("number")[:2]
    client_for(planner).post(
        f"/targets/{by_browser.pk}/edit/",
        with_version(by_browser, {"number": by_browser.number, "title": "Ny titel", "description": ""}),
    )
    etag = api(planner).get(f"/api/v1/targets/{by_api.pk}/")["ETag"]
    patch(api(planner), f"/api/v1/targets/{by_api.pk}/", {"title": "Ny titel", "description": ""}, etag)

    def last_record(target):
        record = ChangeRecord.objects.filter(object_id=target.pk, content_type__model="target").first()
        return record.action, record.actor, record.plan_id, [c for c in record.changes if c["field"] == "title"]

    browser, through_api = last_record(by_browser), last_record(by_api)
    assert browser[:3] == through_api[:3] == ("update", planner, plan.pk)
    assert [c["new"] for c in browser[3]] == [c["new"] for c in through_api[3]] == ["Ny titel"]


def test_a_change_without_if_match_is_refused_with_428_and_nothing_changes(plan, planner):
    target = first_target(plan)

    response = patch(api(planner), f"/api/v1/targets/{target.pk}/", {"title": "Uden version"})

    assert response.status_code == 428
    assert response.json()["error"]["code"] == "precondition_required"
    assert "If-Match" in response.json()["error"]["message"]
    target.refresh_from_db()
    assert target.title != "Uden version"


def test_a_change_with_the_etag_from_before_someone_elses_save_is_refused_with_412(plan, planner, administrator):
    target = first_target(plan)
    stale = api(planner).get(f"/api/v1/targets/{target.pk}/")["ETag"]
    fresh = patch(api(administrator), f"/api/v1/targets/{target.pk}/", {"title": "Først"}, stale)

    late = patch(api(planner), f"/api/v1/targets/{target.pk}/", {"title": "For sent"}, stale)

    assert fresh.status_code == 200
    assert late.status_code == 412
    assert late.json()["error"]["code"] == "conflict"
    target.refresh_from_db()
    assert target.title == "Først"


def test_a_delete_needs_the_current_etag_too(plan, planner):
    client = api(planner)
    opening = Target.objects.get(
        pk=client.post(
            "/api/v1/targets/", {"plan": plan.slug, "number": 88, "title": "Kortlivet"}, content_type="application/json"
        ).json()["id"]
    )

    without = client.delete(f"/api/v1/targets/{opening.pk}/")
    with_it = client.delete(
        f"/api/v1/targets/{opening.pk}/", HTTP_IF_MATCH=client.get(f"/api/v1/targets/{opening.pk}/")["ETag"]
    )

    assert (without.status_code, with_it.status_code) == (428, 204)
    assert not Target.objects.filter(pk=opening.pk).exists()
    assert ChangeRecord.objects.filter(object_id=opening.pk, content_type__model="target", action="delete").exists()


def test_an_invalid_change_answers_400_at_the_field_in_the_asked_language_and_nothing_changes(plan, planner):
    first, second = plan.targets.order_by("number")[:2]
    client = api(planner, HTTP_ACCEPT_LANGUAGE="en")
    etag = client.get(f"/api/v1/targets/{second.pk}/")["ETag"]

    response = patch(client, f"/api/v1/targets/{second.pk}/", {"number": first.number}, etag)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"number": [f"Number {first.number} is already used here."]}
    second.refresh_from_db()
    assert second.number != first.number


def test_a_move_cannot_link_to_a_target_of_another_plan(plan, other_plan, planner):
    strategy = plan.strategies.first()
    foreign = first_target(other_plan)

    response = api(planner).post(
        "/api/v1/moves/",
        {"strategy": strategy.pk, "number": 42, "title": "Et træk", "targets": [foreign.pk]},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "targets" in response.json()["error"]["fields"]
    assert not Move.objects.filter(number=42, strategy=strategy).exists()


def test_a_new_object_keeps_what_it_was_created_under(plan, other_plan, planner):
    client = api(planner)
    created = client.post(
        "/api/v1/targets/",
        {"plan": plan.slug, "number": 77, "title": "Nyt pejlemærke"},
        content_type="application/json",
    )
    url = f"/api/v1/targets/{created.json()['id']}/"

    moved = patch(client, url, {"plan": other_plan.slug}, created["ETag"])

    assert created.status_code == 201
    assert moved.status_code == 200
    assert Target.objects.get(pk=created.json()["id"]).plan == plan


def test_an_unchanged_object_answers_304_without_a_body_and_200_after_a_change(
    plan, planner, django_assert_max_num_queries
):
    target = first_target(plan)
    client = api(planner)
    etag = client.get(f"/api/v1/targets/{target.pk}/")["ETag"]

    unchanged = client.get(f"/api/v1/targets/{target.pk}/", HTTP_IF_NONE_MATCH=etag)
    patch(client, f"/api/v1/targets/{target.pk}/", {"title": "Ændret"}, etag)
    changed = client.get(f"/api/v1/targets/{target.pk}/", HTTP_IF_NONE_MATCH=etag)

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag
    assert changed.status_code == 200
    assert changed.json()["title"] == "Ændret"


def test_a_list_answers_304_when_nothing_changed(plan, planner):
    client = api(planner)
    first = client.get("/api/v1/targets/")

    again = client.get("/api/v1/targets/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert again.status_code == 304
    assert "Authorization" in first["Vary"] and "Accept-Language" in first["Vary"]
    assert first["Cache-Control"] == "private, no-cache"


def test_the_active_vision_is_switched_with_its_etag(plan, planner):
    client = api(planner)
    new = client.post(
        "/api/v1/visions/", {"plan": plan.slug, "statement": "En ny vision."}, content_type="application/json"
    )
    old = plan.visions.exclude(pk=new.json()["id"]).get()

    activated = client.post(
        f"/api/v1/visions/{old.pk}/activate/", HTTP_IF_MATCH=client.get(f"/api/v1/visions/{old.pk}/")["ETag"]
    )

    assert new.status_code == 201 and new.json()["is_active"] is True
    assert activated.status_code == 200 and activated.json()["is_active"] is True
    assert plan.visions.get(is_active=True) == old


def test_an_objects_history_lists_its_changes_newest_first_with_the_versions_its_etags_name(plan, planner):
    target = first_target(plan)
    client = api(planner)
    patch(
        client,
        f"/api/v1/targets/{target.pk}/",
        {"title": "Anden titel"},
        client.get(f"/api/v1/targets/{target.pk}/")["ETag"],
    )

    history = client.get(f"/api/v1/targets/{target.pk}/history/").json()

    assert [record["action"] for record in history] == ["update", "create"]
    assert history[0]["actor_name"] == "Pia Testesen"
    assert {"field": "title", "old": target.title, "new": "Anden titel"} in history[0]["changes"]
    assert client.get(f"/api/v1/targets/{target.pk}/")["ETag"] == f'"v{history[0]["version"]}"'


# --- A real race ----------------------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_two_clients_patching_a_target_with_the_same_etag_exactly_one_wins_and_the_other_gets_412(
    transactional_db, planner, administrator
):
    """Both send the same ETag and both pass the first check; the service's row lock lets one save and then shows
    the other the new version. A third transaction holds the row until both wait for it."""
    require(connection.vendor == "postgresql", "row locks need PostgreSQL (DATABASE_URL=postgres://…)")
    from tests.factories import build_plan

    target = first_target(build_plan())
    url = f"/api/v1/targets/{target.pk}/"
    clients = [api(planner), api(administrator)]
    etag = clients[0].get(url)["ETag"]
    answers: dict[str, int] = {}
    holding, release = threading.Event(), threading.Event()

    def hold_the_row():
        try:
            with transaction.atomic():
                Target.objects.select_for_update().get(pk=target.pk)
                holding.set()
                release.wait(30)
        finally:
            connection.close()

    def change(index: int, title: str):
        try:
            answers[title] = patch(clients[index], url, {"title": title}, etag).status_code
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    assert holding.wait(10)
    writers = [threading.Thread(target=change, args=(i, title)) for i, title in enumerate(("Pia", "Anne"))]
    for writer in writers:
        writer.start()
    _wait_until_waiting_for_locks(2)
    release.set()
    for thread in (holder, *writers):
        thread.join(30)

    assert sorted(answers.values()) == [200, 412], answers
    winner = next(title for title, status in answers.items() if status == 200)
    target.refresh_from_db()
    assert target.title == winner
    assert ChangeRecord.objects.filter(object_id=target.pk, content_type__model="target", action="update").count() == 1


def _wait_until_waiting_for_locks(count: int, seconds: float = 10) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.05)
    raise AssertionError(f"{count} writers never waited for the row lock")
