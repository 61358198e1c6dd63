"""Every file in the bad-input corpus is refused: with its file name, row, column and reason, and nothing stored.

The corpus is written by ``import_corpus/make_corpus.py``; each file is bad in one way, told by its name and
by EXPECTED below (row and column as the user sees them: row 1 is the header, blank lines count). Messages are
checked in English; the management command speaks Danish.
"""

import resource
import time
import tracemalloc
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from strategy.services.statistics import StatisticsImportError, import_statistics
from tests.strategy.test_import import CORPUS, load_good_areas, run_import, table_checksum

pytestmark = pytest.mark.django_db

NOT_IN_THE_CORPUS = {"make_corpus.py", "good_areas.csv", ".gitattributes"}
MB = 1024 * 1024

# file name: (row, column, a fragment of the English message)
EXPECTED: dict[str, tuple[int | None, str | None, str]] = {
    # Encodings and separators
    "cp1252_unknown_area_in_row_4.csv": (4, "område", "Unknown area code «atlantis»."),
    "utf8_bom_text_in_a_number.csv": (4, "value", "«mange» is not a number."),
    "semicolon_decimal_comma_negative_count.csv": (3, "værdi", "A count cannot be negative (-12)."),
    "comma_unknown_variable.csv": (4, "variable", "Unknown variable «inhabitants»."),
    # Columns
    "long_without_value_column.csv": (1, None, "Long format needs the columns area_code, year, variable, value."),
    "long_with_an_extra_column.csv": (1, "comment", "Unexpected column."),
    "wide_unknown_variable_column.csv": (1, "inhabitants", "Unknown variable «inhabitants»."),
    "wide_duplicate_column.csv": (1, "Residents", "The column appears twice."),
    "wide_without_variable_columns.csv": (1, None, "There are no variable columns."),
    "not_area_and_year_first.csv": (1, "name", "The first columns must be area_code and year"),
    # Keys
    "long_duplicate_key_same_value.csv": (
        4,
        "value",
        "smoermosen, 2020, residents is in the file twice (also in row 2)",
    ),
    "long_duplicate_key_different_value.csv": (
        5,
        "value",
        "smoermosen, 2020, residents_18_64 is in the file twice (also in row 3)",
    ),
    # Years
    "year_1989_before_the_first_year.csv": (4, "year", "The year 1989 is outside 1990–"),
    "year_9999_in_the_future.csv": (4, "year", "The year 9999 is outside 1990–"),
    "year_2020_5_not_whole.csv": (4, "year", "The year must be a whole number."),
    # Formulas
    "formula_sum.csv": (4, "value", "«=SUM(A1:A3)» is a formula or text, not a number."),
    "formula_dde_cmd.csv": (4, "value", "«+cmd|' /C calc'!A0» is a formula or text, not a number."),
    "formula_at_sum.csv": (4, "value", "«@SUM(1)» is a formula or text, not a number."),
    # Nothing to import
    "empty.csv": (None, None, "The file is empty."),
    "header_only.csv": (None, None, "The file has no rows below the header."),
    "only_whitespace.csv": (None, None, "The file is empty."),
    # Not text
    "binary_junk.csv": (None, None, "This is not a CSV text file."),
    "undefined_windows_1252_bytes.csv": (None, None, "The file is neither UTF-8 nor Windows-1252 text."),
    "png_renamed.csv": (None, None, "This is not a CSV text file."),
    # CSV structure
    "row_with_too_many_cells.csv": (4, None, "The row has 1 cell more than the header."),
    "row_with_too_few_cells.csv": (4, None, "The row has 1 cell fewer than the header."),
    "unterminated_quote.csv": (4, None, "The CSV cannot be read: unexpected end of data"),
    "missing_value.csv": (4, "value", "The value is missing."),
    # Values
    "value_with_7_decimals.csv": (4, "value", "The value 245000.1234567 is too large or has more than 6 decimals."),
    "absurd_value_1e15.csv": (4, "value", "The value 1000000000000000 is too large or has more than 6 decimals."),
    # XLSX
    "xlsx_formula_cell.xlsx": (4, "value", "«=SUM(D2:D3)» is a formula or text, not a number."),
    "xlsx_unknown_area.xlsx": (3, "area_code", "Unknown area code «atlantis»."),
    "xlsx_zip_bomb.xlsx": (None, None, "The XLSX file unpacks to too much data; it is refused."),
    "xlsx_billion_laughs.xlsx": (None, None, "The XLSX file declares XML entities or a document type"),
    "xlsx_corrupt_zip.xlsx": (None, None, "This is not an XLSX file (it cannot be opened)."),
    "xlsx_corrupt_sheet.xlsx": (None, None, "The XLSX file cannot be read: Error -3 while decompressing data"),
    "xlsx_malformed_sheet_xml.xlsx": (None, None, "The XLSX file cannot be read: not well-formed (invalid token)"),
    "xlsx_zip_without_workbook.xlsx": (None, None, "This is not an XLSX file (no workbook inside)."),
}

# Stored before each bad import, with other values than the corpus's good rows, so storing any row would show.
BASELINE = (
    "area_code,year,variable,value\n"
    "smoermosen,2020,residents,1999\n"
    "smoermosen,2020,residents_18_64,1199\n"
    "hoejeloft,2019,residents,1400\n"
)


@pytest.fixture(autouse=True)
def stored_world(settings):
    """The good areas and a first import: the tables a bad import must leave exactly as they are."""
    settings.RECOMPUTE_AFTER_IMPORT = False
    load_good_areas()
    run_import(BASELINE, "baseline.csv")


def assert_refused(data: bytes, file_name: str, row: int | None, column: str | None, fragment: str) -> None:
    before = table_checksum()

    with translation.override("en"), pytest.raises(StatisticsImportError) as caught:
        import_statistics(data=data, file_name=file_name, by=None)

    [problem] = caught.value.problems  # each corpus file is bad in one way
    assert problem.file == file_name
    assert (problem.row, problem.column) == (row, column)
    assert fragment in problem.message
    assert str(caught.value).startswith(f"{file_name}")
    assert table_checksum() == before


def test_every_corpus_file_has_an_expectation_and_every_expectation_a_file():
    files = {path.name for path in CORPUS.iterdir() if path.is_file()} - NOT_IN_THE_CORPUS
    assert files == set(EXPECTED)
    assert len(files) >= 30


def test_every_corpus_file_is_small_enough_to_commit():
    too_big = {path.name: path.stat().st_size for path in CORPUS.iterdir() if path.stat().st_size >= 300 * 1024}
    assert too_big == {}


@pytest.mark.parametrize(("file_name", "expected"), EXPECTED.items(), ids=list(EXPECTED))
def test_it_refuses_the_corpus_file_naming_file_row_and_column_and_stores_nothing(file_name, expected):
    row, column, fragment = expected

    assert_refused((CORPUS / file_name).read_bytes(), file_name, row, column, fragment)


def test_it_rejects_next_year_naming_row_and_column():
    next_year = date.today().year + 1

    assert_refused(
        f"area_code,year,variable,value\nsmoermosen,2020,residents,2000\nsmoermosen,{next_year},residents,2001\n".encode(),
        "next_year.csv",
        3,
        "year",
        f"The year {next_year} is outside 1990–{next_year - 1}.",
    )


def test_an_unknown_area_code_in_the_middle_of_a_large_file_is_named_by_its_row():
    rows = [f"smoermosen,{year},residents,{2000 + year}" for year in range(1990, 2021)]
    rows[17] = "atlantis,2007,residents,1"

    assert_refused(
        ("område;år;variabel;værdi\n" + "\n".join(rows).replace(",", ";") + "\n").encode("cp1252"),
        "big.csv",
        19,
        "område",
        "Unknown area code «atlantis».",
    )


def test_it_counts_the_cells_a_row_has_too_many_or_too_few():
    header = "area_code,year,variable,value\n"
    assert_refused(
        (header + "smoermosen,2020,residents,1,2,3\n").encode(), "many.csv", 2, None, "has 2 cells more than"
    )
    assert_refused((header + "smoermosen,2020\n").encode(), "few.csv", 2, None, "has 2 cells fewer than")


@pytest.mark.parametrize("file_name", ["xlsx_zip_bomb.xlsx", "xlsx_billion_laughs.xlsx"])
def test_bombs_are_refused_quickly_without_unpacking_them(file_name):
    data = (CORPUS / file_name).read_bytes()
    tracemalloc.start()
    started = time.monotonic()
    try:
        with translation.override("en"), pytest.raises(StatisticsImportError):
            import_statistics(data=data, file_name=file_name, by=None)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert time.monotonic() - started < 5
    assert peak < 20 * MB, f"{peak / MB:.0f} MB allocated while refusing {file_name}"


# --- The management command ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "file_name",
    [
        "cp1252_unknown_area_in_row_4.csv",
        "semicolon_decimal_comma_negative_count.csv",
        "year_1989_before_the_first_year.csv",
        "xlsx_unknown_area.xlsx",
    ],
)
def test_the_command_fails_on_a_corpus_file_and_names_file_and_row_in_danish(file_name):
    row, _column, _fragment = EXPECTED[file_name]
    before = table_checksum()
    err = StringIO()

    with translation.override("en"), pytest.raises(CommandError) as caught:  # the override undoes its "da"
        call_command("import_statistics", str(CORPUS / file_name), stderr=err)

    # The command speaks Danish whatever the caller's language.
    [line] = err.getvalue().splitlines()
    assert line.startswith(f"{file_name}, række {row}")
    assert str(caught.value) == f"{file_name}: intet blev importeret (1 problem)."
    assert table_checksum() == before


def test_the_command_refuses_a_200_mb_file_before_reading_it(tmp_path, monkeypatch):
    huge = tmp_path / "enorm.csv"
    with huge.open("wb") as handle:
        handle.truncate(200 * MB)  # sparse: takes no disk space
    real_read_bytes = Path.read_bytes

    def read_bytes(path):
        assert path != huge, "the 200 MB file was read"
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    before = table_checksum()
    started = time.monotonic()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("import_statistics", str(huge), stderr=StringIO())

    assert time.monotonic() - started < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - maxrss < 50 * 1024  # KB: nothing loaded
    with translation.override("da"):
        expected = translation.gettext("%(file)s: the file is %(size)s MB; at most %(max)s MB can be imported.") % {
            "file": "enorm.csv",
            "size": 200,
            "max": 50,
        }
    assert str(caught.value) == expected
    assert table_checksum() == before
