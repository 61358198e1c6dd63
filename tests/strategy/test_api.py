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


def api(user, *, read_only: bool = False, language: str = "da") -> Client:
    _token, key = create_api_token(user=user, name="test", read_only=read_only)
    return Client(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE=language)


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


@pytest.mark.parametrize(
    ("path", "parameter", "message"),
    [
        ("/api/v1/indicator-values/", "area", "Intet område har koden «159-vaerebro-prak»."),
        ("/api/v1/indicator-values/", "indicator", "Ingen indikator har koden «159-vaerebro-prak»."),
        ("/api/v1/observations/", "variable", "Ingen variabel har koden «159-vaerebro-prak»."),
        ("/api/v1/observations/", "area", "Intet område har koden «159-vaerebro-prak»."),
        ("/api/v1/classifications/", "area", "Intet område har koden «159-vaerebro-prak»."),
        ("/api/v1/classifications/", "rule_set", "Intet regelsæt har koden «159-vaerebro-prak»."),
    ],
)
def test_a_mistyped_code_in_a_filter_is_refused_at_the_parameter_not_answered_with_no_rows(
    data, planner, path, parameter, message
):
    client = api(planner)

    refused = client.get(path, {parameter: "159-vaerebro-prak"})

    assert refused.status_code == 400
    assert refused.json()["error"]["fields"] == {parameter: [message]}
    # A code that exists is filtered as before, also when nothing matches.
    known = {"area": "K", "indicator": "feel_safe_share", "variable": "residents", "rule_set": "2010"}[parameter]
    assert client.get(path, {parameter: known}).status_code == 200


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
        "example": False,
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
            "example": "false",
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


@pytest.mark.parametrize("change", ["import committed late", "recompute run finished", "change with history"])
def test_the_statistics_etag_changes_with_every_import_recompute_and_change(data, planner, change):
    from base.models import ChangeRecord
    from strategy.models import IndicatorDefinition, StatisticsImport

    client = api(planner)
    url = "/api/v1/observations/?page_size=10"
    before = client.get(url)["ETag"]
    if change == "import committed late":  # begun before the newest import, committed after it: a lower id
        StatisticsImport.objects.create(id=-5, file_name="late.csv", file_format="csv", layout="long")
    elif change == "recompute run finished":
        run = RecomputeRun.objects.order_by("id").first()
        RecomputeRun.objects.filter(pk=run.pk).update(finished_at=run.finished_at.replace(year=2099))
    else:
        from django.contrib.contenttypes.models import ContentType

        definition = IndicatorDefinition.objects.first()
        ChangeRecord.objects.create(
            content_type=ContentType.objects.get_for_model(definition),
            object_id=definition.pk,
            object_repr=str(definition),
            action="update",
            actor_name="x",
            changes=[],
        )

    after = client.get(url, HTTP_IF_NONE_MATCH=before)

    assert after.status_code == 200 and after["ETag"] != before


# --- Statistics imports and observations -------------------------------------------------------------------------


def upload(client, content: bytes, name: str = "statistik.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/api/v1/statistics-imports/", {"file": SimpleUploadedFile(name, content, "text/csv")})


def test_an_import_through_the_api_stores_the_file_and_answers_with_the_import_and_its_recompute(
    data, planner, settings, django_capture_on_commit_callbacks
):
    settings.RECOMPUTE_AFTER_IMPORT = True
    changed = statistics_csv().replace(b"A,2021,residents,2000", b"A,2021,residents,2100")

    with django_capture_on_commit_callbacks(execute=True):  # the recompute it schedules after its commit
        response = upload(api(planner), changed, "rettelse.csv")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["file_name"], body["values_updated"], body["values_created"]) == ("rettelse.csv", 1, 0)
    assert body["imported_by"] == "Pia Testesen"
    # The recompute starts once the import is committed (here: as the test's block ends), and is listed then.
    stored = api(planner).get(f"/api/v1/statistics-imports/{body['id']}/").json()
    run = RecomputeRun.objects.get(pk=stored["recompute_runs"][0])
    assert run.trigger_id == body["id"] and run.state == "succeeded"
    assert {**stored, "recompute_runs": []} == {**body, "recompute_runs": []}


def test_a_refused_file_names_every_problem_by_row_and_column_and_stores_nothing(data, planner):
    before = IndicatorValue.objects.count(), RecomputeRun.objects.count()
    bad = b"area_code,year,variable,value\nA,2024,residents,mange\nZZ,2024,residents,10\n"

    response = upload(api(planner, language="en"), bad)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == "The file was not imported: 2 problems were found. The first 2 are listed."
    assert len(error["fields"]["file"]) == 2
    assert "row 2" in error["fields"]["file"][0] and "row 3" in error["fields"]["file"][1]
    assert (IndicatorValue.objects.count(), RecomputeRun.objects.count()) == before


def test_only_planners_and_administrators_import_and_a_read_only_key_cannot(data, planner, staff_a, steering_member):
    for client in (api(staff_a), api(steering_member), api(planner, read_only=True)):
        assert upload(client, statistics_csv()).status_code == 403


def test_an_observation_of_one_to_four_persons_is_null_and_suppressed_in_json_and_csv(data, steering_member):
    from strategy.services.statistics import import_statistics

    import_statistics(data=b"area_code,year,variable,value\nA,2025,convicted_18_plus,3\n", file_name="s.csv", by=None)
    client = api(steering_member)
    query = {"area": "A", "variable": "convicted_18_plus", "year_from": 2025}

    rows = client.get("/api/v1/observations/", query).json()["results"]
    lines = list(
        csv.reader(io.StringIO(client.get("/api/v1/observations/", {**query, "format": "csv"}).content.decode()))
    )

    assert rows == [
        {
            "area": "A",
            "year": 2025,
            "variable": "convicted_18_plus",
            "value": None,
            "suppressed": True,
            "source": rows[0]["source"],
            "example": False,
        }
    ]
    assert lines[1][3:5] == ["", "true"]


def test_a_planner_changes_an_indicators_formula_with_its_etag_and_a_bad_formula_is_refused_at_the_field(data, planner):
    from strategy.models import IndicatorDefinition

    definition = IndicatorDefinition.objects.order_by("code").first()
    client = api(planner, language="en")
    url = f"/api/v1/indicators/{definition.code}/"
    etag = client.get(url)["ETag"]

    bad = client.patch(url, {"formula": "100 * residents /"}, content_type="application/json", HTTP_IF_MATCH=etag)
    good = client.patch(
        url, {"formula": "100 * residents_18_64 / residents"}, content_type="application/json", HTTP_IF_MATCH=etag
    )

    assert bad.status_code == 400 and list(bad.json()["error"]["fields"]) == ["formula"]
    assert good.status_code == 200, good.content
    definition.refresh_from_db()
    assert definition.formula == "100 * residents_18_64 / residents"
    assert client.get(f"{url}history/").json()[0]["changes"][0]["field"] == "formula"


def test_the_statistics_validators_read_a_timestamp_that_sqlite_hands_back_as_text():
    """`make run` serves the demo from SQLite, whose raw queries return timestamps as text (in UTC)."""
    import datetime

    from strategy.api import _moment

    assert _moment("2026-12-07 00:54:59.123456") == datetime.datetime(
        2026, 12, 7, 0, 54, 59, 123456, tzinfo=datetime.UTC
    )
    assert _moment(None) is None


def test_figures_computed_from_invented_example_statistics_say_so_in_every_representation(data, planner):
    from strategy.models import StatisticsImport

    client = api(planner)
    before = client.get("/api/v1/indicator-values/?page_size=1").json()["results"][0]["example"]
    StatisticsImport.objects.update(is_example=True)  # as the demo's synthetic statistics are

    values = client.get("/api/v1/indicator-values/?page_size=1")
    classification = client.get("/api/v1/classifications/?page_size=1").json()["results"][0]
    observation = client.get("/api/v1/observations/?page_size=1").json()["results"][0]
    danish = list(
        csv.DictReader(
            io.StringIO(client.get("/api/v1/indicator-values/?format=csv-da").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )

    assert before is False
    assert values.json()["results"][0]["example"] is True
    assert classification["example"] is True and observation["example"] is True
    assert {row["example"] for row in danish} == {"true"}
