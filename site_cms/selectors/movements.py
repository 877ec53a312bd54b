"""The emulation movements for the public pages: those running now, and their live figures,
read from the registry when a page is shown.

A movement's figures count what happened in the launching unit and the units taking part (the
launching unit's whole subtree, or the launching unit and the subtrees of the selected units),
in the years of its period (or in one of them):

- units taking part: units whose own registration for the movement was approved;
- members taking part: people whose personal registration for the movement was approved;
- initiatives recognised: recognitions by closed review rounds held in those units, counted
  by the year of the round's decision (an initiative recognised at two levels counts twice);
- verified benefit: the verified (or adjusted) benefit of those units' initiatives, by year of
  application, in VND.

For the launching unit's whole subtree and one year these are the numbers of
``registry_figures(unit=launching unit, year=…)`` (``emulation.registrations_by_state``,
``reviews.recognised_by_level_and_year``, ``awards.verified_benefit_vnd``), counted with the
same conditions, read from the same rollup tables (``emulation.rollup``); the leading units of
one movement's page are counted live (three queries, bounded by the movement's units). The
figures of any number of movements cost the same queries.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet, Sum

from awards.enums import COUNTED_BENEFIT, Outcome, RoundStatus
from awards.models import BenefitRecord, RoundEntry
from emulation.enums import MovementStatus, RegistrantKind, RegistrationStatus
from emulation.models import Movement, MovementParticipant, Registration
from emulation.rollup import BENEFIT, RECOGNISED_PREFIX, unit_year_values
from unions.models import Unit

LEADING_UNITS = 5


@dataclass(frozen=True)
class LeadingUnit:
    """A unit of the movement with its initiatives recognised and their verified benefit."""

    unit: Unit
    recognised: int
    verified_benefit_vnd: int


@dataclass(frozen=True)
class MovementFigures:
    movement: Movement
    year: int | None  # None: the whole period
    units_taking_part: int
    members_taking_part: int
    initiatives_recognised: int
    verified_benefit_vnd: int
    leading_units: list[LeadingUnit] = field(default_factory=list)


def _years_q(movement: Movement, year: int | None, field_name: str) -> Q:
    if year is not None:
        return Q(**{field_name: year})
    return Q(
        **{
            f"{field_name}__gte": movement.period_start.year,
            f"{field_name}__lte": movement.period_end.year,
        }
    )


def _scope_q(movement: Movement, selected: list[str], field_name: str) -> Q:
    """Units (by their path in ``field_name``) whose records count for ``movement``: the
    launching unit's subtree, or the launching unit and the subtrees of the selected units."""
    launcher = movement.launching_unit.path
    if movement.whole_subtree:
        return Q(**{f"{field_name}__startswith": launcher})
    parts = [Q(**{field_name: launcher})]
    parts += [
        Q(**{f"{field_name}__startswith": path}) for path in selected if path.startswith(launcher)
    ]
    return reduce(or_, parts)


def _selected_paths(movements: list[Movement]) -> dict[int, list[str]]:
    """Paths of the selected units of each movement (used for those not open to the whole
    subtree). One query."""
    return {
        pk: [path for path, _unit_id in units] for pk, units in _selected_units(movements).items()
    }


def _selected_units(movements: list[Movement]) -> dict[int, list[tuple[str, int]]]:
    """(path, id) of the selected units of each movement. One query."""
    units: dict[int, list[tuple[str, int]]] = {movement.pk: [] for movement in movements}
    for movement_id, path, unit_id in MovementParticipant.objects.filter(
        movement_id__in=list(units)
    ).values_list("movement_id", "unit__path", "unit_id"):
        units[movement_id].append((path, unit_id))
    return units


def _checked_year(movement: Movement, year: int | None) -> int | None:
    return year if year is not None and year in movement.years else None


def _counted_parts(movement: Movement, selected: list[tuple[str, int]]) -> list[tuple[int, bool]]:
    """The stored figures that add up to the movement's units: (unit id, whole subtree?) —
    the launching unit's subtree, or the launching unit's own records and the subtrees of the
    selected units beneath it (a selected unit inside another selected one counted once)."""
    launcher = movement.launching_unit
    if movement.whole_subtree:
        return [(launcher.pk, True)]
    inside = sorted({(p, pk) for p, pk in selected if p.startswith(launcher.path)})
    if any(p == launcher.path for p, _pk in inside):
        return [(launcher.pk, True)]
    parts: list[tuple[int, bool]] = [(launcher.pk, False)]
    kept: list[str] = []
    for path, pk in inside:
        if not any(path.startswith(other) for other in kept):
            kept.append(path)
            parts.append((pk, True))
    return parts


def _years(movement: Movement, year: int | None) -> list[int]:
    if year is not None:
        return [year]
    return list(range(movement.period_start.year, movement.period_end.year + 1))


def movements_figures(
    movements: Iterable[Movement], *, year: int | None = None
) -> dict[int, MovementFigures]:
    """The figures of each of ``movements`` (with their launching units loaded), by movement
    id, for ``year`` when it lies in the movement's period, else for its whole period. No
    leading units (see ``movement_figures``). The initiatives recognised and the verified
    benefit are read from the rollup (``emulation.rollup``); the units and members taking part
    are distinct counts over the movements' registrations. Three queries whatever the number
    of movements (none without movements)."""
    movements = list(movements)
    if not movements:
        return {}
    selected = _selected_units(movements)
    years = {movement.pk: _checked_year(movement, year) for movement in movements}

    registrations = Registration.objects.filter(
        movement__in=movements, status=RegistrationStatus.APPROVED
    ).order_by()
    units: dict[int, Count] = {}
    members: dict[int, Count] = {}
    for movement in movements:
        in_years = Q(movement=movement) & _years_q(movement, years[movement.pk], "year")
        units[movement.pk] = Count(
            "unit", distinct=True, filter=in_years & Q(registrant_kind=RegistrantKind.UNIT)
        )
        members[movement.pk] = Count(
            "person", distinct=True, filter=in_years & Q(registrant_kind=RegistrantKind.PERSON)
        )
    counted = registrations.aggregate(
        **{f"u{pk}": value for pk, value in units.items()},
        **{f"p{pk}": value for pk, value in members.items()},
    )

    parts = {m.pk: _counted_parts(m, selected.get(m.pk, [])) for m in movements}
    wanted_years = {y for m in movements for y in _years(m, years[m.pk])}
    stored = unit_year_values(
        {pk for movement_parts in parts.values() for pk, _whole in movement_parts},
        wanted_years,
        names=[BENEFIT],
        prefixes=[RECOGNISED_PREFIX],
    )
    recognised: dict[int, int] = {}
    benefit: dict[int, int] = {}
    for movement in movements:
        recognised[movement.pk] = benefit[movement.pk] = 0
        for unit_id, whole in parts[movement.pk]:
            for each in _years(movement, years[movement.pk]):
                for name, (own, subtree) in stored.get((unit_id, each), {}).items():
                    value = subtree if whole else own
                    if name == BENEFIT:
                        benefit[movement.pk] += value
                    else:
                        recognised[movement.pk] += value
    return {
        movement.pk: MovementFigures(
            movement=movement,
            year=years[movement.pk],
            units_taking_part=counted[f"u{movement.pk}"] or 0,
            members_taking_part=counted[f"p{movement.pk}"] or 0,
            initiatives_recognised=recognised[movement.pk],
            verified_benefit_vnd=benefit[movement.pk],
        )
        for movement in movements
    }


def leading_units(
    movement: Movement, *, year: int | None = None, limit: int = LEADING_UNITS
) -> list[LeadingUnit]:
    """The units of the movement (the units of its dossiers, within the movement's units) with
    the most initiatives recognised in the period (or ``year``), then the larger verified
    benefit, then by name; at most ``limit``. Three queries."""
    selected = _selected_paths([movement]).get(movement.pk, [])
    year = _checked_year(movement, year)
    rows = list(
        RoundEntry.objects.filter(
            _scope_q(movement, selected, "round__unit__path"),
            _scope_q(movement, selected, "initiative__unit__path"),
            _years_q(movement, year, "round__decision__year"),
            outcome=Outcome.RECOGNISED,
            round__status=RoundStatus.CLOSED,
        )
        .values_list("initiative__unit_id")
        .annotate(n=Count("initiative", distinct=True))
        .order_by()
    )
    if not rows:
        return []
    counts = dict(rows)
    benefits = dict(
        BenefitRecord.objects.filter(
            _years_q(movement, year, "year"),
            initiative__unit_id__in=list(counts),
            status__in=list(COUNTED_BENEFIT),
        )
        .values_list("initiative__unit_id")
        .annotate(total=Sum("verified_vnd"))
        .order_by()
    )
    units = Unit.objects.filter(pk__in=list(counts))
    ranked = sorted(
        (
            LeadingUnit(
                unit=unit,
                recognised=counts[unit.pk],
                verified_benefit_vnd=int(benefits.get(unit.pk) or 0),
            )
            for unit in units
        ),
        key=lambda row: (-row.recognised, -row.verified_benefit_vnd, row.unit.name, row.unit.pk),
    )
    return ranked[:limit]


def movement_figures(movement: Movement, *, year: int | None = None) -> MovementFigures:
    """The figures of one movement (see ``movements_figures``) with its leading units. Seven
    queries at most."""
    figures = movements_figures([movement], year=year)[movement.pk]
    return replace(figures, leading_units=leading_units(movement, year=year))


def running_movements() -> QuerySet[Movement]:
    """Movements running now, the latest begun first, with their launching units."""
    return (
        Movement.objects.filter(status=MovementStatus.RUNNING)
        .select_related("launching_unit")
        .order_by("-period_start", "name", "pk")
    )
