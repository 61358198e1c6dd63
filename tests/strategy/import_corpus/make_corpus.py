"""Write the bad-input corpus for the statistics importer (and the good areas it is checked against).

Run from anywhere: ``python tests/strategy/import_corpus/make_corpus.py``. Every file is small (well under
300 KB) and written byte for byte the same on every run, so the outputs are committed next to this script;
``tests/strategy/test_import_corpus.py`` says, for each file, which row, column and message the import must
report. Each file is bad in exactly one way; the areas and variables in it are otherwise good.
"""

import io
import random
import re
import struct
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # zip member dates, so re-running the script changes no committed byte
MB = 1024 * 1024

GOOD_AREAS = """\
code,name,kind,parent_code
dk,Danmark,country,
hovedstaden,Region Hovedstaden,region,dk
gladsaxe,Gladsaxe Kommune,municipality,hovedstaden
bagsvaerd,Bagsværd,district,gladsaxe
smoermosen,Smørmosen,housing_area,bagsvaerd
hoejeloft,Højeloft Vænge,housing_area,bagsvaerd
"""

LONG = "area_code,year,variable,value\n"
GOOD_ROWS = "smoermosen,2020,residents,2000\nsmoermosen,2020,residents_18_64,1200\n"


def csv_files() -> dict[str, bytes]:
    long_da = "område;år;variabel;værdi\r\n"
    files = {
        # Encodings and separators, each with one bad row.
        "cp1252_unknown_area_in_row_4.csv": (
            "område,år,variabel,værdi\r\n"
            "smoermosen,2020,residents,2000\r\n"
            "hoejeloft,2020,residents,1500\r\n"
            "atlantis,2020,residents,10\r\n"
        ).encode("cp1252"),
        "utf8_bom_text_in_a_number.csv": b"\xef\xbb\xbf"
        + (LONG + GOOD_ROWS + "hoejeloft,2020,residents,mange\n").encode(),
        "semicolon_decimal_comma_negative_count.csv": (
            long_da
            + "smoermosen;2020;avg_gross_income_15_64_excl_students;245.000,5\r\n"
            + "smoermosen;2020;residents;-12\r\n"
        ).encode(),
        "comma_unknown_variable.csv": (LONG + GOOD_ROWS + "smoermosen,2020,inhabitants,2000\n").encode(),
        # Columns.
        "long_without_value_column.csv": b"area_code,year,variable\nsmoermosen,2020,residents\n",
        "long_with_an_extra_column.csv": (
            b"area_code,year,variable,value,comment\nsmoermosen,2020,residents,2000,checked\n"
        ),
        "wide_unknown_variable_column.csv": b"area_code,year,residents,inhabitants\nsmoermosen,2020,2000,2000\n",
        "wide_duplicate_column.csv": (
            b"area_code,year,residents,residents_18_64,Residents\nsmoermosen,2020,2000,1200,2000\n"
        ),
        "wide_without_variable_columns.csv": b"area_code,year\nsmoermosen,2020\n",
        "not_area_and_year_first.csv": b"name,age\nPia,42\n",
        # Keys.
        "long_duplicate_key_same_value.csv": (LONG + GOOD_ROWS + "smoermosen,2020,residents,2000\n").encode(),
        "long_duplicate_key_different_value.csv": (
            LONG + GOOD_ROWS + "hoejeloft,2020,residents,1500\nsmoermosen,2020,residents_18_64,1300\n"
        ).encode(),
        # Years.
        "year_1989_before_the_first_year.csv": (LONG + GOOD_ROWS + "smoermosen,1989,residents,1900\n").encode(),
        "year_9999_in_the_future.csv": (LONG + GOOD_ROWS + "smoermosen,9999,residents,1900\n").encode(),
        "year_2020_5_not_whole.csv": (LONG + GOOD_ROWS + "smoermosen,2020.5,residents,1900\n").encode(),
        # Formulas (spreadsheet injection) where a number belongs.
        "formula_sum.csv": (LONG + GOOD_ROWS + "hoejeloft,2020,residents,=SUM(A1:A3)\n").encode(),
        "formula_dde_cmd.csv": (LONG + GOOD_ROWS + "hoejeloft,2020,residents,+cmd|' /C calc'!A0\n").encode(),
        "formula_at_sum.csv": (LONG + GOOD_ROWS + "hoejeloft,2020,residents,@SUM(1)\n").encode(),
        # Nothing to import.
        "empty.csv": b"",
        "header_only.csv": LONG.encode(),
        "only_whitespace.csv": b"  \r\n\t\n   \n",
        # Not text at all.
        "binary_junk.csv": bytes([0]) + random.Random(20240101).randbytes(2047),
        "undefined_windows_1252_bytes.csv": b"area_code,year,variable,value\nsm\x81\x8d\x8f\x90\x9d,2020,residents,1\n",
        "png_renamed.csv": png(),
        # Broken CSV structure.
        "row_with_too_many_cells.csv": (LONG + GOOD_ROWS + "hoejeloft,2020,residents,1500,1600\n").encode(),
        "row_with_too_few_cells.csv": (LONG + GOOD_ROWS + "hoejeloft,2020,residents\n").encode(),
        "unterminated_quote.csv": (
            LONG + GOOD_ROWS + 'hoejeloft,2020,residents,"1500\nhoejeloft,2020,residents_18_64,900\n'
        ).encode(),
        "missing_value.csv": (LONG + GOOD_ROWS + "hoejeloft,2020,residents,\n").encode(),
        # Values no statistic has.
        "value_with_7_decimals.csv": (
            LONG + GOOD_ROWS + "hoejeloft,2020,avg_gross_income_15_64_excl_students,245000.1234567\n"
        ).encode(),
        "absurd_value_1e15.csv": (
            LONG + GOOD_ROWS + "hoejeloft,2020,avg_gross_income_15_64_excl_students,1000000000000000\n"
        ).encode(),
    }
    return files


def png() -> bytes:
    """A real 1×1 PNG: its header holds NUL bytes, as every PNG's does."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00", 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


# --- XLSX -----------------------------------------------------------------------------------------


def workbook_bytes(rows: list[list]) -> bytes:
    """An XLSX written by openpyxl, with its timestamps fixed so the bytes do not change between runs."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.properties.created = workbook.properties.modified = datetime(2024, 1, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return repack(buffer.getvalue())


def repack(data: bytes, replace: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """The zip ``data`` with members replaced or added, every member dated FIXED_TIME."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info.filename))
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", content)
            target.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), content, zipfile.ZIP_DEFLATED)
        for name, content in (extra or {}).items():
            target.writestr(zipfile.ZipInfo(name, FIXED_TIME), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


HEADER = ["area_code", "year", "variable", "value"]
GOOD = [["smoermosen", 2020, "residents", 2000], ["smoermosen", 2020, "residents_18_64", 1200]]


def xlsx_with_formula() -> bytes:
    return workbook_bytes([HEADER, *GOOD, ["hoejeloft", 2020, "residents", "=SUM(D2:D3)"]])


def xlsx_with_unknown_area() -> bytes:
    return workbook_bytes([HEADER, GOOD[0], ["atlantis", 2020, "residents", 10], GOOD[1]])


def xlsx_zip_bomb() -> bytes:
    """A valid workbook plus a member that unpacks to 250 MB of zeros (about 250 KB packed)."""
    out = io.BytesIO(workbook_bytes([HEADER, *GOOD]))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        info = zipfile.ZipInfo("xl/media/image1.bin", FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as member:
            zeros = bytes(MB)
            for _ in range(250):
                member.write(zeros)
    return out.getvalue()


def xlsx_billion_laughs() -> bytes:
    """A workbook whose sheet XML declares nested entities that would expand to 10⁹ × "lol"."""
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    doctype = "<!DOCTYPE worksheet [\n" + "\n".join(entities) + "\n]>\n"
    base = workbook_bytes([HEADER, *GOOD, ["hoejeloft", 2020, "residents", "LAUGHS"]])
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<t>LAUGHS</t>" in sheet, "the laughing cell was not found in the sheet"
    sheet = '<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + sheet.replace("<t>LAUGHS</t>", "<t>&lol9;</t>")
    return repack(base, replace={"xl/worksheets/sheet1.xml": sheet.encode()})


def xlsx_corrupt_zip() -> bytes:
    """The first half of a workbook: it starts like a zip, but has no central directory."""
    data = workbook_bytes([HEADER, *GOOD])
    return data[: len(data) // 2]


def xlsx_corrupt_sheet() -> bytes:
    """A workbook whose directory is intact but whose sheet's packed bytes are overwritten with junk."""
    data = bytearray(workbook_bytes([HEADER, *GOOD, *GOOD]))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    data[start : start + info.compress_size] = b"\xff" * info.compress_size
    return bytes(data)


def xlsx_malformed_sheet() -> bytes:
    """A workbook whose sheet XML breaks in row 4: a read-only sheet meets it only while rows are read."""
    base = workbook_bytes([HEADER, *GOOD, *GOOD])
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert '<row r="4">' in sheet
    return repack(
        base, replace={"xl/worksheets/sheet1.xml": sheet.replace('<row r="4">', '<row r="4"><c r=<<', 1).encode()}
    )


def xlsx_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("statistics.csv", FIXED_TIME), LONG + GOOD_ROWS)
    return out.getvalue()


def xlsx_files() -> dict[str, bytes]:
    return {
        "xlsx_formula_cell.xlsx": xlsx_with_formula(),
        "xlsx_unknown_area.xlsx": xlsx_with_unknown_area(),
        "xlsx_zip_bomb.xlsx": xlsx_zip_bomb(),
        "xlsx_billion_laughs.xlsx": xlsx_billion_laughs(),
        "xlsx_corrupt_zip.xlsx": xlsx_corrupt_zip(),
        "xlsx_corrupt_sheet.xlsx": xlsx_corrupt_sheet(),
        "xlsx_malformed_sheet_xml.xlsx": xlsx_malformed_sheet(),
        "xlsx_zip_without_workbook.xlsx": xlsx_without_workbook(),
    }


def main() -> None:
    (HERE / "good_areas.csv").write_text(GOOD_AREAS, encoding="utf-8")
    for name, data in {**csv_files(), **xlsx_files()}.items():
        assert len(data) < 300 * 1024, f"{name} is {len(data)} bytes; committed corpus files stay under 300 KB"
        (HERE / name).write_bytes(data)
        print(f"{len(data):>8} {name}")


if __name__ == "__main__":
    main()
