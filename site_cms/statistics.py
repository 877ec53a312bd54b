"""What the statistics page reads from the registry: initiatives submitted and recognised, the
verified benefit and the awards given, for the whole union, by year, by level and by provincial
federation.

The four figures are those of ``registry_figures`` (see :func:`figures_from_registry`, which
says how each is read from it). The whole union's figures come from ``registry_figures``
itself; the tables by year, level and province count the same rows with grouped queries, a
fixed number whatever the number of years or provinces, and the tests hold each row equal to
``registry_figures`` for the same unit and year.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, Substr
from django.utils.functional import Promise

from accounts.query_params import year_param
from awards.enums import COUNTED_BENEFIT, AwardDecisionStatus, Outcome, RoundStatus
from awards.models import BenefitRecord, Recipient, RoundEntry
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from initiatives.statistics import registry_figures
from site_cms.honours import LEVELS, level_label, level_number
from unions.enums import UnitKind
from unions.models import Unit

RECOGNISED = InitiativeStatus.RECOGNISED


@dataclass(frozen=True)
class Figures:
    """The page's four figures for one scope: initiatives submitted (dossiers that left the
    draft stage, by year of first submission), those of them now recognised, the verified
    benefit in VND (by year of application) and the awards given (recipients of issued
    decisions, by year of the decision)."""

    submitted: int = 0
    recognised: int = 0
    verified_benefit_vnd: int = 0
    awards: int = 0


def figures_from_registry(figures: dict[str, Any]) -> Figures:
    """The page's figures as read from ``registry_figures(unit=…, year=…)``."""
    initiatives, awards = figures["initiatives"], figures["awards"]
    return Figures(
        submitted=initiatives["submitted"],
        recognised=initiatives["by_status"][RECOGNISED],
        verified_benefit_vnd=awards["verified_benefit_vnd"],
        awards=sum(
            cell["recipients"]
            for years in awards["awards_by_type_and_year"].values()
            for cell in years.values()
        ),
    )


def union_figures(year: int | None = None) -> Figures:
    """The whole union's figures for ``year`` (all years when None), from ``registry_figures``."""
    return figures_from_registry(registry_figures(unit=None, year=year))


# --- the rows that are counted -------------------------------------------------------------


def _initiatives(year: int | None) -> QuerySet[Initiative]:
    rows = Initiative.objects.order_by()
    return rows.filter(submitted_at__year=year) if year is not None else rows


def _benefits(year: int | None) -> QuerySet[BenefitRecord]:
    rows = BenefitRecord.objects.filter(status__in=list(COUNTED_BENEFIT)).order_by()
    return rows.filter(year=year) if year is not None else rows


def _awards(year: int | None) -> QuerySet[Recipient]:
    rows = Recipient.objects.filter(decision__status=AwardDecisionStatus.ISSUED).order_by()
    return rows.filter(decision__year=year) if year is not None else rows


def _recognitions(year: int | None) -> QuerySet[RoundEntry]:
    rows = RoundEntry.objects.filter(
        outcome=Outcome.RECOGNISED, round__status=RoundStatus.CLOSED
    ).order_by()
    return rows.filter(round__decision__year=year) if year is not None else rows


SUBMITTED = Count("pk", filter=Q(submitted_at__isnull=False))
RECOGNISED_COUNT = Count("pk", filter=Q(status=RECOGNISED))


# --- by year -------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    year: int
    figures: Figures


def figures_by_year() -> list[YearRow]:
    """The figures of each year that has any, newest first. Three queries."""
    initiatives = (
        _initiatives(None)
        .filter(submitted_at__isnull=False)
        .annotate(year=ExtractYear("submitted_at"))
        .values_list("year")
        .annotate(submitted=SUBMITTED, recognised=RECOGNISED_COUNT)
    )
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for year, submitted, recognised in initiatives:
        found[year].update(submitted=submitted, recognised=recognised)
    for year, total in _benefits(None).values_list("year").annotate(total=Sum("verified_vnd")):
        found[year]["verified_benefit_vnd"] = int(total or 0)
    for year, count in _awards(None).values_list("decision__year").annotate(n=Count("pk")):
        found[year]["awards"] = count
    return [YearRow(year, Figures(**found[year])) for year in sorted(found, reverse=True)]


def statistics_years(rows: Iterable[YearRow]) -> list[int]:
    """The years the page offers to choose: those with figures (``figures_by_year``)."""
    return [row.year for row in rows]


# --- by level ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelRow:
    """Recognitions of initiatives by closed review rounds of the units of one level (an
    initiative recognised at two levels counts at each), and the awards issued by them."""

    name: str
    label: Promise
    recognitions: int
    awards: int


def figures_by_level(year: int | None = None) -> list[LevelRow]:
    """Every level, national first, for ``year`` (all years when None). Two queries."""
    recognitions: dict[int, int] = defaultdict(int)
    for kind, count in _recognitions(year).values_list("round__unit__kind").annotate(n=Count("pk")):
        recognitions[level_number(kind)] += count
    awards: dict[int, int] = defaultdict(int)
    for kind, count in _awards(year).values_list("decision__issuer__kind").annotate(n=Count("pk")):
        awards[level_number(kind)] += count
    return [
        LevelRow(name, level_label(number), recognitions[number], awards[number])
        for name, number in sorted(LEVELS.items(), key=lambda item: item[1])
    ]


# --- by province ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceRow:
    unit: Unit
    figures: Figures


def provinces() -> list[Unit]:
    """The provincial federations, by name. One query."""
    return list(Unit.objects.filter(kind=UnitKind.PROVINCIAL_FEDERATION).order_by("name", "pk"))


def _by_prefix(rows: QuerySet, path_field: str, length: int, paths: list[str], **values):
    """``rows`` grouped by the first ``length`` characters of ``path_field`` (the path of the
    unit at that depth above the row's unit), keeping the groups of ``paths``."""
    return (
        rows.annotate(prefix=Substr(path_field, 1, length))
        .filter(prefix__in=paths)
        .values_list("prefix")
        .annotate(**values)
    )


def figures_by_province(year: int | None = None) -> list[ProvinceRow]:
    """The figures of each provincial federation's subtree for ``year`` (all years when None),
    the same as ``registry_figures(unit=province, year=year)``; a federation no longer active
    is listed only when it has figures. One query, and three per depth at which federations
    sit in the tree (one depth in practice) whatever their number."""
    units = provinces()
    found: dict[str, dict[str, int]] = defaultdict(dict)
    depths: dict[int, list[str]] = defaultdict(list)
    for unit in units:
        depths[len(unit.path)].append(unit.path)
    for length, paths in depths.items():
        for prefix, submitted, recognised in _by_prefix(
            _initiatives(year),
            "unit__path",
            length,
            paths,
            submitted=SUBMITTED,
            recognised=RECOGNISED_COUNT,
        ):
            found[prefix].update(submitted=submitted, recognised=recognised)
        for prefix, total in _by_prefix(
            _benefits(year), "initiative__unit__path", length, paths, total=Sum("verified_vnd")
        ):
            found[prefix]["verified_benefit_vnd"] = int(total or 0)
        for prefix, count in _by_prefix(
            _awards(year), "decision__issuer__path", length, paths, n=Count("pk")
        ):
            found[prefix]["awards"] = count
    rows = [ProvinceRow(unit, Figures(**found[unit.path])) for unit in units]
    return [row for row in rows if row.unit.is_active or row.figures != Figures()]


def totals(rows: Iterable[Figures]) -> Figures:
    """The sum of the figures of ``rows``."""
    rows = list(rows)
    return Figures(
        submitted=sum(row.submitted for row in rows),
        recognised=sum(row.recognised for row in rows),
        verified_benefit_vnd=sum(row.verified_benefit_vnd for row in rows),
        awards=sum(row.awards for row in rows),
    )


# --- everything the page shows -------------------------------------------------------------


def chosen_year(value: str | None, years: Iterable[int]) -> int | None:
    """The year asked for in a query string when it is one of ``years``; None otherwise (bad
    input is ignored: the page shows all years)."""
    year = year_param(value, first=0, last=9999)
    return year if year in set(years) else None


@dataclass(frozen=True)
class PageFigures:
    """The statistics page's figures for ``year`` (all years when None)."""

    year: int | None
    years: list[int]
    union: Figures
    by_year: list[YearRow]
    by_level: list[LevelRow]
    by_province: list[ProvinceRow]

    @property
    def province_totals(self) -> Figures:
        return totals(row.figures for row in self.by_province)


def page_figures(year_asked: str | None = None) -> PageFigures:
    """Every figure of the statistics page for the year asked for (``?year=``, ignored unless
    it is a year with figures). A fixed number of queries."""
    by_year = figures_by_year()
    years = statistics_years(by_year)
    year = chosen_year(year_asked, years)
    return PageFigures(
        year=year,
        years=years,
        union=union_figures(year),
        by_year=by_year,
        by_level=figures_by_level(year),
        by_province=figures_by_province(year),
    )
