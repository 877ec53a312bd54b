"""Settings shared by every environment. Values from the environment come from ``config.env``."""

from datetime import timedelta
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import env
from config.storage import file_storages

BASE_DIR = env.BASE_DIR

SECRET_KEY = env.SECRET_KEY
DEBUG = False
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS

INSTALLED_APPS = [
    # Our apps first: their templates and translations take precedence over Wagtail's.
    "accounts",
    "unions",
    "emulation",
    "initiatives",
    "awards",
    "site_cms",
    "imports",
    "api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Sign-in protection (issue 16): lockout, Content-Security-Policy, two-factor sign-in.
    "axes",
    "csp",
    "django_otp",
    # Field-level history of dossiers, authors, benefits and role grants (issue 16).
    "simple_history",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy (issue 16; config/security_headers.py).
    "config.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.locale.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session passed the second step (two-factor sign-in).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who made a change: the signed-in person is written on each history row (issue 16).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Officers' idle sessions end (config/idle_sessions.py), then those who must use two-factor
    # sign-in are sent to set it up or to the second step (config/two_factor.py).
    "config.idle_sessions.OfficerIdleTimeoutMiddleware",
    "config.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns a locked-out sign-in into the Vietnamese lockout page (accounts.views).
    "axes.middleware.AxesMiddleware",
    # Last, so that every other middleware still handles the pages it serves from the cache.
    "site_cms.caching.PublicPageCacheMiddleware",
]

# The change history pages read a record's rows by its id (or its dossier's, its unit's): no
# index on the date over the whole history tables.
SIMPLE_HISTORY_DATE_INDEX = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "emulation.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.DATABASE}
# The embedded SQLite shared with the task worker (issue 16): a write transaction takes the
# write lock when it begins (IMMEDIATE), so it waits its turn for up to 20 s instead of failing
# with "database is locked" when it turns from reading to writing; WAL lets readers go on
# while one writes.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.EmailOrPhoneBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "ngon_ngu"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Our own catalogue first, then our translations of the Wagtail and Django strings that their
# own Vietnamese catalogues leave empty (see locale/upstream/README.md).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "upstream"]
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env.STATIC_ROOT
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.MEDIA_ROOT
PRIVATE_MEDIA_ROOT = env.PRIVATE_MEDIA_ROOT
# --- Deployment: files on the disk, or in an S3-compatible store (config.storage) -------------
# "private" (dossier attachments, scans, certificates …): outside MEDIA_ROOT or under a private
# prefix of the store, served only through the permission-checked views.
STORAGES = {
    **file_storages(
        private_media_root=PRIVATE_MEDIA_ROOT,
        bucket=env.AWS_STORAGE_BUCKET_NAME,
        private_bucket=env.AWS_PRIVATE_STORAGE_BUCKET_NAME,
        access_key=env.AWS_ACCESS_KEY_ID,
        secret_key=env.AWS_SECRET_ACCESS_KEY,
        endpoint_url=env.AWS_S3_ENDPOINT_URL,
        region_name=env.AWS_S3_REGION_NAME,
        addressing_style=env.AWS_S3_ADDRESSING_STYLE,
        custom_domain=env.AWS_S3_CUSTOM_DOMAIN,
    ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# --- end of the deployment block ---------------------------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Tasks enqueued after a transaction that logged changed units (``unions.changes``): whoever
# keeps figures derived from units' records. The one extension point of the log.
UNIT_CHANGE_TASKS = ["emulation.rollup.figures_refresh_task"]


def _email_settings(url: str | None) -> dict:
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parsed = urlparse(url)
    if parsed.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": parsed.scheme == "smtp+tls" or parsed.port == 587,
    }


globals().update(_email_settings(env.EMAIL_URL))


def _cache_settings(url: str | None) -> dict:
    """``CACHE_URL`` as Django's CACHES: Redis (``redis://`` or ``rediss://``) shared by every
    process, or each process's own memory when unset."""
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if urlparse(url).scheme not in ("redis", "rediss"):
        raise ImproperlyConfigured(f"CACHE_URL must start with redis:// or rediss://, not {url!r}")
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


CACHES = _cache_settings(env.CACHE_URL)
PUBLIC_PAGE_CACHE_SECONDS = env.PUBLIC_PAGE_CACHE_SECONDS
PUBLIC_SEARCH_CACHE_SECONDS = env.PUBLIC_SEARCH_CACHE_SECONDS
PUBLIC_STATEMENT_TIMEOUT_MS = env.PUBLIC_STATEMENT_TIMEOUT_MS
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL
SERVER_EMAIL = DEFAULT_FROM_EMAIL

WAGTAIL_SITE_NAME = "Hệ thống Thi đua – Sáng kiến Công đoàn"
WAGTAILADMIN_BASE_URL = env.SITE_URL
# Page addresses without diacritics (the admin makes them with its urlify, "đ" → "d").
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"

X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Initiatives (figures that change between years and organisations)
INITIATIVE_ATTACHMENT_MAX_BYTES = env.INITIATIVE_ATTACHMENT_MAX_MB * 1024 * 1024
INITIATIVE_DOSSIER_MAX_BYTES = env.INITIATIVE_DOSSIER_MAX_MB * 1024 * 1024
INITIATIVE_DEADLINE_WARNING_DAYS = env.INITIATIVE_DEADLINE_WARNING_DAYS

# Review rounds (the period to decide, the share of votes and the spread margin are data:
# initiatives.models.ReviewRules)
VERIFICATION_RATE_PER_MINUTE = env.VERIFICATION_RATE_PER_MINUTE

# Security findings of issue 16 (client address, upload limits): the client is read through this
# many reverse proxies (accounts.client_address).
TRUSTED_PROXY_COUNT = env.TRUSTED_PROXY_COUNT
# Zip bombs dressed as office files (accounts.uploads.check_archive).
UPLOAD_ARCHIVE_MAX_ENTRIES = env.UPLOAD_ARCHIVE_MAX_ENTRIES
UPLOAD_ARCHIVE_MAX_BYTES = env.UPLOAD_ARCHIVE_MAX_MB * 1024 * 1024
# The open API (/api/v1/): requests a minute per client address and per access token.
API_RATE_PER_MINUTE_CLIENT = env.API_RATE_PER_MINUTE_CLIENT
API_RATE_PER_MINUTE_TOKEN = env.API_RATE_PER_MINUTE_TOKEN

# --- Deployment: log lines as text or JSON (LOG_FORMAT=json; config.observability) -----------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.observability.JsonLinesFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env.LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env.LOG_LEVEL},
    # WeasyPrint reports every layout step at INFO; only its warnings matter.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
# --- end of the deployment block ---------------------------------------------------------------

# --- Sign-in protection (issue 16): lockout after failed sign-ins -----------------------------
# django-axes counts failures per account (the e-mail or phone, normalised) and, separately, per
# client address; either one reaching the limit pauses sign-in for SIGN_IN_LOCKOUT_MINUTES.
# Successes do not reset the counts: a success would also clear the client's failures against
# other accounts. Officers with the member capability (and administrators) unlock an account
# from the members' register (unions.views.members.member_sign_in_unlock).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
AXES_FAILURE_LIMIT = env.SIGN_IN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env.SIGN_IN_LOCKOUT_MINUTES)
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.throttling.sign_in_identifier"
AXES_LOCKOUT_CALLABLE = "accounts.views.sign_in_locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# The client address: one function (accounts.client_address.client_address) reads it through
# TRUSTED_PROXY_COUNT proxies, for axes and the password-reset limit alike.
AXES_CLIENT_IP_CALLABLE = "accounts.client_address.client_address"
PASSWORD_RESET_RATE_PER_HOUR = env.PASSWORD_RESET_RATE_PER_HOUR
# One password-reset form, the throttled one at /quen-mat-khau/: not Wagtail's own.
WAGTAIL_PASSWORD_RESET_ENABLED = False
LOGGING["loggers"]["axes"] = {"level": "WARNING"}

# --- Security headers (issue 16, finding 8): Content-Security-Policy, Permissions-Policy -----
# On in every settings module (dev and test included), so a violation shows while developing.
# No inline script or style anywhere in our templates (tests/test_security_headers.py checks);
# the Wagtail admin needs inline ones and its preview frame: relaxed under /admin/ only
# (config/security_headers.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-ancestors": ["'self'"],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# The Wagtail admin calls no outside service (the policy would refuse it anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Two-factor sign-in (issue 16) -------------------------------------------------------------
# An authenticator app (TOTP) with ten recovery codes (accounts.two_factor); required for
# administrators and, when OTP_REQUIRED_FOR_OFFICERS, for officers (config.two_factor).
OTP_REQUIRED_FOR_ADMINISTRATORS = True
OTP_REQUIRED_FOR_OFFICERS = env.OTP_REQUIRED_FOR_OFFICERS
OTP_TOTP_ISSUER = "Thi đua – Sáng kiến Công đoàn"

# --- Idle officers (issue 16): their sessions end after OFFICER_IDLE_MINUTES ---------------------
OFFICER_IDLE_MINUTES = env.OFFICER_IDLE_MINUTES
