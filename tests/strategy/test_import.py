"""Importing statistics and areas: the good paths.

Long and wide format, English and Danish headers, ``,`` and ``;``, decimal comma and Danish thousands, the
encodings Danish offices export, XLSX with numbers as numbers and as text; the report's counts; importing a
file twice changes nothing, and a changed value remembers the import it came from. The bad paths are in
``test_import_corpus.py``.
"""

import hashlib
import io
from decimal import Decimal
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core import serializers
from django.core.management import call_command
from django.utils import translation
from openpyxl.styles import Font

from base.models import ChangeRecord
from strategy.models import Area, Observation, StatisticsImport
from strategy.services.areas import import_areas
from strategy.services.statistics import StatisticsImportError, import_statistics

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent / "import_corpus"
GOOD_AREAS = CORPUS / "good_areas.csv"


# --- Helpers (test_import_corpus.py uses them too) -------------------------------------------------


def table_checksum() -> str:
    """A digest of every row of the tables an import may write: equal digests, nothing changed."""
    digest = hashlib.sha256()
    for model in (Area, Observation, StatisticsImport):
        digest.update(serializers.serialize("json", model.objects.order_by("pk")).encode())
    return digest.hexdigest()


def load_good_areas() -> None:
    """Denmark → Region Hovedstaden → Gladsaxe → Bagsværd → the housing areas smoermosen and hoejeloft."""
    import_areas(data=GOOD_AREAS.read_bytes(), file_name=GOOD_AREAS.name, by=None)


def stored() -> dict[tuple[str, int, str], Decimal]:
    return {
        (o.area.code, o.year, o.variable.code): o.value for o in Observation.objects.select_related("area", "variable")
    }


def run_import(data: bytes | str, file_name: str = "statistics.csv"):
    if isinstance(data, str):
        data = data.encode()
    with translation.override("en"):
        return import_statistics(data=data, file_name=file_name, by=None)


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def no_recompute(settings):
    settings.RECOMPUTE_AFTER_IMPORT = False  # the recompute has its own tests


@pytest.fixture
def areas():
    load_good_areas()


# --- Statistics: formats ---------------------------------------------------------------------------------


def test_it_imports_the_long_format_with_english_headers(areas, planner):
    data = (
        b"area_code,year,variable,value\n"
        b"smoermosen,2020,residents,2000\n"
        b"smoermosen,2020,residents_18_64,1200\n"
        b"hoejeloft,2021,avg_gross_income_15_64_excl_students,245000.5\n"
    )

    with translation.override("en"):
        report = import_statistics(data=data, file_name="long.csv", by=planner)

    assert (report.values_in_file, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    assert stored() == {
        ("smoermosen", 2020, "residents"): Decimal(2000),
        ("smoermosen", 2020, "residents_18_64"): Decimal(1200),
        ("hoejeloft", 2021, "avg_gross_income_15_64_excl_students"): Decimal("245000.5"),
    }
    record = StatisticsImport.objects.get()
    assert report.statistics_import == record
    assert (record.file_name, record.file_format, record.layout, record.imported_by) == (
        "long.csv",
        "csv",
        "long",
        planner,
    )
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert (record.values_in_file, record.values_created, record.values_updated, record.values_unchanged) == (
        3,
        3,
        0,
        0,
    )
    assert set(Observation.objects.values_list("source", flat=True)) == {record.pk}
    smoermosen, hoejeloft = Area.objects.get(code="smoermosen"), Area.objects.get(code="hoejeloft")
    assert report.affected == {(smoermosen.pk, 2020), (hoejeloft.pk, 2021)}


@pytest.mark.parametrize(
    "header",
    [
        "område;år;variabel;værdi",
        "Område;År;Variabel;Værdi",
        "omraade;aar;variabel;vaerdi",
        " område ; år ; variabel ; værdi ",
    ],
)
def test_it_imports_the_long_format_with_danish_headers(areas, header):
    report = run_import(f"{header}\nsmoermosen;2020;residents;2000\nhoejeloft;2020;residents;1500\n")

    assert report.created == 2
    assert stored() == {("smoermosen", 2020, "residents"): 2000, ("hoejeloft", 2020, "residents"): 1500}
    assert StatisticsImport.objects.get().layout == "long"


def test_it_imports_the_wide_format_with_one_column_per_variable_and_skips_empty_cells(areas):
    report = run_import(
        "area_code,year,residents,Residents_18_64,avg_gross_income_15_64_excl_students\n"
        "smoermosen,2020,2000,1200,245000\n"
        "hoejeloft,2020,1500,,\n"
    )

    assert (report.values_in_file, report.created) == (4, 4)
    assert stored() == {
        ("smoermosen", 2020, "residents"): 2000,
        ("smoermosen", 2020, "residents_18_64"): 1200,
        ("smoermosen", 2020, "avg_gross_income_15_64_excl_students"): 245000,
        ("hoejeloft", 2020, "residents"): 1500,
    }
    assert StatisticsImport.objects.get().layout == "wide"


@pytest.mark.parametrize("separator", [",", ";"])
def test_it_reads_comma_and_semicolon_separated_files_alike(areas, separator):
    rows = [["area_code", "year", "variable", "value"], ["smoermosen", "2020", "residents", "2000"]]

    run_import("\n".join(separator.join(row) for row in rows) + "\n")

    assert stored() == {("smoermosen", 2020, "residents"): 2000}


def test_it_reads_a_decimal_comma_and_danish_thousands_in_a_semicolon_file(areas):
    run_import(
        "område;år;variabel;værdi\n"
        "smoermosen;2020;avg_gross_income_15_64_excl_students;12,5\n"
        "smoermosen;2021;avg_gross_income_15_64_excl_students;1.234,5\n"
        "smoermosen;2022;avg_gross_income_15_64_excl_students;245.000\n"
        "smoermosen;2023;avg_gross_income_15_64_excl_students;1.234.567,25\n"
        "hoejeloft;2020;avg_gross_income_15_64_excl_students;-3,75\n"
        "hoejeloft;2021;avg_gross_income_15_64_excl_students;245 000,5\n"
    )

    income = "avg_gross_income_15_64_excl_students"
    assert stored() == {
        ("smoermosen", 2020, income): Decimal("12.5"),
        ("smoermosen", 2021, income): Decimal("1234.5"),
        ("smoermosen", 2022, income): Decimal("245000"),
        ("smoermosen", 2023, income): Decimal("1234567.25"),
        ("hoejeloft", 2020, income): Decimal("-3.75"),  # income is no count of persons: it may be negative
        ("hoejeloft", 2021, income): Decimal("245000.5"),
    }


def test_it_reads_a_quoted_decimal_comma_in_a_comma_separated_file(areas):
    run_import('area_code,year,variable,value\nsmoermosen,2020,avg_gross_income_15_64_excl_students,"12,5"\n')

    assert stored() == {("smoermosen", 2020, "avg_gross_income_15_64_excl_students"): Decimal("12.5")}


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: text.encode("utf-8"), id="utf-8"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="utf-8 with BOM"),
        pytest.param(lambda text: text.encode("cp1252"), id="windows-1252"),
    ],
)
def test_it_reads_utf8_utf8_with_a_bom_and_windows_1252(areas, encode):
    run_import(encode("område;år;variabel;værdi\r\nsmoermosen;2020;residents;2000\r\n"))

    assert stored() == {("smoermosen", 2020, "residents"): 2000}


@pytest.mark.parametrize(
    "encoding",
    [pytest.param("utf-8-sig", id="utf-8 with BOM"), pytest.param("cp1252", id="windows-1252")],
)
def test_problems_name_a_danish_header_as_written_whatever_the_encoding(areas, encoding):
    with pytest.raises(StatisticsImportError) as caught:
        run_import("område;år;variabel;værdi\nsmoermosen;2020;residents;mange\n".encode(encoding))

    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (2, "værdi")


def test_it_reads_xlsx_in_long_format_with_numbers_as_numbers_and_as_text(areas):
    income = "avg_gross_income_15_64_excl_students"
    data = xlsx(
        [
            ["område", "år", "variabel", "værdi"],
            ["smoermosen", 2020, "residents", 2000],
            ["smoermosen", "2021", "residents", "2001"],
            ["smoermosen", 2020.0, income, 245000.25],
            ["smoermosen", 2021, income, "12,5"],
            ["smoermosen", 2022, income, "1.234,5"],
            ["smoermosen", 2023, income, " 245 000 "],
        ]
    )

    report = run_import(data, "statistics.xlsx")

    assert report.created == 6
    assert stored() == {
        ("smoermosen", 2020, "residents"): 2000,
        ("smoermosen", 2021, "residents"): 2001,
        ("smoermosen", 2020, income): Decimal("245000.25"),
        ("smoermosen", 2021, income): Decimal("12.5"),
        ("smoermosen", 2022, income): Decimal("1234.5"),
        ("smoermosen", 2023, income): Decimal("245000"),
    }
    record = StatisticsImport.objects.get()
    assert (record.file_format, record.layout) == ("xlsx", "long")


def test_it_reads_xlsx_in_wide_format_with_numbers_as_numbers_and_as_text(areas):
    data = xlsx(
        [
            ["area_code", "year", "residents", "residents_18_64"],
            ["smoermosen", 2020, 2000, "1200"],
            ["hoejeloft", "2020", "1.500", None],
        ]
    )

    run_import(data, "wide.xlsx")

    assert stored() == {
        ("smoermosen", 2020, "residents"): 2000,
        ("smoermosen", 2020, "residents_18_64"): 1200,
        ("hoejeloft", 2020, "residents"): 1500,
    }
    assert StatisticsImport.objects.get().layout == "wide"


def test_formatted_empty_cells_right_of_an_xlsx_header_are_not_columns(areas):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["area_code", "year", "residents"])
    sheet.append(["smoermosen", 2020, 2000])
    sheet.append(["hoejeloft", 2020])  # the last value left out: the row is still as wide as the header
    sheet["F1"].font = sheet["G3"].font = Font(bold=True)  # Excel keeps such cells; the sheet grows to column G
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = run_import(buffer.getvalue(), "formatted.xlsx")

    assert report.created == 1
    assert stored() == {("smoermosen", 2020, "residents"): 2000}


def test_it_skips_blank_lines_and_counts_them_in_row_numbers(areas):
    report = run_import(
        "area_code,year,variable,value\n\nsmoermosen,2020,residents,2000\n\n\r\n,,,\nhoejeloft,2020,residents,1500\n\n"
    )
    assert report.created == 2

    with pytest.raises(StatisticsImportError) as caught:
        run_import("area_code,year,variable,value\n\n\nsmoermosen,2020,residents,mange\n")
    [problem] = caught.value.problems
    assert problem.row == 4


def test_it_skips_blank_xlsx_rows_and_counts_them_in_row_numbers(areas):
    header = ["area_code", "year", "variable", "value"]
    report = run_import(
        xlsx([header, [], ["smoermosen", 2020, "residents", 2000], [None, None], ["hoejeloft", 2020, "residents", 1]])
    )
    assert report.created == 2

    with pytest.raises(StatisticsImportError) as caught:
        run_import(xlsx([header, [], [], ["smoermosen", 2020, "residents", "mange"]]), "blank.xlsx")
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (4, "value")


def test_it_accepts_every_year_from_1990_to_this_year(areas):
    from datetime import date

    this_year = date.today().year
    report = run_import(f"area_code,year,variable,value\ndk,1990,residents,5000000\ndk,{this_year},residents,6000000\n")

    assert report.created == 2


# --- Statistics: counts, idempotence and sources --------------------------------------------------------

FIRST = (
    "area_code,year,variable,value\n"
    "smoermosen,2020,residents,2000\n"
    "smoermosen,2020,residents_18_64,1200\n"
    "hoejeloft,2020,residents,1500\n"
)


def test_the_report_counts_created_updated_and_unchanged_values(areas):
    run_import(FIRST)

    report = run_import(
        "area_code,year,variable,value\n"
        "smoermosen,2020,residents,2000\n"  # unchanged
        "smoermosen,2020,residents_18_64,1201\n"  # updated
        "hoejeloft,2020,residents,1500.000\n"  # unchanged: the same number written differently
        "hoejeloft,2021,residents,1510\n"  # created
        "hoejeloft,2022,residents,1520\n"  # created
    )

    assert (report.values_in_file, report.created, report.updated, report.unchanged) == (5, 2, 1, 2)
    record = report.statistics_import
    assert (record.values_in_file, record.values_created, record.values_updated, record.values_unchanged) == (
        5,
        2,
        1,
        2,
    )
    smoermosen, hoejeloft = Area.objects.get(code="smoermosen"), Area.objects.get(code="hoejeloft")
    assert report.affected == {(smoermosen.pk, 2020), (hoejeloft.pk, 2021), (hoejeloft.pk, 2022)}


@pytest.mark.parametrize(
    ("data", "file_name"),
    [
        pytest.param(FIRST.encode(), "again.csv", id="csv"),
        pytest.param(
            xlsx(
                [
                    ["area_code", "year", "residents", "residents_18_64"],
                    ["smoermosen", 2020, 2000, 1200],
                    ["hoejeloft", 2020, 1500.5, None],
                ]
            ),
            "again.xlsx",
            id="xlsx",
        ),
    ],
)
def test_importing_the_same_file_twice_changes_nothing(areas, data, file_name):
    first = run_import(data, file_name)
    before = table_checksum()

    again = run_import(data, file_name)

    assert table_checksum() == before
    assert StatisticsImport.objects.count() == 1
    assert (again.values_in_file, again.created, again.updated, again.unchanged) == (first.created, 0, 0, first.created)
    assert again.statistics_import is None
    assert again.affected == set()


def test_a_changed_value_is_updated_and_remembers_the_new_import_while_unchanged_values_keep_their_old_source(areas):
    first = run_import(FIRST, "2024.csv").statistics_import

    second = run_import(FIRST.replace("hoejeloft,2020,residents,1500", "hoejeloft,2020,residents,1499"), "2025.csv")

    assert (second.created, second.updated, second.unchanged) == (0, 1, 2)
    sources = {
        (o.area.code, o.variable.code): (o.value, o.source_id)
        for o in Observation.objects.select_related("area", "variable")
    }
    assert sources == {
        ("smoermosen", "residents"): (2000, first.pk),
        ("smoermosen", "residents_18_64"): (1200, first.pk),
        ("hoejeloft", "residents"): (1499, second.statistics_import.pk),
    }
    assert second.statistics_import.file_name == "2025.csv"
    assert second.affected == {(Area.objects.get(code="hoejeloft").pk, 2020)}


def test_a_failed_import_stores_none_of_the_good_rows(areas):
    before = table_checksum()

    with pytest.raises(StatisticsImportError):
        run_import(FIRST + "atlantis,2020,residents,10\n")

    assert table_checksum() == before


def test_a_committed_import_schedules_one_recompute_of_what_it_changed(
    areas, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from strategy import tasks

    settings.RECOMPUTE_AFTER_IMPORT = True
    scheduled = []
    monkeypatch.setattr(tasks.recompute_after_import, "delay", lambda import_id: scheduled.append(import_id))

    with django_capture_on_commit_callbacks(execute=True):
        report = run_import(FIRST)
    with django_capture_on_commit_callbacks(execute=True):
        run_import(FIRST)  # nothing changed: nothing to recompute

    assert scheduled == [report.statistics_import.pk]


def test_the_import_statistics_command_reports_the_counts(areas, tmp_path):
    path = tmp_path / "statistik.csv"
    path.write_text(FIRST, encoding="utf-8")
    out = StringIO()

    with translation.override("en"):  # the command switches to Danish; this puts the language back afterwards
        call_command("import_statistics", str(path), stdout=out)
    with translation.override("da"):
        expected = translation.gettext(
            "%(file)s: %(total)s values – %(created)s new, %(updated)s changed, %(unchanged)s unchanged."
        )

    assert out.getvalue().strip() == expected % {
        "file": "statistik.csv",
        "total": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
    }
    assert len(stored()) == 3


# --- Areas -------------------------------------------------------------------------------------------


def run_area_import(text: str, file_name: str = "areas.csv") -> tuple[int, int]:
    with translation.override("en"):
        return import_areas(data=text.encode(), file_name=file_name, by=None)


def tree() -> dict[str, tuple[str, str, str | None]]:
    return {
        a.code: (a.name, a.kind, a.parent.code if a.parent else None) for a in Area.objects.select_related("parent")
    }


def test_the_good_areas_fixture_builds_the_tree_from_denmark_to_the_housing_areas():
    created, updated = import_areas(data=GOOD_AREAS.read_bytes(), file_name=GOOD_AREAS.name, by=None)

    assert (created, updated) == (6, 0)
    assert tree() == {
        "dk": ("Danmark", "country", None),
        "hovedstaden": ("Region Hovedstaden", "region", "dk"),
        "gladsaxe": ("Gladsaxe Kommune", "municipality", "hovedstaden"),
        "bagsvaerd": ("Bagsværd", "district", "gladsaxe"),
        "smoermosen": ("Smørmosen", "housing_area", "bagsvaerd"),
        "hoejeloft": ("Højeloft Vænge", "housing_area", "bagsvaerd"),
    }


def test_import_areas_accepts_parents_after_their_children():
    created, updated = run_area_import(
        "code,name,kind,parent_code\n"
        "smoermosen,Smørmosen,housing_area,bagsvaerd\n"
        "bagsvaerd,Bagsværd,district,gladsaxe\n"
        "gladsaxe,Gladsaxe Kommune,municipality,dk\n"
        "dk,Danmark,country,\n"
    )

    assert (created, updated) == (4, 0)
    assert tree()["smoermosen"] == ("Smørmosen", "housing_area", "bagsvaerd")
    assert tree()["gladsaxe"] == ("Gladsaxe Kommune", "municipality", "dk")


def test_import_areas_accepts_a_parent_that_is_already_stored(areas):
    created, updated = run_area_import(
        "code,name,kind,parent_code\nbagsvaerd-nord,Bagsværd Nord,housing_area,bagsvaerd\n"
    )

    assert (created, updated) == (1, 0)
    assert tree()["bagsvaerd-nord"] == ("Bagsværd Nord", "housing_area", "bagsvaerd")


def test_import_areas_counts_only_the_areas_that_changed_as_updated(areas):
    changed = GOOD_AREAS.read_text(encoding="utf-8").replace("Højeloft Vænge", "Højeloft")

    created, updated = run_area_import(changed + "hareskov,Hareskov,district,gladsaxe\n")

    assert (created, updated) == (1, 1)
    assert tree()["hoejeloft"] == ("Højeloft", "housing_area", "bagsvaerd")


def test_importing_the_same_areas_twice_changes_nothing(areas):
    before, history = table_checksum(), ChangeRecord.objects.count()

    created, updated = import_areas(data=GOOD_AREAS.read_bytes(), file_name=GOOD_AREAS.name, by=None)

    assert (created, updated) == (0, 0)
    assert table_checksum() == before
    assert ChangeRecord.objects.count() == history


@pytest.mark.parametrize(
    ("rows", "row", "message"),
    [
        pytest.param(
            "dk,Danmark,country,\nbagsvaerd,Bagsværd,district,atlantis\n",
            3,
            "Unknown parent code «atlantis».",
            id="unknown parent",
        ),
        pytest.param(
            "dk,Danmark,country,\nnorden,Norden,country,dk\n",
            3,
            "A country has no parent.",
            id="country with a parent",
        ),
        pytest.param(
            "dk,Danmark,country,\ngladsaxe,Gladsaxe,municipality,\n",
            3,
            "Only a country can be without a parent.",
            id="region without a parent",
        ),
        pytest.param(
            "dk,Danmark,country,\nnord,Nord,district,syd\nsyd,Syd,district,vest\nvest,Vest,district,nord\n",
            3,
            "The parent codes form a loop.",
            id="loop",
        ),
        pytest.param(
            "dk,Danmark,country,\nselv,Selv,district,selv\n",
            3,
            "The parent codes form a loop.",
            id="own parent",
        ),
        pytest.param(
            "dk,Danmark,country,\nbagsvaerd,Bagsværd,district,dk\ngladsaxe,Gladsaxe,municipality,bagsvaerd\n",
            4,
            "cannot lie under",
            id="municipality under a district",
        ),
    ],
)
def test_import_areas_refuses_a_bad_tree_naming_the_row_and_the_parent_column(rows, row, message):
    load_good_areas()
    before = table_checksum()

    with pytest.raises(StatisticsImportError) as caught:
        run_area_import("code,name,kind,parent_code\n" + rows, "tree.csv")

    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("tree.csv", row, "parent_code")
    assert message in problem.message
    assert table_checksum() == before


def test_import_areas_refuses_bad_codes_names_kinds_and_columns():
    with pytest.raises(StatisticsImportError) as caught:
        run_area_import(
            "code,name,kind,parent_code\n"
            "dk,Danmark,country,\n"
            "dk,Danmark igen,country,\n"
            ",Uden kode,district,dk\n"
            "x,,district,dk\n"
            "y,Y,village,dk\n"
            "z,Z,district\n"
        )
    problems = [(p.row, p.column) for p in caught.value.problems]
    assert problems == [(3, "code"), (4, "code"), (5, "name"), (6, "kind"), (7, None)]

    with pytest.raises(StatisticsImportError) as caught:
        run_area_import("kode,navn,type,overordnet\ndk,Danmark,country,\n")
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (1, None)
    assert Area.objects.count() == 0


def test_the_import_areas_command_imports_the_good_areas():
    out = StringIO()

    with translation.override("en"):
        call_command("import_areas", str(GOOD_AREAS), stdout=out)

    assert "good_areas.csv" in out.getvalue()
    assert Area.objects.count() == 6
