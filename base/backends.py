"""The authentication backend of the browser's sessions."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections

from .db import JoinedRows
from .models import Membership, Organisation, User
from .permissions import remember_memberships


def memberships_join(connection) -> str:
    """The outer joins from a user ``u`` to their memberships ``m`` and the memberships' organisations ``o``: one row
    per membership, one with NULLs for a user with none. The API key look-up reads a key's user the same way."""
    table, column = JoinedRows.names(connection)
    return (
        f"LEFT OUTER JOIN {table(Membership)} m ON m.{column(Membership, 'user')} = u.{column(User, 'id')} "
        f"LEFT OUTER JOIN {table(Organisation)} o "
        f"ON o.{column(Organisation, 'id')} = m.{column(Membership, 'organisation')} "
    )


class SessionUserBackend(ModelBackend):
    """Django's ``ModelBackend`` (passwords, permissions), reading a logged-in session's user together with their
    memberships and organisations in one prepared statement. Every page of a logged-in user needs both (the rights
    are checked from the memberships, the header names the roles), and the ORM's two queries, compiled anew on each
    request, cost more than a cached page itself. Inactive users are refused as by ``ModelBackend``."""

    _rows = JoinedRows((("u", User), ("m", Membership), ("o", Organisation)))
    _statement = ""

    @classmethod
    def _prepare(cls, connection) -> str:
        table, column = JoinedRows.names(connection)
        # The user's id is a parameter.
        return (
            f"SELECT {cls._rows.columns(connection)} FROM {table(User)} u {memberships_join(connection)}"  # noqa: S608
            f"WHERE u.{column(User, 'id')} = %s ORDER BY m.{column(Membership, 'id')}"
        )

    def get_user(self, user_id):
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        connection = connections[self._rows.using]
        if not SessionUserBackend._statement:
            SessionUserBackend._statement = self._prepare(connection)
        user, memberships = None, []
        for row in self._rows.fetch(self._statement, [pk]):  # one row per membership (one with none if none)
            found, membership, organisation = self._rows.instances(connection, row)
            user = user or found
            if membership is not None:
                membership.user, membership.organisation = user, organisation
                memberships.append(membership)
        if user is None or not self.user_can_authenticate(user):
            return None
        remember_memberships(user, memberships)
        return user
