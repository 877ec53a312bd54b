"""Rate limits of the API, counted in the shared cache in windows of one minute: one budget per
client (its address, hashed) for every request, and one per token for requests made with it.
Past the budget the API answers 429 with ``Retry-After``, the seconds left in the window."""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from api.problems import ApiProblem

WINDOW_SECONDS = 60


def _count(key: str) -> tuple[int, int]:
    """Count one more request under ``key`` in the current window; (count, seconds left)."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    full_key = f"api-rate:{key}:{window}"
    cache.add(full_key, 0, WINDOW_SECONDS + 5)
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, WINDOW_SECONDS + 5)
        count = 1
    left = max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
    return count, left


def check_rate(key: str, per_minute: int) -> None:
    """Raise a 429 problem when ``key`` went over ``per_minute`` requests in this window."""
    count, left = _count(key)
    if count > per_minute:
        raise ApiProblem(
            "too-many-requests",
            _("Too many requests in a short time. Wait %(seconds)s seconds, then try again.")
            % {"seconds": left},
            headers={"Retry-After": str(left)},
        )


def check_client_rate(client_hash: str) -> None:
    check_rate(f"client:{client_hash}", settings.API_RATE_PER_MINUTE_CLIENT)


def check_token_rate(token_pk: int) -> None:
    check_rate(f"token:{token_pk}", settings.API_RATE_PER_MINUTE_TOKEN)
