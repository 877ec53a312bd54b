"""Test runs: fast hashing, mail kept in memory."""

from config import env

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = False
SECRET_KEY = "test-only-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = str(env.BASE_DIR / "var" / "test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come straight from the apps and static/; nothing is collected here.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each test asks for the page cache it needs (tests/site_cms/test_caching.py turns it on).
PUBLIC_PAGE_CACHE_SECONDS = 0
# Likewise the per-query cache of public searches (tests/site_cms/test_public_limits.py).
PUBLIC_SEARCH_CACHE_SECONDS = 0
# The demo data and its `seed_demo` command: development and tests only, never production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
# Tests that are not about two-factor sign-in sign administrators in with force_login;
# tests/accounts/test_two_factor.py turns the requirement on.
OTP_REQUIRED_FOR_ADMINISTRATORS = False
