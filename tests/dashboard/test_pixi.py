"""The pixi report: the dashboard on one A4 page, as a web page to print and as a PDF."""

import io
import re

import pypdf
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dashboard.pixi import first_sentence
from strategy.models import IndicatorValue, StrategyPlan
from strategy.selectors.targets import target_tiles
from tests.conftest import assert_only_what_every_request_reads

pytestmark = pytest.mark.django_db

VAEREBRO = "159-vaerebro-park"


def client_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(response) -> tuple[int, str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def test_the_pdf_is_one_page_naming_the_four_targets_with_their_numbers(demo):
    response = client_as(demo["styregruppe"]).get("/dashboard/pixi.pdf")
    pages, text = pdf_text(response)
    assert pages == 1
    assert response["Content-Disposition"].startswith('attachment; filename="bagsvaerd-status-')
    plan = StrategyPlan.objects.get()
    targets = list(plan.targets.order_by("number"))
    assert len(targets) == 4
    for target in targets:
        assert f"{target.number}. {' '.join(target.title.split())}" in text
        headline = (
            IndicatorValue.objects.filter(
                definition__target=target, area_id=plan.area_id, suppressed=False, value__isnull=False
            )
            .order_by("definition__code", "-year")
            .first()
        )
        number = f"{headline.value:.1f}".replace(".", ",")
        assert f"{number} {headline.definition.unit}" in text, (target.title, number)
    assert "Syntetiske eksempeltal" not in text and "opdigtet til demoen" in text  # the demo's figures say so
    assert "Det går godt" in text and "Kræver opmærksomhed" in text and "De næste beslutninger" in text


def test_the_pdf_holds_no_suppressed_value(demo):
    plan = StrategyPlan.objects.get()
    target = plan.targets.order_by("number").first()
    latest = (
        IndicatorValue.objects.filter(definition__target=target, area_id=plan.area_id)
        .order_by("definition__code", "-year")
        .first()
    )
    # The latest value is computed from fewer than five persons: it is stored suppressed, whatever it is.
    IndicatorValue.objects.filter(pk=latest.pk).update(value=12.3456, suppressed=True)
    _pages, text = pdf_text(client_as(demo["styregruppe"]).get("/dashboard/pixi.pdf"))
    assert "12,3" not in text and "12.3" not in text
    assert f"({latest.year - 1})" in text  # the year before, the latest value that may be shown


def test_the_concerns_and_highlights_follow_the_documented_rules(demo):
    page = client_as(demo["styregruppe"]).get("/dashboard/pixi/").content.decode()
    going_well = page[page.index("Det går godt") : page.index("Kræver opmærksomhed")]
    attention = page[page.index("Kræver opmærksomhed") : page.index("De næste beslutninger")]
    assert going_well.count("<li>") == 3 and attention.count("<li>") == 3
    # Indicators off track, then at risk, come first among the concerns, each in code order.
    tiles = [item for target in target_tiles(StrategyPlan.objects.get()) for item in target.indicators]
    worrying = sorted(
        (t for t in tiles if t.status in ("off_track", "at_risk")),
        key=lambda t: (t.status != "off_track", t.definition.code),
    )
    assert worrying, "the demo has indicators at risk"
    assert re.findall(r"<li>([^<:]+):", attention) == [t.definition.name_da for t in worrying][:3]
    assert "på rette spor" in going_well


def test_the_pdf_is_served_from_the_cache_until_the_data_change(demo, django_capture_on_commit_callbacks):
    from strategy.services import update_strategy_object

    client = client_as(demo["styregruppe"])
    first = client.get("/dashboard/pixi.pdf").content
    with CaptureQueriesContext(connection) as captured:
        again = client.get("/dashboard/pixi.pdf").content
    assert again == first
    assert_only_what_every_request_reads(captured)
    target = StrategyPlan.objects.get().targets.order_by("number").first()
    with django_capture_on_commit_callbacks(execute=True):
        update_strategy_object(
            obj=target, data={"number": target.number, "title": "Et nyt pejlemærke", "description": ""}, by=None
        )
    _pages, text = pdf_text(client.get("/dashboard/pixi.pdf"))
    assert "1. Et nyt pejlemærke" in text


def test_the_print_view_and_the_pdf_follow_the_dashboards_filters(demo):
    client = client_as(demo["styregruppe"])
    page = client.get(f"/dashboard/pixi/?area={VAEREBRO}").content.decode()
    assert "· Værebro Park" in page
    assert f'href="/dashboard/pixi.pdf?area={VAEREBRO}"' in page
    _pages, text = pdf_text(client.get(f"/dashboard/pixi.pdf?area={VAEREBRO}"))
    assert "· Værebro Park" in text
    dashboard = client.get(f"/dashboard/?area={VAEREBRO}").content.decode()
    assert f'href="/dashboard/pixi.pdf?area={VAEREBRO}"' in dashboard


def test_without_pango_the_pdf_link_says_so_and_offers_the_web_page(demo, monkeypatch):
    from dashboard import pdf

    def missing(html):
        raise pdf.PdfUnavailable

    monkeypatch.setattr("dashboard.views.render_pdf", missing)
    response = client_as(demo["styregruppe"]).get("/dashboard/pixi.pdf")
    assert response.status_code == 503
    assert "en kan ikke laves her" in response.content.decode()
    assert 'href="/dashboard/pixi/"' in response.content.decode()


def test_the_report_fetches_nothing_from_urls_in_its_content():
    from dashboard.pdf import render_pdf

    pdf = render_pdf('<p>Rum</p><img src="http://127.0.0.1:9/spor.png"><img src="file:///etc/passwd">')
    assert pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().strip() == "Rum"


def test_the_vision_is_its_first_sentence_without_quotation_marks():
    assert first_sentence("”Alle bydele skal være i social balance. Det er målet.”") == (
        "Alle bydele skal være i social balance."
    )
    assert first_sentence("„Et sted, alle vil bo”") == "Et sted, alle vil bo"
