"""The council's scores brought together, per dossier: pure arithmetic, no database.

A member's total is the weighted sum of their points. For each criterion and for the total we
give the mean, the median and the spread (highest minus lowest); the spread is flagged when it
exceeds the configured share of the maximum. A dossier is eliminated when the median of an
eliminatory criterion is 0; it passes when it is not eliminated and its mean total reaches the
rubric's threshold. Ranking orders the dossiers of a round by mean total, eliminated ones after
all the others (ties share a rank).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from statistics import median

TWO_PLACES = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CriterionSpec:
    pk: int
    name: str
    max_points: Decimal
    weight: Decimal = Decimal(1)
    eliminatory: bool = False


@dataclass
class Figures:
    mean: Decimal
    median: Decimal
    spread: Decimal
    disagreement: bool


@dataclass
class EntryResult:
    entry_id: int
    sheet_count: int
    criteria: dict[int, Figures] = field(default_factory=dict)
    total: Figures | None = None
    eliminated: bool = False
    passed: bool = False
    rank: int | None = None

    @property
    def scored(self) -> bool:
        return self.sheet_count > 0


def figures(values: list[Decimal], maximum: Decimal, margin_percent: int) -> Figures:
    mean = sum(values, Decimal(0)) / len(values)
    spread = max(values) - min(values)
    return Figures(
        mean=_round(mean),
        median=_round(Decimal(median(values))),
        spread=_round(spread),
        disagreement=spread * 100 > maximum * margin_percent,
    )


def entry_result(
    entry_id: int,
    sheets: list[dict[int, Decimal]],
    criteria: list[CriterionSpec],
    *,
    threshold: Decimal,
    margin_percent: int,
) -> EntryResult:
    """Aggregate the submitted ``sheets`` (criterion pk → points) of one dossier."""
    result = EntryResult(entry_id=entry_id, sheet_count=len(sheets))
    if not sheets:
        return result
    totals = [
        sum((sheet.get(c.pk, Decimal(0)) * c.weight for c in criteria), Decimal(0))
        for sheet in sheets
    ]
    for criterion in criteria:
        values = [sheet.get(criterion.pk, Decimal(0)) for sheet in sheets]
        result.criteria[criterion.pk] = figures(values, criterion.max_points, margin_percent)
        if criterion.eliminatory and result.criteria[criterion.pk].median == 0:
            result.eliminated = True
    maximum = sum((c.max_points * c.weight for c in criteria), Decimal(0))
    result.total = figures(totals, maximum, margin_percent)
    result.passed = not result.eliminated and result.total.mean >= threshold
    return result


def rank(results: list[EntryResult]) -> list[EntryResult]:
    """Set ``rank`` on the scored results, best mean total first; ties share a rank."""

    def standing(result: EntryResult) -> tuple[bool, Decimal]:
        return (not result.eliminated, result.total.mean)

    scored = sorted((r for r in results if r.total is not None), key=standing, reverse=True)
    previous, current = None, 0
    for position, result in enumerate(scored, start=1):
        if standing(result) != previous:
            current, previous = position, standing(result)
        result.rank = current
    return results


def vote_passes(votes_for: int, council_size: int, share: Fraction) -> bool:
    """At least ``share`` of the council in favour; abstentions and absences count against."""
    return council_size > 0 and Fraction(votes_for, council_size) >= share
