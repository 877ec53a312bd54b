"""Reads of dossiers, scoped to what the asking user may see."""

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, TextField
from django.utils import timezone

from accounts.models import User
from accounts.search import fold, search
from initiatives.enums import AWAITING_DECISION_STATUSES
from initiatives.models import Initiative, InitiativeAuthor, InitiativeTransition, ReviewRules
from initiatives.models.rules import SEEDED_REVIEW_RULES
from initiatives.reviews import reviewer_scope
from unions.enums import Capability
from unions.selectors import units_visible_to

SEARCHED_FIELDS = [
    "title",
    "previous_state",
    "solution_purpose",
    "solution_steps",
    "solution_novelty",
]
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
    """Dossiers the user wrote or entered, newest first, with unit and authors."""
    return (
        Initiative.objects.filter(Q(created_by=user) | Q(authors__user=user))
        .distinct()
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
    """Diacritic-free search over title, description and author names: every word of the query
    must begin a word of one of them, so "an toàn Huệ" finds Huệ's dossier on safety."""
    if not (query or "").strip():
        return queryset
    terms = fold(query).split()
    if not terms:  # punctuation alone
        return queryset.none()
    condition = Q()
    for term in terms:
        by_text = search(Initiative.objects.all(), term, SEARCHED_FIELDS).values("pk")
        by_author = search(InitiativeAuthor.objects.all(), term, ["full_name"]).values(
            "initiative_id"
        )
        condition &= Q(pk__in=by_text) | Q(pk__in=by_author)
    return queryset.filter(condition)


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
class SimilarInitiative:
    initiative: Initiative
    similarity: float


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


def similar_initiatives(
    initiative: Initiative, *, limit: int = 5, threshold: float = 0.3
) -> list[SimilarInitiative]:
    """Dossiers anywhere in the registry whose title or purpose resembles this one's.

    PostgreSQL ranks with pg_trgm over the folded texts; SQLite compares the same trigram sets
    in Python over candidates that share a word of the title. The similarity is 0–1.
    """
    others = Initiative.objects.exclude(pk=initiative.pk).exclude(status="draft")
    text = f"{initiative.title} {initiative.solution_purpose}"
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity
        from django.db.models import Value
        from django.db.models.functions import Concat, Greatest

        from accounts.search import Fold

        folded = fold(text)
        ranked = (
            others.annotate(
                similarity=Greatest(
                    TrigramSimilarity(Fold("title"), fold(initiative.title)),
                    TrigramSimilarity(
                        Fold(
                            Concat(
                                "title", Value(" "), "solution_purpose", output_field=TextField()
                            )
                        ),
                        folded,
                    ),
                )
            )
            .filter(similarity__gte=threshold)
            .select_related("unit")
            .order_by("-similarity", "-pk")[:limit]
        )
        return [SimilarInitiative(i, float(i.similarity)) for i in ranked]
    words = [w for w in fold(initiative.title).split() if len(w) > 2][:6]
    if not words:
        return []
    shares_a_word = reduce(
        or_, (Q(pk__in=search(others, word, ["title"]).values("pk")) for word in words)
    )
    candidates = others.filter(shares_a_word)
    scored = []
    for other in candidates.select_related("unit")[:500]:
        score = max(
            _similarity(initiative.title, other.title),
            _similarity(text, f"{other.title} {other.solution_purpose}"),
        )
        if score >= threshold:
            scored.append(SimilarInitiative(other, score))
    scored.sort(key=lambda s: (-s.similarity, -s.initiative.pk))
    return scored[:limit]
