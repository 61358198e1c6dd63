"""Importing area statistics: read a CSV or XLSX file, check every row, store all of it or none of it.

The reader accepts what Danish offices export: long format (area, year, variable, value, with English or Danish
headers) or wide format (area, year, one column per variable); CSV separated by ``,`` or ``;``; decimal point
or decimal comma; UTF-8, UTF-8 with BOM or Windows-1252; XLSX (the first sheet), opened with defusedxml and
limits on size and rows. Every problem is reported with file, row, column and reason, in the user's language,
and then nothing is stored. A value equal to the stored one is left alone, so importing the same file twice
changes nothing; a new or changed value remembers the import it came from.
"""

import csv
import hashlib
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from base.generation import data_changed
from base.jobs import enqueue_on_commit, heartbeat
from base.models import User

from ..models import Area, Observation, StatisticsImport, StatisticsUpload, Variable
from ..models.statistics import FIRST_YEAR
from .bulk import upsert_rows

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_PROBLEMS = 50
XLSX_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
XLSX_MAX_RATIO = 100
MAX_VALUE = Decimal("1e13")

LONG_HEADERS = {
    "area_code": "area",
    "område": "area",
    "omraade": "area",
    "year": "year",
    "år": "year",
    "aar": "year",
    "variable": "variable",
    "variabel": "variable",
    "value": "value",
    "værdi": "value",
    "vaerdi": "value",
}
_DANISH_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+(,\d+)?$")
_POINT_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass(frozen=True)
class ImportProblem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column «%(column)s»") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}"


class StatisticsImportError(Exception):
    """The file cannot be imported; ``problems`` says where and why (the first ``MAX_PROBLEMS``), ``total`` how many
    problems were found in all. Nothing was stored."""

    def __init__(self, problems: list[ImportProblem], *, total: int | None = None):
        self.problems = problems[:MAX_PROBLEMS]
        self.total = len(problems) if total is None else total
        super().__init__("\n".join(str(p) for p in self.problems))


class _Problems:
    """The problems found while checking a file: every one counted, the first ``MAX_PROBLEMS`` kept to be listed
    (a file with half a million bad rows must say so without holding half a million messages)."""

    def __init__(self):
        self.listed: list[ImportProblem] = []
        self.total = 0

    def add(self, problem: ImportProblem) -> None:
        self.total += 1
        if len(self.listed) < MAX_PROBLEMS:
            self.listed.append(problem)

    def __bool__(self) -> bool:
        return self.total > 0


@dataclass
class ImportReport:
    file_name: str
    values_in_file: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    statistics_import: StatisticsImport | None = None
    affected: set[tuple[int, int]] = field(default_factory=set)  # (area id, year) of new or changed values


@dataclass(frozen=True)
class _Cell:
    row: int
    column: str
    text: str
    number: Decimal | None = None  # set when the spreadsheet cell already holds a number


# --- Reading files ------------------------------------------------------------------------------


def _decode(data: bytes, file_name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise StatisticsImportError(
            [ImportProblem(file_name, None, None, _("The file is neither UTF-8 nor Windows-1252 text."))]
        ) from None


def _read_csv(data: bytes, file_name: str) -> tuple[list[str], list[list[_Cell]], bool]:
    """Header, rows of cells, and whether numbers use a decimal comma (a file separated by ";")."""
    if b"\x00" in data[:4096]:
        raise StatisticsImportError([ImportProblem(file_name, None, None, _("This is not a CSV text file."))])
    text = _decode(data, file_name)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1  # the line the record being read starts on: an unterminated quote is reported where it opens
    try:
        header = next(reader, None)
        if header is None:
            raise StatisticsImportError([ImportProblem(file_name, None, None, _("The file is empty."))])
        rows = []
        while True:
            start = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            if len(rows) >= MAX_ROWS:
                raise StatisticsImportError(
                    [ImportProblem(file_name, None, None, _("More than %(max)s rows.") % {"max": MAX_ROWS})]
                )
            line = reader.line_num
            rows.append(
                [_Cell(line, name, value) for name, value in zip(header, row, strict=False)]
                + [_Cell(line, "", value) for value in row[len(header) :]]
            )
    except csv.Error as error:
        raise StatisticsImportError(
            [ImportProblem(file_name, start, None, _("The CSV cannot be read: %(error)s") % {"error": error})]
        ) from None
    return header, rows, delimiter == ";"


def _check_xlsx_container(data: bytes, file_name: str) -> None:
    """Refuse zip bombs before any XML is parsed: limits on the unpacked size and the packing ratio."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise StatisticsImportError(
            [ImportProblem(file_name, None, None, _("This is not an XLSX file (it cannot be opened)."))]
        ) from None
    with archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        packed = sum(member.compress_size for member in members) or 1
        if len(members) > 10_000 or unpacked > XLSX_MAX_UNPACKED_BYTES or unpacked / packed > XLSX_MAX_RATIO:
            raise StatisticsImportError(
                [ImportProblem(file_name, None, None, _("The XLSX file unpacks to too much data; it is refused."))]
            )
        if "xl/workbook.xml" not in archive.namelist():
            raise StatisticsImportError(
                [ImportProblem(file_name, None, None, _("This is not an XLSX file (no workbook inside)."))]
            )


def _xlsx_unreadable(file_name: str, error: Exception) -> StatisticsImportError:
    """The problem for an XLSX that openpyxl or its XML parser gave up on, named by the root cause."""
    from defusedxml import DefusedXmlException

    chain = [error]  # openpyxl wraps the parser's error in its own, which names no cause a user can act on
    while (cause := chain[-1].__cause__ or chain[-1].__context__) is not None and len(chain) < 20:
        chain.append(cause)
    if any(isinstance(link, DefusedXmlException) for link in chain):
        message = _("The XLSX file declares XML entities or a document type; such files are refused.")
    else:
        message = _("The XLSX file cannot be read: %(error)s") % {"error": chain[-1]}
    return StatisticsImportError([ImportProblem(file_name, None, None, message)])


def _read_xlsx(data: bytes, file_name: str) -> tuple[list[str], list[list[_Cell]], bool]:
    _check_xlsx_container(data, file_name)
    import openpyxl  # reads its XML through defusedxml when that is installed (it is a requirement)
    from openpyxl.utils import get_column_letter

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds; each means the same to the user
        raise _xlsx_unreadable(file_name, error) from None
    header: list[str] = []
    rows: list[list[_Cell]] = []
    try:
        sheet = workbook.worksheets[0]
        # A read-only sheet is parsed while it is iterated: broken XML further down surfaces only here.
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if index > MAX_ROWS + 1:
                raise StatisticsImportError(
                    [ImportProblem(file_name, None, None, _("More than %(max)s rows.") % {"max": MAX_ROWS})]
                )
            if index == 1:
                header = ["" if v is None else str(v).strip() for v in values]
                while len(header) > 1 and not header[-1]:  # formatted but empty cells right of the header
                    header.pop()
                continue
            cells = []
            for position, value in enumerate(values):
                name = header[position] if position < len(header) else get_column_letter(position + 1)
                if isinstance(value, bool):
                    cells.append(_Cell(index, name, str(value)))
                elif isinstance(value, int | float):
                    cells.append(_Cell(index, name, str(value), Decimal(str(value))))
                else:
                    cells.append(_Cell(index, name, "" if value is None else str(value)))
            # A spreadsheet row has every column: empty cells right of the header are no cells, missing ones empty.
            while len(cells) > len(header) and not cells[-1].text.strip():
                cells.pop()
            cells += [_Cell(index, name, "") for name in header[len(cells) :]]
            if any(cell.text.strip() for cell in cells):
                rows.append(cells)
    except StatisticsImportError:
        raise
    except Exception as error:  # XML, zlib and zip errors in the sheet
        raise _xlsx_unreadable(file_name, error) from None
    finally:
        workbook.close()
    if not header:
        raise StatisticsImportError([ImportProblem(file_name, None, None, _("The file is empty."))])
    return header, rows, True


# --- Checking ----------------------------------------------------------------------------------


def _number(cell: _Cell, decimal_comma: bool) -> Decimal:
    """The cell's number, or ValueError with the reason in the user's language."""
    if cell.number is not None:
        return cell.number
    text = cell.text.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        raise ValueError(_("The value is missing."))
    if text.startswith(("=", "+", "@")) or (text.startswith("-") and not text[1:2].isdigit()):
        raise ValueError(_("«%(text)s» is a formula or text, not a number.") % {"text": cell.text.strip()[:40]})
    if decimal_comma and _DANISH_NUMBER.match(text):
        normalised = text.replace(".", "").replace(",", ".")
    elif _POINT_NUMBER.match(text):
        normalised = text
    elif not decimal_comma and re.match(r"^-?\d+,\d+$", text):
        normalised = text.replace(",", ".")
    else:
        raise ValueError(_("«%(text)s» is not a number.") % {"text": cell.text.strip()[:40]})
    try:
        return Decimal(normalised)
    except InvalidOperation:
        raise ValueError(_("«%(text)s» is not a number.") % {"text": cell.text.strip()[:40]}) from None


def _layout(header: list[str], variables: dict[str, Variable], file_name: str) -> tuple[str, list[str]]:
    """ "long" or "wide", and the header's columns normalised (area, year, variable, value, or variable codes)."""
    names = [h.strip().lower() for h in header]
    canonical = [LONG_HEADERS.get(name, name) for name in names]
    if canonical[:2] != ["area", "year"]:
        raise StatisticsImportError(
            [
                ImportProblem(
                    file_name,
                    1,
                    header[0] if header else None,
                    _("The first columns must be area_code and year (or område and år)."),
                )
            ]
        )
    if "variable" in canonical or "value" in canonical:
        problems = []
        if canonical[2:4] != ["variable", "value"]:
            problems.append(
                ImportProblem(file_name, 1, None, _("Long format needs the columns area_code, year, variable, value."))
            )
        for name in header[4:]:
            problems.append(ImportProblem(file_name, 1, name, _("Unexpected column.")))
        if problems:
            raise StatisticsImportError(problems)
        return "long", canonical
    problems = []
    if len(canonical) < 3:
        problems.append(ImportProblem(file_name, 1, None, _("There are no variable columns.")))
    seen = set()
    for original, name in zip(header[2:], canonical[2:], strict=True):
        if name not in variables:
            problems.append(ImportProblem(file_name, 1, original, _("Unknown variable «%(code)s».") % {"code": name}))
        if name in seen:
            problems.append(ImportProblem(file_name, 1, original, _("The column appears twice.")))
        seen.add(name)
    if problems:
        raise StatisticsImportError(problems)
    return "wide", canonical


def _check_rows(
    file_name: str,
    layout: str,
    columns: list[str],
    rows: list[list[_Cell]],
    decimal_comma: bool,
    progress: "RowProgress",
) -> tuple[dict[tuple[int, int, int], Decimal], _Problems]:
    areas = dict(Area.objects.values_list("code", "id"))
    variables = {v.code: v for v in Variable.objects.all()}
    last_year = date.today().year
    values: dict[tuple[int, int, int], Decimal] = {}
    first_seen: dict[tuple[int, int, int], int] = {}
    problems = _Problems()

    def problem(cell: _Cell, message: str) -> None:
        problems.add(ImportProblem(file_name, cell.row, cell.column or None, message))

    progress.total = len(rows)
    for cells in rows:
        progress.done += 1
        if not any(cell.text.strip() or cell.number is not None for cell in cells):
            continue  # a blank line
        if len(cells) != len(columns) or any(not c.column for c in cells):
            extra = len(cells) - len(columns)
            row = cells[0].row if cells else None
            message = (
                ngettext(
                    "The row has %(count)s cell more than the header.",
                    "The row has %(count)s cells more than the header.",
                    extra,
                )
                % {"count": extra}
                if extra > 0
                else ngettext(
                    "The row has %(count)s cell fewer than the header.",
                    "The row has %(count)s cells fewer than the header.",
                    -extra,
                )
                % {"count": -extra}
            )
            problems.add(ImportProblem(file_name, row, None, message))
            continue
        area_cell, year_cell = cells[0], cells[1]
        area_id = areas.get(area_cell.text.strip())
        if area_id is None:
            problem(area_cell, _("Unknown area code «%(code)s».") % {"code": area_cell.text.strip()[:40]})
        year = None
        try:
            year_number = _number(year_cell, decimal_comma)
            if year_number != year_number.to_integral_value():
                raise ValueError(_("The year must be a whole number."))
            year = int(year_number)
            if not FIRST_YEAR <= year <= last_year:
                problem(
                    year_cell,
                    _("The year %(year)s is outside %(first)s–%(last)s.")
                    % {"year": year, "first": FIRST_YEAR, "last": last_year},
                )
                year = None
        except ValueError as error:
            problem(year_cell, str(error))
        if layout == "long":
            variable_cell, value_cell = cells[2], cells[3]
            variable = variables.get(variable_cell.text.strip().lower())
            if variable is None:
                problem(variable_cell, _("Unknown variable «%(code)s».") % {"code": variable_cell.text.strip()[:60]})
            pairs = [(variable, value_cell)]
        else:
            pairs = [(variables[name], cell) for name, cell in zip(columns[2:], cells[2:], strict=True)]
            pairs = [(variable, cell) for variable, cell in pairs if cell.text.strip() or cell.number is not None]
        for variable, cell in pairs:
            try:
                value = _number(cell, decimal_comma)
            except ValueError as error:
                problem(cell, str(error))
                continue
            if variable is None:
                continue
            if abs(value) >= MAX_VALUE or value.as_tuple().exponent < -6:
                problem(cell, _("The value %(value)s is too large or has more than 6 decimals.") % {"value": value})
                continue
            if value < 0 and variable.is_person_count:
                problem(cell, _("A count cannot be negative (%(value)s).") % {"value": value})
                continue
            if area_id is None or year is None:
                continue
            key = (area_id, year, variable.pk)
            if key in values:
                problem(
                    cell,
                    _("%(area)s, %(year)s, %(variable)s is in the file twice (also in row %(row)s).")
                    % {"area": area_cell.text.strip(), "year": year, "variable": variable.code, "row": first_seen[key]},
                )
                continue
            values[key] = value
            first_seen[key] = cell.row
    return values, problems


# --- The service ---------------------------------------------------------------------------------


@dataclass
class RowProgress:
    """How far the check of a file has come: rows checked of the rows below its header (0 of 0 while reading)."""

    done: int = 0
    total: int = 0


def read_statistics_file(
    *, data: bytes, file_name: str, progress: RowProgress | None = None
) -> tuple[str, str, dict[tuple[int, int, int], Decimal]]:
    """Parse and check a file: (file format, layout, {(area id, year, variable id): value}).

    Raises ``StatisticsImportError`` with every problem counted and the first ``MAX_PROBLEMS`` listed.
    """
    if len(data) > MAX_FILE_BYTES:
        raise StatisticsImportError(
            [
                ImportProblem(
                    file_name,
                    None,
                    None,
                    _("The file is %(size)s MB; at most %(max)s MB can be imported.")
                    % {"size": len(data) // (1024 * 1024), "max": MAX_FILE_BYTES // (1024 * 1024)},
                )
            ]
        )
    if not data.strip():
        raise StatisticsImportError([ImportProblem(file_name, None, None, _("The file is empty."))])
    is_xlsx = data[:4] == b"PK\x03\x04"
    if is_xlsx:
        header, rows, decimal_comma = _read_xlsx(data, file_name)
    else:
        header, rows, decimal_comma = _read_csv(data, file_name)
    if not rows:
        raise StatisticsImportError([ImportProblem(file_name, None, None, _("The file has no rows below the header."))])
    variables = {v.code: v for v in Variable.objects.all()}
    layout, columns = _layout(header, variables, file_name)
    values, problems = _check_rows(file_name, layout, columns, rows, decimal_comma, progress or RowProgress())
    if problems:
        raise StatisticsImportError(problems.listed, total=problems.total)
    return ("xlsx" if is_xlsx else "csv"), layout, values


def import_statistics(
    *,
    data: bytes,
    file_name: str,
    by: User | None,
    progress: RowProgress | None = None,
    upload: StatisticsUpload | None = None,
) -> ImportReport:
    """Import a statistics file in one transaction, then schedule the recompute of what changed.

    ``upload``: the browser upload this import carries out; its outcome is recorded in the same transaction, so
    a job handed out again after the import committed finds it done."""
    file_format, layout, values = read_statistics_file(data=data, file_name=file_name, progress=progress)
    report = ImportReport(file_name=file_name, values_in_file=len(values))
    if upload is not None:
        StatisticsUpload.objects.filter(pk=upload.pk).update(state=StatisticsUpload.State.SAVING)
    with transaction.atomic():
        existing = _existing_values(values)
        changed = {key: value for key, value in values.items() if existing.get(key) != value}
        report.created = sum(1 for key in changed if key not in existing)
        report.updated = len(changed) - report.created
        report.unchanged = len(values) - len(changed)
        if changed:
            record = StatisticsImport.objects.create(
                file_name=file_name[:255],
                sha256=hashlib.sha256(data).hexdigest(),
                file_format=file_format,
                layout=layout,
                imported_by=by,
                values_in_file=report.values_in_file,
                values_created=report.created,
                values_updated=report.updated,
                values_unchanged=report.unchanged,
            )
            upsert_rows(
                Observation,
                ["area_id", "year", "variable_id", "value", "source_id"],
                [(a, y, v, value, record.pk) for (a, y, v), value in changed.items()],
                unique=["area_id", "year", "variable_id"],
                update=["value", "source_id"],
            )
            report.statistics_import = record
            report.affected = {(a, y) for (a, y, _v) in changed}
            _schedule_recompute(record.pk)
            data_changed()
        if upload is not None:
            StatisticsUpload.objects.filter(pk=upload.pk).update(
                state=StatisticsUpload.State.IMPORTED,
                finished_at=timezone.now(),
                statistics_import=report.statistics_import,
                values_in_file=report.values_in_file,
                values_created=report.created,
                values_updated=report.updated,
                values_unchanged=report.unchanged,
            )
    return report


def _existing_values(values: dict[tuple[int, int, int], Decimal]) -> dict[tuple[int, int, int], Decimal]:
    if not values:
        return {}
    area_ids = {a for a, _y, _v in values}
    years = {y for _a, y, _v in values}
    variable_ids = {v for _a, _y, v in values}
    rows = Observation.objects.filter(area_id__in=area_ids, year__in=years, variable_id__in=variable_ids)
    return {(a, y, v): value for a, y, v, value in rows.values_list("area_id", "year", "variable_id", "value")}


def _schedule_recompute(import_id: int) -> None:
    if settings.RECOMPUTE_AFTER_IMPORT:
        enqueue_on_commit("strategy.recompute_after_import", import_id=import_id)


# --- Uploads from the browser, imported in the background ------------------------------------------

# How often a job importing an upload records how far it has come (and that it is alive).
UPLOAD_PROGRESS_SECONDS = 2


def store_upload(*, file: UploadedFile, by: User | None, language: str) -> StatisticsUpload:
    """Store an uploaded file and send the job that imports it (once this transaction commits). The file is not
    read here beyond its checksum: checking and importing a national file takes longer than a request may."""
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    upload = StatisticsUpload(
        file_name=(file.name or "")[:255],
        size=file.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
        language=language,
    )
    upload.file.save("upload", file, save=False)
    upload.save()
    enqueue_on_commit("strategy.import_statistics_upload", upload_id=upload.pk)
    return upload


def import_upload(upload_id: int, *, task_id: str = "") -> StatisticsUpload | None:
    """The background job's work: check and import an upload all-or-nothing and record the outcome on it.

    Safe to run again: an upload already finished is left alone, and one whose earlier attempt died (its worker
    killed) starts over, as nothing of a half-done import was stored. An unexpected error is recorded and logged,
    not raised: the upload says it failed, and the one who uploaded it can try again."""
    upload = StatisticsUpload.objects.filter(pk=upload_id).first()
    if upload is None or upload.is_finished:
        return upload
    now = timezone.now()
    StatisticsUpload.objects.filter(pk=upload.pk).update(
        state=StatisticsUpload.State.CHECKING, task_id=task_id, started_at=now, heartbeat_at=now
    )
    progress = RowProgress()

    def record() -> None:
        StatisticsUpload.objects.filter(
            pk=upload.pk, state__in=[StatisticsUpload.State.CHECKING, StatisticsUpload.State.SAVING]
        ).update(heartbeat_at=timezone.now(), rows_checked=progress.done, rows_total=progress.total)

    outcome: dict = {}
    try:
        with translation.override(upload.language), heartbeat(f"upload-{upload.pk}", UPLOAD_PROGRESS_SECONDS, record):
            with upload.file.open("rb") as stored:
                data = stored.read()
            import_statistics(
                data=data, file_name=upload.file_name, by=upload.uploaded_by, progress=progress, upload=upload
            )
    except StatisticsImportError as error:
        outcome = {
            "state": StatisticsUpload.State.REJECTED,
            "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in error.problems],
            "problem_total": error.total,
        }
    except Exception as error:  # recorded on the upload for its reader, logged in full for the operator
        logger.exception("Statistics upload %s failed", upload.pk)
        outcome = {"state": StatisticsUpload.State.FAILED, "error": type(error).__name__}
    if outcome:
        StatisticsUpload.objects.filter(pk=upload.pk).update(finished_at=timezone.now(), **outcome)
    StatisticsUpload.objects.filter(pk=upload.pk).update(file="", rows_checked=progress.done, rows_total=progress.total)
    upload.file.delete(save=False)  # the job is done with it; the row keeps the checksum
    upload.refresh_from_db()
    return upload
