"""Figures the registry computes for a pledge indicator: "initiatives recognised", "verified
benefit", "awards received", "members registered" …

The emulation app owns pledges but cannot import the apps that hold most of these figures
(initiatives, awards). Each app registers its sources here at start-up, under a stable key; a
pledge indicator names the key. A source computes its figure for a subtree over a period
(``SubtreeWindow``: every event counts where its unit stood on the day) and says in words how
it was counted, in a sentence built with ``explain``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unions.models import Unit
from unions.selectors.history import SubtreeWindow, subtree_window


@dataclass(frozen=True)
class IndicatorFigure:
    """A computed value and the sentence that explains it (already translated)."""

    value: Decimal
    explanation: str


@dataclass(frozen=True)
class IndicatorSource:
    key: str
    label: str | Promise
    unit_of_measure: str | Promise
    description: str | Promise
    compute: Callable[[SubtreeWindow], IndicatorFigure]


_sources: dict[str, IndicatorSource] = {}


def register_indicator_source(
    *,
    key: str,
    label: str | Promise,
    unit_of_measure: str | Promise,
    description: str | Promise,
    compute: Callable[[SubtreeWindow], IndicatorFigure],
) -> IndicatorSource:
    """Add (or replace) the source registered under ``key``."""
    source = IndicatorSource(key, label, unit_of_measure, description, compute)
    _sources[key] = source
    return source


def indicator_sources() -> list[IndicatorSource]:
    """Every registered source, in the order they were registered."""
    return list(_sources.values())


def indicator_source(key: str) -> IndicatorSource | None:
    return _sources.get(key)


def indicator_choices() -> list[tuple[str, str]]:
    return [(source.key, str(source.label)) for source in _sources.values()]


# Moves listed one by one in an explanation; more are summed up.
MOVES_SHOWN = 5


def format_day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def period_words(window: SubtreeWindow) -> dict[str, str]:
    """The placeholders every explanation uses: ``unit``, ``start``, ``end`` (dd/mm/yyyy)."""
    return {
        "unit": window.unit.name,
        "start": format_day(window.start),
        "end": format_day(window.end),
    }


def explain(window: SubtreeWindow, sentence: str) -> str:
    """``sentence`` (already translated and filled in), followed, when units moved into or out
    of the subtree since the period began, by which ones and when."""
    if not window.relocations:
        return sentence
    shown = window.relocations[:MOVES_SHOWN]
    moves = "; ".join(
        _("%(unit)s moved from %(old)s to %(new)s on %(date)s")
        % {
            "unit": move.unit_name,
            "old": move.old_parent_name,
            "new": move.new_parent_name,
            "date": format_day(move.on),
        }
        for move in shown
    )
    hidden = len(window.relocations) - len(shown)
    if hidden:
        moves = ngettext(
            "%(moves)s; and %(count)s more move", "%(moves)s; and %(count)s more moves", hidden
        ) % {"moves": moves, "count": hidden}
    note = _(
        "The tree changed: %(moves)s. Each event is counted where its unit stood on the day "
        "it happened."
    ) % {"moves": moves}
    return f"{sentence} {note}"


def compute_indicator(key: str, *, unit: Unit, start: date, end: date) -> IndicatorFigure:
    """The figure ``key`` for the subtree of ``unit`` from ``start`` to ``end`` (both days
    included). Raises KeyError for an unknown key."""
    source = _sources[key]
    return source.compute(subtree_window(unit, start, end))
