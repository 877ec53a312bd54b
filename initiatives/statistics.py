"""Figures of the registry for a unit's subtree, or for the whole registry.

Each section of the figures comes from a provider registered under a stable English name;
``initiatives`` registers its own here, and the apps above (awards …) add theirs at start-up
with ``register_figures``. A provider runs one query per group of figures, never one per row.
``manage.py registry_stats`` prints them as JSON or tables.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from emulation.models import Unit
from initiatives.enums import InitiativeField, InitiativeStatus
from initiatives.models import Initiative


@dataclass(frozen=True)
class FigureScope:
    """Whose figures: the subtree of ``unit`` (everything when None), and with ``year`` only the
    things of that year."""

    unit: Unit | None = None
    year: int | None = None

    def unit_q(self, field: str = "unit") -> Q:
        """Rows whose ``field`` (a foreign key to Unit) lies in the subtree."""
        if self.unit is None:
            return Q()
        return Q(**{f"{field}__path__startswith": self.unit.path})


FigureProvider = Callable[[FigureScope], dict[str, Any]]
_providers: dict[str, FigureProvider] = {}


def register_figures(section: str, provider: FigureProvider) -> FigureProvider:
    """Add (or replace) the provider of one section of the figures."""
    _providers[section] = provider
    return provider


def figure_sections() -> list[str]:
    return list(_providers)


def registry_figures(*, unit: Unit | None = None, year: int | None = None) -> dict[str, Any]:
    """All registered figures for the scope, keyed by section, after ``unit`` and ``year``."""
    scope = FigureScope(unit=unit, year=year)
    figures: dict[str, Any] = {"unit": unit.code if unit else None, "year": year}
    for section, provider in _providers.items():
        figures[section] = provider(scope)
    return figures


# --- initiatives -------------------------------------------------------------------------

UNSPECIFIED = "unspecified"


def initiatives_in_scope(scope: FigureScope) -> QuerySet[Initiative]:
    """Dossiers of the scope's subtree; with a year, those first submitted in that year (drafts
    never submitted have no year and drop out)."""
    queryset = Initiative.objects.filter(scope.unit_q())
    if scope.year is not None:
        queryset = queryset.filter(submitted_at__year=scope.year)
    return queryset


def initiative_figures(scope: FigureScope) -> dict[str, Any]:
    """Total, by status, by year of submission, by field, and the benefit claimed (VND a year,
    summed over dossiers that left the draft stage). Four queries."""
    initiatives = initiatives_in_scope(scope).order_by()
    by_status = dict.fromkeys(InitiativeStatus.values, 0)
    for status, count in initiatives.values_list("status").annotate(n=Count("pk")):
        by_status[status] = count
    by_year = {
        str(year): count
        for year, count in initiatives.filter(submitted_at__isnull=False)
        .annotate(year=ExtractYear("submitted_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    }
    by_field = dict.fromkeys(InitiativeField.values, 0)
    for field, count in initiatives.values_list("field").annotate(n=Count("pk")):
        key = field or UNSPECIFIED
        by_field[key] = by_field.get(key, 0) + count
    benefit = initiatives.exclude(status=InitiativeStatus.DRAFT).aggregate(
        total=Sum("benefit_claimed")
    )["total"]
    return {
        "total": sum(by_status.values()),
        "by_status": by_status,
        "by_year": by_year,
        "by_field": by_field,
        "benefit_claimed_vnd": int(benefit or 0),
    }


register_figures("initiatives", initiative_figures)
