"""Exports from the pages: the same lists through the REST API, in Excel (XLSX), Danish-Excel CSV and CSV, with the
reader's own session and rights; suppressed values stay empty and text that would be a formula stays text."""

import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from partnership.models import Risk
from strategy.models import IndicatorValue
from tests.conftest import client_for
from tests.strategy.test_api import data  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_the_indicator_values_as_xlsx_are_numbers_and_a_suppressed_value_stays_empty(data, steering_member):  # noqa: F811
    value = IndicatorValue.objects.filter(area__code="A", value__isnull=False).order_by("id").first()
    IndicatorValue.objects.filter(pk=value.pk).update(suppressed=True)
    response = client_for(steering_member).get("/api/v1/indicator-values/", {"area": "A", "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="indicator-value.xlsx"'
    rows = workbook_rows(response)
    stored = IndicatorValue.objects.filter(area__code="A").select_related("definition")
    assert len(rows) == stored.count() > 5  # the whole list, as in the CSV
    expected = {(v.definition.code, v.year): None if v.suppressed else v.value for v in stored}
    for row in rows:
        wanted = expected[(row["indicator"], row["year"])]
        if wanted is None:
            assert row["value"] is None
        else:
            assert isinstance(row["value"], int | float)  # a number, not text
            assert Decimal(str(row["value"])).quantize(wanted) == wanted
    assert any(row["suppressed"] is True and row["value"] is None for row in rows)


def test_text_that_would_be_a_formula_stays_text_in_the_workbook(plan, planner):
    from partnership.services import save_risk

    save_risk(
        risk=Risk(plan=plan),
        data={"kind": "obstacle", "title": '=HYPERLINK("http://x","y")', "likelihood": 2, "impact": 3},
        by=planner,
    )
    response = client_for(planner).get("/api/v1/risks/", {"format": "xlsx"})
    rows = workbook_rows(response)
    assert [row["title"] for row in rows] == ['\'=HYPERLINK("http://x","y")']
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_a_control_character_in_stored_text_does_not_break_the_workbook(plan, planner):
    from partnership.services import save_risk

    risk = save_risk(
        risk=Risk(plan=plan),
        data={"kind": "obstacle", "title": "Tavle i gården", "likelihood": 2, "impact": 3},
        by=planner,
    )
    # Written as text is no longer stored (tests/base/test_tidy_text.py), but text stored before that, or by a
    # write around the services, may still hold them.
    Risk.objects.filter(pk=risk.pk).update(title="Tavle\x0b\x03 i gården")
    rows = workbook_rows(client_for(planner).get("/api/v1/risks/", {"format": "xlsx"}))
    assert [row["title"] for row in rows] == ["Tavle\ufffd\ufffd i gården"]


def test_the_list_pages_link_their_exports_with_their_filters(plan, planner, space_a):
    page = client_for(planner).get("/spaces/", {"stage": "idea", "page": "1"}).content.decode()
    assert 'href="/api/v1/opportunity-spaces/?format=xlsx&amp;stage=idea"' in page
    assert 'href="/api/v1/opportunity-spaces/?format=csv-da&amp;stage=idea"' in page
    risks = client_for(planner).get("/governance/risks/").content.decode()
    assert 'href="/api/v1/risks/?format=xlsx"' in risks
    decisions = client_for(planner).get("/governance/decisions/").content.decode()
    assert 'href="/api/v1/decisions/?format=xlsx"' in decisions
    dashboard = client_for(planner).get("/dashboard/").content.decode()
    for url in (
        "/api/v1/opportunity-spaces/?format=xlsx",
        "/api/v1/risks/?format=csv-da",
        "/api/v1/decisions/?format=csv",
    ):
        assert f'href="{url}"' in dashboard
    assert 'href="/api/v1/indicator-values/?area=' in dashboard


def test_an_export_holds_only_what_the_reader_may_see(plan, staff_a, space_a, space_b):
    rows = workbook_rows(client_for(staff_a).get("/api/v1/opportunity-spaces/", {"format": "xlsx"}))
    assert [row["title"] for row in rows] == [space_a.title]


def test_an_export_needs_a_login(plan):
    response = Client().get("/api/v1/risks/", {"format": "xlsx"})
    assert response.status_code in (401, 403)


def test_a_file_longer_than_the_limit_is_refused_before_it_is_built_saying_how_to_get_the_rows(
    data,  # noqa: F811
    steering_member,
    settings,
    django_assert_max_num_queries,
):
    rows = IndicatorValue.objects.filter(area__code="A").count()
    client = client_for(steering_member)
    settings.API_FILE_MAX_ROWS = rows
    assert client.get("/api/v1/indicator-values/", {"area": "A", "format": "csv"}).status_code == 200  # at the limit

    settings.API_FILE_MAX_ROWS = rows - 1
    for file_format in ("csv", "csv-da", "xlsx"):
        with django_assert_max_num_queries(8):  # the count, not the rows
            response = client.get("/api/v1/indicator-values/", {"area": "A", "format": file_format})
        assert response.status_code == 400
        assert "Content-Disposition" not in response  # no file named as if it held the list
    text = client.get("/api/v1/indicator-values/", {"area": "A", "format": "csv"}).content.decode()
    assert text.startswith("code,message\r\ntoo_many_rows,")
    assert f"Listen har {rows} rækker; en fil kan højst have {rows - 1}." in text
    # JSON, a page at a time, still gives every row.
    page = client.get("/api/v1/indicator-values/", {"area": "A", "page_size": 500}).json()
    assert page["count"] == len(page["results"]) == rows


def test_the_limit_counts_in_danish_thousands(data, steering_member, settings):  # noqa: F811
    from base.api import TooManyRowsForAFile, _refuse_a_file_too_long

    settings.API_FILE_MAX_ROWS = 100_000
    _refuse_a_file_too_long(100_000)
    with pytest.raises(TooManyRowsForAFile, match=re.escape("438.000 rækker; en fil kan højst have 100.000.")):
        _refuse_a_file_too_long(438_000)
