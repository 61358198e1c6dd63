"""Django's PostgreSQL backend with a cheaper health check for busy connections (``base.DatabaseWrapper``)."""
