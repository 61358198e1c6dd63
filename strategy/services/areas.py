"""Importing areas: a CSV with code, name, kind, parent_code; all rows or none, problems named by row and column.

Uses the statistics importer's CSV reader (separators, encodings) and its problem reporting.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from base.models import User

from ..models import Area
from .plan import upsert_area
from .statistics import ImportProblem, StatisticsImportError, _read_csv

AREA_COLUMNS = ["code", "name", "kind", "parent_code"]


def import_areas(*, data: bytes, file_name: str, by: User | None) -> tuple[int, int]:
    """Create or update areas from a CSV with code, name, kind, parent_code; all rows or none.

    Parents may come after their children in the file. Returns (created, updated).
    """
    header, rows, _decimal_comma = _read_csv(data, file_name)
    names = [h.strip().lower() for h in header]
    if names != AREA_COLUMNS:
        raise StatisticsImportError(
            [ImportProblem(file_name, 1, None, _("The columns must be: code, name, kind, parent_code."))]
        )
    problems: list[ImportProblem] = []
    specs: dict[str, tuple[int, str, str, str]] = {}
    kinds = set(Area.Kind.values)
    for cells in rows:
        if not any(cell.text.strip() for cell in cells):
            continue
        if len(cells) != 4 or any(not cell.column for cell in cells):
            problems.append(ImportProblem(file_name, cells[0].row, None, _("The row must have 4 cells.")))
            continue
        code, name, kind, parent = (cell.text.strip() for cell in cells)
        row = cells[0].row
        if not code or len(code) > 40:
            problems.append(ImportProblem(file_name, row, "code", _("The code must be 1–40 characters.")))
        elif code in specs:
            problems.append(
                ImportProblem(file_name, row, "code", _("The code «%(code)s» is in the file twice.") % {"code": code})
            )
        if not name or len(name) > 200:
            problems.append(ImportProblem(file_name, row, "name", _("The name must be 1–200 characters.")))
        if kind not in kinds:
            problems.append(
                ImportProblem(
                    file_name,
                    row,
                    "kind",
                    _("Unknown kind «%(kind)s»; use %(kinds)s.") % {"kind": kind, "kinds": ", ".join(Area.Kind.values)},
                )
            )
        specs.setdefault(code, (row, name, kind, parent))
    existing = {area.code: area for area in Area.objects.all()}
    for row, _name, kind, parent in specs.values():
        if kind == Area.Kind.COUNTRY:
            if parent:
                problems.append(ImportProblem(file_name, row, "parent_code", _("A country has no parent.")))
        elif not parent:
            problems.append(ImportProblem(file_name, row, "parent_code", _("Only a country can be without a parent.")))
        elif parent not in specs and parent not in existing:
            problems.append(
                ImportProblem(file_name, row, "parent_code", _("Unknown parent code «%(code)s».") % {"code": parent})
            )
    if problems:
        raise StatisticsImportError(problems)

    created = updated = 0
    with transaction.atomic():
        done: dict[str, Area] = {}
        pending = dict(specs)
        while pending:
            ready = [
                c
                for c, (_r, _n, _k, p) in pending.items()
                if not p or p in done or (p in existing and p not in pending)
            ]
            if not ready:
                row = min(r for r, *_rest in pending.values())
                raise StatisticsImportError(
                    [ImportProblem(file_name, row, "parent_code", _("The parent codes form a loop."))]
                )
            for code in ready:
                row, name, kind, parent_code = pending.pop(code)
                parent = done.get(parent_code) or existing.get(parent_code) if parent_code else None
                current = existing.get(code)
                if current is not None and (current.name, current.kind, current.parent_id) == (
                    name,
                    kind,
                    parent.pk if parent else None,
                ):
                    done[code] = current  # unchanged: not written, not counted as updated
                    continue
                try:
                    area = upsert_area(code=code, name=name, kind=kind, parent=parent, by=by)
                except ValidationError as error:
                    raise StatisticsImportError(
                        [ImportProblem(file_name, row, "parent_code", message) for message in error.messages]
                    ) from None
                done[code] = area
                created += code not in existing
                updated += code in existing
    return created, updated
