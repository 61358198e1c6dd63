"""Django's PostgreSQL backend, with one change to the health check of persistent connections.

With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before a request's first query on a reused connection, so that
a connection cut while it sat idle (a database restart, a firewall's idle timeout) is replaced instead of failing
the request. On a busy worker that is one more round trip on every request, for a connection that answered a
moment ago. Here the check is skipped when the connection served a request without a database error that ended
less than ``HEALTH_CHECK_BYPASS`` seconds ago, as connection pools do (HikariCP's ``aliveBypassWindowMs``, 500
ms); a connection that sat idle longer is checked as before.
"""

import time

from django.db.backends.postgresql import base

HEALTH_CHECK_BYPASS = 0.5  # seconds


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.answered_at: float | None = None  # when a request that used this connection last ended without error

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self.answered_at is not None
            and time.monotonic() - self.answered_at < HEALTH_CHECK_BYPASS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def close_if_unusable_or_obsolete(self):
        # Django calls this when a request (or a task) starts and when it ends. At the end, a request that used the
        # connection has opened a cursor (which marks the health check done); if no database error occurred since,
        # the connection has just answered.
        answered = self.connection is not None and self.health_check_done and not self.errors_occurred
        super().close_if_unusable_or_obsolete()
        if answered and self.connection is not None:
            self.answered_at = time.monotonic()

    def close(self):
        self.answered_at = None
        super().close()
