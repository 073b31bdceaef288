"""Tremplin settings: one module, every difference read from the environment.

Each value goes through a small typed reader that refuses a bad value with a message
that names the variable, so a mistyped deployment fails at start-up, not at 3 a.m.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, schemes: set[str]) -> str:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    parsed = urlparse(raw)
    if parsed.scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(f"{name} must start with one of {allowed}; got {raw!r}")
    return raw


TESTING = "pytest" in sys.modules or env_bool("TREMPLIN_TESTING", False)

DEBUG = env_bool("DEBUG", False)
# Demo mode: seeded accounts, MFA not enforced, emails printed to the console.
# Never on in production; `manage.py check --deploy` warns when it is.
DEMO_MODE = env_bool("TREMPLIN_DEMO_MODE", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-change-me-" + "x" * 30  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (for example: "
            "SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')\")."
        )

# Former keys, still accepted to check signatures and read encrypted second-factor
# secrets while a rotation is under way (docs/operations.md, "Security operations").
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names served, comma-separated.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_url("SITE_URL", {"http", "https"}) or "http://127.0.0.1:8000"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "ninja",
    "js_lib_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "tremplin.core",
    "tremplin.accounts",
    "tremplin.privacy",
    "tremplin.moderation",
    "tremplin.organizations",
    "tremplin.network",
    "tremplin.availability",
    "tremplin.counselling",
    "tremplin.profiles",
    "tremplin.feed",
    "tremplin.messaging",
    "tremplin.vault",
    "tremplin.plans",
    "tremplin.appointments",
    "tremplin.casework",
    "tremplin.outcomes",
    "tremplin.mentoring",
    "tremplin.jobs",
    "tremplin.job_imports",
    "tremplin.job_alerts",
    "tremplin.applications",
    "tremplin.notifications",
    "tremplin.influence",
    "tremplin.communities",
    "tremplin.projects",
    "tremplin.recruiting",
    "tremplin.api",
    "tremplin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tremplin.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # One viewer (relations read once) per GET: tremplin.core.viewer.
    "tremplin.core.viewer.ViewerScopeMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's "last active", written every few minutes, not per request (accounts.sessions).
    "tremplin.accounts.sessions.SessionActivityMiddleware",
    "tremplin.accounts.middleware.RequireMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tremplin.urls"
ASGI_APPLICATION = "tremplin.asgi.application"
WSGI_APPLICATION = "tremplin.wsgi.application"

TEMPLATES = [
    {
        # The rows pages print many times (templates/<app>/*.jinja): see tremplin.core.jinja.
        # First, so that a .jinja name never reaches Django's engine; it serves no other.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "tremplin.core.jinja.environment",
            "extensions": ["jinja2.ext.i18n"],
            "autoescape": True,
            "auto_reload": DEBUG,
            "context_processors": [
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tremplin.core.context_processors.site",
                "tremplin.privacy.banner.context",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
VAR_DIR = Path(env_str("TREMPLIN_VAR_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env_url("DATABASE_URL", {"sqlite", "postgres", "postgresql"})
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
# Feed views are written in batches this often by each web process (0: at once).
FEED_VIEWS_FLUSH_SECONDS = env_int("FEED_VIEWS_FLUSH_SECONDS", 1)

# Threads per server process that run HTTP requests (tremplin.core.http): while one
# waits for the database another computes.
TREMPLIN_HTTP_THREADS = env_int("TREMPLIN_HTTP_THREADS", 6, minimum=1)
# The largest request body read (tremplin.core.http): above it, a 413 before reading on.
# The largest the forms accept is a message with four 10 MB files; past that the forms'
# own checks answer, with the person's text kept, up to this cap.
TREMPLIN_MAX_REQUEST_BYTES = env_int("TREMPLIN_MAX_REQUEST_BYTES", 64 * 1024 * 1024, minimum=1)
# Per endpoint (tremplin.core.uploads): a form or JSON body at most this; a view that
# takes files (`@accepts_files`) room for twice its files, within the cap above.
TREMPLIN_MAX_FORM_BYTES = env_int("TREMPLIN_MAX_FORM_BYTES", 1024 * 1024, minimum=1024)
# Uploads one member may have handled at once (counted in the cache); the next gets 429.
TREMPLIN_UPLOADS_IN_FLIGHT = env_int("TREMPLIN_UPLOADS_IN_FLIGHT", 2, minimum=1)

DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL or f"sqlite:///{VAR_DIR / 'tremplin.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock between two writers.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if TESTING:
        # A file, not Django's shared in-memory database: tests that run a real server
        # (browser, two processes) write from several threads at once, and the shared
        # cache's table locks refuse a second writer where a file's busy timeout waits.
        DATABASES["default"]["TEST"] = {
            "NAME": str(Path(tempfile.gettempdir()) / f"tremplin-test-{os.getpid()}.sqlite3")
        }
else:
    # Sync views under ASGI leak persistent connections; Django's pool does not.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # One connection per HTTP thread (tremplin.core.http), and a few for the rest.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": TREMPLIN_HTTP_THREADS + 4,
    }
    # Statements are prepared only when a cursor asks (`tremplin.core.compiled`, the
    # hot pages' queries): Django's default (None) would forbid even that, and a low
    # threshold would prepare every query run a few times.
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2**31 - 1
    # Those prepared statements keep one generic plan: with PostgreSQL's default
    # ("auto") the feed's page-5 query was re-planned on every call (2.5 ms, more than
    # running it) because its cursor bounds made the generic plan look costlier. Only
    # prepared statements are affected; every other query is planned as usual.
    DATABASES["default"]["OPTIONS"]["options"] = "-c plan_cache_mode=force_generic_plan"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and channel layer: Redis with REDIS_URL, else one machine's (core.relay_layer) ---
REDIS_URL = env_url("REDIS_URL", {"redis", "rediss", "unix"})
if REDIS_URL:
    CACHES = {
        # Django's Redis cache with pools shared per process (see tremplin.core.cache).
        "default": {"BACKEND": "tremplin.core.cache.RedisCache", "LOCATION": REDIS_URL}
    }
    CHANNEL_LAYERS = {
        "default": {
            # Pub/sub: one Redis connection per process for all its websockets (the
            # list-based layer holds one per socket and ran out at 1,000 sockets).
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "tremplin.core.relay_layer.RelayChannelLayer"}}

# --- Jobs ------------------------------------------------------------------------------
# Hosts imports may fetch though private, loopback or link-local (tests: "127.0.0.1").
JOB_IMPORTS_ALLOWED_HOSTS = env_list("TREMPLIN_JOB_IMPORTS_ALLOWED_HOSTS", [])
JOB_IMPORTS_MAX_BYTES = 5 * 1024 * 1024
JOB_IMPORTS_TIMEOUT = 10  # seconds, connecting and reading
JOB_IMPORTS_STALE_DAYS = env_int("TREMPLIN_JOB_IMPORTS_STALE_DAYS", 60, minimum=1)  # days
# Alert emails wait out the night in this time zone (members may change their hours).
JOB_ALERTS_QUIET_HOURS_TZ = "America/Toronto"
# Database connections one alert fan-out uses at the same time on PostgreSQL, each
# telling one range of members (docs/job_alerts.md): the database's cores, not more.
JOB_ALERTS_FAN_OUT_CONNECTIONS = env_int("JOB_ALERTS_FAN_OUT_CONNECTIONS", 2, minimum=1)

# Months after a case closes at which its counsellor follows up (agencies may override).
CASEWORK_FOLLOW_UP_MONTHS = [3, 6, 12]

# Hour (server time zone) at which `run_periodic` sends the daily notification digests.
NOTIFICATIONS_DIGEST_HOUR = env_int("NOTIFICATIONS_DIGEST_HOUR", 7)

# --- Background work: a durable, database-backed queue -------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("TREMPLIN_TASKS_IMMEDIATE", TESTING)
        else "django_tasks_db.DatabaseBackend"
    }
}

# Finished task rows are kept this many days (without their arguments), then pruned.
TREMPLIN_TASK_ROWS_KEPT_DAYS = env_int("TREMPLIN_TASK_ROWS_KEPT_DAYS", 7, minimum=1)
# "Who saw my data": reads of a client's documents, case work and counsellor-only profile
# sections are kept this many days, then pruned by the clock (tremplin.privacy.access).
TREMPLIN_ACCESS_LOG_KEPT_DAYS = env_int("TREMPLIN_ACCESS_LOG_KEPT_DAYS", 365, minimum=1)

# --- Accounts ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# An address that left an account is told, with a link that locks the account if it was
# not the member; the link (and the record of the old address) lasts this many days.
TREMPLIN_ADDRESS_CHANGE_DAYS = env_int("TREMPLIN_ADDRESS_CHANGE_DAYS", 14, minimum=1)
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS.insert(0, "tremplin.accounts.hashers.TestArgon2PasswordHasher")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tremplin.accounts.validators.MaximumLengthValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# The sign-up makes the profile with the account (profiles is above accounts).
ACCOUNT_ADAPTER = "tremplin.profiles.signup.SignupAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "tremplin.accounts.forms.SignupForm"
# A known address costs the same as a new one (a password hash): no timing oracle.
ACCOUNT_FORMS = {"signup": "tremplin.accounts.signup_form.EqualCostSignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Changing the email or the password asks for the password (and second factor) again
# unless given in the last few minutes; the account's addresses are told of every such
# change (allauth's notifications: the old address hears that the email was changed).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Tremplin] "
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/180s/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    # Our own: the MFA code step answers 429 past this (allauth also locks the user's
    # code entry after 5 wrong codes through its per-user "login_failed" limit).
    "mfa_authenticate": "10/m/ip",
}
if env_bool("TREMPLIN_RATE_LIMITS_OFF", False):
    ACCOUNT_RATE_LIMITS = False  # only for load benchmarks on loopback
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "tremplin.accounts.mfa_adapter.MFAAdapter"  # secrets encrypted at rest
MFA_TOTP_ISSUER = "Tremplin"
MFA_RECOVERY_CODE_COUNT = 10
# The session list shows "last active"; SessionActivityMiddleware (in MIDDLEWARE instead
# of allauth's) records it at most every tremplin.accounts.sessions.ACTIVITY_EVERY.
USERSESSIONS_TRACK_ACTIVITY = True
# "Sign out other sessions" also ends the member's API tokens (tremplin.accounts.sessions).
USERSESSIONS_ADAPTER = "tremplin.accounts.sessions.UserSessionsAdapter"
TREMPLIN_ENFORCE_MFA = env_bool("TREMPLIN_ENFORCE_MFA", not DEMO_MODE)

# --- Internationalisation ------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
FORMAT_MODULE_PATH = ["tremplin.formats"]  # numeric dates 2026-12-06 in both languages
USE_TZ = True
LANGUAGE_COOKIE_NAME = "tremplin_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# No MEDIA_URL is routed: every uploaded file is served by a view that checks who asks.
MEDIA_URL = "/media-not-served/"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "tremplin.core.storage.ForgivingManifestStaticFilesStorage"
    },
}
# --- Document vault (docs/vault.md) ---
VAULT_MAX_FILE_BYTES = env_int("VAULT_MAX_FILE_BYTES", 10 * 1024 * 1024, minimum=1)
VAULT_QUOTA_BYTES = env_int("VAULT_QUOTA_BYTES", 100 * 1024 * 1024, minimum=1)
VAULT_S3_BUCKET = env_str("VAULT_S3_BUCKET")
STORAGES["vault"] = (
    {
        # S3-compatible object storage; needs `pip install "django-storages[s3]"`.
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": VAULT_S3_BUCKET,
            "endpoint_url": env_str("VAULT_S3_ENDPOINT_URL") or None,
            "location": "vault-files",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if VAULT_S3_BUCKET
    # Under MEDIA_ROOT, which no URL serves; following MEDIA_ROOT keeps test files in tmp.
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PHOTO_MAX_BYTES = 5 * 1024 * 1024

# --- Email ---------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or DEMO_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tremplin <no-reply@tremplin.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
_https = not DEBUG and not TESTING and env_bool("TREMPLIN_HTTPS", True)
SESSION_COOKIE_SECURE = _https
LANGUAGE_COOKIE_SECURE = _https
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if _https else "http"
CSRF_COOKIE_SECURE = _https
if _https:
    # "__Host-": the browser keeps these cookies only if they are Secure, for "/", and set
    # without a Domain, so a sibling sub-domain can neither read nor plant them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = _https and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
BEHIND_PROXY = env_bool("TREMPLIN_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (their
# addresses): none unless behind a proxy, then the one on this machine unless named.
# From anyone else those headers are dropped (tremplin.core.http), so that nobody can
# choose the address per-IP limits count (uvicorn runs with --no-proxy-headers).
TRUSTED_PROXIES = env_list("TREMPLIN_TRUSTED_PROXIES", ["127.0.0.1", "::1"] if BEHIND_PROXY else [])
SESSION_COOKIE_AGE = 14 * 24 * 3600

# --- API -----------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 20
API_TOKEN_RATE_LIMIT = "300/m"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

SILENCED_SYSTEM_CHECKS: list[str] = []
