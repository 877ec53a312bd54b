"""The one place that reads the process environment.

Settings modules import the values from here; nothing else in the project reads ``os.environ``.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def text(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def flag(name: str, default: bool = False) -> bool:
    value = text(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def integer(name: str, default: int) -> int:
    value = text(name)
    return int(value) if value is not None else default


def listing(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (text(name) or default).split(",") if item.strip()]


SECRET_KEY = text("SECRET_KEY")
ALLOWED_HOSTS = listing("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = listing("CSRF_TRUSTED_ORIGINS")
DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
DATABASE = dj_database_url.parse(
    text("DATABASE_URL", DEFAULT_DATABASE_URL), conn_max_age=integer("DB_CONN_MAX_AGE", 0)
)
SITE_URL = text("SITE_URL", "http://127.0.0.1:8000")
EMAIL_URL = text("EMAIL_URL")  # smtp://user:password@host:587 (TLS) or console://
DEFAULT_FROM_EMAIL = text("DEFAULT_FROM_EMAIL", "Hệ thống thi đua <no-reply@localhost>")
MEDIA_ROOT = text("MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
PRIVATE_MEDIA_ROOT = text("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private"))
STATIC_ROOT = text("STATIC_ROOT", str(BASE_DIR / "var" / "static"))
SECURE_PROXY_SSL_HEADER = flag("SECURE_PROXY_SSL_HEADER", False)
SECURE_HSTS_SECONDS = integer("SECURE_HSTS_SECONDS", 31536000)
SECURE_SSL_REDIRECT = flag("SECURE_SSL_REDIRECT", True)
LOG_LEVEL = text("LOG_LEVEL", "INFO")
INITIATIVE_ATTACHMENT_MAX_MB = integer("INITIATIVE_ATTACHMENT_MAX_MB", 20)
INITIATIVE_DOSSIER_MAX_MB = integer("INITIATIVE_DOSSIER_MAX_MB", 50)
INITIATIVE_DEADLINE_WARNING_DAYS = integer("INITIATIVE_DEADLINE_WARNING_DAYS", 14)
# Public certificate checks allowed per client and minute.
VERIFICATION_RATE_PER_MINUTE = integer("VERIFICATION_RATE_PER_MINUTE", 20)
# Office files (zip archives) are refused beyond this many parts or this size once unpacked.
UPLOAD_ARCHIVE_MAX_ENTRIES = integer("UPLOAD_ARCHIVE_MAX_ENTRIES", 2000)
UPLOAD_ARCHIVE_MAX_MB = integer("UPLOAD_ARCHIVE_MAX_MB", 100)
# Reverse proxies in front of the app that append to X-Forwarded-For (0: reached directly).
TRUSTED_PROXY_COUNT = integer("TRUSTED_PROXY_COUNT", 0)
# Requests to the open API allowed per minute: per client address, and per access token.
API_RATE_PER_MINUTE_CLIENT = integer("API_RATE_PER_MINUTE_CLIENT", 120)
API_RATE_PER_MINUTE_TOKEN = integer("API_RATE_PER_MINUTE_TOKEN", 60)
# Shared cache (redis://host:6379/0); empty: a cache in each process's memory.
CACHE_URL = text("CACHE_URL")
# How long visitors who are not signed in get a public page from the cache, in seconds (0: off).
PUBLIC_PAGE_CACHE_SECONDS = integer("PUBLIC_PAGE_CACHE_SECONDS", 300)

# --- Deployment: error reports, log format, object storage (deploy branch) ---------------------
# Error reports to Sentry when set; personal data is scrubbed (config.observability).
SENTRY_DSN = text("SENTRY_DSN")
SENTRY_ENVIRONMENT = text("SENTRY_ENVIRONMENT", "production")
SENTRY_RELEASE = text("SENTRY_RELEASE")
SENTRY_TRACES_SAMPLE_RATE = float(text("SENTRY_TRACES_SAMPLE_RATE", "0"))
# "json": one JSON object per log line; "plain" (default): text.
LOG_FORMAT = (text("LOG_FORMAT", "plain") or "plain").lower()
# An S3-compatible object store for media and private files when the bucket name is set
# (config.storage); empty: the filesystem (MEDIA_ROOT, PRIVATE_MEDIA_ROOT).
AWS_STORAGE_BUCKET_NAME = text("AWS_STORAGE_BUCKET_NAME")
AWS_PRIVATE_STORAGE_BUCKET_NAME = text("AWS_PRIVATE_STORAGE_BUCKET_NAME")
AWS_ACCESS_KEY_ID = text("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = text("AWS_SECRET_ACCESS_KEY")
AWS_S3_ENDPOINT_URL = text("AWS_S3_ENDPOINT_URL")
AWS_S3_REGION_NAME = text("AWS_S3_REGION_NAME")
AWS_S3_ADDRESSING_STYLE = text("AWS_S3_ADDRESSING_STYLE")
AWS_S3_CUSTOM_DOMAIN = text("AWS_S3_CUSTOM_DOMAIN")
# --- end of the deployment block ---------------------------------------------------------------
# The results of each public search (bank, site search), per normalised query, in seconds (0: off).
PUBLIC_SEARCH_CACHE_SECONDS = integer("PUBLIC_SEARCH_CACHE_SECONDS", 300)
# The longest a public search may run on PostgreSQL, in milliseconds (0: no limit); past it the
# visitor is asked for a narrower search instead of holding a worker.
PUBLIC_STATEMENT_TIMEOUT_MS = integer("PUBLIC_STATEMENT_TIMEOUT_MS", 2000)
# --- Sign-in protection (issue 16) ----------------------------------------------------------
# (TRUSTED_PROXY_COUNT, above, says how the client address is read.)
# Wrong passwords allowed per account and per client before sign-in is paused, and for how long.
SIGN_IN_FAILURE_LIMIT = integer("SIGN_IN_FAILURE_LIMIT", 10)
SIGN_IN_LOCKOUT_MINUTES = integer("SIGN_IN_LOCKOUT_MINUTES", 30)
# Password-reset e-mails asked per client, and per address, in an hour.
PASSWORD_RESET_RATE_PER_HOUR = integer("PASSWORD_RESET_RATE_PER_HOUR", 5)
# Officers (anyone holding a role on a unit) must sign in with a second factor too.
OTP_REQUIRED_FOR_OFFICERS = flag("OTP_REQUIRED_FOR_OFFICERS", False)
# Minutes without a request after which an officer's or administrator's session ends.
OFFICER_IDLE_MINUTES = integer("OFFICER_IDLE_MINUTES", 30)
