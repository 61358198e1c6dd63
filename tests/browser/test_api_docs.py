"""The API's documentation page (/api/v1/docs/): Swagger UI served by the app itself (no CDN: nothing outside the
app is requested), with the OpenAPI document loaded through the reader's session, accessible (axe-core) and
usable on a phone."""

import pytest

from tests.browser.conftest import assert_accessible, assert_fits_width, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_api_documentation_shows_every_endpoint_from_the_apps_own_files_and_passes_axe(
    page, live_server, plan, planner, settings, width
):
    settings.DEBUG = False
    page.set_viewport_size({"width": width, "height": 900})
    outside = []
    page.on("request", lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url))
    log_in(page, live_server, planner.username)

    page.goto(f"{live_server.url}/api/v1/docs/")
    # The groups start closed: open one, then one of its endpoints, as a reader would.
    page.locator("#operations-tag-indicator-values").click()
    page.locator('[data-path="/api/v1/indicator-values/"]').first.click()
    page.locator(".opblock-body").first.wait_for()

    assert page.get_by_role("heading", level=1).all_inner_texts() == ["API-dokumentation"]
    assert_accessible(page)
    assert outside == []
    assert_fits_width(page)


def test_a_new_key_is_shown_whole_on_a_phone_without_widening_the_page(page, live_server, planner, settings):
    settings.DEBUG = False
    page.set_viewport_size({"width": 390, "height": 900})
    log_in(page, live_server, planner.username)

    page.goto(f"{live_server.url}/account/tokens/")
    page.get_by_label("Navn").fill("Power BI, indikatorer")
    page.get_by_role("button", name="Lav nøglen").click()

    key = page.locator("#new-key")
    assert len(key.inner_text()) == 64
    assert key.bounding_box()["width"] <= 390
    assert_fits_width(page)
    assert_accessible(page)
