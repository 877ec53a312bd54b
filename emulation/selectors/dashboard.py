"""The figures of a movement's dashboard for one year and one unit of the tree (the scope).

Rows are the participating units one level beneath the scope unit. For each: its own
registration for the year, the personal registrations of its subtree, and its progress on the
pledges of the movement and year it signed (the latest submitted report of each pledge). For
the scope unit as a whole, the figures the registry computes (``emulation.indicators``), each
with how it was counted.

The number of queries does not depend on the number of units, registrations or reports; the
computed figures cost what their sources cost, once each.

Nothing here checks permissions: the view lets only people who see the scope unit in.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from emulation.enums import (
    IndicatorDirection,
    PledgeStatus,
    RegistrationStatus,
    ReportPeriod,
    ReportStatus,
)
from emulation.indicators import IndicatorFigure, IndicatorSource, indicator_sources
from emulation.models import (
    Movement,
    Pledge,
    PledgeIndicator,
    PledgeReport,
    PledgeSignatory,
    ReportValue,
)
from emulation.selectors.movements import AggregateRow, aggregate_children, aggregate_rows
from unions.models import Unit
from unions.selectors.history import subtree_window

R = RegistrationStatus
HUNDRED = Decimal(100)
# A later period supersedes an earlier one: the year-end report is the latest.
PERIOD_ORDER = {ReportPeriod.MID_YEAR: 1, ReportPeriod.YEAR_END: 2}


def dashboard_year(movement: Movement, year: str | int | None = None) -> int | None:
    """``year`` when it lies in the movement's period (None otherwise); without ``year``, this
    year when the movement runs in it, else the nearest year of its period."""
    if year is None or year == "":
        this_year = timezone.localdate().year
        return min(max(this_year, movement.period_start.year), movement.period_end.year)
    try:
        number = int(year)
    except (TypeError, ValueError):
        return None
    return number if number in movement.years else None


def _mean(values: list[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    if not present:
        return None
    mean = sum(present, Decimal(0)) / len(present)
    return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def attainment(value: Decimal | None, target: Decimal, direction: str) -> Decimal | None:
    """How far ``value`` reaches ``target``, in percent (one decimal).

    Higher is better: ``value / target`` (above 100 when exceeded; a target of zero is met by
    any value). Lower is better: 100 when ``value ≤ target``, else ``target / value`` (so a
    value twice the ceiling attains 50). None without a value.
    """
    if value is None:
        return None
    if direction == IndicatorDirection.LOWER:
        result = HUNDRED if value <= target else target / value * HUNDRED
    elif target == 0:
        result = HUNDRED
    else:
        result = max(value, Decimal(0)) / target * HUNDRED
    return result.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class IndicatorProgress:
    """One indicator in a unit's latest report: the value (as cross-checked when it was),
    the attainment and, once scored, the score."""

    indicator: PledgeIndicator
    value: Decimal | None
    attainment: Decimal | None
    score: Decimal | None

    @property
    def met(self) -> bool:
        return self.attainment is not None and self.attainment >= HUNDRED


@dataclass
class SignatoryProgress:
    """A signatory unit of a pledge and where its latest submitted report stands."""

    pledge: Pledge
    unit: Unit
    report: PledgeReport | None
    indicators: list[IndicatorProgress] = field(default_factory=list)
    scored_report: PledgeReport | None = None

    @property
    def average_attainment(self) -> Decimal | None:
        """The mean attainment of the reported indicators, each counted up to 100% so that
        exceeding one target does not make up for missing another."""
        return _mean(
            [min(p.attainment, HUNDRED) for p in self.indicators if p.attainment is not None]
        )

    @property
    def met_count(self) -> int:
        return sum(1 for p in self.indicators if p.met)

    @property
    def score(self) -> Decimal | None:
        return self.scored_report.total_score if self.scored_report else None

    @property
    def max_score(self) -> Decimal:
        return sum((i.max_score for i in self.pledge.indicators.all()), Decimal(0))


@dataclass
class UnitRow:
    """A participating unit one level beneath the scope unit."""

    aggregate: AggregateRow
    pledges: list[SignatoryProgress] = field(default_factory=list)

    @property
    def unit(self) -> Unit:
        return self.aggregate.unit

    @property
    def status(self) -> str:
        return self.aggregate.status

    @property
    def status_label(self) -> str:
        return str(R(self.status).label)

    @property
    def personal_approved(self) -> int:
        return self.aggregate.personal.get(R.APPROVED, 0)

    @property
    def personal_total(self) -> int:
        return self.aggregate.personal_total

    @property
    def average_attainment(self) -> Decimal | None:
        return _mean([p.average_attainment for p in self.pledges])

    @property
    def latest_scored(self) -> SignatoryProgress | None:
        """The pledge whose report was scored last (a unit usually signs one a year)."""
        scored = [p for p in self.pledges if p.scored_report is not None]
        if not scored:
            return None
        return max(scored, key=lambda p: (p.scored_report.scored_at, p.scored_report.pk))


@dataclass
class ComputedFigure:
    source: IndicatorSource
    figure: IndicatorFigure


@dataclass
class MovementDashboard:
    movement: Movement
    year: int
    scope: Unit
    rows: list[UnitRow]
    pledges: list[Pledge]
    progress: list[SignatoryProgress]
    computed: list[ComputedFigure]
    computed_start: date
    computed_end: date | None  # None: the year has not begun

    @property
    def status_counts(self) -> dict[str, int]:
        """Units of the rows by the state of their own registration (none counts as not
        sent), in the order of ``RegistrationStatus``."""
        counts = dict.fromkeys(R.values, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def personal_counts(self) -> dict[str, int]:
        """Personal registrations of the rows' subtrees by state."""
        counts = dict.fromkeys(R.values, 0)
        for row in self.rows:
            for status, total in row.aggregate.personal.items():
                counts[status] += total
        return counts

    @property
    def personal_approved(self) -> int:
        return sum(row.personal_approved for row in self.rows)

    @property
    def personal_total(self) -> int:
        return sum(row.personal_total for row in self.rows)

    @property
    def average_attainment(self) -> Decimal | None:
        """The mean attainment of every unit's latest report shown (the rows and the scope
        unit itself)."""
        return _mean([p.average_attainment for p in self.progress])

    @property
    def scope_progress(self) -> list[SignatoryProgress]:
        """The scope unit's own progress, on the pledges it signed itself."""
        return [p for p in self.progress if p.unit.pk == self.scope.pk]

    @property
    def scope_attainment(self) -> Decimal | None:
        return _mean([p.average_attainment for p in self.scope_progress])

    @property
    def pledge_sections(self) -> list[tuple[Pledge, list[SignatoryProgress]]]:
        """Each pledge with the progress of its signatories shown, in the pledges' order."""
        return [
            (pledge, [p for p in self.progress if p.pledge.pk == pledge.pk])
            for pledge in self.pledges
        ]


def _value_of(value: ReportValue) -> Decimal | None:
    return value.checked_value if value.checked_value is not None else value.reported_value


def _signatory_progress(pledges: list[Pledge], units: list[Unit]) -> list[SignatoryProgress]:
    """Progress of each of ``units`` on each pledge it signed: two queries (signatories, then
    the submitted and scored reports with their values)."""
    if not pledges or not units:
        return []
    signatories = list(
        PledgeSignatory.objects.filter(pledge__in=pledges, unit__in=units)
        .select_related("unit")
        .order_by("unit__name", "unit_id", "pledge_id")
    )
    reports = (
        PledgeReport.objects.filter(
            pledge__in=pledges,
            unit__in=units,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.SCORED],
        )
        .prefetch_related(Prefetch("values", queryset=ReportValue.objects.order_by()))
        .order_by()
    )
    latest: dict[tuple[int, int], PledgeReport] = {}
    scored: dict[tuple[int, int], PledgeReport] = {}
    for report in reports:
        key = (report.pledge_id, report.unit_id)
        order = PERIOD_ORDER.get(report.period, 0)
        if key not in latest or order > PERIOD_ORDER.get(latest[key].period, 0):
            latest[key] = report
        if report.status == ReportStatus.SCORED and (
            key not in scored or order > PERIOD_ORDER.get(scored[key].period, 0)
        ):
            scored[key] = report
    by_pk = {pledge.pk: pledge for pledge in pledges}
    result = []
    for signatory in signatories:
        pledge = by_pk[signatory.pledge_id]
        key = (pledge.pk, signatory.unit_id)
        report = latest.get(key)
        values = {value.indicator_id: value for value in report.values.all()} if report else {}
        indicators = []
        if report is not None:
            for indicator in pledge.indicators.all():
                row = values.get(indicator.pk)
                value = _value_of(row) if row else None
                indicators.append(
                    IndicatorProgress(
                        indicator=indicator,
                        value=value,
                        attainment=attainment(value, indicator.target, indicator.direction),
                        score=row.score if row else None,
                    )
                )
        result.append(
            SignatoryProgress(
                pledge=pledge,
                unit=signatory.unit,
                report=report,
                indicators=indicators,
                scored_report=scored.get(key),
            )
        )
    return result


def dashboard_pledges(movement: Movement, year: int, units: list[Unit]) -> list[Pledge]:
    """Signed (or closed) pledges of ``movement`` for ``year`` that one of ``units`` signed,
    with their blocks and indicators."""
    if not units:
        return []
    signed_by = PledgeSignatory.objects.filter(unit__in=units).values("pledge_id")
    return list(
        Pledge.objects.filter(
            Q(pk__in=signed_by),
            movement=movement,
            year=year,
            status__in=[PledgeStatus.SIGNED, PledgeStatus.CLOSED],
        )
        .select_related("block")
        .prefetch_related(
            Prefetch("indicators", queryset=PledgeIndicator.objects.order_by("position", "pk"))
        )
        .order_by("block__name", "pk")
    )


def computed_figures(unit: Unit, start: date, end: date) -> list[ComputedFigure]:
    """Every registered indicator source computed for the subtree of ``unit`` over
    ``[start, end]``; the subtree over the period is worked out once for all of them."""
    sources = indicator_sources()
    if not sources:
        return []
    window = subtree_window(unit, start, end)
    return [ComputedFigure(source=source, figure=source.compute(window)) for source in sources]


def movement_dashboard_figures(
    *, movement: Movement, year: int, scope: Unit, today: date | None = None
) -> MovementDashboard:
    """The dashboard of ``movement`` for ``year`` seen from ``scope``.

    Queries: the child units, their registrations and personal counts, the pledges with their
    indicators, the signatories and the reports with their values, then the computed figures
    (counted from 1 January to the earlier of ``today`` and 31 December).
    """
    today = today or timezone.localdate()
    units = list(aggregate_children(movement, scope, year))
    aggregates = aggregate_rows(movement, year, units)
    # The scope unit's own progress counts too (a grassroots union seen on its own).
    progress_units = [scope, *units]
    pledges = dashboard_pledges(movement, year, progress_units)
    progress = _signatory_progress(pledges, progress_units)
    by_unit: dict[int, list[SignatoryProgress]] = defaultdict(list)
    for item in progress:
        by_unit[item.unit.pk].append(item)
    rows = [UnitRow(aggregate=row, pledges=by_unit.get(row.unit.pk, [])) for row in aggregates]
    start = date(year, 1, 1)
    end = min(today, date(year, 12, 31))
    computed = computed_figures(scope, start, end) if end >= start else []
    return MovementDashboard(
        movement=movement,
        year=year,
        scope=scope,
        rows=rows,
        pledges=pledges,
        progress=progress,
        computed=computed,
        computed_start=start,
        computed_end=end if end >= start else None,
    )
