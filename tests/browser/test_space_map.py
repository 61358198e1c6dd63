"""The map of opportunity spaces in a real browser."""

import pytest

from opportunities.services import update_space
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_maps_attribution_links_are_told_from_the_text_by_more_than_colour(
    page, live_server, settings, planner, space_a
):
    # A tile server that does not answer: the attribution line is drawn all the same (no network in the tests).
    settings.MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© OpenStreetMap-bidragydere"
    update_space(space=space_a, data={"latitude": "55.76170", "longitude": "12.45170"}, by=planner)
    log_in(page, live_server, planner.username)
    page.goto(f"{live_server.url}/spaces/map/")
    attribution = page.locator(".leaflet-control-attribution")
    attribution.wait_for()
    assert "OpenStreetMap" in attribution.inner_text()
    assert (
        page.locator(".leaflet-control-attribution a").first.evaluate(
            "link => getComputedStyle(link).textDecorationLine"
        )
        == "underline"
    )
    assert_accessible(page)
