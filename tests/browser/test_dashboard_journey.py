"""The steering group's dashboard in a real browser, with axe-core on every page visited: a member logs in and
lands on the dashboard, filters it to Værebro Park, opens a criterion from the criteria panel, reads the one-page
report, downloads it as a PDF of one page, and downloads the area's indicator values as an Excel workbook."""

import io
from io import StringIO

import pypdf
import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.browser.conftest import assert_accessible, assert_fits_width, send_login_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
DEMO_PASSWORD = "bagsvaerd-demo-2026"  # the demo's published password


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the demo's logins have a published password: it loads only in development
    call_command("load_demo", stdout=StringIO())  # commits: its recompute runs as it would
    settings.DEBUG = False


def check(page) -> None:
    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)
    assert_fits_width(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_steering_member_reads_the_dashboard_filters_it_opens_a_criterion_and_downloads_the_pdf(
    page, live_server, demo, viewport
):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/login/")
    send_login_form(page, "styregruppe", DEMO_PASSWORD)
    page.wait_for_url("**/dashboard/")
    check(page)
    assert page.get_by_role("heading", name="De fire pejlemærker").is_visible()
    assert page.locator(".dashboard-tile").count() == 4

    page.get_by_label("Boligområde").select_option(label="Værebro Park")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**/dashboard/?area=159-vaerebro-park**")
    check(page)
    assert "De fire pejlemærker – Værebro Park" in page.get_by_role("heading", level=2).first.inner_text()

    criterion = page.locator("#criteria-heading ~ .dashboard-area table tbody th a").first
    name = criterion.inner_text()
    criterion.click()
    page.wait_for_url("**/areas/159-vaerebro-park/criteria/#criterion-**")
    check(page)
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"#{anchor}").inner_text().startswith(name)

    page.go_back()
    page.get_by_role("link", name="læs eller udskriv den").click()
    page.wait_for_url("**/dashboard/pixi/?area=159-vaerebro-park")
    assert_accessible(page)
    assert page.get_by_role("heading", name="Det går godt").is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som PDF").click()
    pdf = download.value
    assert pdf.suggested_filename.startswith("bagsvaerd-status-") and pdf.suggested_filename.endswith(".pdf")
    reader = pypdf.PdfReader(io.BytesIO(open(pdf.path(), "rb").read()))  # noqa: SIM115 - read once
    assert len(reader.pages) == 1
    assert "Værebro Park" in reader.pages[0].extract_text()

    page.get_by_role("link", name="← Status").click()
    page.wait_for_url("**/dashboard/?area=159-vaerebro-park")
    downloads = page.locator("#downloads-heading ~ p")  # the first: the indicator values
    with page.expect_download() as download:
        downloads.first.get_by_role("link", name="Excel (XLSX)").click()
    workbook = download.value
    assert workbook.suggested_filename == "indicator-value.xlsx"
    sheet = load_workbook(io.BytesIO(open(workbook.path(), "rb").read()), read_only=True).active  # noqa: SIM115
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) > 10
    area = rows[0].index("area")
    assert {row[area] for row in rows[1:]} == {"159-vaerebro-park"}  # the filtered area's values only


# Each node's box (its first rect) and the text lines drawn in it, measured by the browser in the drawing's units;
# the drawing's scale on the screen. Only the drawing shown at this width.
MEASURE_MAP = """() => {
  const svg = [...document.querySelectorAll('.strategy-map-svg')].find(s => s.getBoundingClientRect().width > 0);
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const nodes = [...svg.querySelectorAll('a')].map(a => {
    const box = a.querySelector('rect').getBBox();
    const lines = [...a.querySelectorAll('text')].map(t => {
      const b = t.getBBox();
      return [t.textContent, b.x, b.y, b.width, b.height];
    });
    return {href: a.getAttribute('href'), box: [box.x, box.y, box.width, box.height], lines};
  });
  return {scale, font: parseFloat(getComputedStyle(svg.querySelector('a text')).fontSize), nodes};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_steering_member_opens_the_strategy_map_reads_every_box_and_follows_a_target(
    page, live_server, demo, viewport
):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/login/")
    send_login_form(page, "styregruppe", DEMO_PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.get_by_role("link", name="strategikortet").click()
    page.wait_for_url("**/plans/bagsvaerd/map/")
    check(page)

    drawing = page.evaluate(MEASURE_MAP)
    assert (
        len(drawing["nodes"]) == 25
    )  # spaces, 5 principles, 3 strategies, 9 moves, main move, places, 4 targets, vision
    assert drawing["font"] * drawing["scale"] >= 12, "the map's text is too small to read at this width"
    for node in drawing["nodes"]:
        x, y, width, height = node["box"]
        for text, tx, ty, tw, th in node["lines"]:
            assert x < tx and tx + tw <= x + width, f"{text!r} runs out of its box sideways ({node['href']})"
            assert y <= ty and ty + th <= y + height + 1, f"{text!r} runs out of its box ({node['href']})"

    # A node's link is named by its title and its status, for a screen reader too.
    target = page.get_by_role("link", name="4. Værebro Park er fri for bande kriminalitet ✓ På rette spor")
    target.click()
    page.wait_for_url("**/targets/*/")
    check(page)

    page.go_back()
    page.emulate_media(media="print")  # in print the wide drawing, whatever the window
    assert page.locator(".strategy-map--wide svg").is_visible()
    assert not page.locator(".strategy-map--narrow svg").is_visible()
