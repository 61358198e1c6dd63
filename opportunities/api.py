"""The opportunity spaces' REST API (registered under /api/v1/ in ``bagsvaerd/urls.py``)."""


def register(router) -> None:
    pass
