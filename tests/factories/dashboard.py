"""Blocks, pledges and reports for the dashboard tests, written directly to the models (the
pledge services are another part's; these rows are what they would leave behind).

``make_pledge`` signs a pledge of a new block; ``make_report`` records a report of a signatory
in any state, with the values given per indicator.
"""

import datetime
import itertools
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils import timezone

from emulation.enums import (
    IndicatorDirection,
    IndicatorSourceKind,
    PledgeStatus,
    ReportPeriod,
    ReportStatus,
)
from emulation.models import (
    BlockLeadership,
    BlockMember,
    EmulationBlock,
    Movement,
    Pledge,
    PledgeIndicator,
    PledgeReport,
    PledgeSignatory,
    ReportValue,
)
from unions.models import Unit

_numbers = itertools.count(1)


def indicator(
    name: str,
    target: str | int,
    max_score: str | int,
    *,
    unit_of_measure: str = "%",
    direction: str = IndicatorDirection.HIGHER,
    computed_key: str = "",
) -> dict:
    return {
        "name": name,
        "target": Decimal(str(target)),
        "max_score": Decimal(str(max_score)),
        "unit_of_measure": unit_of_measure,
        "direction": direction,
        "source": IndicatorSourceKind.COMPUTED if computed_key else IndicatorSourceKind.REPORTED,
        "computed_key": computed_key,
    }


DEFAULT_INDICATORS = (
    indicator("Tỷ lệ văn bản ký số", 90, 40),
    indicator("Số vụ tai nạn lao động", 2, 30, unit_of_measure="vụ", direction="lower"),
    indicator("Sáng kiến được công nhận", 10, 30, unit_of_measure="sáng kiến"),
)


def make_pledge(
    *,
    managing_unit: Unit,
    signatories: Iterable[Unit],
    movement: Movement | None,
    year: int = 2026,
    indicators: Iterable[dict] = DEFAULT_INDICATORS,
    status: str = PledgeStatus.SIGNED,
    block_name: str = "",
    chair: Unit | None = None,
) -> Pledge:
    """A pledge of a new block of ``signatories`` (all members of it), signed on 1 March."""
    signatories = list(signatories)
    number = next(_numbers)
    block = EmulationBlock.objects.create(
        managing_unit=managing_unit, name=block_name or f"Khối thi đua số {number}"
    )
    for unit in signatories:
        BlockMember.objects.create(block=block, unit=unit, joined_on=datetime.date(year, 1, 1))
    if signatories:
        BlockLeadership.objects.create(block=block, year=year, chair=chair or signatories[0])
    pledge = Pledge.objects.create(
        block=block,
        year=year,
        movement=movement,
        title=f"Giao ước thi đua năm {year} – {block.name}",
        status=status,
        signed_on=datetime.date(year, 3, 1) if status != PledgeStatus.DRAFT else None,
    )
    for position, values in enumerate(indicators):
        PledgeIndicator.objects.create(pledge=pledge, position=position, **values)
    for unit in signatories:
        PledgeSignatory.objects.create(pledge=pledge, unit=unit)
    return pledge


def make_report(
    *,
    pledge: Pledge,
    unit: Unit,
    values: Mapping[int, str | int | None],
    period: str = ReportPeriod.YEAR_END,
    status: str = ReportStatus.SUBMITTED,
    checked: Mapping[int, str | int] | None = None,
    scores: Mapping[int, str | int] | None = None,
) -> PledgeReport:
    """A report of ``unit`` on ``pledge``: ``values`` maps the position of each indicator to
    the reported value, ``checked`` to the cross-checked one, ``scores`` to the score (a scored
    report's total is their sum)."""
    checked = checked or {}
    scores = scores or {}
    now = timezone.now()
    scored = status == ReportStatus.SCORED
    report = PledgeReport.objects.create(
        pledge=pledge,
        unit=unit,
        period=period,
        status=status,
        as_of=datetime.date(pledge.year, 6 if period == ReportPeriod.MID_YEAR else 12, 30),
        submitted_at=now if status != ReportStatus.DRAFT else None,
        scored_at=now if scored else None,
        total_score=sum((Decimal(str(s)) for s in scores.values()), Decimal(0)) if scored else None,
    )
    for item in pledge.indicators.all():
        if item.position not in values:
            continue
        raw = values[item.position]
        ReportValue.objects.create(
            report=report,
            indicator=item,
            reported_value=Decimal(str(raw)) if raw is not None else None,
            checked_value=(
                Decimal(str(checked[item.position])) if item.position in checked else None
            ),
            score=Decimal(str(scores[item.position])) if item.position in scores else None,
        )
    return report
