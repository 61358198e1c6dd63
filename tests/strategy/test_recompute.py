"""The recompute: results stored from the statistics, repeatable, incremental equal to full, runs recorded."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from strategy.models import Classification, CriterionResult, IndicatorDefinition, IndicatorValue, RecomputeRun
from strategy.services import recompute as recompute_service
from strategy.services import upsert_area
from strategy.services.recompute import recompute_indicators
from strategy.services.statistics import import_statistics
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

YEARS = range(2016, 2022)


def _rows(area: str, year: int, **values) -> list[str]:
    return [f"{area},{year},{code},{value}" for code, value in values.items()]


ESTATE = {
    "residents": 2000,
    "residents_18_64": 1000,
    "outside_work_education_18_64": 450,
    "residents_18_plus": 1500,
    "convicted_18_plus": 60,
    "residents_30_59": 800,
    "basic_education_only_30_59": 300,
    "basic_or_unknown_education_30_59": 320,
    "avg_gross_income_15_64_excl_students": 150_000,
    "non_western_immigrants_descendants": 1100,
    "residents_15_29": 400,
    "neet_15_29": 3,
}
CALM = {**ESTATE, "outside_work_education_18_64": 200, "avg_gross_income_15_64_excl_students": 280_000}


def statistics_csv(estate=ESTATE, calm=CALM, country_convicted=40_000) -> bytes:
    lines = ["area_code,year,variable,value"]
    for year in YEARS:
        lines += _rows("DK", year, residents_18_plus=4_000_000, convicted_18_plus=country_convicted)
        lines += _rows("R", year, avg_gross_income_15_64_excl_students=300_000)
        lines += _rows("A", year, **estate)
        lines += _rows("B", year, **calm)
    return "\n".join(lines).encode()


@pytest.fixture
def areas(settings):
    settings.RECOMPUTE_AFTER_IMPORT = False
    dk = upsert_area(code="DK", name="Danmark", kind="country", parent=None)
    region = upsert_area(code="R", name="Regionen", kind="region", parent=dk)
    town = upsert_area(code="K", name="Kommunen", kind="municipality", parent=region)
    upsert_area(code="A", name="Bebyggelse A", kind="housing_area", parent=town)
    upsert_area(code="B", name="Bebyggelse B", kind="housing_area", parent=town)


def results() -> list[tuple]:
    """The stored results without the run that wrote them."""
    classifications = list(
        Classification.objects.order_by("area__code", "list_year").values_list(
            "area__code", "list_year", "rule_set__code", "residents", "eligible", "categories", "undetermined"
        )
    )
    criteria = list(
        CriterionResult.objects.order_by(
            "classification__area__code", "classification__list_year", "group", "code"
        ).values_list(
            "classification__area__code", "classification__list_year", "group", "code", "value", "met", "suppressed"
        )
    )
    indicators = list(
        IndicatorValue.objects.order_by("definition__code", "area__code", "year").values_list(
            "definition__code", "area__code", "year", "value", "suppressed"
        )
    )
    return [classifications, criteria, indicators]


def test_a_full_recompute_stores_each_housing_areas_verdict_and_criteria(areas):
    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    run = recompute_indicators()
    assert run.state == "succeeded"
    assert run.classifications_written == 2 * len(YEARS)  # list years 2017–2022 for A and B
    a = Classification.objects.get(area__code="A", list_year=2022)
    assert a.rule_set.code == "2021"
    # On the list every year since 2017 (2013 rules: 4 of 5), so a transformation area by 2022.
    assert a.categories == ["udsat_boligomraade", "parallelsamfund", "omdannelsesomraade", "forebyggelsesomraade"]
    income = a.criteria.get(group="udsat", code="income")
    assert income.value == 50 and income.met is True and income.threshold == 55
    assert Classification.objects.get(area__code="B", list_year=2022).categories == []
    # The indicator "in education or work" is suppressed: it is derived from a count of 3 persons.
    value = IndicatorValue.objects.get(definition__code="education_or_work_15_29", area__code="A", year=2021)
    assert value.suppressed is True


def test_running_the_recompute_twice_leaves_the_same_results(areas):
    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    recompute_indicators()
    first = results()
    recompute_indicators()
    assert results() == first
    assert Classification.objects.count() == 2 * len(YEARS)


def test_an_incremental_recompute_after_an_import_equals_a_full_one(areas):
    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    recompute_indicators()
    changed = {**CALM, "outside_work_education_18_64": 500, "avg_gross_income_15_64_excl_students": 100_000}
    report = import_statistics(data=statistics_csv(calm=changed), file_name="s2.csv", by=None)
    run = recompute_indicators(trigger=report.statistics_import)
    assert run.scope == "incremental"
    assert run.areas == 1  # only B changed
    incremental = results()
    recompute_indicators()
    assert results() == incremental
    assert "udsat_boligomraade" in Classification.objects.get(area__code="B", list_year=2022).categories


def test_a_change_to_the_country_recomputes_every_housing_area_below_it(areas):
    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    recompute_indicators()
    report = import_statistics(data=statistics_csv(country_convicted=80_000), file_name="s2.csv", by=None)
    run = recompute_indicators(trigger=report.statistics_import)
    assert run.areas == 2
    incremental = results()
    recompute_indicators()
    assert results() == incremental
    # 4 % against the country's 2 %: twice the national share, no longer three times.
    assert (
        Classification.objects.get(area__code="A", list_year=2022).criteria.get(group="udsat", code="convicted").met
        is False
    )


def test_a_failed_run_is_recorded_and_the_previous_results_stay(areas, monkeypatch):
    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    recompute_indicators()
    before = results()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("strategy.services.recompute._store_indicator_values", broken)
    with pytest.raises(RuntimeError):
        recompute_indicators()
    run = RecomputeRun.objects.order_by("-pk").first()
    assert run.state == "failed"
    assert "disk full" in run.error
    assert run.finished_at is not None
    assert results() == before  # the classifications written before the failure were rolled back


def test_an_import_schedules_the_recompute_after_its_commit(areas, settings, django_capture_on_commit_callbacks):
    settings.RECOMPUTE_AFTER_IMPORT = True
    with django_capture_on_commit_callbacks(execute=True):
        report = import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    run = RecomputeRun.objects.get()
    assert run.trigger == report.statistics_import
    assert run.state == "succeeded"
    assert Classification.objects.filter(area__code="A").exists()


def test_the_export_prints_the_contracts_fields_for_each_housing_area(areas):
    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    recompute_indicators()
    out = StringIO()
    call_command("export_classifications", "--list-year", "2022", stdout=out)
    rows = json.loads(out.getvalue())
    assert [row["area_code"] for row in rows] == ["A", "B"]
    a = rows[0]
    assert a["list_year"] == 2022 and a["rule_set"] == "2021" and a["eligible"] is True
    assert a["categories"] == ["udsat_boligomraade", "parallelsamfund", "omdannelsesomraade", "forebyggelsesomraade"]
    income = next(c for c in a["criteria"] if c["code"] == "income" and c["category"] == "udsat_boligomraade")
    assert income == {
        "code": "income",
        "category": "udsat_boligomraade",
        "value": 50,
        "suppressed": False,
        "threshold": 55,
        "comparison": "<",
        "met": True,
    }
    convicted = next(c for c in a["criteria"] if c["code"] == "convicted" and c["category"] == "udsat_boligomraade")
    assert convicted["value"] == 4  # 4 % against the country's 1 %: a ratio from 2018
    out = StringIO()
    call_command("export_classifications", "--list-year", "2022", "--area", "B", stdout=out)
    assert [row["area_code"] for row in json.loads(out.getvalue())] == ["B"]


def test_the_criteria_page_shows_values_thresholds_and_verdicts_to_every_role(areas, steering_member, staff_a):
    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    recompute_indicators()
    for user in (steering_member, staff_a):
        page = client_for(user).get("/areas/A/criteria/").content.decode()
        assert "Udsat boligområde" in page
        assert "Parallelsamfund" in page
        assert "Opfyldt" in page
    assert client_for(steering_member).get("/areas/nowhere/criteria/").status_code == 404


def test_an_english_reader_gets_the_indicators_english_names_also_for_screen_readers(areas, steering_member):
    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    recompute_indicators()
    client = client_for(steering_member)
    client.cookies["django_language"] = "en"

    page = client.get("/areas/A/indicators/").content.decode()

    definition = IndicatorDefinition.objects.get(code="education_or_work_15_29")
    assert definition.name_en and definition.name_en != definition.name_da
    # The summary's row, the section's heading and the caption of the values' table for screen readers.
    assert page.count(definition.name_en) >= 3
    assert f'<caption class="sr-only">{definition.name_en}</caption>' in page
    assert definition.name_da not in page


def test_a_user_without_a_role_cannot_read_the_indicators(areas, user_without_role, client):
    assert client_for(user_without_role).get("/areas/A/criteria/").status_code == 403
    assert client_for(user_without_role).get("/areas/").status_code == 403
    response = client.get("/areas/A/indicators/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def _count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_area_pages_run_the_same_queries_with_few_and_many_areas_and_years(areas, steering_member):
    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    recompute_indicators()
    client = client_for(steering_member)
    few = [_count_queries(client, url) for url in ("/areas/", "/areas/A/criteria/", "/areas/A/indicators/")]

    for n in range(40):  # forty more housing areas, and ten more years of data for A
        upsert_area(code=f"X{n}", name=f"Ekstra {n}", kind="housing_area", parent=_town())
    lines = ["area_code,year,variable,value"]
    for year in range(2006, 2016):
        lines += _rows("DK", year, residents_18_plus=4_000_000, convicted_18_plus=40_000)
        lines += _rows("R", year, avg_gross_income_15_64_excl_students=300_000)
        lines += _rows("A", year, **ESTATE)
    for n in range(40):
        lines += _rows(f"X{n}", 2021, **CALM)
    import_statistics(data="\n".join(lines).encode(), file_name="more.csv", by=None)
    recompute_indicators()
    many = [_count_queries(client, url) for url in ("/areas/", "/areas/A/criteria/", "/areas/A/indicators/")]
    assert many == few


def _town():
    from strategy.models import Area

    return Area.objects.get(code="K")


def test_a_full_recompute_removes_classifications_that_no_longer_apply(areas):
    from strategy.models import Area

    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    recompute_indicators()
    assert Classification.objects.filter(area__code="B").exists()
    Area.objects.filter(code="B").update(kind="district")  # B is no longer a housing area
    recompute_indicators()
    assert not Classification.objects.filter(area__code="B").exists()
    assert not CriterionResult.objects.filter(classification__area__code="B").exists()
    assert Classification.objects.filter(area__code="A").count() == len(YEARS)


def test_the_area_list_is_searched_by_name_or_code_and_paged(areas, steering_member):
    for n in range(60):
        upsert_area(code=f"Z{n:02}", name=f"Område {n:02}", kind="housing_area", parent=_town())
    client = client_for(steering_member)
    found = client.get("/areas/", {"q": "bebyggelse a"})
    assert [a.code for a in found.context["areas"]] == ["A"]
    assert [a.code for a in client.get("/areas/", {"q": "kommunen"}).context["areas"]] == ["K"]
    first = client.get("/areas/", {"kind": "housing_area"})
    assert len(first.context["areas"]) == 50 and all(a.kind == "housing_area" for a in first.context["areas"])
    assert "?kind=housing_area&amp;page=2" in first.content.decode()
    second = client.get("/areas/", {"kind": "housing_area", "page": 2})
    assert len(second.context["areas"]) == 12  # 62 housing areas in all


def test_the_garbage_collector_is_paused_during_a_run_and_restored_after_it_also_when_it_fails(areas, monkeypatch):
    import gc

    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)
    seen = []
    real_store = recompute_service._store

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_store(*args, **kwargs)

    monkeypatch.setattr(recompute_service, "_store", spy)
    assert gc.isenabled()
    recompute_indicators()
    assert seen == [False]
    assert gc.isenabled()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(recompute_service, "_store", broken)
    with pytest.raises(RuntimeError):
        recompute_indicators()
    assert gc.isenabled()
