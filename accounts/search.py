"""Search that ignores Vietnamese diacritics, on PostgreSQL and on SQLite.

Both databases expose a ``vn_fold(text)`` SQL function that lower-cases and strips diacritics
("Đông Hà" -> "dong ha"): PostgreSQL through a migration built on the ``unaccent`` extension,
SQLite through a Python function registered on each new connection. ``search`` folds the query in
Python the same way; every word of the query must begin a word of one of the fields, so
"dong ha" finds "Đông Hà" but not "Lao động thành phố". On PostgreSQL both patterns use the
trigram index on ``vn_fold(field)``.
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import reduce
from operator import and_, or_

from django.db.models import Expression, F, Func, Q, QuerySet, TextField
from django.db.models.lookups import Contains, StartsWith

_PUNCTUATION = re.compile(r"[^a-z0-9\s]")


def fold(text: str | None) -> str:
    """Lower-case ``text``, strip its diacritics ("đ" becomes "d") and turn punctuation into
    spaces, so that a word after "(", "-" or "/" starts a word too."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _PUNCTUATION.sub(" ", unicodedata.normalize("NFC", stripped).lower())


class Fold(Func):
    """SQL ``vn_fold(expression)``: the database side of :func:`fold`."""

    function = "vn_fold"
    output_field = TextField()


def install_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("vn_fold", 1, fold, deterministic=True)


def document_text(texts: Iterable[str | None]) -> str:
    """A folded search document (issue 14): the texts folded, their words separated by single
    spaces, with a space in front and at the end, so that "a word starting with x" is the
    pattern ``% x%``, which a trigram index on the document serves."""
    words = fold(" ".join(t for t in texts if t)).split()
    return f" {' '.join(words)} " if words else ""


def word_patterns(query: str | None) -> list[str]:
    """The ``LIKE`` fragments of a query against a search document: each folded word, preceded
    by a space (it must begin a word of the document)."""
    return [f" {term}" for term in fold(query).split()]


def search_document(
    queryset: QuerySet, query: str | None, field: str = "search_document"
) -> QuerySet:
    """Keep rows whose ``field`` (a document built by :func:`document_text`) holds every word of
    ``query`` at a word's start. A blank query finds all; punctuation alone finds nothing."""
    patterns = word_patterns(query)
    if not patterns:
        return queryset.none() if query and query.strip() else queryset
    return queryset.filter(reduce(and_, (Q(**{f"{field}__contains": p}) for p in patterns)))


def search(queryset: QuerySet, query: str | None, fields: Iterable[str | Expression]) -> QuerySet:
    """Keep rows where every word of ``query`` occurs in one of ``fields``, ignoring diacritics.

    A blank query returns ``queryset`` unchanged; punctuation counts as a word break.
    """
    terms = fold(query).split()
    if not terms:
        # Blank finds everything; a query of punctuation alone finds nothing.
        return queryset.none() if query and query.strip() else queryset
    expressions = [Fold(F(field) if isinstance(field, str) else field) for field in fields]

    def begins_a_word(expression: Fold, term: str) -> Q:
        return Q(StartsWith(expression, term)) | Q(Contains(expression, f" {term}"))

    condition = reduce(
        and_,
        (reduce(or_, (begins_a_word(expr, term) for expr in expressions)) for term in terms),
    )
    return queryset.filter(condition)
