"""The public site must not stall (issue 14 §7): public searches run under a statement timeout
and their results are cached per normalised query.

- ``statement_timeout()``: on PostgreSQL, the block runs in a transaction (a savepoint inside
  one) with ``statement_timeout`` set to ``PUBLIC_STATEMENT_TIMEOUT_MS``; a query running
  longer is cancelled by the server and the block raises ``SearchTooBroad``, which the views
  answer with a page asking for a narrower search (``too_broad_response``, HTTP 503, with the
  search form) instead of holding a worker. SQLite has no statement timeout: nothing changes.
- ``search_key()``: the cache key of one search: the words folded (no diacritics), lower-cased,
  trimmed and with single spaces, the filters the page reads sorted, the language and the public
  site's version (``site_cms.caching``: any write to what public pages show starts a new one),
  hashed and bounded, under its own prefix ``public-search:`` (the page cache of
  ``site_cms.caching`` keys whole answers on its own). "Tiết kiệm  điện" and "tiet kiem dien"
  share one entry. Kept for ``PUBLIC_SEARCH_CACHE_SECONDS`` (0: off).
"""

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import get_language

from accounts.search import fold
from site_cms.caching import site_version

PREFIX = "public-search:"
VALUE_MAX_LENGTH = 200
# PostgreSQL's SQLSTATE for a statement cancelled (statement_timeout, or pg_cancel_backend).
QUERY_CANCELED = "57014"


class SearchTooBroad(Exception):
    """A public search ran past the statement timeout."""


def _cancelled(error: OperationalError) -> bool:
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) == QUERY_CANCELED or (
        type(cause).__name__ == "QueryCanceled"
    )


@contextmanager
def statement_timeout(milliseconds: int | None = None) -> Iterator[None]:
    """Run the block under PostgreSQL's ``statement_timeout`` (``PUBLIC_STATEMENT_TIMEOUT_MS``
    unless given), in a transaction of its own or a savepoint, restoring the previous limit
    after it. Raises ``SearchTooBroad`` when a query of the block is cancelled for it; the
    transaction (or savepoint) is rolled back, so the connection stays usable."""
    limit = settings.PUBLIC_STATEMENT_TIMEOUT_MS if milliseconds is None else milliseconds
    if connection.vendor != "postgresql" or not limit:
        yield
        return
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('statement_timeout'), "
                    "set_config('statement_timeout', %s, true)",
                    [f"{int(limit)}ms"],
                )
                previous = cursor.fetchone()[0]
            yield
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
    except OperationalError as error:
        if _cancelled(error):
            raise SearchTooBroad from error
        raise


def normalised_words(query: str | None) -> str:
    """The words of ``query`` folded, lower-cased, trimmed and separated by single spaces."""
    return " ".join(fold((query or "")[:VALUE_MAX_LENGTH]).split())


def search_key(kind: str, params: QueryDict, names: Iterable[str], query_name: str = "q") -> str:
    """The cache key of the search ``kind`` ("bank", "site") made of the request's ``params``:
    the query (``query_name``) normalised and the other parameters among ``names``, sorted,
    each bounded; any other parameter is left out."""
    parts = [normalised_words(params.get(query_name))]
    for name in sorted(set(names) - {query_name}):
        value = " ".join((params.get(name) or "")[:VALUE_MAX_LENGTH].split()).lower()
        if value:
            parts.append(f"{name}={value}")
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{PREFIX}{kind}:{site_version()}:{get_language()}:{digest}"


def cached(key: str):
    """What ``remember`` kept under ``key``, or None (always None when the cache is off)."""
    if settings.PUBLIC_SEARCH_CACHE_SECONDS <= 0:
        return None
    return cache.get(key)


def remember(key: str, value) -> None:
    if settings.PUBLIC_SEARCH_CACHE_SECONDS > 0:
        cache.set(key, value, settings.PUBLIC_SEARCH_CACHE_SECONDS)


def too_broad_response(request: HttpRequest, *, action: str, query: str) -> HttpResponse:
    """The page asking for a narrower search, with the search form (``action``: where it
    sends), HTTP 503 with ``Retry-After`` so that nothing caches it and robots come back."""
    response = render(
        request,
        "site_cms/search_too_broad.html",
        {"action": action, "query": (query or "")[:VALUE_MAX_LENGTH]},
        status=503,
    )
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response
