"""Production: every secret comes from the environment; refuses to start without them."""

from django.core.exceptions import ImproperlyConfigured

from config import env

from .base import *  # noqa: F403

if not env.SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
if not env.ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set ALLOWED_HOSTS (comma-separated) in the environment for production."
    )

DEBUG = False
SECRET_KEY = env.SECRET_KEY
ALLOWED_HOSTS = env.ALLOWED_HOSTS

SECURE_SSL_REDIRECT = env.SECURE_SSL_REDIRECT
if env.SECURE_PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.SECURE_HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
STORAGES = {
    **STORAGES,  # noqa: F405  (default and private: the filesystem or the object store)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Deployment: error reports to Sentry when SENTRY_DSN is set, personal data scrubbed -------
if env.SENTRY_DSN:
    from config.observability import sentry_init

    sentry_init(
        dsn=env.SENTRY_DSN,
        environment=env.SENTRY_ENVIRONMENT,
        release=env.SENTRY_RELEASE,
        traces_sample_rate=env.SENTRY_TRACES_SAMPLE_RATE,
    )
