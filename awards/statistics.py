"""Figures of the review rounds for ``registry_stats``: recognised dossiers per level and year,
rounds under way and dossiers still waiting for scores. Four queries."""

from typing import Any

from django.db.models import Count, Exists, OuterRef

from awards.enums import Outcome, RoundStatus, SheetStatus
from awards.models import ReviewRound, RoundEntry, ScoreSheet
from emulation.enums import UNIT_LEVELS
from initiatives.statistics import FigureScope

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
