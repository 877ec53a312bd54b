"""Figures for ``registry_stats``: of the review rounds (recognised dossiers per level and year,
rounds under way and dossiers still waiting for scores; four queries) and of the awards
(awards by type and year, certificates issued and revoked, verified benefit; three queries)."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum

from awards.enums import COUNTED_BENEFIT, Outcome, RoundStatus, SheetStatus
from awards.models import (
    AwardDecision,
    BenefitRecord,
    Certificate,
    ReviewRound,
    RoundEntry,
    ScoreSheet,
)
from awards.models.honours import revoked_condition
from awards.selectors.recognitions import confirmed_external_recognitions, council_recognitions
from initiatives.models import Initiative
from unions.levels import Level, level_of_kind
from unions.statistics import FigureScope


def review_figures(scope: FigureScope) -> dict[str, Any]:
    rounds = ReviewRound.objects.filter(scope.unit_q()).order_by()
    recognised = RoundEntry.objects.filter(
        scope.unit_q("round__unit"),
        outcome=Outcome.RECOGNISED,
        round__status=RoundStatus.CLOSED,
    ).order_by()
    if scope.year is not None:
        recognised = recognised.filter(round__decision__year=scope.year)
        rounds = rounds.filter(year=scope.year)
    by_level: dict[str, dict[str, int]] = {level.key: {} for level in Level}
    for kind, year, count in recognised.values_list(
        "round__unit__kind", "round__decision__year"
    ).annotate(n=Count("pk")):
        level = by_level[level_of_kind(kind).key]
        level[str(year)] = level.get(str(year), 0) + count
    under_way = dict.fromkeys([RoundStatus.OPEN, RoundStatus.SCORING, RoundStatus.DELIBERATION], 0)
    for status, count in (
        rounds.filter(status__in=list(under_way)).values_list("status").annotate(n=Count("pk"))
    ):
        under_way[status] = count
    waiting = (
        RoundEntry.objects.filter(
            scope.unit_q("round__unit"),
            round__status=RoundStatus.SCORING,
        )
        .filter(Exists(ScoreSheet.objects.filter(entry=OuterRef("pk"), status=SheetStatus.DRAFT)))
        .count()
    )
    return {
        "recognised_by_level_and_year": {k: dict(sorted(v.items())) for k, v in by_level.items()},
        "rounds_open": sum(under_way.values()),
        "rounds_by_status": {str(k): v for k, v in under_way.items()},
        "dossiers_awaiting_scores": waiting,
    }


# --- awards --------------------------------------------------------------------------------


def award_figures(scope: FigureScope) -> dict[str, Any]:
    """Issued awards by type code and year (issued decisions and every recipient of them,
    revoked ones and round certificates included), certificates of issued decisions and those
    of them revoked, and the verified benefit in VND (verified or adjusted values of the
    dossiers of the scope). Issuers of the scope's subtree; with a year, decisions of that year
    and benefit of that year of application. Three queries."""
    decisions = AwardDecision.objects.issued().filter(scope.unit_q("issuer")).order_by()
    certificates = (
        Certificate.objects.issued().filter(scope.unit_q("recipient__decision__issuer")).order_by()
    )
    benefits = BenefitRecord.objects.filter(
        scope.unit_q("initiative__unit"), status__in=list(COUNTED_BENEFIT)
    ).order_by()
    if scope.year is not None:
        decisions = decisions.filter(year=scope.year)
        certificates = certificates.filter(recipient__decision__year=scope.year)
        benefits = benefits.filter(year=scope.year)
    by_type: dict[str, dict[str, dict[str, int]]] = {}
    for code, year, decision_count, recipient_count in (
        decisions.values_list("award_type__code", "year")
        .annotate(d=Count("pk", distinct=True), r=Count("recipients", distinct=True))
        .order_by("award_type__code", "year")
    ):
        by_type.setdefault(code, {})[str(year)] = {
            "decisions": decision_count,
            "recipients": recipient_count,
        }
    counts = certificates.aggregate(
        issued=Count("pk"), revoked=Count("pk", filter=revoked_condition("recipient__"))
    )
    verified = benefits.aggregate(total=Sum("verified_vnd"))["total"]
    return {
        "awards_by_type_and_year": by_type,
        "certificates_issued": counts["issued"],
        "certificates_revoked": counts["revoked"],
        "verified_benefit_vnd": int(verified or 0),
    }


# --- who recognised the initiatives at the base ------------------------------------------


def recognised_by_figures(scope: FigureScope) -> dict[str, int]:
    """Initiatives of the scope recognised at the base, by how (issue 13 §2):
    ``employer_council`` (a council run in the registry for the employer: a closed recognition
    round that recognised them; rounds recorded before employers count here) and
    ``employer_recorded`` (the employer's decision recorded from outside and confirmed). With a
    year: decisions of that year. Each initiative counts once, a council first. One query."""
    council = council_recognitions().filter(initiative=OuterRef("pk"))
    recorded = confirmed_external_recognitions().filter(initiative=OuterRef("pk"))
    if scope.year is not None:
        council = council.filter(round__decision__year=scope.year)
        recorded = recorded.filter(decided_on__year=scope.year)
    counts = (
        Initiative.objects.filter(scope.unit_q())
        .order_by()
        .aggregate(
            employer_council=Count("pk", filter=Q(Exists(council))),
            employer_recorded=Count("pk", filter=Q(Exists(recorded)) & ~Q(Exists(council))),
        )
    )
    return {key: int(value or 0) for key, value in counts.items()}
