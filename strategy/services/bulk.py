"""Bulk writes for the large tables (observations, classifications, criterion results, indicator values).

On PostgreSQL rows go in with ``COPY`` (into a temporary table, then one ``INSERT … ON CONFLICT`` when they are
upserts); elsewhere (SQLite, the embedded default) through Django's ``bulk_create``. Both run inside the
caller's transaction. Values must already be valid: the services check them before they get here.
"""

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection, models


def _column(model: type[models.Model], name: str) -> str:
    return model._meta.get_field(name).column


def _copy_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> Iterable[Sequence]:
    """The rows as COPY takes them: JSON fields serialised, everything else as it is (psycopg adapts it)."""
    json_positions = [i for i, f in enumerate(fields) if isinstance(model._meta.get_field(f), models.JSONField)]
    if not json_positions:
        return rows
    return ([json.dumps(value) if i in json_positions else value for i, value in enumerate(row)] for row in rows)


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert rows (tuples in ``fields`` order; foreign keys as ids, e.g. ``area_id``). Returns the count."""
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(objects, batch_size=5000)
        return len(objects)
    columns = ", ".join(connection.ops.quote_name(_column(model, f)) for f in fields)
    count = 0
    with connection.cursor() as cursor, cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
        for row in _copy_rows(model, fields, rows):
            copy.write_row(row)
            count += 1
    return count


def upsert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence],
    *,
    unique: Sequence[str],
    update: Sequence[str],
) -> int:
    """Insert rows, or update ``update`` where a row with the same ``unique`` fields exists. Returns the count."""
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(
            objects,
            batch_size=5000,
            update_conflicts=True,
            unique_fields=[f.removesuffix("_id") for f in unique],
            update_fields=[f.removesuffix("_id") for f in update],
        )
        return len(objects)
    quote = connection.ops.quote_name
    table = model._meta.db_table
    columns = [quote(_column(model, f)) for f in fields]
    column_list = ", ".join(columns)
    staging = quote(f"staging_{table}")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        # Identifiers come from the model's metadata, quoted; the values travel separately through COPY.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS SELECT {column_list} FROM {table} WITH NO DATA"  # noqa: S608
        )
        with cursor.copy(f"COPY {staging} ({column_list}) FROM STDIN") as copy:
            for row in _copy_rows(model, fields, rows):
                copy.write_row(row)
        conflict = ", ".join(quote(_column(model, f)) for f in unique)
        assignments = ", ".join(f"{quote(_column(model, f))} = EXCLUDED.{quote(_column(model, f))}" for f in update)
        cursor.execute(
            f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {staging} "  # noqa: S608
            f"ON CONFLICT ({conflict}) DO UPDATE SET {assignments}"
        )
        cursor.execute(f"DROP TABLE {staging}")
    return len(rows)


def quantize(value: Decimal | None, places: str = "0.00000001") -> Decimal | None:
    return None if value is None else value.quantize(Decimal(places))
