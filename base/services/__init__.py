"""Writes of the base: the audited-write machinery every app's services use (``audit``), accounts and
memberships (``accounts``), organisations and collaboration models (``organisations``)."""
