"""Reads of movements and registrations, scoped to what the asking user may see, and the
aggregate of a unit's subtree (who has and has not registered).

Participants of a movement are the units beneath its launching unit, or only the selected
units and the units beneath them; the launching unit organises and does not register.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from accounts.models import User
from accounts.search import search
from emulation.enums import MovementStatus, RegistrantKind, RegistrationStatus
from emulation.models import (
    Movement,
    MovementEvent,
    MovementParticipant,
    Registration,
    RegistrationEvent,
)
from unions.enums import Capability
from unions.models import Membership, Unit
from unions.selectors import scope_paths

R = RegistrationStatus


def _within(paths: list[str], field_name: str = "path") -> Q:
    return reduce(or_, (Q(**{f"{field_name}__startswith": path}) for path in paths))


def _is_superuser(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


# --- movements -----------------------------------------------------------------------------


def movements_visible_to(user: User) -> QuerySet[Movement]:
    """Running and closed movements for everyone signed in; planned ones for the people who
    see the launching unit (as ``emulation.view_movement`` decides)."""
    if not user.is_authenticated or not user.is_active:
        return Movement.objects.none()
    movements = Movement.objects.select_related("launching_unit", "part_of")
    if user.is_superuser:
        return movements
    condition = ~Q(status=MovementStatus.PLANNED)
    paths = scope_paths(user, Capability.VIEW_UNIT)
    if paths:
        condition |= _within(paths, "launching_unit__path")
    return movements.filter(condition)


def movement_list(
    user: User,
    *,
    status: str = "",
    kind: str = "",
    year: int | None = None,
    query: str = "",
) -> QuerySet[Movement]:
    """Visible movements, filtered by status, kind, a year their period touches and words of
    their name or launching unit (diacritics ignored), newest period first."""
    movements = movements_visible_to(user)
    if status:
        movements = movements.filter(status=status)
    if kind:
        movements = movements.filter(kind=kind)
    if year:
        movements = movements.filter(period_start__year__lte=year, period_end__year__gte=year)
    if query and query.strip():
        movements = search(movements, query, ["name", "launching_unit__name"])
    return movements.order_by("-period_start", "name", "pk")


def movement_selected_units(movement: Movement) -> QuerySet[Unit]:
    """The units selected to take part (empty when the whole subtree takes part)."""
    return Unit.objects.filter(
        pk__in=MovementParticipant.objects.filter(movement=movement).values("unit_id")
    ).order_by("path")


def _participant_paths(movement: Movement) -> list[str]:
    cached = getattr(movement, "_participant_paths", None)
    if cached is None:
        cached = list(
            MovementParticipant.objects.filter(movement=movement).values_list(
                "unit__path", flat=True
            )
        )
        movement._participant_paths = cached
    return cached


def participation_q(movement: Movement, field_name: str = "path") -> Q:
    """Condition on a unit path (``field_name``) for the units that take part in ``movement``."""
    launcher = movement.launching_unit
    beneath = Q(**{f"{field_name}__startswith": launcher.path}) & ~Q(**{field_name: launcher.path})
    if movement.whole_subtree:
        return beneath
    paths = _participant_paths(movement)
    if not paths:
        return Q(pk__in=[])
    return beneath & _within(paths, field_name)


def movement_participates(movement: Movement, unit: Unit) -> bool:
    """Whether ``unit`` takes part in ``movement``: it stands beneath the launching unit and,
    unless the whole subtree takes part, is or lies under a selected unit."""
    launcher = movement.launching_unit
    if unit.path == launcher.path or not unit.path.startswith(launcher.path):
        return False
    if movement.whole_subtree:
        return True
    return any(unit.path.startswith(path) for path in _participant_paths(movement))


def participating_units(movement: Movement, *, active_only: bool = True) -> QuerySet[Unit]:
    """Units that take part in ``movement`` (the active ones by default), in tree order."""
    units = Unit.objects.filter(participation_q(movement))
    if active_only:
        units = units.filter(is_active=True)
    return units.order_by("path")


def movement_history(movement: Movement) -> QuerySet[MovementEvent]:
    """The movement's steps, oldest first."""
    return (
        MovementEvent.objects.filter(movement=movement).select_related("actor").order_by("at", "pk")
    )


def movement_parts(movement: Movement) -> QuerySet[Movement]:
    return movement.parts.select_related("launching_unit").order_by("period_start", "pk")


def stages_for(user: User, launching_unit: Unit | None = None) -> QuerySet[Movement]:
    """Movements a new one may be a part of: visible stages (not parts themselves), launched
    by ``launching_unit`` or above it when given."""
    stages = movements_visible_to(user).filter(part_of__isnull=True)
    if launching_unit is not None:
        ancestors = [
            launching_unit.path[:end]
            for end in range(Unit.steplen, len(launching_unit.path) + 1, Unit.steplen)
        ]
        stages = stages.filter(launching_unit__path__in=ancestors)
    return stages.exclude(status=MovementStatus.CLOSED).order_by("-period_start", "name")


def launching_units_for(user: User) -> QuerySet[Unit]:
    """Active units where ``user`` may launch movements."""
    units = Unit.objects.filter(is_active=True)
    if _is_superuser(user):
        return units.order_by("path")
    paths = scope_paths(user, Capability.MANAGE_EMULATION)
    if not paths:
        return units.none()
    return units.filter(_within(paths)).order_by("path")


def registration_counts(movement: Movement, year: int | None = None) -> dict[str, int]:
    """How many registrations of ``movement`` (in ``year``) stand in each state."""
    rows = Registration.objects.filter(movement=movement)
    if year:
        rows = rows.filter(year=year)
    counts = dict(rows.values_list("status").annotate(total=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in R.values}


def default_year(movement: Movement) -> int:
    """This year when the movement runs in it, else its nearest year."""
    this_year = timezone.localdate().year
    return min(max(this_year, movement.period_start.year), movement.period_end.year)


# --- registrations -------------------------------------------------------------------------


def _registrations() -> QuerySet[Registration]:
    return Registration.objects.select_related("movement", "unit", "person")


def registrations_visible_to(user: User) -> QuerySet[Registration]:
    """The user's own registrations and those of units they see."""
    if not user.is_authenticated or not user.is_active:
        return Registration.objects.none()
    registrations = _registrations()
    if user.is_superuser:
        return registrations
    condition = Q(person=user)
    paths = scope_paths(user, Capability.VIEW_UNIT)
    if paths:
        condition |= _within(paths, "unit__path")
    return registrations.filter(condition)


def _filtered(
    registrations: QuerySet[Registration],
    movement: Movement | None,
    year: int | None,
    status: str,
) -> QuerySet[Registration]:
    if movement is not None:
        registrations = registrations.filter(movement=movement)
    if year:
        registrations = registrations.filter(year=year)
    if status:
        registrations = registrations.filter(status=status)
    return registrations


def my_registrations(
    user: User,
    *,
    movement: Movement | None = None,
    year: int | None = None,
    status: str = "",
) -> QuerySet[Registration]:
    """The user's own registrations and those of the units where they run emulation."""
    if not user.is_authenticated or not user.is_active:
        return Registration.objects.none()
    condition = Q(person=user)
    if user.is_superuser:
        condition |= Q(registrant_kind=RegistrantKind.UNIT)
    else:
        paths = scope_paths(user, Capability.MANAGE_EMULATION)
        if paths:
            condition |= Q(registrant_kind=RegistrantKind.UNIT) & _within(paths, "unit__path")
    registrations = _filtered(_registrations().filter(condition), movement, year, status)
    return registrations.order_by("-year", "movement__name", "unit__path", "pk")


def _approvable_q(user: User) -> Q | None:
    """Registrations the user approves: personal ones of the grassroots unions in their scope
    (not their own), and those of units standing beneath a unit of their scope."""
    if user.is_superuser:
        return ~Q(person=user) | Q(person__isnull=True)
    paths = scope_paths(user, Capability.MANAGE_EMULATION)
    if not paths:
        return None
    personal = Q(registrant_kind=RegistrantKind.PERSON) & ~Q(person=user)
    parts = [
        Q(unit__path__startswith=path)
        & (personal | (Q(registrant_kind=RegistrantKind.UNIT) & ~Q(unit__path=path)))
        for path in paths
    ]
    return reduce(or_, parts)


def registrations_awaiting(
    user: User, *, movement: Movement | None = None, year: int | None = None
) -> QuerySet[Registration]:
    """Registrations waiting for the user's approval, the longest waiting first."""
    if not user.is_authenticated or not user.is_active:
        return Registration.objects.none()
    condition = _approvable_q(user)
    if condition is None:
        return Registration.objects.none()
    registrations = _registrations().filter(condition, status=R.AWAITING_APPROVAL)
    return _filtered(registrations, movement, year, "").order_by("sent_at", "pk")


def registration_history(registration: Registration) -> QuerySet[RegistrationEvent]:
    """The registration's steps, oldest first."""
    return (
        RegistrationEvent.objects.filter(registration=registration)
        .select_related("actor")
        .order_by("at", "pk")
    )


def current_union(user: User) -> Unit | None:
    """The grassroots union ``user`` is a member of today, if any."""
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(user=user, valid_to__isnull=True).select_related("unit").first()
    )
    return membership.unit if membership else None


def registrable_units(user: User, movement: Movement) -> QuerySet[Unit]:
    """Active units taking part in ``movement`` for which ``user`` may register."""
    units = participating_units(movement)
    if _is_superuser(user):
        return units
    paths = scope_paths(user, Capability.MANAGE_EMULATION)
    if not paths:
        return units.none()
    return units.filter(_within(paths))


def units_to_register(user: User, movement: Movement, year: int) -> QuerySet[Unit]:
    """``registrable_units`` that have not registered for ``year`` yet."""
    registered = Registration.objects.filter(
        movement=movement, year=year, registrant_kind=RegistrantKind.UNIT
    ).values("unit_id")
    return registrable_units(user, movement).exclude(pk__in=registered)


def registered_personally(user: User, movement: Movement, year: int) -> bool:
    return Registration.objects.filter(
        movement=movement, year=year, person=user, registrant_kind=RegistrantKind.PERSON
    ).exists()


# --- the aggregate of a subtree ------------------------------------------------------------


def aggregate_units(user: User, movement: Movement) -> QuerySet[Unit]:
    """Units whose aggregate ``user`` may open: the launching unit and the units beneath it,
    within the user's scope."""
    launcher = movement.launching_unit
    units = Unit.objects.filter(path__startswith=launcher.path)
    if _is_superuser(user):
        return units
    paths = scope_paths(user, Capability.VIEW_UNIT)
    if not paths:
        return units.none()
    return units.filter(_within(paths))


def default_aggregate_unit(user: User, movement: Movement) -> Unit | None:
    """The highest unit of the user's scope within the movement (the launching unit when the
    user sees it)."""
    return aggregate_units(user, movement).order_by("depth", "path").first()


@dataclass
class AggregateRow:
    """A unit of the aggregate with its own registration (None: not sent) and the personal
    registrations in its subtree by state."""

    unit: Unit
    takes_part: bool
    registration: Registration | None
    personal: dict[str, int] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return self.registration.status if self.registration else R.NOT_SENT

    @property
    def personal_total(self) -> int:
        return sum(self.personal.values())

    @property
    def personal_counts(self) -> list[int]:
        """The personal registrations by state, in the order of ``RegistrationStatus``."""
        return [self.personal.get(status, 0) for status in R.values]


@dataclass
class Aggregate:
    """Counts on top (unit registrations by state, personal ones by state) for ``unit`` and
    the participating units one level beneath it."""

    movement: Movement
    year: int
    unit: Unit
    units: dict[str, int]
    personal: dict[str, int]

    @property
    def unit_total(self) -> int:
        return sum(self.units.values())

    @property
    def personal_total(self) -> int:
        return sum(self.personal.values())

    @property
    def by_status(self) -> list[tuple[str, str, int, int]]:
        """(status, label, units, people) in the order of ``RegistrationStatus``."""
        return [
            (status, label, self.units[status], self.personal[status])
            for status, label in R.choices
        ]


def aggregate_children(movement: Movement, unit: Unit, year: int) -> QuerySet[Unit]:
    """Units one level beneath ``unit`` that take part in ``movement`` or have participants
    beneath them, by name; units that have ended only when they registered for ``year``."""
    registered = Registration.objects.filter(
        movement=movement, year=year, registrant_kind=RegistrantKind.UNIT
    ).values("unit_id")
    children = Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).filter(
        Q(is_active=True) | Q(pk__in=registered)
    )
    if not movement.whole_subtree:
        length = (unit.depth + 1) * Unit.steplen
        holders = {path[:length] for path in _participant_paths(movement) if len(path) > length}
        children = children.filter(participation_q(movement) | Q(path__in=holders))
    else:
        children = children.filter(participation_q(movement))
    return children.order_by("-is_active", "name", "pk")


def _unit_status_counts(movement: Movement, year: int, units: QuerySet[Unit]) -> dict[str, int]:
    return dict(
        Registration.objects.filter(
            movement=movement, year=year, registrant_kind=RegistrantKind.UNIT, unit__in=units
        )
        .values_list("status")
        .annotate(total=Count("pk"))
        .order_by()
    )


def registration_aggregate(movement: Movement, year: int, unit: Unit) -> Aggregate:
    """Counts of ``unit`` and its participating children: their own registrations by state
    (units without one count as not sent) and the personal registrations of ``unit``'s subtree
    by state. Three queries."""
    children = aggregate_children(movement, unit, year).filter(participation_q(movement))
    rows = Unit.objects.filter(Q(pk__in=children.values("pk")) | Q(pk=unit.pk)).filter(
        participation_q(movement)
    )
    counted = _unit_status_counts(movement, year, rows)
    units = {status: counted.get(status, 0) for status in R.values}
    registered = sum(counted.values())
    units[R.NOT_SENT] += rows.count() - registered
    personal_rows = dict(
        Registration.objects.filter(
            movement=movement,
            year=year,
            registrant_kind=RegistrantKind.PERSON,
            unit__path__startswith=unit.path,
        )
        .values_list("status")
        .annotate(total=Count("pk"))
        .order_by()
    )
    personal = {status: personal_rows.get(status, 0) for status in R.values}
    return Aggregate(movement=movement, year=year, unit=unit, units=units, personal=personal)


def aggregate_rows(movement: Movement, year: int, units: list[Unit]) -> list[AggregateRow]:
    """A row for each of ``units`` (a page of units at one depth, and maybe the unit above
    them): one query for their own registrations and one per depth for the personal ones,
    whatever the number of units."""
    if not units:
        return []
    own = {
        registration.unit_id: registration
        for registration in Registration.objects.filter(
            movement=movement, year=year, registrant_kind=RegistrantKind.UNIT, unit__in=units
        )
    }
    personal: dict[str, dict[str, int]] = {unit.path: {} for unit in units}
    for length in sorted({len(unit.path) for unit in units}):
        prefixes = [unit.path for unit in units if len(unit.path) == length]
        counts = (
            Registration.objects.filter(
                _within(prefixes, "unit__path"),
                movement=movement,
                year=year,
                registrant_kind=RegistrantKind.PERSON,
            )
            .annotate(prefix=Substr("unit__path", 1, length))
            .values_list("prefix", "status")
            .annotate(total=Count("pk"))
            .order_by()
        )
        for prefix, status, total in counts:
            personal[prefix][status] = total
    return [
        AggregateRow(
            unit=unit,
            takes_part=movement_participates(movement, unit),
            registration=own.get(unit.pk),
            personal={status: personal[unit.path].get(status, 0) for status in R.values},
        )
        for unit in units
    ]
