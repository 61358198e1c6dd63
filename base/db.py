"""Database helpers the apps share."""

from contextlib import contextmanager

from django.db import connections


@contextmanager
def prepared_cursor(using: str = "default"):
    """A cursor for a fixed, hand-written statement run on (nearly) every request: on PostgreSQL its parameters are
    bound on the server, so that psycopg prepares the statement once it has run a few times on a connection
    (``prepare_threshold``) and PostgreSQL stops planning it anew each time. Planning the API's key look-up costs
    several times more than running it.

    Django's own cursors bind on the client (``server_side_binding`` is off: some ORM queries do not work with
    server-side binding), so they are never prepared; this cursor is for statements known to work with it. It is
    wrapped as Django wraps its cursors: the health check, error translation, query logging and counting
    (``CaptureQueriesContext``) and execute wrappers apply. On other databases it is the ordinary cursor.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    import psycopg

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        raw = psycopg.Cursor(connection.connection)
    cursor = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with cursor:
        yield cursor


class JoinedRows:
    """Model instances read from one hand-written join in one round trip, on a ``prepared_cursor``: for the few
    look-ups every request makes, where the ORM would compile two or three queries anew each time and PostgreSQL
    would plan them anew. The selected columns are written once per process from the models' fields (a field added
    to a model is read too), and each value goes through the same converters as the ORM's.

    ``models``: (table alias, model) in the order of the columns; the statement's ``FROM`` part names the tables by
    these aliases. A model whose first column is NULL (an outer join that found nothing) gives None."""

    def __init__(self, models: tuple, using: str = "default"):
        self.models = models
        self.using = using
        self._parts = None
        self._columns: list[str] = []

    def columns(self, connection) -> str:
        """The select list: every concrete column of every model, aliased."""
        if self._parts is None:
            quote = connection.ops.quote_name
            columns, parts = [], []
            for alias, model in self.models:
                fields = model._meta.concrete_fields
                converters = []
                for field in fields:
                    column = field.get_col(alias)
                    converters.append(
                        [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]
                    )
                    columns.append(f"{alias}.{quote(field.column)}")
                parts.append((model, [field.attname for field in fields], converters, len(fields)))
            self._parts, self._columns = parts, columns
        return ", ".join(self._columns)

    @staticmethod
    def names(connection) -> tuple:
        """For writing the statement's text: a model's table and a field's column, quoted. Only these names go into
        the text; values are parameters."""
        quote = connection.ops.quote_name
        return (
            lambda model: quote(model._meta.db_table),
            lambda model, name: quote(model._meta.get_field(name).column),
        )

    @property
    def width(self) -> int:
        return sum(part[3] for part in self._parts)

    def fetch(self, statement: str, params: list) -> list[tuple]:
        with prepared_cursor(self.using) as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()

    def instances(self, connection, row) -> list:
        """One row's model instances, in the order of ``models`` (None for a model the outer join did not find)."""
        instances, start = [], 0
        for model, names, converters, width in self._parts:
            values = list(row[start : start + width])
            start += width
            if values[0] is None:
                instances.append(None)
                continue
            for i, chain in enumerate(converters):
                for convert in chain:
                    values[i] = convert(values[i], None, connection)
            instances.append(model.from_db(self.using, names, values))
        return instances
