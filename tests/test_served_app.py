"""The app as the Dockerfile serves it (gunicorn, DEBUG off, the production settings, behind a TLS proxy that
sets X-Forwarded-Proto): the security headers of a page, and a too-large upload refused before it is read.

gunicorn is started with the Dockerfile's own command (its address changed to a free loopback port), on an empty
SQLite database: the pages asked for here read no data."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.serve import collected_static, free_port
from tests.test_settings import PRODUCTION

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def dockerfile_command() -> list[str]:
    """The Dockerfile's CMD, as a list."""
    line = next(line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD "))
    return json.loads(line.removeprefix("CMD "))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    port = free_port()
    command = [part.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for part in dockerfile_command()]
    assert command[0] == "gunicorn" and f"127.0.0.1:{port}" in command
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}},
        **PRODUCTION,
        "ALLOWED_HOSTS": "strategi.example.dk",
        "TRUST_X_FORWARDED_PROTO": "true",  # as docker-compose.yml sets it
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('served') / 'empty.sqlite3'}",
        "STATIC_ROOT": str(collected_static()),
        "DJANGO_SETTINGS_MODULE": "bagsvaerd.settings",
    }
    server = subprocess.Popen(  # the Dockerfile's own command
        [str(Path(sys.executable).parent / command[0]), *command[1:], "--log-level", "warning"],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            get(base, "/healthz")
            break
        except OSError:
            assert server.poll() is None, "gunicorn stopped"
            assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
            time.sleep(0.2)
    yield port
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(30)


PROXY = {"Host": "strategi.example.dk", "X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.10"}


def get(base: str, path: str, headers: dict[str, str] = PROXY):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 - our loopback server
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_served_page_carries_the_production_security_headers(served):
    status, headers, body = get(f"http://127.0.0.1:{served}", "/login/")

    assert status == 200
    policy = dict(directive.partition(" ")[::2] for directive in headers["Content-Security-Policy"].split("; "))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no inline script, no eval
    assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "Content-Security-Policy-Report-Only" not in headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("csrftoken=")
    assert all(part in cookie for part in ("Secure", "HttpOnly", "SameSite=Lax"))
    assert b"<script>" not in body  # every script is a file


def test_the_icon_browsers_ask_for_on_their_own_is_the_app_s_icon_not_a_404(served):
    base = f"http://127.0.0.1:{served}"
    status, headers, _body = get(base, "/favicon.ico")  # as a browser asks, without a session

    assert status == 302
    assert headers["Cache-Control"] == "max-age=86400"  # not for ever: the icon's name changes with each release
    icon = headers["Location"]
    assert icon.startswith("/static/img/favicon.") and icon.endswith(".svg")
    status, headers, body = get(base, icon)
    assert status == 200 and headers["Content-Type"].startswith("image/svg+xml") and body.startswith(b"<svg")


def test_plain_http_is_sent_to_https(served):
    status, headers, _body = get(f"http://127.0.0.1:{served}", "/login/", {**PROXY, "X-Forwarded-Proto": "http"})

    assert status == 301
    assert headers["Location"] == "https://strategi.example.dk/login/"


def _post_declaring(port: int, path: str, declared: int, sent: int, wait: float) -> bytes:
    """POST declaring ``declared`` bytes but sending only ``sent`` of them; what the server answers within
    ``wait`` seconds (b"" when it is still waiting for the rest)."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as connection:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: strategi.example.dk\r\nX-Forwarded-Proto: https\r\n"
            # What a browser's form sends, so that the CSRF check goes on to read the form.
            f"Referer: https://strategi.example.dk{path}\r\nCookie: csrftoken={'a' * 32}\r\n"
            f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {declared}\r\n\r\n"
        )
        part = b'--x\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\nContent-Type: text/csv\r\n\r\n'
        connection.sendall(head.encode() + part + b"0" * (sent - len(part)))
        try:
            return connection.recv(4096)
        except TimeoutError:
            return b""


@pytest.mark.parametrize(
    ("path", "declared"),
    [
        ("/activities/1/attachments/new/", 60 * MB),
        ("/statistics/import/", 55 * MB),
        ("/api/v1/needs-and-offers/", 5 * MB),
    ],
    ids=["a 60 MB attachment", "a 55 MB statistics file", "5 MB of JSON"],
)
def test_a_too_large_request_is_answered_413_at_once_without_waiting_for_its_body(served, path, declared):
    answer = _post_declaring(served, path, declared, sent=64 * 1024, wait=5)

    assert re.match(rb"HTTP/1.1 413 ", answer), answer[:200]


def test_a_request_within_the_limit_is_read_so_the_413_is_the_size_check(served):
    # The same page, declaring a size it takes: the server waits for the body (nothing comes back at once).
    assert _post_declaring(served, "/statistics/import/", 20 * MB, sent=64 * 1024, wait=2) == b""


@pytest.mark.parametrize("path", ["/login/", "/no-such-page/", "/admin/login/"])
def test_every_page_names_the_tabs_icon_and_it_is_served(served, path):
    # Without one, a browser asks for /favicon.ico, which the app does not have: an error in every console.
    _status, _headers, body = get(f"http://127.0.0.1:{served}", path)
    icon = re.search(rb'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', body)
    assert icon, body[:300]

    status, headers, svg = get(f"http://127.0.0.1:{served}", icon.group(1).decode())

    assert status == 200
    assert headers["Content-Type"] == "image/svg+xml"
    assert svg.startswith(b"<svg")
