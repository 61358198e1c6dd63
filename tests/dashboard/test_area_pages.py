"""The area pages people read most, on the demo: the criteria page opens with one table of the latest list years ×
criteria and draws one chart per measure with each list's threshold; the indicators page opens with a summary."""

import pytest

from strategy.models import Area, Classification
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

VAEREBRO = "159-vaerebro-park"


def test_the_criteria_page_opens_with_the_latest_list_years_by_criterion_and_draws_one_chart_per_measure(demo):
    page = client_for(demo["styregruppe"]).get(f"/areas/{VAEREBRO}/criteria/").content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    area = Area.objects.get(code=VAEREBRO)
    years = list(
        Classification.objects.filter(area=area).order_by("-list_year").values_list("list_year", flat=True)[:5]
    )
    table = main[main.index('<table class="table table--compact criteria-summary">') :]
    table = table[: table.index("</table>")]
    header = table[: table.index("</thead>")]
    assert [int(cell.split("<")[0]) for cell in header.split('<th scope="col">')[2:7]] == years
    latest = Classification.objects.filter(area=area, list_year=years[0]).get()
    for result in latest.criteria.all():
        row = table[table.index(f'<tr id="criterion-{result.group}-{result.code}">') :]
        row = row[: row.index("</tr>")]
        assert str(result.get_code_display()) in row
        verdict = {True: "Opfyldt", False: "Ikke opfyldt", None: "Ukendt"}[result.met]
        assert f'<span class="sr-only">{verdict}</span>' in row.split("<td>")[1]  # the latest year's cell
    # One chart per measure, however many lists judge it: the same value against each list's threshold.
    measures = {r.code for c in Classification.objects.filter(area=area) for r in c.criteria.all()}
    assert main.count('<figure class="line-chart">') == len(measures)
    assert "reference-61a" in main and "reference-61b" in main


def test_the_indicators_page_opens_with_a_summary_and_shows_formulas_in_words_and_as_written_only_to_editors(demo):
    from strategy.models import IndicatorDefinition

    steering = client_for(demo["styregruppe"]).get(f"/areas/{VAEREBRO}/indicators/").content.decode()
    main = steering[steering.index("<main") : steering.index("</main>")]
    summary = main[main.index('<table class="table table--compact indicator-summary">') : main.index("</table>")]
    shown = IndicatorDefinition.objects.filter(values__area__code=VAEREBRO).distinct()
    assert shown.exists()
    for definition in shown:
        assert f'<a href="#indicator-{definition.code}">{definition.name_da}</a>' in summary
    assert summary.count("badge badge-") == shown.count()  # every indicator's status, as text
    assert main.index("indicator-summary") < main.index('<figure class="line-chart">')  # the summary comes first

    convicted = IndicatorDefinition.objects.get(code="convicted_relative_to_national")
    assert convicted.formula not in main  # readers get the formula in words, not its source
    assert "gennemsnittet over 2 år af (100 × " in main and "i hele landet" in main
    planner = client_for(demo["planlaegger"]).get(f"/areas/{VAEREBRO}/indicators/").content.decode()
    assert f"<code>{convicted.formula}</code>" in planner
