"""Settings come from the environment, fail loudly on bad values, and pass Django's deployment check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k2J8v-some-long-random-production-like-secret-0a9f8e7d6c5b4a3928171615",
    "ALLOWED_HOSTS": "strategi.example.dk",
    "CSRF_TRUSTED_ORIGINS": "https://strategi.example.dk",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_like_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_debug_off_without_a_required_setting_stops_with_the_variables_name(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be one of true/false"),
        ("DATABASE_URL", "mysql://localhost/x", "DATABASE_URL must start with one of postgres, postgresql, sqlite://"),
        ("REDIS_URL", "http://localhost", "REDIS_URL must start with one of redis, rediss://"),
        ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS must be an integer"),
        ("LOGIN_FAILURE_LIMIT", "0", "LOGIN_FAILURE_LIMIT must be at least 1"),
        ("LOGIN_LOCKOUT_MINUTES", "forever", "LOGIN_LOCKOUT_MINUTES must be an integer"),
        ("TRUSTED_PROXIES", "-1", "TRUSTED_PROXIES must be at least 0"),
        ("LOGIN_ADDRESS_FAILURE_LIMIT", "0", "LOGIN_ADDRESS_FAILURE_LIMIT must be at least 1"),
        ("LOGIN_NAME_FAILURE_LIMIT", "many", "LOGIN_NAME_FAILURE_LIMIT must be an integer"),
        ("REQUEST_MAX_BYTES", "100", "REQUEST_MAX_BYTES must be at least 1024"),
        ("CSP_ENFORCE", "sometimes", "CSP_ENFORCE must be one of true/false"),
    ],
)
def test_a_bad_value_stops_the_process_naming_the_variable(name, value, message):
    result = manage("check", env={**PRODUCTION, name: value})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    "weak",
    [
        "short",
        "a" * 60,  # long, but one character
        "django-insecure-" + "k2J8v-some-long-random-production-like-secret-0a9f8e7d6c5b4a",
    ],
    ids=["too short", "too few different characters", "django's insecure development prefix"],
)
def test_a_weak_secret_key_stops_the_process_when_debug_is_off(weak):
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": weak})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr
    assert weak not in result.stderr  # the key itself is never printed


def test_the_embedded_defaults_are_sqlite_and_in_process_tasks():
    env = {"DEBUG": "true", "DATABASE_URL": "", "REDIS_URL": ""}
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'],"
        " s.SESSION_ENGINE, s.DASHBOARD_CACHE_SECONDS)"
    )
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.cache.backends.locmem.LocMemCache",
        # Not cached in each process's memory: a session ended in one process would stay readable in another.
        "django.contrib.sessions.backends.db",
        # Nor the dashboard: a page kept by one gunicorn worker would outlive an edit made through another.
        "0",
    ]


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    env = {"DEBUG": "true", "DATABASE_URL": "postgres://u@db.example:5432/n", "REDIS_URL": "redis://r:6379/0"}
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, s.SESSION_ENGINE,"
        " s.DASHBOARD_CACHE_SECONDS)"
    )
    result = manage("shell", "--no-imports", "-c", code, env={**env, "CELERY_TASK_ALWAYS_EAGER": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "bagsvaerd.postgresql",  # Django's, see there
        "False",
        "redis://r:6379/0",
        "django.contrib.sessions.backends.cached_db",  # read from Redis, kept in the database
        "3600",  # the dashboard's pages in Redis, which every process shares
    ]


@pytest.mark.parametrize(
    ("env", "enforced"),
    [
        ({**PRODUCTION}, True),
        ({"DEBUG": "true"}, False),
        ({"DEBUG": "true", "CSP_ENFORCE": "true"}, True),
    ],
    ids=["production: enforced", "development: report-only", "development, asked to enforce"],
)
def test_the_content_security_policy_is_enforced_in_production_and_reported_in_development(env, enforced):
    code = "from django.conf import settings as s; print(bool(s.SECURE_CSP), bool(s.SECURE_CSP_REPORT_ONLY))"
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(enforced), str(not enforced)]
