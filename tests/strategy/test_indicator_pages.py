"""Indicator definitions and the data dictionary in the browser: planners change them, everyone reads them."""

from decimal import Decimal

import pytest

from base.history import version_of
from base.models import ChangeRecord
from strategy.models import IndicatorDefinition, Variable
from strategy.progress import AT_RISK, OFF_TRACK, ON_TRACK, UNKNOWN, indicator_status
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def definition_state() -> list:
    return list(IndicatorDefinition.objects.order_by("pk").values()) + list(Variable.objects.order_by("pk").values())


def form_data(definition: IndicatorDefinition, **changes) -> dict:
    data = {
        "code": definition.code,
        "name_da": definition.name_da,
        "name_en": definition.name_en,
        "unit": definition.unit,
        "direction": definition.direction,
        "formula": definition.formula,
        "version": version_of(definition),  # the edit form's; a new one's form has none and ignores it
    }
    return {**data, **changes}


def test_a_bad_formula_is_refused_at_the_field_pointing_at_the_token(planner):
    definition = IndicatorDefinition.objects.get(code="feel_safe_share")
    before = definition_state()
    response = client_for(planner).post(
        f"/indicators/{definition.pk}/edit/", form_data(definition, formula="100 * feel_safe / respondents")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["formula"] == ["Ukendt variabel «feel_safe» ved tegn 7."]
    assert definition_state() == before


def test_a_planner_changes_a_formula_and_the_history_keeps_the_old_one(planner):
    definition = IndicatorDefinition.objects.get(code="feel_safe_share")
    old = definition.formula
    new = "100 * average(safety_survey_feel_safe, 2) / average(safety_survey_respondents, 2)"
    response = client_for(planner).post(f"/indicators/{definition.pk}/edit/", form_data(definition, formula=new))
    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.formula == new
    record = ChangeRecord.objects.filter(content_type__model="indicatordefinition", object_id=definition.pk).first()
    assert record.changes == [{"field": "formula", "old": old, "new": new}]
    page = client_for(planner).get(f"/indicators/{definition.pk}/history/").content.decode()
    assert "Pia Testesen" in page


def test_a_planner_creates_an_indicator_and_a_duplicate_code_is_refused(planner):
    client = client_for(planner)
    data = {
        "code": "children_in_daycare",
        "name_da": "Børn i dagtilbud",
        "name_en": "Children in daycare",
        "unit": "%",
        "direction": "higher",
        "formula": "100 * children_0_5_in_daycare / children_0_5",
    }
    assert client.post("/indicators/new/", data).status_code == 302
    assert IndicatorDefinition.objects.filter(code="children_in_daycare").exists()
    before = definition_state()
    response = client.post("/indicators/new/", data)
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert definition_state() == before


@pytest.mark.parametrize("persona", ["steering_member", "staff_a", "staff_b", "user_without_role"])
def test_only_planners_and_administrators_change_indicators_and_variables(request, persona):
    client = client_for(request.getfixturevalue(persona))
    definition = IndicatorDefinition.objects.get(code="feel_safe_share")
    before = definition_state()
    assert client.get(f"/indicators/{definition.pk}/edit/").status_code == 403
    assert client.post(f"/indicators/{definition.pk}/edit/", form_data(definition, formula="1")).status_code == 403
    assert client.post("/indicators/new/", form_data(definition, code="new_one")).status_code == 403
    variable = {"code": "new_count", "name_da": "Ny", "name_en": "New", "unit": "persons", "is_person_count": "on"}
    assert client.post("/statistics/variables/", variable).status_code == 403
    assert client.get("/statistics/import/").status_code == 403
    assert client.get("/statistics/runs/").status_code == 403
    assert definition_state() == before


@pytest.mark.parametrize("persona", ["steering_member", "staff_a", "planner"])
def test_everyone_with_a_role_reads_the_indicators_and_variables(request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert "feel_safe_share" in client.get("/indicators/").content.decode()
    assert "residents_18_64" in client.get("/statistics/variables/").content.decode()


def test_a_planner_extends_the_data_dictionary(planner):
    client = client_for(planner)
    data = {"code": "library_visits", "name_da": "Biblioteksbesøg", "name_en": "Library visits", "unit": "number"}
    assert client.post("/statistics/variables/", data).status_code == 302
    variable = Variable.objects.get(code="library_visits")
    assert not variable.is_builtin and not variable.is_person_count
    response = client.post("/statistics/variables/", {**data, "code": "Library Visits"})
    assert "code" in response.context["form"].errors


# --- The on-track rule (strategy/progress.py) -----------------------------------------------------

PATH = {"baseline_year": 2020, "baseline_value": Decimal(60), "target_value": Decimal(80), "deadline_year": 2030}


@pytest.mark.parametrize(
    ("year", "value", "expected"),
    [
        (2025, Decimal(70), ON_TRACK),  # exactly on the straight path
        (2025, Decimal("69.9"), AT_RISK),  # better than the baseline, behind the path
        (2025, Decimal(60), OFF_TRACK),  # no better than the baseline
        (2022, Decimal(81), ON_TRACK),  # the target reached early
        (2030, Decimal(79), OFF_TRACK),  # deadline passed without the target
        (2025, None, UNKNOWN),
    ],
)
def test_the_status_follows_the_straight_path_from_baseline_to_target(year, value, expected):
    assert indicator_status(higher_is_better=True, year=year, value=value, **PATH) == expected


def test_lower_is_better_turns_the_comparisons_around():
    path = {"baseline_year": 2020, "baseline_value": Decimal(3), "target_value": Decimal(1), "deadline_year": 2030}
    assert indicator_status(higher_is_better=False, year=2025, value=Decimal(2), **path) == ON_TRACK
    assert indicator_status(higher_is_better=False, year=2025, value=Decimal("2.5"), **path) == AT_RISK
    assert indicator_status(higher_is_better=False, year=2025, value=Decimal("3.1"), **path) == OFF_TRACK
    assert (
        indicator_status(
            higher_is_better=False,
            year=2025,
            value=Decimal(2),
            baseline_year=None,
            baseline_value=None,
            target_value=Decimal(1),
            deadline_year=2030,
        )
        == UNKNOWN
    )


def _silent_run(seconds: int, **fields):
    import datetime

    from django.utils import timezone

    from strategy.models import RecomputeRun

    run = RecomputeRun.objects.create(scope=RecomputeRun.Scope.FULL, state=RecomputeRun.State.RUNNING, **fields)
    last = timezone.now() - datetime.timedelta(seconds=seconds)
    RecomputeRun.objects.filter(pk=run.pk).update(started_at=last, heartbeat_at=last)
    return run


def test_a_run_whose_process_went_silent_shows_as_interrupted_at_once_in_the_readers_language(planner):
    from strategy.models import RecomputeRun

    lost = _silent_run(int(RecomputeRun.silent_after().total_seconds()) + 5)
    client = client_for(planner)
    page = client.get("/statistics/runs/").content.decode()
    assert "Afbrudt: processen, der kørte den, stoppede, før kørslen var færdig" in page
    assert "<strong>Afbrudt</strong>" in page
    client.cookies["django_language"] = "en"
    assert (
        "Interrupted: the process running it stopped before the run finished"
        in client.get("/statistics/runs/").content.decode()
    )
    lost.refresh_from_db()
    assert lost.state == RecomputeRun.State.RUNNING  # reading the page changes nothing …


def test_the_periodic_job_records_a_silent_run_as_interrupted_and_leaves_a_live_one_running(planner):
    from strategy.models import RecomputeRun
    from strategy.tasks import close_interrupted_runs_job

    lost = _silent_run(int(RecomputeRun.silent_after().total_seconds()) + 5)
    alive = _silent_run(2)
    assert close_interrupted_runs_job.delay().get() == 1  # … the job records it
    lost.refresh_from_db()
    alive.refresh_from_db()
    assert (lost.state, lost.error) == (RecomputeRun.State.FAILED, RecomputeRun.INTERRUPTED)
    assert lost.finished_at is not None
    assert alive.state == RecomputeRun.State.RUNNING
    page = client_for(planner).get("/statistics/runs/").content.decode()
    assert page.count("<strong>Afbrudt</strong>") == 1
    assert "Kører" in page


def test_a_job_handed_out_again_records_its_earlier_attempt_as_interrupted_at_once():
    from strategy.models import RecomputeRun
    from strategy.services.recompute import recompute_indicators

    earlier = _silent_run(1, task_id="job-1")  # it spoke a second ago: only the job's return shows it is dead
    other = _silent_run(1, task_id="job-2")
    run = recompute_indicators(task_id="job-1")
    earlier.refresh_from_db()
    other.refresh_from_db()
    assert (earlier.state, earlier.error) == (RecomputeRun.State.FAILED, RecomputeRun.INTERRUPTED)
    assert other.state == RecomputeRun.State.RUNNING
    assert (run.state, run.task_id) == (RecomputeRun.State.SUCCEEDED, "job-1")


@pytest.mark.django_db(transaction=True)
def test_a_long_run_keeps_saying_it_is_alive(settings):
    import time

    from strategy.models import RecomputeRun
    from strategy.services.recompute import _heartbeat

    settings.RECOMPUTE_HEARTBEAT_SECONDS = 1
    run = _silent_run(30)
    before = RecomputeRun.objects.get(pk=run.pk).heartbeat_at
    with _heartbeat(run.pk):
        time.sleep(2.5)
    assert RecomputeRun.objects.get(pk=run.pk).heartbeat_at > before
    assert not RecomputeRun.objects.get(pk=run.pk).is_interrupted


# --- A run's own page: how far it has come ------------------------------------------------------------------------


def test_a_running_runs_page_shows_how_many_areas_are_judged_and_reloads_itself(planner):
    run = _silent_run(1)
    run.__class__.objects.filter(pk=run.pk).update(areas_done=412, areas_total=1200)

    page = client_for(planner).get(f"/statistics/runs/{run.pk}/").content.decode()

    assert "412 af 1200 boligområder vurderet" in page
    assert '<progress id="run-progress" max="1200" value="412">' in page
    assert '<meta http-equiv="refresh" content="5">' in page


def test_a_finished_or_interrupted_runs_page_does_not_reload(planner):
    from strategy.models import RecomputeRun
    from strategy.services.recompute import recompute_indicators

    done = recompute_indicators()
    lost = _silent_run(int(RecomputeRun.silent_after().total_seconds()) + 5)
    client = client_for(planner)

    for run in (done, lost):
        page = client.get(f"/statistics/runs/{run.pk}/").content.decode()
        assert 'http-equiv="refresh"' not in page and "<progress" not in page
    assert "Afbrudt" in client.get(f"/statistics/runs/{lost.pk}/").content.decode()


def test_only_those_who_import_statistics_see_a_run(steering_member):
    run = _silent_run(1)
    assert client_for(steering_member).get(f"/statistics/runs/{run.pk}/").status_code == 403


def _estates():
    """The recompute tests' country, region, town and two housing areas."""
    from strategy.services import upsert_area

    dk = upsert_area(code="DK", name="Danmark", kind="country", parent=None)
    region = upsert_area(code="R", name="Regionen", kind="region", parent=dk)
    town = upsert_area(code="K", name="Kommunen", kind="municipality", parent=region)
    for code in "AB":
        upsert_area(code=code, name=f"Bebyggelse {code}", kind="housing_area", parent=town)


def test_a_finished_run_records_all_its_housing_areas_as_judged(settings):
    from strategy.services.recompute import recompute_indicators
    from strategy.services.statistics import import_statistics
    from tests.strategy.test_recompute import statistics_csv

    settings.RECOMPUTE_AFTER_IMPORT = False
    _estates()
    import_statistics(data=statistics_csv(), file_name="s.csv", by=None)

    run = recompute_indicators()

    assert (run.areas, run.areas_done, run.areas_total) == (2, 2, 2)


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_records_the_progress_as_it_goes(settings):
    import time

    from strategy.models import RecomputeRun
    from strategy.services.recompute import Progress, _heartbeat

    settings.RECOMPUTE_HEARTBEAT_SECONDS = 1
    run = _silent_run(30)
    progress = Progress(done=3, total=10)
    with _heartbeat(run.pk, progress):
        time.sleep(1.5)
        progress.done = 7
        time.sleep(1.5)
    stored = RecomputeRun.objects.get(pk=run.pk)
    assert (stored.areas_done, stored.areas_total) == (7, 10)


def test_the_import_page_links_each_import_to_its_recompute(planner, settings, django_capture_on_commit_callbacks):
    from strategy.models import RecomputeRun, StatisticsImport
    from strategy.services.statistics import import_statistics
    from tests.strategy.test_recompute import statistics_csv

    _estates()
    settings.RECOMPUTE_AFTER_IMPORT = True
    with django_capture_on_commit_callbacks(execute=True):  # the recompute the import schedules after its commit
        report = import_statistics(data=statistics_csv(), file_name="s.csv", by=planner)
    # An import whose recompute no worker has taken up yet.
    StatisticsImport.objects.create(file_name="venter.csv", file_format="csv", layout="long", imported_by=planner)

    page = client_for(planner).get("/statistics/import/").content.decode()

    run = RecomputeRun.objects.get(trigger=report.statistics_import)
    assert f'<a href="/statistics/runs/{run.pk}/">Gennemført</a>' in page
    assert "Venter på baggrundsjobbet" in page
