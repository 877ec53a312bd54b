"""Figures for ``registry_stats``: of the review rounds (recognised dossiers per level and year,
rounds under way and dossiers still waiting for scores; four queries) and of the awards
(awards by type and year, certificates issued and revoked, verified benefit; three queries)."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum

from awards.enums import COUNTED_BENEFIT, AwardDecisionStatus, Outcome, RoundStatus, SheetStatus
from awards.models import (
    AwardDecision,
    BenefitRecord,
    Certificate,
    ReviewRound,
    Revocation,
    RoundEntry,
    ScoreSheet,
)
from initiatives.statistics import FigureScope
from unions.enums import UNIT_LEVELS

LEVEL_NAMES = {1: "national", 2: "provincial", 3: "upper_direct", 4: "grassroots"}


def level_name(kind: str) -> str:
    return LEVEL_NAMES.get(UNIT_LEVELS.get(kind, 4), "grassroots")


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
    by_level: dict[str, dict[str, int]] = {name: {} for name in LEVEL_NAMES.values()}
    for kind, year, count in recognised.values_list(
        "round__unit__kind", "round__decision__year"
    ).annotate(n=Count("pk")):
        level = by_level[level_name(kind)]
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
    """Issued awards by type code and year (decisions and recipients), certificates issued and
    revoked, and the verified benefit in VND (verified or adjusted values of the dossiers of the
    scope). Issuers of the scope's subtree; with a year, decisions of that year and benefit of
    that year of application. Three queries."""
    decisions = AwardDecision.objects.filter(
        scope.unit_q("issuer"), status=AwardDecisionStatus.ISSUED
    ).order_by()
    certificates = Certificate.objects.filter(
        scope.unit_q("recipient__decision__issuer"),
        recipient__decision__status=AwardDecisionStatus.ISSUED,
    ).order_by()
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
    revoked = Exists(
        Revocation.objects.filter(
            Q(certificate=OuterRef("pk"))
            | Q(decision=OuterRef("recipient__decision"), certificate__isnull=True)
        )
    )
    counts = certificates.aggregate(issued=Count("pk"), revoked=Count("pk", filter=revoked))
    verified = benefits.aggregate(total=Sum("verified_vnd"))["total"]
    return {
        "awards_by_type_and_year": by_type,
        "certificates_issued": counts["issued"],
        "certificates_revoked": counts["revoked"],
        "verified_benefit_vnd": int(verified or 0),
    }
