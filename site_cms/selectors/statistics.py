"""What the statistics page reads from the registry: initiatives submitted and recognised, the
verified benefit and the awards given, for the whole union, by year, by level and by provincial
federation.

The four figures are those of ``registry_figures`` (see :func:`figures_from_registry`, which
says how each is read from it), read from the rollup tables (``emulation.rollup``): the whole
union, each year, each level and each province are stored sums, a fixed number of indexed
queries whatever the number of records, years or provinces; the tests hold each row equal to
``registry_figures`` for the same unit and year.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from accounts.query_params import year_param
from emulation.models.figures import ALL_YEARS
from emulation.rollup import awards_by_level, recognised_by_level, subtree_values
from initiatives.enums import InitiativeStatus
from unions.enums import UnitKind
from unions.levels import Level
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


def figures_from_values(values: dict[str, int]) -> Figures:
    """The page's figures from the stored figures of one subtree and year
    (``emulation.rollup``), read as ``figures_from_registry`` reads ``registry_figures``."""
    return Figures(
        submitted=sum(v for n, v in values.items() if n.startswith("initiatives.by_year.")),
        recognised=values.get(f"initiatives.by_status.{RECOGNISED}", 0),
        verified_benefit_vnd=values.get("awards.verified_benefit_vnd", 0),
        awards=sum(
            v
            for n, v in values.items()
            if n.startswith("awards.awards_by_type_and_year.") and n.endswith(".recipients")
        ),
    )


def _asked(year: int | None) -> int:
    return ALL_YEARS if year is None else year


def union_figures(year: int | None = None) -> Figures:
    """The whole union's figures for ``year`` (all years when None), from the rollup. One
    query."""
    found = subtree_values([None], [_asked(year)])
    return figures_from_values(found.get((None, _asked(year)), {}))


# --- by year -------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    year: int
    figures: Figures


def figures_by_year() -> list[YearRow]:
    """The figures of each year that has any, newest first, from the rollup. One query."""
    found = subtree_values([None])
    rows = [
        YearRow(year, figures_from_values(values))
        for (_unit, year), values in found.items()
        if year != ALL_YEARS
    ]
    return sorted((row for row in rows if row.figures != Figures()), key=lambda r: -r.year)


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
    """Every level, national first, for ``year`` (all years when None), from the rollup. One
    query."""
    values = subtree_values([None], [_asked(year)]).get((None, _asked(year)), {})
    recognitions = {key: sum(years.values()) for key, years in recognised_by_level(values).items()}
    awards = awards_by_level(values)
    return [
        LevelRow(level.key, level.label, recognitions[level.key], awards.get(level, 0))
        for level in Level
    ]


# --- by province ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceRow:
    unit: Unit
    figures: Figures


def provinces() -> list[Unit]:
    """The provincial federations, by name. One query."""
    return list(Unit.objects.filter(kind=UnitKind.PROVINCIAL_FEDERATION).order_by("name", "pk"))


def figures_by_province(year: int | None = None) -> list[ProvinceRow]:
    """The figures of each provincial federation's subtree for ``year`` (all years when None),
    the same as ``registry_figures(unit=province, year=year)``; a federation no longer active
    is listed only when it has figures. Two queries whatever the number of federations."""
    units = provinces()
    found = subtree_values(units, [_asked(year)])
    rows = [
        ProvinceRow(unit, figures_from_values(found.get((unit.pk, _asked(year)), {})))
        for unit in units
    ]
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
