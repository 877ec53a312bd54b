"""Reads of dossiers, scoped to what the asking user may see."""

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.search import fold, search
from initiatives.enums import AWAITING_DECISION_STATUSES
from initiatives.models import (
    Initiative,
    InitiativeAuthor,
    InitiativeTransition,
    ReviewRules,
    SimilarInitiative,
)
from initiatives.models.rules import SEEDED_REVIEW_RULES
from initiatives.reviews import reviewer_scope
from initiatives.search import word_patterns
from unions.enums import Capability
from unions.selectors import units_visible_to

AUTHORS_IN_ORDER = Prefetch("authors", queryset=InitiativeAuthor.objects.order_by("order", "pk"))


def review_rules(on: date | None = None) -> ReviewRules:
    """The review rules in force on ``on`` (today by default): the latest row valid from that
    day or earlier. Without any row (a database emptied by hand) the values seeded by the
    migration apply, unsaved."""
    on = on or timezone.localdate()
    rules = ReviewRules.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if rules is None:
        rules = ReviewRules.objects.order_by("valid_from").first()
    return rules or ReviewRules(valid_from=on, **SEEDED_REVIEW_RULES)


def initiatives_of_member(user: User) -> QuerySet[Initiative]:
    """Dossiers the user wrote or entered, newest first, with unit and authors.

    The ids come from a UNION of the two indexed lookups (entered by, author of) rather than
    one OR across a join with DISTINCT, which reads both whole tables at national scale."""
    mine = (
        Initiative.objects.filter(created_by=user)
        .order_by()
        .values("pk")
        .union(InitiativeAuthor.objects.filter(user=user).order_by().values("initiative_id"))
    )
    return (
        Initiative.objects.filter(pk__in=mine)
        .select_related("unit")
        .prefetch_related(AUTHORS_IN_ORDER)
        .order_by("-updated_at", "-pk")
    )


def initiatives_visible_to(user: User) -> QuerySet[Initiative]:
    """Every dossier the user may read: their own, those of the units in their scope and those
    before a council they sit on (the rules then leave out the ones they are conflicted on)."""
    units = units_visible_to(user, Capability.VIEW_INITIATIVES)
    own = Q(created_by=user) | Q(authors__user=user) if user.is_authenticated else Q(pk__in=[])
    return (
        Initiative.objects.filter(Q(unit__in=units) | own | reviewer_scope(user))
        .distinct()
        .select_related("unit", "created_by")
        .prefetch_related(AUTHORS_IN_ORDER)
    )


def initiative_inbox(user: User) -> QuerySet[Initiative]:
    """Dossiers of the units in the officer's scope that have left the draft stage."""
    units = units_visible_to(user, Capability.VIEW_INITIATIVES)
    return (
        Initiative.objects.filter(unit__in=units)
        .exclude(status="draft")
        .select_related("unit")
        .prefetch_related(AUTHORS_IN_ORDER)
    )


def search_initiatives(queryset: QuerySet[Initiative], query: str | None) -> QuerySet[Initiative]:
    """Diacritic-free search over title, receipt number, unit, employer, description and author
    names: every word of the query must begin a word of the dossier's search text, so
    "an toàn Huệ" finds Huệ's dossier on safety. One ``LIKE`` per word on the stored folded
    text (``initiatives.search``), served on PostgreSQL by its trigram index; the caller's
    queryset already limits it to the officer's subtree."""
    if not (query or "").strip():
        return queryset
    patterns = word_patterns(query)
    if not patterns:  # punctuation alone
        return queryset.none()
    for pattern in patterns:
        queryset = queryset.filter(search_document__contains=pattern)
    return queryset


def overdue_q(on=None) -> Q:
    """Dossiers waiting for a decision past their due date, as a filter."""
    on = on or timezone.localdate()
    return Q(status__in=AWAITING_DECISION_STATUSES, decision_due__lt=on)


def is_overdue(initiative: Initiative, on=None) -> bool:
    """The same rule as ``overdue_q`` for one dossier already loaded."""
    on = on or timezone.localdate()
    return (
        initiative.status in AWAITING_DECISION_STATUSES
        and initiative.decision_due is not None
        and initiative.decision_due < on
    )


def initiative_history(initiative: Initiative) -> QuerySet[InitiativeTransition]:
    return initiative.transitions.select_related("actor").order_by("at", "pk")


@dataclass(frozen=True)
class Similar:
    initiative: Initiative
    similarity: float


SIMILARITY_THRESHOLD = 0.3
# ``%`` keeps the titles above ``pg_trgm.similarity_threshold`` (a ``similarity(...) >= x``
# filter could not use an index). Nearest titles first through the GiST trigram index on
# ``vn_fold(title)`` (``<->`` is 1 - similarity): the scan
# walks the index in distance order and stops after ``LIMIT`` rows past the ``%`` threshold,
# however many titles share a common trigram (migration 0012).
SIMILAR_SQL = (
    "SELECT id, similarity(vn_fold(title), %s) AS score "
    "FROM initiatives_initiative "
    "WHERE vn_fold(title) %% %s AND id <> %s AND status <> 'draft' "
    "ORDER BY vn_fold(title) <-> %s LIMIT %s"
)
SIMILAR_LIMIT = 5


def _trigrams(text: str) -> set[str]:
    words = fold(text).split()
    grams = set()
    for word in words:
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def _similarity(a: str, b: str) -> float:
    left, right = _trigrams(a), _trigrams(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def similar_candidates(
    initiative: Initiative, *, limit: int = SIMILAR_LIMIT, threshold: float = SIMILARITY_THRESHOLD
) -> list[tuple[int, float]]:
    """``(id, similarity)`` of the submitted dossiers anywhere whose title resembles this one's
    (0–1, diacritics ignored), the closest first. What ``initiatives.services.similar_refresh``
    stores; no page calls it.

    PostgreSQL: pg_trgm's ``%`` operator with ``pg_trgm.similarity_threshold`` set for the
    transaction, over ``vn_fold(title)`` with its GiST trigram index (migration 0012), read
    nearest first, so only the closest titles are read. SQLite: the same trigram sets in Python
    over the titles that share a word.
    """
    title = fold(initiative.title)
    if not title.strip():
        return []
    others = Initiative.objects.exclude(pk=initiative.pk).exclude(status="draft")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(threshold)]
            )
            cursor.execute(SIMILAR_SQL, [title, title, initiative.pk or 0, title, limit])
            found = [(pk, float(score)) for pk, score in cursor.fetchall()]
            return sorted(found, key=lambda item: (-item[1], -item[0]))
    words = [w for w in title.split() if len(w) > 2][:6]
    if not words:
        return []
    shares_a_word = reduce(
        or_, (Q(pk__in=search(others, word, ["title"]).values("pk")) for word in words)
    )
    scored = []
    for pk, other_title in others.filter(shares_a_word).values_list("pk", "title")[:500]:
        score = _similarity(initiative.title, other_title)
        if score >= threshold:
            scored.append((pk, score))
    scored.sort(key=lambda item: (-item[1], -item[0]))
    return scored[:limit]


def similar_initiatives(
    initiative: Initiative, user: User, *, limit: int = SIMILAR_LIMIT
) -> list[Similar]:
    """The similar dossiers stored for ``initiative`` (found when it or they were submitted),
    that ``user`` may read, the closest first. Two queries, whatever the registry's size."""

    scores: dict[int, float] = {}
    pairs = SimilarInitiative.objects.filter(
        Q(initiative=initiative) | Q(other=initiative)
    ).values_list("initiative_id", "other_id", "similarity")
    for left, right, score in pairs:
        other = right if left == initiative.pk else left
        scores[other] = max(score, scores.get(other, 0.0))
    if not scores:
        return []
    readable = (
        initiatives_visible_to(user)
        .filter(pk__in=list(scores))
        .exclude(status="draft")
        .prefetch_related(None)
    )
    found = [Similar(other, scores[other.pk]) for other in readable]
    found.sort(key=lambda s: (-s.similarity, -s.initiative.pk))
    return found[:limit]
