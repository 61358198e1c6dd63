"""HTML to PDF with WeasyPrint, fetching nothing: the report's styles are inline and it has no images, so no URL in
its content (a space's title, a decision's text) can make the server fetch anything."""

import logging

logger = logging.getLogger(__name__)


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here: its system libraries (Pango) are missing."""


def render_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML  # loads Pango through cffi: imported when a PDF is asked for
        from weasyprint.urls import URLFetcher
    except OSError as error:
        logger.error("WeasyPrint cannot load its system libraries: %s", error)
        raise PdfUnavailable from error
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
