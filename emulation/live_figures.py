"""The live computation of the registry's figures for a unit's subtree, or for the whole
registry: the reference that ``emulation.rollup`` keeps its tables equal to (the tests compare
them after random changes). Pages and ``registry_stats`` read the rollup
(``emulation.statistics.registry_figures``); this module counts the records themselves.

Each section of the figures has a stable English name: "employers" (the count of active
employers, ``unions.statistics``), "emulation" (movements, registrations,
pledges, titles; computed here), "initiatives" (``initiatives.statistics``), "reviews" and
"awards" (``awards.statistics``). A section runs one query per group of figures, never one per
row. ``manage.py registry_stats`` prints them as JSON or tables.
"""

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count

from awards.statistics import award_figures, recognised_by_figures, review_figures
from emulation.enums import (
    IndividualTitle,
    MovementStatus,
    PledgeStatus,
    RegistrantKind,
    RegistrationStatus,
    ReportPeriod,
    ReportStatus,
)
from emulation.models import Movement, Pledge, PledgeReport, Registration, TitleConferral
from initiatives.statistics import initiative_figures
from unions.models import Unit
from unions.statistics import FigureScope, employer_count


def live_registry_figures(*, unit: Unit | None = None, year: int | None = None) -> dict[str, Any]:
    """Every section of the figures for the scope, keyed by section, after ``unit`` and
    ``year``."""
    scope = FigureScope(unit=unit, year=year)
    figures: dict[str, Any] = {"unit": unit.code if unit else None, "year": year}
    for section, provider in FIGURE_SECTIONS.items():
        figures[section] = provider(scope)
    # Who recognised the initiatives at the base (issue 13 §2); the initiatives app below
    # cannot read review rounds, so the figure joins its section here.
    figures["initiatives"]["recognised_by"] = recognised_by_figures(scope)
    return figures


# --- emulation -----------------------------------------------------------------------------


def _counts(rows, keys: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(keys, 0)
    for key, count in rows:
        counts[key] = counts.get(key, 0) + count
    return counts


def emulation_figures(scope: FigureScope) -> dict[str, Any]:
    """Movements launched in the subtree (running, and by status), registrations of its units
    and members by state, its blocks' pledges by status with the average year-end score of
    their scored reports (two decimals; None when nothing is scored), and the individual titles
    its units conferred, by title. With a year: movements whose period covers it and the
    registrations, pledges and titles of that year. Five queries."""
    movements = Movement.objects.filter(scope.unit_q("launching_unit")).order_by()
    registrations = Registration.objects.filter(scope.unit_q()).order_by()
    pledges = Pledge.objects.filter(scope.unit_q("block__managing_unit")).order_by()
    titles = TitleConferral.objects.filter(scope.unit_q()).order_by()
    if scope.year is not None:
        movements = movements.filter(
            period_start__year__lte=scope.year, period_end__year__gte=scope.year
        )
        registrations = registrations.filter(year=scope.year)
        pledges = pledges.filter(year=scope.year)
        titles = titles.filter(year=scope.year)
    by_status = _counts(
        movements.values_list("status").annotate(n=Count("pk")), MovementStatus.values
    )
    by_state = {kind: dict.fromkeys(RegistrationStatus.values, 0) for kind in ("units", "people")}
    for kind, status, count in registrations.values_list("registrant_kind", "status").annotate(
        n=Count("pk")
    ):
        by_state["people" if kind == RegistrantKind.PERSON else "units"][status] = count
    pledge_status = _counts(
        pledges.values_list("status").annotate(n=Count("pk")), PledgeStatus.values
    )
    average = (
        PledgeReport.objects.filter(
            pledge__in=pledges.values("pk"),
            period=ReportPeriod.YEAR_END,
            status=ReportStatus.SCORED,
            total_score__isnull=False,
        )
        .order_by()
        .aggregate(average=Avg("total_score"))["average"]
    )
    by_title = _counts(titles.values_list("title").annotate(n=Count("pk")), IndividualTitle.values)
    return {
        "movements_running": by_status[MovementStatus.RUNNING],
        "movements_by_status": by_status,
        "registrations_by_state": by_state,
        "pledges": sum(pledge_status.values()),
        "pledges_by_status": pledge_status,
        "pledge_average_year_end_score": (
            str(Decimal(str(average)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
            if average is not None
            else None
        ),
        "titles_by_title": by_title,
        "titles_conferred": sum(by_title.values()),
    }


# The sections of the figures, in the order they are printed; the keys are stable English names.
# "employers" is a single count, the others are dictionaries of figures.
FIGURE_SECTIONS: dict[str, Callable[[FigureScope], Any]] = {
    "employers": employer_count,
    "emulation": emulation_figures,
    "initiatives": initiative_figures,
    "reviews": review_figures,
    "awards": award_figures,
}
