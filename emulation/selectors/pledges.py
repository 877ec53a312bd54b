"""Reads of emulation blocks and pledges, scoped to what the asking user may see, and the
figures their pages show: the block's ranking, the live registry figures of a draft report,
attainment against a target and the score it suggests.

A block is visible to the people who see its managing unit and to those who see one of its
member units (pledges and rankings are shared among the members). Every list here costs a fixed
number of queries, whatever the number of units.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from emulation.enums import IndicatorDirection, MovementStatus, ReportPeriod, ReportStatus
from emulation.indicators import IndicatorFigure, compute_indicator, indicator_source
from emulation.models import (
    BlockLeadership,
    BlockMember,
    EmulationBlock,
    Movement,
    Pledge,
    PledgeEvent,
    PledgeIndicator,
    PledgeReport,
    PledgeSignatory,
    ReportEvidence,
    ReportValue,
)
from unions.enums import Capability
from unions.models import Unit
from unions.selectors import scope_paths

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def _under(paths: list[str], field: str) -> Q:
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def blocks_visible_to(user: User) -> QuerySet[EmulationBlock]:
    """Blocks whose managing unit the user sees, or one of whose members (present or past)."""
    blocks = EmulationBlock.objects.all()
    if not user.is_authenticated or not user.is_active:
        return blocks.none()
    if user.is_superuser:
        return blocks
    paths = scope_paths(user, Capability.VIEW_UNIT)
    if not paths:
        return blocks.none()
    member_seen = BlockMember.objects.filter(_under(paths, "unit__path"), block=OuterRef("pk"))
    return blocks.filter(_under(paths, "managing_unit__path") | Q(Exists(member_seen)))


def block_list(
    user: User, *, year: int | None = None, query: str = "", active_only: bool = True
) -> QuerySet[EmulationBlock]:
    """The visible blocks with their managing unit, how many current members they have, and
    the chair and pledge status of ``year`` (this year by default)."""
    year = year or timezone.localdate().year
    blocks = blocks_visible_to(user)
    if active_only:
        blocks = blocks.filter(is_active=True)
    if query:
        blocks = blocks.filter(Q(name__icontains=query) | Q(managing_unit__name__icontains=query))
    leadership = BlockLeadership.objects.filter(block=OuterRef("pk"), year=year)
    pledge = Pledge.objects.filter(block=OuterRef("pk"), year=year)
    members = (
        BlockMember.objects.filter(block=OuterRef("pk"), left_on__isnull=True)
        .order_by()
        .values("block")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        blocks.select_related("managing_unit")
        .annotate(
            member_count=Subquery(members),
            chair_name=Subquery(leadership.values("chair__name")[:1]),
            pledge_id=Subquery(pledge.values("pk")[:1]),
            pledge_status=Subquery(pledge.values("status")[:1]),
        )
        .order_by("managing_unit__path", "name", "pk")
    )


def block_members(block: EmulationBlock, *, current_only: bool = False) -> QuerySet[BlockMember]:
    """The block's memberships with their units: current ones first (by name), then those
    that ended, latest first."""
    members = BlockMember.objects.filter(block=block).select_related("unit")
    if current_only:
        members = members.filter(left_on__isnull=True)
    return members.order_by(F("left_on").desc(nulls_first=True), "unit__name", "-joined_on", "pk")


def current_member_units(block: EmulationBlock) -> QuerySet[Unit]:
    return Unit.objects.filter(
        block_memberships__block=block, block_memberships__left_on__isnull=True
    ).order_by("name", "pk")


def block_leaderships(block: EmulationBlock) -> QuerySet[BlockLeadership]:
    """The chair and vice-chair of each year, latest first: the rotation."""
    return (
        BlockLeadership.objects.filter(block=block)
        .select_related("chair", "vice_chair")
        .order_by("-year")
    )


def leadership_of(pledge: Pledge) -> BlockLeadership | None:
    return (
        BlockLeadership.objects.filter(block_id=pledge.block_id, year=pledge.year)
        .select_related("chair", "vice_chair")
        .first()
    )


def block_pledges(block: EmulationBlock) -> QuerySet[Pledge]:
    """The block's pledges, latest year first, with their counts of indicators and signatories."""
    indicators = (
        PledgeIndicator.objects.filter(pledge=OuterRef("pk"))
        .order_by()
        .values("pledge")
        .annotate(total=Count("pk"))
        .values("total")
    )
    signatories = (
        PledgeSignatory.objects.filter(pledge=OuterRef("pk"))
        .order_by()
        .values("pledge")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        Pledge.objects.filter(block=block)
        .select_related("movement", "flag_unit")
        .annotate(indicator_count=Subquery(indicators), signatory_count=Subquery(signatories))
        .order_by("-year")
    )


def pledges_visible_to(user: User) -> QuerySet[Pledge]:
    return Pledge.objects.filter(block__in=blocks_visible_to(user)).select_related(
        "block", "block__managing_unit", "movement", "flag_unit"
    )


def reports_visible_to(user: User) -> QuerySet[PledgeReport]:
    """Reports of the pledges the user sees (the page itself asks the rules who may read it)."""
    return PledgeReport.objects.filter(pledge__block__in=blocks_visible_to(user)).select_related(
        "pledge",
        "pledge__block",
        "pledge__block__managing_unit",
        "unit",
        "submitted_by",
        "scored_by",
    )


def pledge_indicators(pledge: Pledge) -> QuerySet[PledgeIndicator]:
    return PledgeIndicator.objects.filter(pledge=pledge).order_by("position", "pk")


def pledge_signatories(pledge: Pledge) -> QuerySet[PledgeSignatory]:
    return (
        PledgeSignatory.objects.filter(pledge=pledge)
        .select_related("unit")
        .order_by("unit__name", "pk")
    )


def unsigned_members(pledge: Pledge) -> QuerySet[Unit]:
    """Current members of the block that are not signatories yet."""
    return current_member_units(pledge.block).exclude(
        pk__in=PledgeSignatory.objects.filter(pledge=pledge).values("unit")
    )


def pledge_events(pledge: Pledge, limit: int = 30) -> list[PledgeEvent]:
    return list(
        PledgeEvent.objects.filter(pledge=pledge).select_related("actor", "report__unit")[:limit]
    )


def report_events(report: PledgeReport, limit: int = 20) -> list[PledgeEvent]:
    return list(PledgeEvent.objects.filter(report=report).select_related("actor")[:limit])


def movements_for_block(block: EmulationBlock, year: int | None = None) -> QuerySet[Movement]:
    """Movements a pledge of the block may belong to: launched at the managing unit or above,
    not closed, running in ``year`` when given."""
    unit = block.managing_unit
    paths = [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    movements = Movement.objects.filter(launching_unit__path__in=paths).exclude(
        status=MovementStatus.CLOSED
    )
    if year is not None:
        movements = movements.filter(period_start__year__lte=year, period_end__year__gte=year)
    return movements.order_by("-period_start", "name")


# --- reports, their values and evidence ----------------------------------------------------


@dataclass
class UnitReports:
    """A signatory unit and its reports of the year."""

    signatory: PledgeSignatory
    mid_year: PledgeReport | None = None
    year_end: PledgeReport | None = None

    @property
    def unit(self) -> Unit:
        return self.signatory.unit


def pledge_report_table(pledge: Pledge) -> list[UnitReports]:
    """Each signatory with its mid-year and year-end reports (two queries)."""
    rows = {s.unit_id: UnitReports(s) for s in pledge_signatories(pledge)}
    for report in PledgeReport.objects.filter(pledge=pledge).select_related("unit"):
        row = rows.get(report.unit_id)
        if row is None:
            continue
        if report.period == ReportPeriod.MID_YEAR:
            row.mid_year = report
        else:
            row.year_end = report
    return list(rows.values())


def report_values(report: PledgeReport) -> list[ReportValue]:
    return list(
        ReportValue.objects.filter(report=report)
        .select_related("indicator")
        .order_by("indicator__position", "indicator__pk")
    )


def report_evidence(report: PledgeReport) -> QuerySet[ReportEvidence]:
    return ReportEvidence.objects.filter(report=report).select_related("indicator", "uploaded_by")


def live_figures(report: PledgeReport, values: list[ReportValue]) -> dict[int, IndicatorFigure]:
    """The computed indicators of a draft report as they stand today (up to ``as_of``), by
    indicator id; a source that is not registered is left out."""
    start = date(report.pledge.year, 1, 1)
    figures: dict[int, IndicatorFigure] = {}
    for row in values:
        indicator = row.indicator
        if not indicator.is_computed or indicator_source(indicator.computed_key) is None:
            continue
        figures[indicator.pk] = compute_indicator(
            indicator.computed_key, unit=report.unit, start=start, end=report.as_of
        )
    return figures


def attainment(indicator: PledgeIndicator, value: Decimal | None) -> Decimal | None:
    """How far ``value`` reaches the target, in percent (may pass 100). Lower-is-better
    indicators reach 100% at or under the target."""
    if value is None:
        return None
    target = indicator.target
    if indicator.direction == IndicatorDirection.LOWER:
        if value <= target:
            return HUNDRED
        if value <= 0:
            return HUNDRED
        return (target / value * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    if target == 0:
        return HUNDRED
    if value <= 0:
        return Decimal("0.00")
    return (value / target * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def suggested_score(indicator: PledgeIndicator, value: Decimal | None) -> Decimal | None:
    """The maximum score times the attainment, never above the maximum: a starting point the
    chair may change."""
    reached = attainment(indicator, value)
    if reached is None:
        return None
    share = min(reached, HUNDRED) / HUNDRED
    return (indicator.max_score * share).quantize(CENT, rounding=ROUND_HALF_UP)


# --- ranking -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    """A signatory's place: ``rank`` is None for a unit without a scored report."""

    rank: int | None
    unit: Unit
    report: PledgeReport | None
    total: Decimal | None


def competition_ranks(totals: list[Decimal]) -> list[int]:
    """Standard competition ranks of ``totals`` sorted from the best: equal totals share a
    rank and the next rank skips (1, 1, 3)."""
    ranks: list[int] = []
    for index, total in enumerate(totals):
        if index and total == totals[index - 1]:
            ranks.append(ranks[-1])
        else:
            ranks.append(index + 1)
    return ranks


def pledge_ranking(pledge: Pledge, period: str = ReportPeriod.YEAR_END) -> list[RankingRow]:
    """The block's ranking for ``period``: signatory units by total score (ties share a rank and
    are listed by name), then the units without a scored report, by name. Two queries."""
    reports = {
        report.unit_id: report
        for report in PledgeReport.objects.filter(pledge=pledge, period=period)
    }
    scored: list[tuple[Decimal, str, Unit, PledgeReport]] = []
    unscored: list[tuple[str, Unit, PledgeReport | None]] = []
    for signatory in pledge_signatories(pledge):
        unit = signatory.unit
        report = reports.get(unit.pk)
        if report is not None and report.status == ReportStatus.SCORED:
            scored.append((report.total_score, unit.name, unit, report))
        else:
            unscored.append((unit.name, unit, report))
    scored.sort(key=lambda item: (-item[0], item[1].casefold(), item[2].pk))
    unscored.sort(key=lambda item: (item[0].casefold(), item[1].pk))
    ranks = competition_ranks([item[0] for item in scored])
    rows = [
        RankingRow(rank, unit, report, total)
        for rank, (total, _name, unit, report) in zip(ranks, scored, strict=True)
    ]
    rows += [RankingRow(None, unit, report, None) for _name, unit, report in unscored]
    return rows


def ranking_leaders(rows: list[RankingRow]) -> list[Unit]:
    return [row.unit for row in rows if row.rank == 1]
