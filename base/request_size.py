"""How large a request may be (OWASP ASVS 12.1.1), decided before any of its body is read.

Every request may carry ``REQUEST_MAX_BYTES`` (forms and JSON); a view that takes files says how much more with
``accepts_files``. ``bagsvaerd.middleware.RequestSizeMiddleware`` compares the declared ``Content-Length`` with
the limit of the view the path leads to and answers 413 without reading the body, so a 60 MB file sent to a page
that takes 10 MB is neither held in memory nor written to disk. The fields' own checks (a file's size, its type)
still name the file in the form."""

from collections.abc import Callable

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _


def accepts_files(allowance: Callable[[], int]):
    """The view also takes files of ``allowance()`` bytes in all (read when a request comes, so settings apply).
    For a DRF viewset, set ``files_allowance`` on the class instead."""

    def decorate(view):
        view.files_allowance = allowance
        return view

    return decorate


def attachments_allowance() -> int:
    """One activity's files in one submission: ``ATTACHMENT_REQUEST_FILES`` files of the largest size."""
    return settings.ATTACHMENT_MAX_BYTES * settings.ATTACHMENT_REQUEST_FILES


def limit_for(path: str) -> int:
    """The most bytes a request to ``path`` may carry."""
    limit = settings.REQUEST_MAX_BYTES
    try:
        func = resolve(path).func
    except Resolver404:
        return limit
    allowance = getattr(func, "files_allowance", None) or getattr(getattr(func, "cls", None), "files_allowance", None)
    return limit + allowance() if allowance else limit


def file_input_limits(each: int, total: int | None = None) -> dict[str, str]:
    """Attributes for a file input that let the browser say at once that a chosen file is too large
    (static/js/file-limits.js), before the form is sent and refused whole, losing what was typed."""
    attrs = {
        "data-max-bytes": str(each),
        "data-too-large": _("“{name}” is larger than %(limit)s and cannot be sent.") % {"limit": filesizeformat(each)},
    }
    if total is not None:
        attrs["data-max-total"] = str(total)
        attrs["data-too-much"] = _(
            "The chosen files come to more than %(total)s in all. Choose fewer, and attach the rest afterwards."
        ) % {"total": filesizeformat(total)}
    return attrs
