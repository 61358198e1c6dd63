"""Every page needs a login; every edit view refuses every persona but planners and administrators.

The refusals are checked with a request that a planner's identical request shows to be valid, and by a
snapshot of every strategy table and the history before and after.
"""

import pytest
from django.core import serializers

from base.models import ChangeRecord
from strategy.models import MainMove, Move, OpeningMove, Principle, Strategy, StrategyPlan, Target, Vision
from strategy.services import create_strategy_object
from tests.conftest import client_for, with_version

pytestmark = pytest.mark.django_db

TABLES = [StrategyPlan, Vision, Target, Principle, Strategy, Move, MainMove, OpeningMove, ChangeRecord]


def database_state() -> str:
    return "".join(serializers.serialize("json", model.objects.order_by("pk")) for model in TABLES)


@pytest.fixture
def objects(plan):
    old_vision = create_strategy_object(model=Vision, parent=plan, data={"statement": "Ny vision."}, by=None)
    active = Vision.objects.get(plan=plan, is_active=True)
    assert active == old_vision  # the newest is active; the first is now an earlier version
    return {
        "plan": plan,
        "vision": active,
        "old_vision": Vision.objects.get(plan=plan, is_active=False),
        "target": plan.targets.get(number=4),
        "principle": plan.principles.get(number=5),
        "strategy": plan.strategies.get(kind="social"),
        "move": Move.objects.filter(strategy__plan=plan).order_by("pk").last(),
        "main_move": plan.main_move,
        "opening_move": OpeningMove.objects.get(main_move__plan=plan),
        # Deletable: nothing links to them.
        "loose_target": create_strategy_object(model=Target, parent=plan, data={"number": 20, "title": "Løs"}, by=None),
        "loose_principle": create_strategy_object(
            model=Principle, parent=plan, data={"number": 20, "title": "Løst"}, by=None
        ),
    }


def read_urls(o) -> list[str]:
    slug = o["plan"].slug
    urls = ["/", f"/plans/{slug}/"] + [
        f"/plans/{slug}/{page}/" for page in ("vision", "targets", "principles", "strategies", "main-move", "history")
    ]
    for key, prefix in [
        ("vision", "visions"),
        ("target", "targets"),
        ("principle", "principles"),
        ("strategy", "strategies"),
        ("move", "moves"),
        ("main_move", "main-moves"),
        ("opening_move", "opening-moves"),
    ]:
        urls += [f"/{prefix}/{o[key].pk}/", f"/{prefix}/{o[key].pk}/history/"]
    return urls


def write_requests(o) -> list[tuple[str, str, dict]]:
    """(name, url, valid POST data) for every view that writes."""
    slug = o["plan"].slug
    t, p, s, m = o["target"], o["principle"], o["strategy"], o["move"]
    return [
        ("vision_edit", f"/visions/{o['vision'].pk}/edit/", with_version(o["vision"], {"statement": "Ændret vision."})),
        ("target_edit", f"/targets/{t.pk}/edit/", with_version(t, {"number": t.number, "title": "Ændret pejlemærke"})),
        (
            "principle_edit",
            f"/principles/{p.pk}/edit/",
            with_version(p, {"number": p.number, "title": "Ændret princip"}),
        ),
        ("strategy_edit", f"/strategies/{s.pk}/edit/", with_version(s, {"title": "Ændret strategi"})),
        (
            "move_edit",
            f"/moves/{m.pk}/edit/",
            with_version(m, {"number": m.number, "title": "Ændret greb", "targets": [t.pk]}),
        ),
        (
            "main_move_edit",
            f"/main-moves/{o['main_move'].pk}/edit/",
            with_version(o["main_move"], {"title": "Ændret hovedgreb"}),
        ),
        (
            "opening_move_edit",
            f"/opening-moves/{o['opening_move'].pk}/edit/",
            with_version(o["opening_move"], {"title": "Ændret åbningstræk"}),
        ),
        ("vision_create", f"/plans/{slug}/vision/new/", {"statement": "En tredje vision."}),
        ("target_create", f"/plans/{slug}/targets/new/", {"number": 9, "title": "Nyt pejlemærke"}),
        ("principle_create", f"/plans/{slug}/principles/new/", {"number": 9, "title": "Nyt princip"}),
        ("move_create", f"/strategies/{s.pk}/moves/new/", {"number": 9, "title": "Nyt greb"}),
        (
            "opening_move_create",
            f"/main-moves/{o['main_move'].pk}/opening-moves/new/",
            {"title": "Nyt åbningstræk"},
        ),
        ("vision_activate", f"/visions/{o['old_vision'].pk}/activate/", {}),
        ("vision_delete", f"/visions/{o['old_vision'].pk}/delete/", {}),
        ("target_delete", f"/targets/{o['loose_target'].pk}/delete/", {}),
        ("principle_delete", f"/principles/{o['loose_principle'].pk}/delete/", {}),
        ("move_delete", f"/moves/{m.pk}/delete/", {}),
        ("opening_move_delete", f"/opening-moves/{o['opening_move'].pk}/delete/", {}),
    ]


WRITE_VIEWS = [
    "vision_edit",
    "target_edit",
    "principle_edit",
    "strategy_edit",
    "move_edit",
    "main_move_edit",
    "opening_move_edit",
    "vision_create",
    "target_create",
    "principle_create",
    "move_create",
    "opening_move_create",
    "vision_activate",
    "vision_delete",
    "target_delete",
    "principle_delete",
    "move_delete",
    "opening_move_delete",
]


def _request_for(objects, name):
    return next(r for r in write_requests(objects) if r[0] == name)


def test_an_anonymous_visitor_is_sent_to_the_login_from_every_page(client, objects):
    for url in read_urls(objects):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url


@pytest.mark.parametrize("view", WRITE_VIEWS)
def test_an_anonymous_visitor_is_sent_to_the_login_and_nothing_changes(client, objects, view):
    _name, url, data = _request_for(objects, view)
    before = database_state()
    for response in (client.get(url), client.post(url, data)):
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")
    assert database_state() == before


@pytest.mark.parametrize("persona", ["steering_member", "staff_a", "staff_b", "user_without_role"])
@pytest.mark.parametrize("view", WRITE_VIEWS)
def test_a_persona_without_edit_rights_gets_403_and_nothing_changes(request, objects, persona, view):
    client = client_for(request.getfixturevalue(persona))
    _name, url, data = _request_for(objects, view)
    before = database_state()
    if view != "vision_activate":  # POST only
        assert client.get(url).status_code == 403
    response = client.post(url, data)
    assert response.status_code == 403
    assert database_state() == before


@pytest.mark.parametrize("persona", ["planner", "administrator"])
@pytest.mark.parametrize("view", WRITE_VIEWS)
def test_planners_and_administrators_can_use_every_edit_view(request, objects, persona, view):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    _name, url, data = _request_for(objects, view)
    if view != "vision_activate":
        assert client.get(url).status_code == 200
    records_before = ChangeRecord.objects.count()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    newest = ChangeRecord.objects.order_by("-pk").first()
    assert ChangeRecord.objects.count() > records_before
    assert newest.actor == user


@pytest.mark.parametrize("persona", ["steering_member", "staff_a", "staff_b", "planner", "administrator"])
def test_every_persona_with_a_role_reads_every_page(request, objects, persona):
    client = client_for(request.getfixturevalue(persona))
    for url in read_urls(objects):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url


def test_a_logged_in_user_without_a_role_reads_nothing(user_without_role, objects):
    client = client_for(user_without_role)
    for url in read_urls(objects)[1:]:
        assert client.get(url).status_code == 403, url


def test_the_steering_member_sees_no_edit_controls(steering_member, planner, objects):
    target_url = f"/targets/{objects['target'].pk}/"
    edit_link = f"/targets/{objects['target'].pk}/edit/"
    assert edit_link not in client_for(steering_member).get(target_url).content.decode()
    assert edit_link in client_for(planner).get(target_url).content.decode()


def test_an_unknown_object_is_a_404_for_a_reader(steering_member, objects):
    assert client_for(steering_member).get("/targets/999999/").status_code == 404
    assert client_for(steering_member).get("/plans/findes-ikke/").status_code == 404
