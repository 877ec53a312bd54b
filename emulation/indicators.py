"""Figures the registry computes for a pledge indicator: "initiatives recognised", "verified
benefit", "awards received", "members registered" …

Each source is listed here under a stable key, which a pledge indicator names; the sources live in
``emulation.indicator_sources`` by the data they count (emulation's registrations and titles,
initiatives' dossiers, awards' rounds, benefits and decisions).
"""

from datetime import date

from emulation.indicator_sources import awards, initiatives, members
from emulation.indicator_sources.base import (
    IndicatorFigure,
    IndicatorSource,
    explain,
    format_day,
    period_words,
)
from unions.models import Unit
from unions.selectors.history import subtree_window

__all__ = [
    "SOURCES",
    "IndicatorFigure",
    "IndicatorSource",
    "compute_indicator",
    "explain",
    "format_day",
    "indicator_choices",
    "indicator_source",
    "indicator_sources",
    "period_words",
]

SOURCES: dict[str, IndicatorSource] = {
    source.key: source for source in (*members.SOURCES, *initiatives.SOURCES, *awards.SOURCES)
}


def indicator_sources() -> list[IndicatorSource]:
    """Every source, in the order pledge forms offer them."""
    return list(SOURCES.values())


def indicator_source(key: str) -> IndicatorSource | None:
    return SOURCES.get(key)


def indicator_choices() -> list[tuple[str, str]]:
    return [(source.key, str(source.label)) for source in SOURCES.values()]


def compute_indicator(key: str, *, unit: Unit, start: date, end: date) -> IndicatorFigure:
    """The figure ``key`` for the subtree of ``unit`` from ``start`` to ``end`` (both days
    included). Raises KeyError for an unknown key."""
    source = SOURCES[key]
    return source.compute(subtree_window(unit, start, end))
