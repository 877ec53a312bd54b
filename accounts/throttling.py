"""Limits on signing in and asking for password-reset e-mails.

Failed sign-ins are counted by django-axes (settings: ``AXES_*``), which asks this module who
the client is and which account was tried. Password-reset e-mails are limited here, per client
and per address, with counters in the shared cache (``cache.add`` then ``cache.incr`` are
atomic on Redis and in a process's memory, so parallel requests cannot slip past the limit).
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from accounts.backends import EmailOrPhoneBackend
from accounts.client_address import client_address
from accounts.phone import looks_like_phone, normalise_phone

logger = logging.getLogger("accounts.sign_in")

RESET_WINDOW_SECONDS = 60 * 60


def sign_in_identifier(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """The account a sign-in tried, whatever the spelling or the identifier used: an existing
    account is ``account:<id>`` (its e-mail address and phone number count together, and
    "0912 345 678" or "+84912345678" count as the phone number); an unknown identifier is
    kept normalised (phone canonical, e-mail in lower case)."""
    raw = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if raw is None and request is not None:
        raw = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    identifier = (raw or "").strip()
    if not identifier:
        return None
    user = EmailOrPhoneBackend.find_user(identifier)
    if user is not None:
        return account_key(user)
    if looks_like_phone(identifier):
        try:
            return normalise_phone(identifier)
        except ValidationError:
            pass
    return identifier.lower()[:255]


def account_key(user) -> str:
    """How failed sign-ins to ``user``'s account are recorded."""
    return f"account:{user.pk}"


def _count(key: str) -> int:
    if cache.add(key, 1, timeout=RESET_WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=RESET_WINDOW_SECONDS)
        return 1


def password_reset_allowed(request: HttpRequest, email: str) -> bool:
    """Count one password-reset request from this client for ``email``; False once the client
    or the address has asked ``PASSWORD_RESET_RATE_PER_HOUR`` times within the hour."""
    limit = settings.PASSWORD_RESET_RATE_PER_HOUR
    address = client_address(request) or "unknown"
    digest = hashlib.sha256((email or "").strip().lower().encode()).hexdigest()
    by_client = _count(f"password-reset:client:{address}")
    by_email = _count(f"password-reset:email:{digest}")
    if by_client > limit or by_email > limit:
        logger.warning(
            "Password reset refused: too many requests (client %s, address %s…)",
            address,
            digest[:12],
        )
        return False
    return True
