"""The map of opportunity spaces in a real browser."""

import pytest

from opportunities.services import update_space
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_maps_attribution_links_are_told_from_the_text_by_more_than_colour(
    page, live_server, settings, planner, space_a
):
    # No network in the tests: every tile is one of the app's own images, served by the test server.
    settings.MAP_TILE_URL = f"{live_server.url}/static/leaflet/images/layers.png"
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


def test_markers_are_drawn_by_stage_with_a_legend_and_without_tiles_on_a_plain_background(
    page, live_server, settings, planner, space_a
):
    settings.MAP_TILE_URL = ""  # a closed network: no map service configured
    update_space(space=space_a, data={"latitude": "55.76170", "longitude": "12.45170"}, by=planner)
    elsewhere = []  # every request the page makes outside the app
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else elsewhere.append(r.url))
    log_in(page, live_server, planner.username)
    page.goto(f"{live_server.url}/spaces/map/")
    marker = page.locator(f".space-map-marker svg.stage-marker--{space_a.stage}")
    marker.wait_for()
    legend = page.locator("#space-map-legend")
    assert legend.is_visible()
    assert legend.locator("li").count() == 6  # every stage, each with its own shape
    assert legend.locator(f'[data-stage="{space_a.stage}"] svg').evaluate("svg => svg.outerHTML") == marker.evaluate(
        "svg => svg.outerHTML"
    )
    assert "space-map--plain" in page.locator("#space-map").get_attribute("class")
    assert elsewhere == []
    assert_accessible(page)


def test_when_the_tiles_cannot_be_fetched_the_map_asks_for_no_more_and_says_why(
    page, live_server, settings, planner, space_a
):
    settings.MAP_TILE_URL = "http://127.0.0.1:9/tile/{z}/{x}/{y}.png"  # nothing answers on port 9
    update_space(space=space_a, data={"latitude": "55.76170", "longitude": "12.45170"}, by=planner)
    requests = []
    page.on("request", lambda request: requests.append(request.url) if "127.0.0.1:9/" in request.url else None)
    log_in(page, live_server, planner.username)
    page.goto(f"{live_server.url}/spaces/map/")
    page.locator(".space-map-no-tiles").wait_for(state="visible")
    assert "space-map--plain" in page.locator("#space-map").get_attribute("class")
    asked = len(requests)
    page.locator(".leaflet-control-zoom-out").click()  # a new view would ask for new tiles
    page.wait_for_timeout(500)
    assert len(requests) == asked
