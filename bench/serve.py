"""Serving the scratch database with gunicorn and loading it with wrk: what bench/api.py and bench/dashboard.py
share. Loopback addresses only; every load is bounded in time."""

import atexit
import functools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 3  # gunicorn's sync workers, as in the Dockerfile and docker-compose.yml
CONNECTIONS = 8
# The key gunicorn is started with: the benchmark's sessions are signed with it too (bench/dashboard.py).
SECRET_KEY = "bench-only-secret-key-not-for-any-deployment-0123456789"  # noqa: S105 - a scratch run's


@dataclass(frozen=True)
class Load:
    """What wrk measured at one address: requests per second, and the median and 99th-percentile latency (ms)."""

    rate: float
    p50: float
    p99: float

    def __str__(self) -> str:
        return f"{self.rate:,.0f}/s (p50 {self.p50:.1f} ms, p99 {self.p99:.1f} ms)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _latency(output: str, percentile: str) -> float:
    match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    return float(match.group(1)) * _UNITS[match.group(2)]


def wrk(url: str, headers: dict[str, str], seconds: int) -> Load:
    """Requests per second over ``seconds`` (2 threads, 8 connections) with the latency percentiles, after a
    2-second warm-up. Fails on any answer that is not 2xx or 3xx."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    subprocess.run([*command, "-d2s", url], check=True, capture_output=True, timeout=60)  # noqa: S603 - wrk, our URL
    output = subprocess.run(  # noqa: S603 - wrk on our own loopback address
        [*command, f"-d{seconds}s", url], check=True, capture_output=True, text=True, timeout=seconds + 60
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"wrk saw error answers from {url}:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return Load(rate, _latency(output, "50"), _latency(output, "99"))


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - a loopback address of our own
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s")


@functools.cache
def collected_static() -> Path:
    """The static files gathered once per run into a scratch directory, as the deployment's build does (the
    manifest that pages with DEBUG off need, and the compressed copies WhiteNoise serves)."""
    target = Path(tempfile.mkdtemp(prefix="bench-static-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env={
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(target),
        },
        check=True,
    )
    return target


@contextmanager
def gunicorn(
    database_url: str, *, redis_url: str | None = None, settings: str = "bagsvaerd.settings", **env
) -> Iterator[str]:
    """The app served by gunicorn (DEBUG off, ``WORKERS`` sync workers) on the scratch database; yields its base
    URL and stops it afterwards. ``env``: more settings, as environment variables."""
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": settings,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": str(ROOT),
        **{name: str(value) for name, value in env.items()},
    }
    environment.pop("REDIS_URL", None)
    if "STATIC_ROOT" not in env:  # the pages' static files, gathered for this server (DEBUG off needs them)
        environment["STATIC_ROOT"] = str(collected_static())
    if redis_url:
        environment["REDIS_URL"] = redis_url
        environment["CELERY_TASK_ALWAYS_EAGER"] = "true"  # nothing is queued by these reads; no worker runs
    command = [sys.executable, "-m", "gunicorn", "bagsvaerd.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn
        [*command, "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz")
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


def fetch(url: str, headers: dict[str, str]) -> tuple[int, str, bytes, float]:
    """One GET without following redirects: status, content type, body and the seconds it took."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - a loopback address of our own
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=120) as answer:
            body = answer.read()
            return answer.status, answer.headers.get("Content-Type", ""), body, time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), b"", time.perf_counter() - started
