"""The strategy's REST API: indicator values and classifications with their filters, JSON and the two CSV
representations, suppressed values, who may read what, and query counts that do not grow with rows."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from base.services.tokens import create_api_token
from strategy.models import IndicatorValue, RecomputeRun
from strategy.selectors import classification_export
from strategy.services import upsert_area
from strategy.services.recompute import recompute_indicators
from strategy.services.statistics import import_statistics
from tests.strategy.test_recompute import CALM, ESTATE, _rows, statistics_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(settings):
    """The recompute tests' country, region, town and two housing areas, with statistics and their results."""
    settings.RECOMPUTE_AFTER_IMPORT = False
    dk = upsert_area(code="DK", name="Danmark", kind="country", parent=None)
    region = upsert_area(code="R", name="Regionen", kind="region", parent=dk)
    town = upsert_area(code="K", name="Kommunen", kind="municipality", parent=region)
    upsert_area(code="A", name="Bebyggelse A", kind="housing_area", parent=town)
    upsert_area(code="B", name="Bebyggelse B", kind="housing_area", parent=town)
    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    recompute_indicators()
    return town


def api(user, *, read_only: bool = False) -> Client:
    _token, key = create_api_token(user=user, name="test", read_only=read_only)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_the_classifications_of_a_list_year_are_exactly_what_the_export_prints(data, steering_member):
    response = api(steering_member).get("/api/v1/classifications/", {"list_year": 2022, "page_size": 500})
    assert response.status_code == 200
    assert response.json()["results"] == classification_export(list_year=2022)
    assert response.json()["count"] == 2


def test_the_classifications_are_filtered_by_area_category_and_rule_set(data, planner):
    client = api(planner)
    udsat = client.get("/api/v1/classifications/", {"list_year": 2022, "category": "udsat_boligomraade"}).json()
    assert [row["area_code"] for row in udsat["results"]] == ["A"]
    only_b = client.get("/api/v1/classifications/", {"area": "B"}).json()["results"]
    assert only_b and {row["area_code"] for row in only_b} == {"B"}
    rule_2021 = client.get("/api/v1/classifications/", {"rule_set": "2021"}).json()["results"]
    assert rule_2021 and {row["rule_set"] for row in rule_2021} == {"2021"}
    refused = client.get("/api/v1/classifications/", {"category": "findes_ikke"})
    assert refused.status_code == 400
    assert "category" in refused.json()["error"]["fields"]


def test_the_indicator_values_are_filtered_and_a_suppressed_value_is_null_in_json_and_csv(data, staff_a):
    value = IndicatorValue.objects.filter(area__code="A").order_by("definition__code", "year").first()
    IndicatorValue.objects.filter(pk=value.pk).update(suppressed=True)
    query = {"indicator": value.definition.code, "area": "A", "year_from": value.year, "year_to": value.year}
    client = api(staff_a)
    [row] = client.get("/api/v1/indicator-values/", query).json()["results"]
    assert row == {
        "indicator": value.definition.code,
        "area": "A",
        "year": value.year,
        "value": None,
        "unit": value.definition.unit,
        "suppressed": True,
    }
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/api/v1/indicator-values/", {**query, "format": "csv"}).content.decode())
        )
    )
    assert rows == [
        {
            "indicator": value.definition.code,
            "area": "A",
            "year": str(value.year),
            "value": "",
            "unit": value.definition.unit,
            "suppressed": "true",
        }
    ]


def test_the_danish_excel_csv_of_the_indicator_values_reads_back_to_the_same_numbers(data, steering_member):
    client = api(steering_member)
    response = client.get("/api/v1/indicator-values/", {"area": "A", "format": "csv-da"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="indicator-value.csv"'
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    stored = IndicatorValue.objects.filter(area__code="A").select_related("definition")
    assert len(rows) == stored.count() > 5  # every row: a CSV is not paged
    expected = {(v.definition.code, v.year): None if v.suppressed else v.value for v in stored}
    for row in rows:
        read = Decimal(row["value"].replace(",", ".")) if row["value"] else None
        assert read == expected[(row["indicator"], int(row["year"]))]
        assert "." not in row["value"]


def test_the_classifications_as_csv_have_one_row_per_criterion(data, planner):
    body = api(planner).get("/api/v1/classifications/", {"list_year": 2022, "area": "A", "format": "csv"}).content
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    [export] = classification_export(list_year=2022, area_code="A")
    assert len(rows) == len(export["criteria"])
    assert [row["criterion_code"] for row in rows] == [c["code"] for c in export["criteria"]]
    assert {row["categories"] for row in rows} == {"|".join(export["categories"])}


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_neutralised(data, planner):
    upsert_area(code="X1", name='=HYPERLINK("http://x")', kind="housing_area", parent=data)
    upsert_area(code="X2", name="-1+1", kind="housing_area", parent=data)
    for fmt, delimiter in (("csv", ","), ("csv-da", ";")):
        body = api(planner).get("/api/v1/areas/", {"format": fmt, "kind": "housing_area"}).content.decode()
        names = {
            row["code"]: row["name"] for row in csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=delimiter)
        }
        assert names["X1"] == '\'=HYPERLINK("http://x")'
        assert names["X2"] == "'-1+1"


def test_everyone_with_a_role_reads_the_indicators_and_only_planners_the_recompute_runs(
    data, planner, administrator, steering_member, staff_a, staff_b, user_without_role
):
    for user in (planner, administrator, steering_member, staff_a, staff_b):
        assert api(user).get("/api/v1/indicator-values/").status_code == 200
    assert api(planner).get("/api/v1/recompute-runs/").status_code == 200
    assert api(administrator).get("/api/v1/recompute-runs/").status_code == 200
    for user in (steering_member, staff_a):
        assert api(user).get("/api/v1/recompute-runs/").status_code == 403
    session = Client()
    session.force_login(user_without_role)
    assert session.get("/api/v1/indicator-values/").status_code == 403
    assert Client().get("/api/v1/indicator-values/").status_code == 401


def test_an_interrupted_run_is_reported_as_interrupted(data, planner):
    RecomputeRun.objects.create(scope="full", state="failed", error=RecomputeRun.INTERRUPTED)
    states = [run["state"] for run in api(planner).get("/api/v1/recompute-runs/").json()["results"]]
    assert states[0] == "interrupted"


def test_the_browser_session_reads_the_api_and_needs_csrf_to_write(data, planner):
    session = Client(enforce_csrf_checks=True)
    session.force_login(planner)
    assert session.get("/api/v1/areas/").status_code == 200
    assert session.post("/api/v1/areas/", {}).status_code == 403  # CSRF, before anything else


def test_a_page_is_at_most_the_largest_page_size(data, planner, settings):
    settings.API_MAX_PAGE_SIZE = 3
    body = api(planner).get("/api/v1/indicator-values/", {"page_size": 1000}).json()
    assert len(body["results"]) == 3 and body["count"] > 3


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_lists_run_the_same_queries_with_few_and_many_areas_and_years(data, planner):
    client = api(planner)
    client.get("/api/v1/")  # the key's first use is recorded: not a list's query
    urls = ["/api/v1/indicator-values/", "/api/v1/classifications/", "/api/v1/areas/", "/api/v1/recompute-runs/"]
    few = [_queries(client, url) for url in urls]
    lines = ["area_code,year,variable,value"]
    for n in range(30):
        upsert_area(code=f"M{n}", name=f"Mere {n}", kind="housing_area", parent=data)
        lines += _rows(f"M{n}", 2021, **CALM)
        lines += _rows(f"M{n}", 2022, **ESTATE)
    import_statistics(data="\n".join(lines).encode(), file_name="more.csv", by=None)
    recompute_indicators()
    assert [_queries(client, url) for url in urls] == few


# --- Statistics: revalidation without building the body ------------------------------------------------------------


def test_an_unchanged_list_of_indicator_values_is_revalidated_in_a_few_queries_and_not_built(data, planner):
    client = api(planner)
    first = client.get("/api/v1/indicator-values/?page_size=100")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/indicator-values/?page_size=100", HTTP_IF_NONE_MATCH=first["ETag"])
    other_page = client.get("/api/v1/indicator-values/?page_size=50", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert again.status_code == 304
    assert not any("indicatorvalue" in q["sql"] for q in queries.captured_queries), "the body was built"
    assert other_page.status_code == 200, "another query is another answer"
