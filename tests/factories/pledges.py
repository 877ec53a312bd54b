"""Emulation blocks, pledges and their reports built through the real services.

``make_block(managing_unit, members=[...], chair=..., year=...)`` makes a block with its members
and the chair of ``year``; ``make_pledge(block, year, indicators=[...])`` a draft pledge (signed
by every current member with ``signed=True``); ``submit_report`` and ``score_report`` walk a
unit's report through the year. Every step is taken by an officer of the managing unit, created
on demand, unless an actor is given. ``indicator_source`` registers a computed figure for a test
and removes it afterwards.
"""

import datetime
import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal

from accounts.models import User
from emulation import indicators as registry
from emulation.enums import IndicatorDirection, IndicatorSourceKind, ReportPeriod
from emulation.indicators import IndicatorFigure
from emulation.models import EmulationBlock, Pledge, PledgeReport
from emulation.services.pledges import (
    IndicatorScore,
    IndicatorValues,
    ReportedValue,
    block_create,
    block_leadership_set,
    block_member_add,
    default_as_of,
    pledge_create,
    pledge_indicator_add,
    pledge_report_open,
    pledge_report_save,
    pledge_report_score,
    pledge_report_submit,
    pledge_signatory_set,
    pledge_transition,
)
from tests.factories.movements import officer_of
from unions.models import Unit
from unions.selectors.history import SubtreeWindow

_numbers = itertools.count(1)
JOINED_ON = datetime.date(2024, 1, 1)


def reported(
    name: str = "Tỷ lệ văn bản ký số",
    *,
    target: str | int = "90",
    max_score: str | int = "10",
    unit_of_measure: str = "%",
    direction: str = IndicatorDirection.HIGHER,
) -> IndicatorValues:
    """A reported indicator."""
    return IndicatorValues(
        name=name,
        unit_of_measure=unit_of_measure,
        target=Decimal(str(target)),
        max_score=Decimal(str(max_score)),
        direction=direction,
    )


def computed(
    key: str,
    name: str = "Số sáng kiến được công nhận",
    *,
    target: str | int = "5",
    max_score: str | int = "20",
    unit_of_measure: str = "sáng kiến",
    direction: str = IndicatorDirection.HIGHER,
) -> IndicatorValues:
    """An indicator computed from the registry figure ``key``."""
    return IndicatorValues(
        name=name,
        unit_of_measure=unit_of_measure,
        target=Decimal(str(target)),
        max_score=Decimal(str(max_score)),
        direction=direction,
        source=IndicatorSourceKind.COMPUTED,
        computed_key=key,
    )


@contextmanager
def indicator_source(
    key: str = "test_figure",
    compute: Callable[[SubtreeWindow], IndicatorFigure] | None = None,
    *,
    value: str | int = "3",
) -> Iterator[str]:
    """Register a computed figure under ``key`` for the length of the block (a constant
    ``value`` unless ``compute`` is given); whatever was registered before comes back."""
    before = registry.indicator_source(key)

    def constant(window: SubtreeWindow) -> IndicatorFigure:
        return IndicatorFigure(Decimal(str(value)), f"Hằng số thử cho {window.unit.name}")

    registry.register_indicator_source(
        key=key,
        label=f"Chỉ số thử {key}",
        unit_of_measure="lần",
        description="Chỉ dùng trong kiểm thử.",
        compute=compute or constant,
    )
    try:
        yield key
    finally:
        registry._sources.pop(key, None)
        if before is not None:
            registry._sources[key] = before


def make_block(
    managing_unit: Unit,
    members: Iterable[Unit] = (),
    *,
    chair: Unit | None = None,
    vice_chair: Unit | None = None,
    year: int = 2026,
    name: str | None = None,
    joined_on: datetime.date = JOINED_ON,
    actor: User | None = None,
) -> EmulationBlock:
    """A block of ``managing_unit`` with ``members`` (joined on ``joined_on``) and, when given,
    the chair and vice-chair of ``year``."""
    actor = actor or officer_of(managing_unit)
    block = block_create(
        managing_unit=managing_unit,
        name=name or f"Khối thi đua số {next(_numbers)}",
        actor=actor,
    )
    for unit in members:
        block_member_add(block=block, unit=unit, joined_on=joined_on, actor=actor)
    if chair is not None:
        block_leadership_set(
            block=block, year=year, chair=chair, vice_chair=vice_chair, actor=actor
        )
    return block


def make_pledge(
    block: EmulationBlock,
    year: int = 2026,
    indicators: Iterable[IndicatorValues] | None = None,
    *,
    signed: bool = False,
    signed_on: datetime.date | None = None,
    title: str | None = None,
    movement=None,
    actor: User | None = None,
) -> Pledge:
    """A pledge of ``block`` for ``year`` with ``indicators`` (two reported ones by default);
    with ``signed`` every current member signs it on ``signed_on`` (15 January)."""
    actor = actor or officer_of(block.managing_unit)
    pledge = pledge_create(
        block=block,
        year=year,
        title=title or f"Giao ước thi đua năm {year}",
        movement=movement,
        actor=actor,
    )
    if indicators is None:
        indicators = [
            reported("Tỷ lệ văn bản ký số", target="90", max_score="10"),
            reported(
                "Số vụ tai nạn lao động",
                target="0",
                max_score="10",
                unit_of_measure="vụ",
                direction=IndicatorDirection.LOWER,
            ),
        ]
    for values in indicators:
        pledge_indicator_add(pledge=pledge, values=values, actor=actor)
    if signed:
        for unit in Unit.objects.filter(
            block_memberships__block=block, block_memberships__left_on__isnull=True
        ):
            pledge_signatory_set(pledge=pledge, unit=unit, signer_name="Nguyễn Văn Ký", actor=actor)
        pledge = pledge_transition(
            pledge=pledge,
            action="sign",
            signed_on=signed_on or datetime.date(year, 1, 15),
            signed_at_place="Hội trường",
            actor=actor,
        )
    return pledge


def submit_report(
    pledge: Pledge,
    unit: Unit,
    *,
    period: str = ReportPeriod.YEAR_END,
    values: dict[str, str | int] | None = None,
    as_of: datetime.date | None = None,
    actor: User | None = None,
) -> PledgeReport:
    """Open, fill in and submit ``unit``'s report, counted up to ``as_of`` (the end of the
    period, or today while it runs); ``values`` by indicator name (``1`` when not given)."""
    actor = actor or officer_of(unit)
    as_of = as_of or default_as_of(pledge.year, period)
    report = pledge_report_open(pledge=pledge, unit=unit, period=period, actor=actor, as_of=as_of)
    values = values or {}
    rows = [
        ReportedValue(indicator.pk, Decimal(str(values.get(indicator.name, 1))))
        for indicator in pledge.indicators.all()
        if not indicator.is_computed
    ]
    pledge_report_save(report=report, actor=actor, as_of=as_of, values=rows)
    return pledge_report_submit(report=report, actor=actor)


def score_report(
    report: PledgeReport,
    scores: dict[str, str | int] | list[str | int],
    *,
    actor: User | None = None,
) -> PledgeReport:
    """Score ``report``: ``scores`` by indicator name, or in the order of the indicators."""
    actor = actor or officer_of(report.pledge.block.managing_unit)
    indicators = list(report.pledge.indicators.order_by("position", "pk"))
    if isinstance(scores, dict):
        lines = [IndicatorScore(i.pk, Decimal(str(scores[i.name]))) for i in indicators]
    else:
        lines = [
            IndicatorScore(i.pk, Decimal(str(s))) for i, s in zip(indicators, scores, strict=True)
        ]
    return pledge_report_score(report=report, actor=actor, scores=lines)
