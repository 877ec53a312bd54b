"""Shared pieces of the API tests: tokens and requests with them."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.services import token_create


def make_token(user, *, read_only: bool = False, days: int = 30) -> str:
    return token_create(
        owner=user,
        name="Phần mềm thử",
        expires_on=timezone.localdate() + timedelta(days=days),
        read_only=read_only,
    ).secret


def bearer(secret: str, **extra) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **extra}


def count_queries(call) -> int:
    """Queries of ``call`` once caches shared between requests (Wagtail's site root paths)
    are warm."""
    call()
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200, response.content
    return len(queries)
