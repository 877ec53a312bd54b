"""The folded search text of a dossier (issue 14): one column per dossier holding, without
diacritics and in lower case, everything the search box looks in, so that a search is one
``LIKE '% word%'`` per word served by a trigram index (PostgreSQL) instead of a scan that folds
five columns of every dossier and its authors on each request.

Pure functions: the services write the column (``initiatives.services.search_document_refresh``)
whenever the dossier or its authors change; migration 0010 filled it for existing dossiers.
"""

from collections.abc import Iterable

from accounts.search import document_text, word_patterns

__all__ = ["DOCUMENT_FIELDS", "build_document", "document_text", "word_patterns"]

# Fields of the dossier that the search box looks in, besides the authors' names.
DOCUMENT_FIELDS = [
    "title",
    "receipt_number",
    "unit_name_snapshot",
    "employer_name_snapshot",
    "previous_state",
    "solution_purpose",
    "solution_steps",
    "solution_novelty",
]


def build_document(initiative, author_names: Iterable[str]) -> str:
    return document_text(
        [getattr(initiative, name) for name in DOCUMENT_FIELDS] + list(author_names)
    )
