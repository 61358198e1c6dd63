"""The pages people read most fit in a few screens for the demo, measured in Chromium at 1280 px (a laptop screen,
1280 × 800): the area indicators and the area criteria at most three screens, an opportunity space with the longest
activity log at most four. Each is also checked with axe-core and for nothing cut off at the right edge; so is the
risk register, whose potentials have their own colour scale."""

from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from base.models import User
from opportunities.models import OpportunitySpace
from tests.browser.conftest import assert_accessible, assert_fits_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 1280, "height": 800}
VAEREBRO = "159-vaerebro-park"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the demo's logins have a published password: it loads only in development
    call_command("load_demo", stdout=StringIO())  # commits: its recompute runs as it would
    settings.DEBUG = False


def _log_in(page, live_server, username: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": key, "url": live_server.url}])


def test_the_most_read_pages_fit_their_budget_of_screens_at_1280_px(page, live_server, demo):
    longest_log = OpportunitySpace.objects.annotate(n=Count("activities")).order_by("-n").first()
    assert longest_log.n >= 20, "the demo's longest log is long enough to test the page's budget"
    budgets = {
        f"/areas/{VAEREBRO}/indicators/": 3,
        f"/areas/{VAEREBRO}/criteria/": 3,
        f"/spaces/{longest_log.pk}/": 4,
    }
    page.set_viewport_size(SCREEN)
    _log_in(page, live_server, "planlaegger")  # who sees the most: every action and the formulas
    heights = {}
    for url, screens in budgets.items():
        page.goto(f"{live_server.url}{url}")
        assert_accessible(page)
        assert_fits_width(page)
        heights[url] = page.evaluate("() => document.documentElement.scrollHeight")
        assert heights[url] <= screens * SCREEN["height"], f"{url}: {heights[url]} px, {heights[url] / 800:.1f} screens"


def test_the_risk_register_fits_at_1280_px_and_potentials_are_never_coloured_as_dangers(page, live_server, demo):
    page.set_viewport_size(SCREEN)
    _log_in(page, live_server, "styregruppe")
    page.goto(f"{live_server.url}/governance/risks/")
    assert_accessible(page)
    assert_fits_width(page)  # the register's nine columns scroll in their own labelled container
    colour = "(selector) => getComputedStyle(document.querySelector(selector)).backgroundColor"
    danger = page.evaluate(colour, ".heat-map--obstacle .heat-high")
    chance = page.evaluate(colour, ".heat-map--potential .heat-high")
    red, _green, blue = (int(part) for part in chance[chance.index("(") + 1 : -1].split(",")[:3])
    assert chance != danger and blue > red, chance


# The words of the board's card titles that the browser breaks across lines (each word's text range drawn as more
# than one box).
_BROKEN_WORDS = """() => {
  const broken = [];
  for (const link of document.querySelectorAll('.space-card a')) {
    const text = link.firstChild;
    let at = 0;
    for (const word of text.textContent.split(' ')) {
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + word.length);
      if (word && range.getClientRects().length > 1) broken.push(word);
      at += word.length + 1;
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_boards_cards_keep_danish_compounds_whole(page, live_server, demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    _log_in(page, live_server, "planlaegger")
    page.goto(f"{live_server.url}/spaces/board/")
    assert page.locator('.space-card a[lang="da"]').count() == OpportunitySpace.objects.count()
    assert page.evaluate(_BROKEN_WORDS) == []


def test_on_a_phone_the_spaces_list_shows_each_spaces_stage_and_index_without_scrolling_sideways(
    page, live_server, demo
):
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, "planlaegger")
    page.goto(f"{live_server.url}/spaces/")
    assert_fits_width(page)
    for cell in (".space-stage", ".space-index"):
        boxes = [box for box in (c.bounding_box() for c in page.locator(cell).all()) if box]
        assert len(boxes) == OpportunitySpace.objects.count(), cell
        assert all(box["x"] >= 0 and box["x"] + box["width"] <= 390 for box in boxes), cell
