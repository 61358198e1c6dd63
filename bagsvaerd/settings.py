"""Settings for the strategy tracker, read from the environment.

One file. Every value comes through the small typed helpers below, which fail
loudly (ImproperlyConfigured naming the variable) on a value they cannot read,
so a typo in a deployment stops the process instead of silently falling back.

Embedded defaults (no variables set, ``DEBUG=true``): SQLite next to the code,
Celery tasks executed in-process, a local-memory cache. ``DATABASE_URL`` and
``REDIS_URL`` switch to PostgreSQL and Redis.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off, got {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_url(name: str, schemes: set[str]) -> str | None:
    value = env_str(name)
    if not value:
        return None
    scheme = urlsplit(value).scheme
    if scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(f"{name} must start with one of {allowed}:// (got {scheme or 'no scheme'}).")
    return value


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (or set DEBUG=true for development).")
    # Development only: a fixed key is fine where DEBUG is on and nothing is private.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"  # noqa: S105
elif not DEBUG and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
):
    # Django's own rule for a strong key (the deployment check's security.W009), enforced at start-up: sessions,
    # password-reset links and signed values are only as safe as this key.
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak: use at least {SECRET_KEY_MIN_LENGTH} random characters with at least "
        f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, not starting with '{SECRET_KEY_INSECURE_PREFIX}' "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off, e.g. ALLOWED_HOSTS=strategi.gladsaxe.dk.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",  # API keys, stored hashed (the model is base's ApiToken: KNOX_TOKEN_MODEL)
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by the app itself (no CDN)
    "corsheaders",
    "django_filters",
    "axes",
    # The apps, from the bottom layer up; each imports only those listed before it (tests/test_layers.py).
    "base",
    "strategy",
    "opportunities",
    "partnership",
    "dashboard",
    # The project itself: the demo command, which loads every app's part.
    "bagsvaerd",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header (CONTENT_SECURITY_POLICY below).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Cross-origin requests to the API only from CORS_ALLOWED_ORIGINS (none unless set).
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bagsvaerd.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A request larger than its page takes is refused before its body is read (base/request_size.py): before the
    # CSRF check (a view hook, after every middleware's call) reads the form, with the user known for the page.
    "bagsvaerd.middleware.RequestSizeMiddleware",
    # The request, for the login log's record of a password change (base.auth_log).
    "base.auth_log.AuthLogMiddleware",
    # A browser session ends after SESSION_IDLE_MINUTES idle and SESSION_MAX_HOURS after the login.
    "bagsvaerd.middleware.SessionTimeoutMiddleware",
    # Every page needs a login unless its view says otherwise (login, language switch, health check).
    "bagsvaerd.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Production serves the collected, hashed static files itself (runserver does it in development).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "bagsvaerd.urls"
WSGI_APPLICATION = "bagsvaerd.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                # {{ csp_nonce }} for the few <style> elements (the admin's, the one-page report's).
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bagsvaerd.context_processors.roles",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------

DATABASE_URL = env_url("DATABASE_URL", {"postgres", "postgresql", "sqlite"})
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with a health check that spares a connection which answered a moment ago (see there).
        DATABASES["default"]["ENGINE"] = "bagsvaerd.postgresql"
        # Statements run on a server-binding cursor (``base.db.prepared_cursor``: the API's key look-up and the
        # statistics' validators, on every request) are prepared after this many runs on a connection; the ORM's
        # own queries bind on the client and are never prepared. 0 turns it off (needed behind a connection pooler
        # in transaction mode, such as PgBouncer before 1.21).
        _prepare_after = env_int("DB_PREPARE_THRESHOLD", 5, minimum=0)
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = _prepare_after or None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, broker, tasks -------------------------------------------------------

REDIS_URL = env_url("REDIS_URL", {"redis", "rediss"})
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each process's own memory, for what is kept under a key that changes whenever the value may (the API's row counts,
# keyed by the statistics' generation): never stale, so not worth a round trip to Redis.
CACHES["process"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "process"}

# How long the dashboard's rendered body is kept at most; any change to the data replaces it sooner (base.generation).
# Only with Redis: the data generation lives in the cache, and only a cache every process shares sees every
# process's changes. In each process's own memory (no REDIS_URL) a copy kept by one gunicorn worker would outlive an
# edit made through another, for up to this long: then nothing is kept, and every dashboard is rendered anew.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 3600 if REDIS_URL else 0, minimum=0)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without a broker the tasks run in-process, synchronously: the embedded default.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# A job is acknowledged only when done and re-queued if its worker dies, so tasks must be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# With Redis, a job whose worker died unacknowledged is handed out again after this many seconds: longer than
# the longest job, short enough that a lost recompute is redone soon.
# Workers look for such jobs every CELERY_UNACKED_RESTORE_INTERVAL seconds (kombu's default sweeps ~every 100 s).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10, minimum=1),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Copenhagen"
# Periodic jobs are listed in bagsvaerd/celery.py, next to the app.
# A running recompute says it is alive this often; silent for four times as long, it counts as interrupted (its
# process was killed or its machine lost) and is recorded so at once, not only after the visibility timeout.
RECOMPUTE_HEARTBEAT_SECONDS = env_int("RECOMPUTE_HEARTBEAT_SECONDS", 15, minimum=1)
# An import schedules the recompute of what it changed once it commits (off only for bulk loads and benchmarks).
RECOMPUTE_AFTER_IMPORT = env_bool("RECOMPUTE_AFTER_IMPORT", default=True)

# --- Authentication -------------------------------------------------------------

AUTH_USER_MODEL = "governance.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Refuses nothing: writes every password change to the login log (base.auth_log).
    {"NAME": "base.auth_log.LogPasswordChanges"},
]

# --- Internationalisation ----------------------------------------------------------

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------

STATIC_URL = "static/"
# Where `collectstatic` gathers the files that WhiteNoise serves when DEBUG is off.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Det Fælles Designsystem, installed from npm by the set-up (package.json); css/, fonts/, img/ and js/ stay
    # siblings so the stylesheet's relative URLs resolve.
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    # Leaflet for the map of opportunity spaces: leaflet/leaflet.js, leaflet/leaflet.css and its images/.
    ("leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Uploaded files ---------------------------------------------------------------------
# Attachments to the activity log are private: stored outside the web root (no MEDIA_URL is served) and sent
# only through a view that checks the reader may see the space.
MEDIA_ROOT = Path(env_str("UPLOADS_DIR", str(BASE_DIR / "var" / "uploads")))
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
# The most pixels an attached image may declare (a small file can declare a picture that takes gigabytes to show):
# 50 million, a 48-megapixel phone photo with room to spare.
ATTACHMENT_MAX_PIXELS = env_int("ATTACHMENT_MAX_PIXELS", 50_000_000, minimum=1)
# One submission of an activity may carry this many files of the largest size (more can be attached later).
ATTACHMENT_REQUEST_FILES = env_int("ATTACHMENT_REQUEST_FILES", 3, minimum=1)
# Request size (OWASP ASVS 12.1.1): a request may carry REQUEST_MAX_BYTES of form fields or JSON; a page that takes
# files declares how much more (base/request_size.py). Larger ones are refused with 413 before they are read
# (bagsvaerd.middleware.RequestSizeMiddleware); the reverse proxy should refuse them earlier (docs/security.md).
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 2_621_440, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES
# Uploaded files larger than this go to a temporary file as they arrive rather than into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Map of opportunity spaces -----------------------------------------------------------
# Tiles come from this URL template ({z}/{x}/{y}); empty: markers and the list work without a background map.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap-bidragydere")

# --- REST API (served from /api/v1/, docs/api.md) ----------------------------------------

# API keys ("Authorization: Token <key>"): knox keeps only a digest; the model adds a name, read-only and last use.
KNOX_TOKEN_MODEL = "governance.ApiToken"  # noqa: S105 - a model name, not a secret
# knox's own migrations would create its (swapped out, unused) token table, which then blocks emptying the users
# table; without them the app has only the model above.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {"TOKEN_TTL": None, "AUTH_HEADER_PREFIX": "Token"}  # each key's own expiry, chosen when it is made
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50, minimum=1)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 500, minimum=1)
# The most rows a whole-list file (CSV, Danish CSV, XLSX) may hold: built in one request, a national table's
# 438,000 statistics rows took 28 s as CSV and passed gunicorn's 30 s as a workbook (the worker killed, no file).
API_FILE_MAX_ROWS = env_int("API_FILE_MAX_ROWS", 100_000, minimum=1)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "base.api.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # the browser's session, with CSRF
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "base.api.HasRole",
        "base.api.ReadOnlyKeyCannotWrite",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "base.api.CSVRenderer",
        "base.api.DanishCSVRenderer",
        "base.api.XLSXRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "base.api.Pagination",
    "DEFAULT_SCHEMA_CLASS": "base.api_schema.ApiAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["base.api.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "key": env_str("API_RATE_PER_KEY", "2000/hour"),
        "user": env_str("API_RATE_PER_USER", "5000/hour"),
    },
    "EXCEPTION_HANDLER": "base.api_errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,  # numbers as numbers, for BI tools
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# A web page on another origin may call the API only if its origin is listed (e.g. a dashboard on the intranet);
# by default none may, and a browser then refuses to show it the answers.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "authorization", "content-type", "if-match", "if-none-match"]
SPECTACULAR_SETTINGS = {
    "TITLE": "Bagsværd i social balance – API",
    "DESCRIPTION": "Indicators, classifications and the strategy portfolio of «Bagsværd i social balance». See "
    "docs/api.md: get a key at /account/tokens/, send it as `Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The groups start closed (quick to render, short on a phone) and can be searched by name.
    "SWAGGER_UI_SETTINGS": {
        "docExpansion": "none",
        "filter": True,
        "deepLinking": False,  # no links inside the buttons (axe: nested-interactive)
        "syntaxHighlight": {"activated": False},  # its colours fall short of WCAG AA contrast
    },
    # Choice sets several objects share get one name each in the document.
    "ENUM_NAME_OVERRIDES": {
        "WorkStatusEnum": "partnership.models.steering.WorkStatus",
        "MeetingStatusEnum": "partnership.models.steering.Meeting.Status",
        "DependencyKindEnum": "partnership.models.projects.ProjectDependency.Kind",
    },
}

# --- Security ---------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
# Sessions (OWASP ASVS 3.3): logged out after this long without a request, and after this long whatever happens
# (bagsvaerd.middleware.SessionTimeoutMiddleware); the cookie and the stored session last no longer.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
# Sessions are stored in the database and, with Redis, read from it first (every logged-in request reads its
# session; Redis answers faster than PostgreSQL). Not with the per-process cache: a session ended in one process
# would stay readable in another's memory.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if REDIS_URL else "db")
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (as in docker-compose.yml).
    if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (OWASP ASVS 14.4.3): scripts, styles, fonts and requests only from the app itself, no
# inline script or style attribute; the few <style> elements (the admin's, the one-page report's) carry the
# request's nonce; the map page also loads images from MAP_TILE_URL's server (base.csp.allow_map_tiles); no
# plugins, no framing, forms post only here. Enforced when DEBUG is off and in the browser tests (which fail on a
# violation); report-only in development, so a new page shows its violations in the console without breaking.
# CSP_ENFORCE=true|false overrides.
CONTENT_SECURITY_POLICY = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if env_bool("CSP_ENFORCE", default=not DEBUG):
    SECURE_CSP = CONTENT_SECURITY_POLICY
else:
    SECURE_CSP_REPORT_ONLY = CONTENT_SECURITY_POLICY

# Failed logins (django-axes, OWASP ASVS 2.2.1), counted over LOGIN_LOCKOUT_MINUTES: LOGIN_FAILURE_LIMIT wrong
# passwords for one user name from one address pause that name from that address (HTTP 429 and a Danish page);
# LOGIN_ADDRESS_FAILURE_LIMIT from one address, whatever the names, pause that address (one password tried against
# many names); LOGIN_NAME_FAILURE_LIMIT for one name, whatever the addresses, pause that name (many addresses
# guessing one). The last two are higher: the municipality's staff share a few public addresses, and a paused
# name can be used to lock a person out. A successful login clears only that name's failures from that address
# (bagsvaerd.security.LoginLimitsHandler). Administrators unlock early by deleting the attempts in /admin/; every
# login, logout, failure, lockout and password change is in the login log there (base.auth_log).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading a session's user with their memberships in one statement.
    "base.backends.SessionUserBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
LOGIN_NAME_FAILURE_LIMIT = env_int("LOGIN_NAME_FAILURE_LIMIT", 15, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"], ["username"]]  # security.LOCKOUT_COUNTS
AXES_HANDLER = "bagsvaerd.security.LoginLimitsHandler"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # base.auth_log keeps the login log
# The login log holds addresses and browsers (personal data): a nightly job deletes entries older than this.
LOGIN_LOG_DAYS = env_int("LOGIN_LOG_DAYS", 180, minimum=1)
AXES_LOCKOUT_CALLABLE = "bagsvaerd.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "bagsvaerd.security.client_ip"
# How many proxies in front of the app append to X-Forwarded-For (docker-compose.yml: 1, the TLS proxy). 0: the
# address the app sees is the client's. Only the addresses these proxies added are believed.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint tells every step of every PDF it renders at INFO: only its warnings and errors are worth a line.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
