"""The Content-Security-Policy's exceptions: the one policy lives in settings (``CONTENT_SECURITY_POLICY``), the
middleware sends it; a view that needs more says so here, in one place."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings


def tile_origin(url: str) -> str | None:
    """The origin a map's tile URL loads from (``{s}`` subdomains as a wildcard); None without one."""
    parts = urlsplit(url or "")
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def allow_map_tiles(view):
    """The page shows a map: its images may also come from ``MAP_TILE_URL``'s server, and only on this page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        origin = tile_origin(settings.MAP_TILE_URL)
        if origin is None:
            return response
        for attribute, policy in (
            ("_csp_config", settings.SECURE_CSP),
            ("_csp_ro_config", settings.SECURE_CSP_REPORT_ONLY),
        ):
            if policy:
                setattr(response, attribute, {**policy, "img-src": [*policy.get("img-src", []), origin]})
        return response

    return wrapped
