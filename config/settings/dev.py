"""Local development: DEBUG on, a fixed development key, mail to the console."""

from config import env

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = True
SECRET_KEY = (
    env.SECRET_KEY or "dev-only-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"
)
ALLOWED_HOSTS = env.ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
# Static files come straight from the apps and static/; nothing is collected here.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The demo data and its `seed_demo` command: development and tests only, never production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
