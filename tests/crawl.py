"""A breadth-first crawl of the site as one logged-in user: every page reachable by links from the front page.

``crawl`` follows every same-site ``<a href>`` (and redirects), never a form, so it changes nothing. What it
records per URL: the status, the URL pattern it resolved to, and the pages that link to it, so that a failure
names where the broken link was rendered.
"""

import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import Resolver404, resolve

# Not followed: the static files, and the admin (tests/test_every_admin_page.py opens and saves each of its models).
SKIPPED_PREFIXES = ("/static/", "/admin/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "form":
            self.forms.append(
                {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "fields": {}}
            )
        elif tag in ("input", "textarea", "select") and self.forms and attrs.get("name"):
            kind = (attrs.get("type") or "").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file"):
                return
            self.forms[-1]["fields"].setdefault(attrs["name"], attrs.get("value") or "")


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def pattern_of(path: str) -> str:
    """The URL pattern a path resolves to (its route, e.g. ``spaces/<int:pk>/``), or the path when none does."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.route


@dataclass
class Page:
    url: str
    status: int = 0
    pattern: str = ""
    linked_from: list[str] = field(default_factory=list)
    error: str = ""
    is_html: bool = False
    # The page's POST forms that carry an edit's version: {"action": URL, "fields": {name: value}}.
    edit_forms: list[dict] = field(default_factory=list)


@dataclass
class Crawl:
    pages: dict[str, Page] = field(default_factory=dict)

    def patterns(self) -> set[str]:
        """The URL patterns of the pages visited."""
        return {page.pattern for page in self.pages.values() if page.status}

    def failures(self, allowed: Callable[[Page], bool]) -> list[str]:
        return [
            f"{page.status} {page.url} (linked from {', '.join(page.linked_from[:3]) or 'the start'}){page.error}"
            for page in self.pages.values()
            if not allowed(page)
        ]


def _local(url: str) -> str | None:
    """The path and query of a same-site URL worth visiting, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, start: str = "/", *, max_per_pattern: int | None = None) -> Crawl:
    """Visit every page reachable from ``start`` with ``client`` (logged in as the user to crawl as).

    ``max_per_pattern``: visit at most this many pages of each URL pattern, for a caller that needs a page of each
    pattern (the pages of one pattern mostly link to the same kinds of page).
    """
    result = Crawl()
    errors: list[str] = []
    visited: dict[str, int] = {}

    def remember(sender, request, **kwargs):
        errors.append(traceback.format_exc(limit=-6))

    got_request_exception.connect(remember)
    try:
        queue = deque([start])
        result.pages[start] = Page(start)
        while queue:
            url = queue.popleft()
            page = result.pages[url]
            page.pattern = pattern_of(urlsplit(url).path)
            if max_per_pattern is not None:
                if visited.get(page.pattern, 0) >= max_per_pattern:
                    continue  # passed over: its status stays 0, and it counts for no pattern
                visited[page.pattern] = visited.get(page.pattern, 0) + 1
            errors.clear()
            try:
                response = client.get(url)
            except pytest.fail.Exception as error:  # a template rendered a missing variable (strict templates)
                page.status, page.error = 500, f"\n{error}"
                continue
            page.status = response.status_code
            if errors:
                page.error = "\n" + errors[-1]
            found = []
            if response.status_code in (301, 302, 303, 307, 308):
                found = [response["Location"]]
            elif response.status_code < 400 and response.get("Content-Type", "").startswith("text/html"):
                page.is_html = True
                parsed = parse(response.content.decode())
                found = parsed.hrefs
                page.edit_forms = [
                    {"action": urljoin(url, form["action"] or url), "fields": form["fields"]}
                    for form in parsed.forms
                    if form["method"] == "post" and "version" in form["fields"]
                ]
            for href in found:
                target = _local(urljoin(url, href))
                if target is None or target == url:
                    continue
                if target not in result.pages:
                    result.pages[target] = Page(target)
                    queue.append(target)
                result.pages[target].linked_from.append(url)
    finally:
        got_request_exception.disconnect(remember)
    return result
