"""Figures of the registry for a unit's subtree, or for the whole registry, as pages and
``manage.py registry_stats`` read them: from the rollup tables (``emulation.rollup``), a fixed
number of indexed queries whatever the number of records.

Each section of the figures has a stable English name: "employers" (the count of active
employers, ``unions.statistics``), "emulation" (movements, registrations, pledges, titles),
"initiatives" (``initiatives.statistics``), "reviews" and "awards" (``awards.statistics``).
``FIGURE_SECTIONS`` names the live computation of each (``emulation.live_figures``), which the
rollup is kept equal to.
"""

from typing import Any

from emulation.live_figures import FIGURE_SECTIONS, emulation_figures, live_registry_figures
from emulation.rollup import stored_registry_figures
from unions.models import Unit

__all__ = ["FIGURE_SECTIONS", "emulation_figures", "live_registry_figures", "registry_figures"]


def registry_figures(*, unit: Unit | None = None, year: int | None = None) -> dict[str, Any]:
    """Every section of the figures for the subtree of ``unit`` (the whole registry when None)
    and ``year`` (all years when None), keyed by section, after ``unit`` and ``year``: the
    values of ``live_registry_figures`` as of the last refresh of the rollup. Two queries."""
    return stored_registry_figures(unit=unit, year=year)
