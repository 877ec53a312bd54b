import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with untouched rate-limit counters."""
    cache.clear()
    yield
    cache.clear()
