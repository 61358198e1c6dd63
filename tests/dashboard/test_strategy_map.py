"""The strategy map: the chain from opportunity spaces to social balance as one diagram, with a status on every
node and every node a link; drawn so that its boxes hold their text, on a phone and on a wide screen."""

import xml.etree.ElementTree

import defusedxml.ElementTree as ET
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.models import Organisation, User
from dashboard.strategy_map import (
    FONT,
    MAX_LINES,
    NARROW_WIDTH,
    PAD,
    TEXT_EM,
    TITLE_EM,
    WIDE_WIDTH,
    Band,
    Node,
    layout,
)
from opportunities.models import OpportunitySpace
from strategy.models import StrategyPlan
from strategy.selectors.targets import target_tiles
from tests.dashboard.test_dashboard import _large_set

MAP = "/plans/bagsvaerd/map/"
STATUS_TEXT = {"on_track": "På rette spor", "at_risk": "I risiko", "off_track": "Ikke på rette spor"}


def client_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def drawings(user) -> dict[str, xml.etree.ElementTree.Element]:
    """The map's two drawings (narrow, wide) as SVG elements."""
    response = client_as(user).get(MAP)
    assert response.status_code == 200
    page = response.content.decode()
    found = {}
    for name in ("narrow", "wide"):
        start = page.index("<svg", page.index(f'class="strategy-map--{name}"'))
        found[name] = ET.fromstring(page[start : page.index("</svg>", start) + len("</svg>")])
    return found


def nodes(svg: xml.etree.ElementTree.Element) -> dict[str, dict]:
    """Each node of a drawing by its link: its title, its status (the lines after the title) and its level."""
    found = {}
    for link in svg.iter("a"):
        texts = [(t.get("class"), t.text or "") for t in link.iter("text")]
        found[link.get("href")] = {
            "title": " ".join(text for kind, text in texts if kind == "strategy-map-title"),
            "status": " ".join(text for kind, text in texts if kind == "strategy-map-status"),
            "level": link.get("class").split("level-")[1],
        }
    return found


@pytest.mark.django_db
def test_every_element_of_the_chain_is_a_node_with_its_status_and_a_link_to_its_page(demo):
    plan = StrategyPlan.objects.get()
    svgs = drawings(demo["styregruppe"])
    narrow, wide = nodes(svgs["narrow"]), nodes(svgs["wide"])
    assert narrow.keys() == wide.keys(), "the two drawings show the same nodes"
    for href, node in narrow.items():  # a long title may be cut at another word in the narrow drawing
        assert (node["status"], node["level"]) == (wide[href]["status"], wide[href]["level"])
        assert node["title"].rstrip("…")[:40] == wide[href]["title"].rstrip("…")[:40]
    bands = [t.text for t in svgs["wide"].iter("text") if t.get("class") == "strategy-map-band"]
    assert bands == [
        "1. Mulighedsrum",
        "2. Principper",
        "3. Strategier og deres greb",
        "4. Hovedgrebet",
        "5. Sociale mødesteder",
        "6. Pejlemærker",
        "7. Social balance",
    ]
    expected = (
        [reverse("space_list"), reverse("space_list") + "?meeting_place=yes"]
        + [reverse("principle_detail", args=[p.pk]) for p in plan.principles.all()]
        + [reverse("strategy_detail", args=[s.pk]) for s in plan.strategies.all()]
        + [reverse("move_detail", args=[m.pk]) for s in plan.strategies.all() for m in s.moves.all()]
        + [reverse("main_move_detail", args=[plan.main_move.pk])]
        + [reverse("target_detail", args=[t.pk]) for t in plan.targets.all()]
        + [reverse("vision_detail", args=[plan.visions.get(is_active=True).pk])]
    )
    assert sorted(wide) == sorted(expected)
    for href, node in wide.items():
        assert node["title"] and node["status"][:2] in ("✓ ", "! ", "✕ ", "– "), (href, node)
        assert client_as(demo["styregruppe"]).get(href).status_code == 200, href

    for tile in target_tiles(plan):
        node = wide[reverse("target_detail", args=[tile.target.pk])]
        assert node["title"].startswith(f"{tile.target.number}. ")
        assert node["status"][2:] == STATUS_TEXT.get(tile.status, "Ingen data")
    on_track = sum(tile.status == "on_track" for tile in target_tiles(plan))
    vision = wide[reverse("vision_detail", args=[plan.visions.get(is_active=True).pk])]
    assert vision["status"].endswith(f"{on_track} af 4 pejlemærker på rette spor")
    spaces = wide[reverse("space_list")]
    assert spaces["title"] == f"{OpportunitySpace.objects.count()} mulighedsrum"


@pytest.mark.django_db
def test_an_element_no_space_carries_asks_for_attention(demo):
    plan = StrategyPlan.objects.get()
    principle = plan.principles.get(number=5)
    href = reverse("principle_detail", args=[principle.pk])
    before = nodes(drawings(demo["planlaegger"])["wide"])[href]
    assert before["level"] == "good" and before["status"].startswith("✓ Bæres af ")

    OpportunitySpace.principles.through.objects.filter(principle=principle).delete()
    after = nodes(drawings(demo["planlaegger"])["wide"])[href]
    assert after == {"title": before["title"], "status": "! Intet mulighedsrum bærer det endnu", "level": "warning"}


@pytest.mark.django_db
def test_a_stopped_space_no_longer_carries_what_it_served(demo):
    plan = StrategyPlan.objects.get()
    principle = plan.principles.get(number=5)
    href = reverse("principle_detail", args=[principle.pk])
    OpportunitySpace.objects.filter(principles=principle).update(stage="stopped", stopped_reason="Afprøvet")
    assert nodes(drawings(demo["planlaegger"])["wide"])[href]["level"] == "warning"


@pytest.mark.django_db
def test_housing_staff_see_only_their_own_organisations_spaces_counted(demo):
    gab = demo["gab"]
    own = OpportunitySpace.objects.filter(organisation__in=Organisation.objects.filter(memberships__user=gab))
    assert 0 < own.count() < OpportunitySpace.objects.count()
    spaces = nodes(drawings(gab)["wide"])[reverse("space_list")]
    assert spaces["title"] == f"{own.count()} mulighedsrum"
    page = client_as(gab).get(MAP).content.decode()
    assert "De mulighedsrum, der er talt med, er din organisations." in page


@pytest.mark.django_db
def test_the_map_is_for_those_with_a_role_and_an_unknown_plan_is_not_found(demo):
    outsider = User.objects.create_user("uden-rolle", password="x" * 20)
    assert client_as(outsider).get(MAP).status_code == 403
    assert client_as(demo["styregruppe"]).get("/plans/findes-ikke/map/").status_code == 404
    assert Client().get(MAP)["Location"].startswith("/login/")


@pytest.mark.django_db
def test_the_map_makes_as_many_queries_with_a_thousand_more_spaces(demo):
    plan = StrategyPlan.objects.get()

    def queries(user) -> int:
        client = client_as(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(MAP).status_code == 200
        return len(captured)

    before = {name: queries(demo[name]) for name in ("styregruppe", "gab")}
    _large_set(plan, Organisation.objects.filter(memberships__user=demo["gab"]).first())
    assert {name: queries(demo[name]) for name in ("styregruppe", "gab")} == before


# --- The layout: boxes hold their text and do not overlap -----------------------------------------------------

LONG = "Værebro Park kobles sammen med bydelen gennem sociale, organisatoriske og fysiske mulighedsrum " * 3


def _bands() -> list[Band]:
    def node(title: str, children=()) -> Node:
        return Node(title, "/x/", "good", "Bæres af 12 mulighedsrum, heraf 3 ikke opdateret i 8 uger", list(children))

    return [
        Band(1, "Mulighedsrum", [node("16 mulighedsrum")]),
        Band(2, "Principper", [node(f"{n}. {LONG}") for n in range(1, 6)]),
        Band(3, "Strategier", [node("Den sociale strategi", [node(f"{n}. Greb {LONG}") for n in range(4)])] * 3),
        Band(6, "Pejlemærker", [node(f"{n}. Mål") for n in range(1, 5)]),
        Band(7, "Social balance", [node(LONG)]),
    ]


def _boxes(diagram):
    for box in diagram.boxes:
        yield box
        yield from box.children


@pytest.mark.parametrize("wide", [False, True], ids=["narrow", "wide"])
def test_every_box_lies_inside_the_drawing_holds_its_lines_and_overlaps_no_other(wide):
    diagram = layout(_bands(), wide=wide)
    assert diagram.width == (WIDE_WIDTH if wide else NARROW_WIDTH)
    for box in _boxes(diagram):
        assert box.x >= 0 and box.x + box.w <= diagram.width and box.y >= 0 and box.y + box.h <= diagram.height
        lines = box.title + box.status
        assert len(box.title) <= MAX_LINES and box.title[-1].text.endswith("…") == (len(box.title) == MAX_LINES)
        for line in lines:
            assert box.y < line.y - FONT and line.y + PAD / 2 <= box.y + box.h, "a line outside its box"
            em = TITLE_EM if line in box.title else TEXT_EM
            assert len(line.text) * FONT * em <= box.x + box.w - line.x, "a line wider than its box"
        for child in box.children:
            assert box.x < child.x and child.x + child.w < box.x + box.w and child.y > lines[-1].y
    tops = list(diagram.boxes)
    for i, one in enumerate(tops):
        for other in tops[i + 1 :]:
            apart = (
                one.x + one.w <= other.x
                or other.x + other.w <= one.x
                or one.y + one.h <= other.y
                or other.y + other.h <= one.y
            )
            assert apart, "two nodes overlap"
