"""The browser part of the crawl (``tests/test_every_page.py``): axe-core on one page of every URL pattern, in
Chromium, with DEBUG off, over the same data.

Each persona's crawl (links only, as in the client part) finds the pages: the planner's whole, which reaches every
URL pattern, the others' three pages of each pattern. For every URL pattern not yet checked the first page found is
opened in the browser as that persona, at 1280 px and at 390 px: axe-core must report no serious or critical
violation, and the page must not scroll sideways at either width (a container meant to scroll may). One page per
pattern keeps the suite quick: pages of one pattern share their template. The error pages (403, 404) are checked
too.
"""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.browser.conftest import assert_accessible, assert_fits_width
from tests.crawl import crawl
from tests.site import PERSONAS, WITHOUT_ROLE, build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = ((1280, 800), (390, 844))  # a laptop and a phone


def _open_as(context, live_server, user) -> Client:
    """Log ``user`` in for the test client and the browser context alike (one session)."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.clear_cookies()
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": key, "url": live_server.url}])
    return client


def test_one_page_of_every_url_pattern_passes_axe_for_the_persona_that_reaches_it_first(page, live_server, settings):
    users = build_site()
    settings.DEBUG = False
    checked: dict[str, str] = {}  # pattern → "persona url"
    everything: set[str] = set()
    too_wide: list[str] = []
    for persona in [p for p in PERSONAS if p != WITHOUT_ROLE]:
        client = _open_as(page.context, live_server, users[persona])
        if not everything:  # the planner, who reaches every pattern: the whole crawl, to know them all
            result = crawl(client)
            everything = result.patterns()
        else:  # the others: a page or three of each pattern is enough to find theirs
            result = crawl(client, max_per_pattern=3)
            assert result.patterns() <= everything, f"{persona} reaches more than the planner"
        for found in result.pages.values():
            if found.pattern in checked or found.status != 200 or not found.is_html:
                continue
            checked[found.pattern] = f"{persona} {found.url}"
            for width, height in WIDTHS:
                page.set_viewport_size({"width": width, "height": height})
                page.goto(f"{live_server.url}{found.url}")
                assert_accessible(page)
                try:
                    assert_fits_width(page)
                except AssertionError as problem:  # every page's, named together at the end
                    too_wide.append(str(problem))

    _open_as(page.context, live_server, users[WITHOUT_ROLE])
    response = page.goto(f"{live_server.url}/")
    assert response.status == 403
    assert_accessible(page)
    response = page.goto(f"{live_server.url}/findes-ikke/")
    assert response.status == 404
    assert_accessible(page)
    assert len(checked) > 60, f"only {len(checked)} URL patterns were checked"
    assert not too_wide, "\n\n".join(too_wide)


def test_the_width_check_finds_what_is_cut_off_and_lets_a_container_meant_to_scroll_be_wider(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/login/")
    assert_fits_width(page)
    page.evaluate(
        """() => {
        const box = document.createElement('div');
        box.style.overflowX = 'auto';
        box.innerHTML = '<table><tr><td>in a scrolling container</td></tr></table>';
        box.querySelector('td').style.minWidth = '900px';  // through the DOM: the CSP refuses style attributes
        document.querySelector('main').append(box);
    }"""
    )
    assert_fits_width(page)
    page.evaluate(
        """() => {
        const table = document.createElement('table');
        table.innerHTML = '<tr><td>cut off at the edge</td></tr>';
        table.querySelector('td').style.minWidth = '900px';
        document.querySelector('main').append(table);
    }"""
    )
    with pytest.raises(AssertionError, match="cut off at the edge"):
        assert_fits_width(page)
