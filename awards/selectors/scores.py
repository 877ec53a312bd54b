"""Scores of a round, aggregated and per sheet.

Scores leave the selectors only through ``round_results`` and ``sheet_values``; the views ask
the rules (``awards.view_entry_scores`` / ``awards.view_round_scores``) before calling them, so
a value never reaches a page, an export or a query answer early.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from awards.aggregation import CriterionSpec, EntryResult, entry_result, rank
from awards.enums import SheetStatus
from awards.models import (
    CouncilMember,
    Criterion,
    ReviewRound,
    RoundEntry,
    RubricVersion,
    Score,
    ScoreSheet,
)
from initiatives.selectors import review_rules


def rubric_criteria(version: RubricVersion) -> list[Criterion]:
    return list(Criterion.objects.filter(version=version).order_by("sort_order", "pk"))


def _specs(criteria: list[Criterion]) -> list[CriterionSpec]:
    return [
        CriterionSpec(
            pk=c.pk,
            name=c.name,
            max_points=c.max_points,
            weight=c.weight,
            eliminatory=c.eliminatory,
        )
        for c in criteria
    ]


def round_results(review_round: ReviewRound, *, entry_ids=None) -> dict[int, EntryResult]:
    """Aggregated submitted scores per dossier of the round, ranked among all the round's
    dossiers; with ``entry_ids``, only those are returned (their rank still counts every
    dossier). Three queries whatever the number of dossiers."""
    version = review_round.rubric_version
    criteria = rubric_criteria(version)
    sheets: dict[int, dict[int, dict[int, Decimal]]] = {}
    scores = (
        Score.objects.filter(sheet__entry__round=review_round, sheet__status=SheetStatus.SUBMITTED)
        .order_by()
        .values_list("sheet__entry_id", "sheet_id", "criterion_id", "points")
    )
    for entry_id, sheet_id, criterion_id, points in scores:
        by_sheet = sheets.setdefault(entry_id, {}).setdefault(sheet_id, {})
        by_sheet[criterion_id] = points or Decimal(0)
    specs = _specs(criteria)
    margin = review_rules().spread_margin_percent
    results = [
        entry_result(
            entry_id,
            list(sheets.get(entry_id, {}).values()),
            specs,
            threshold=version.pass_threshold,
            margin_percent=margin,
        )
        for entry_id in review_round.entries.order_by().values_list("pk", flat=True)
    ]
    rank(results)
    wanted = None if entry_ids is None else set(entry_ids)
    return {r.entry_id: r for r in results if wanted is None or r.entry_id in wanted}


@dataclass
class SheetRow:
    member: CouncilMember
    sheet: ScoreSheet
    scores: dict[int, Score]
    total: Decimal


def sheet_values(entry: RoundEntry) -> list[SheetRow]:
    """Every submitted sheet of the dossier with its scores and weighted total."""
    criteria = {c.pk: c for c in rubric_criteria(entry.round.rubric_version)}
    sheets = (
        entry.sheets.filter(status=SheetStatus.SUBMITTED)
        .select_related("member__user")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by()))
        .order_by("member__pk")
    )
    rows = []
    for sheet in sheets:
        scores = {s.criterion_id: s for s in sheet.scores.all()}
        total = sum(
            (
                (s.points or 0) * criteria[cid].weight
                for cid, s in scores.items()
                if cid in criteria
            ),
            Decimal(0),
        )
        rows.append(SheetRow(member=sheet.member, sheet=sheet, scores=scores, total=total))
    return rows
