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
