"""Cursor pagination of every list of the API: keyset on (sort key, id), so a page costs the
same whatever its depth and rows added meanwhile never shift a page.

The cursor is opaque to clients: URL-safe base64 of the last row's sort key and id. Rows with
no value for the key come last in either direction."""

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q, QuerySet
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from ninja import Schema

from api.problems import ApiProblem

T = TypeVar("T")
MAX_ID = 2**63 - 1
DEFAULT_LIMIT = 25
MAX_LIMIT = 100


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "t" in value and isinstance(value["t"], str):
            parsed = parse_datetime(value["t"])
        elif "d" in value and isinstance(value["d"], str):
            parsed = parse_date(value["d"])
        elif "n" in value and isinstance(value["n"], str):
            parsed = Decimal(value["n"])
        else:
            parsed = None
        if parsed is None:
            raise ValueError("bad cursor value")
        return parsed
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_ID:
        return value
    if value is None or isinstance(value, str) and "\x00" not in value:
        return value
    raise ValueError("bad cursor value")


def encode_cursor(value: Any, pk: int) -> str:
    raw = json.dumps([_encode_value(value), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, int]:
    """The (sort key, id) a cursor holds; a 400 problem on the ``cursor`` field otherwise."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(pk, int) or isinstance(pk, bool) or not 0 <= pk <= MAX_ID:
            raise ValueError("bad id")
        return _decode_value(value), pk
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, json.JSONDecodeError):
        raise _bad_cursor() from None


def _bad_cursor() -> ApiProblem:
    return ApiProblem(
        "bad-request",
        _("The cursor is not valid: use the “next_cursor” of a previous page."),
        errors={"cursor": [_("The cursor is not valid.")]},
    )


@dataclass(frozen=True)
class Keyset:
    """How a list is ordered: ``key`` (a field or annotation, possibly empty) then ``pk``,
    both descending or both ascending, rows without a key last."""

    key: str
    descending: bool = True

    def order(self, queryset: QuerySet) -> QuerySet:
        field = F(self.key)
        if self.descending:
            return queryset.order_by(field.desc(nulls_last=True), "-pk")
        return queryset.order_by(field.asc(nulls_last=True), "pk")

    def after(self, value: Any, pk: int) -> Q:
        """Rows that come after the row (``value``, ``pk``)."""
        beyond = "lt" if self.descending else "gt"
        if value is None:
            return Q(**{f"{self.key}__isnull": True, f"pk__{beyond}": pk})
        return (
            Q(**{f"{self.key}__{beyond}": value})
            | Q(**{self.key: value, f"pk__{beyond}": pk})
            | Q(**{f"{self.key}__isnull": True})
        )

    def value_of(self, row: Any) -> Any:
        value = row
        for part in self.key.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value


def paginate(
    queryset: QuerySet,
    keyset: Keyset,
    *,
    cursor: str | None,
    limit: int | None,
    serialize: Callable[[Any], Any],
    prepare: Callable[[list], None] | None = None,
) -> dict:
    """One page of ``queryset`` after ``cursor``: ``items`` (each row through ``serialize``,
    after ``prepare`` saw the whole page) and the ``next_cursor`` (None on the last page).
    One query for the rows, plus what the queryset prefetches."""
    limit = min(max(limit or DEFAULT_LIMIT, 1), MAX_LIMIT)
    queryset = keyset.order(queryset)
    if cursor:
        try:
            queryset = queryset.filter(keyset.after(*decode_cursor(cursor)))
        except (DjangoValidationError, ValueError, TypeError):
            # A cursor made for another list (a text where a date is sorted on).
            raise _bad_cursor() from None
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    if prepare is not None:
        prepare(rows)
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = encode_cursor(keyset.value_of(last), last.pk)
    return {"items": [serialize(row) for row in rows], "next_cursor": next_cursor}
