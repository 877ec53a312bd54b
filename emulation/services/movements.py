"""Writes to movements and campaigns: launching, editing and their lifecycle.

A movement is created ``planned``; ``movement_transition`` launches, closes and reopens it
following ``emulation.workflow.MOVEMENT_TRANSITIONS``. Participants are the units beneath the
launching unit (its whole subtree) or only the selected units and the units beneath them; the
launching unit organises the movement and does not register in it. Every change writes a
``MovementEvent``. Errors are ``ApplicationError``; nothing is saved when one is raised.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.transitions import Lifecycle, transition_applied
from emulation.enums import MovementKind, MovementStatus
from emulation.models import Movement, MovementEvent, MovementParticipant, Registration
from emulation.workflow import MOVEMENT_TRANSITIONS
from unions.changes import units_changed
from unions.models import Unit

# Movements whose description, period and participants may still change.
MOVEMENT_EDITABLE = frozenset({MovementStatus.PLANNED, MovementStatus.RUNNING})


def _require_manager(actor: User, unit: Unit) -> None:
    if not actor.has_perm("emulation.manage_movement", unit):
        raise ApplicationError(
            _("You may not run movements of %(unit)s.") % {"unit": unit.name},
            field="launching_unit",
        )


def _check_text(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Enter the name of the movement."), field="name")
    return name


def _check_kind(kind: str) -> None:
    if kind not in MovementKind.values:
        raise ApplicationError(_("Choose a valid kind."), field="kind")


def _check_period(period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise ApplicationError(_("A movement cannot end before it starts."), field="period_end")


def _check_part_of(
    part_of: Movement | None,
    launching_unit: Unit,
    period_start: date,
    period_end: date,
    movement: Movement | None = None,
) -> None:
    if part_of is None:
        return
    if movement is not None and part_of.pk == movement.pk:
        raise ApplicationError(_("A movement cannot be a part of itself."), field="part_of")
    if part_of.part_of_id is not None:
        raise ApplicationError(
            _("“%(stage)s” is itself a part of another movement; choose the stage.")
            % {"stage": part_of.name},
            field="part_of",
        )
    if movement is not None and movement.parts.exists():
        raise ApplicationError(
            _("This movement has parts of its own, so it cannot be a part of another one."),
            field="part_of",
        )
    if not launching_unit.path.startswith(part_of.launching_unit.path):
        raise ApplicationError(
            _(
                "“%(stage)s” was launched by %(unit)s; a part of it must be launched there or "
                "beneath."
            )
            % {"stage": part_of.name, "unit": part_of.launching_unit.name},
            field="part_of",
        )
    if period_start < part_of.period_start or period_end > part_of.period_end:
        raise ApplicationError(
            _("A part must lie within the period of “%(stage)s” (%(start)s – %(end)s).")
            % {
                "stage": part_of.name,
                "start": part_of.period_start.strftime("%d/%m/%Y"),
                "end": part_of.period_end.strftime("%d/%m/%Y"),
            },
            field="part_of",
        )


def _check_participants(
    launching_unit: Unit, whole_subtree: bool, participants: Iterable[Unit]
) -> list[Unit]:
    """The selected units, without duplicates and without units inside another selected one."""
    if whole_subtree:
        return []
    chosen = {unit.pk: unit for unit in Unit.objects.filter(pk__in=[u.pk for u in participants])}
    if not chosen:
        raise ApplicationError(
            _("Choose the participating units, or open the movement to the whole subtree."),
            field="participants",
        )
    for unit in chosen.values():
        if unit.pk == launching_unit.pk or not unit.path.startswith(launching_unit.path):
            raise ApplicationError(
                _("%(unit)s does not stand beneath %(launcher)s.")
                % {"unit": unit.name, "launcher": launching_unit.name},
                field="participants",
            )
        if not unit.is_active:
            raise ApplicationError(
                _("%(unit)s is no longer active.") % {"unit": unit.name}, field="participants"
            )
    ordered = sorted(chosen.values(), key=lambda unit: unit.path)
    kept: list[Unit] = []
    for unit in ordered:
        if not any(unit.path.startswith(outer.path) for outer in kept):
            kept.append(unit)
    return kept


def _set_participants(movement: Movement, units: list[Unit]) -> None:
    MovementParticipant.objects.filter(movement=movement).exclude(
        unit__in=[unit.pk for unit in units]
    ).delete()
    existing = set(movement.selections.values_list("unit_id", flat=True))
    MovementParticipant.objects.bulk_create(
        MovementParticipant(movement=movement, unit=unit)
        for unit in units
        if unit.pk not in existing
    )


def _event(
    movement: Movement,
    action: str,
    actor: User | None,
    *,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> MovementEvent:
    return MovementEvent.objects.create(
        movement=movement,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        actor=actor,
    )


@transaction.atomic
def movement_create(
    *,
    launching_unit: Unit,
    name: str,
    period_start: date,
    period_end: date,
    actor: User,
    kind: str = MovementKind.MOVEMENT,
    description: str = "",
    part_of: Movement | None = None,
    whole_subtree: bool = True,
    participants: Iterable[Unit] = (),
) -> Movement:
    """Create a planned movement of ``launching_unit``; it takes registrations once launched.

    Raises ApplicationError when the actor may not run movements of the unit, the unit has
    ended, the period is reversed, the stage does not contain the period, or a selected
    participant does not stand beneath the launching unit.
    """
    units_changed(units=[launching_unit])
    launching_unit = Unit.objects.select_for_update().get(pk=launching_unit.pk)
    _require_manager(actor, launching_unit)
    if not launching_unit.is_active:
        raise ApplicationError(
            _("%(unit)s is no longer active.") % {"unit": launching_unit.name},
            field="launching_unit",
        )
    name = _check_text(name)
    _check_kind(kind)
    _check_period(period_start, period_end)
    _check_part_of(part_of, launching_unit, period_start, period_end)
    selected = _check_participants(launching_unit, whole_subtree, participants)
    movement = Movement.objects.create(
        launching_unit=launching_unit,
        part_of=part_of,
        name=name,
        kind=kind,
        description=(description or "").strip(),
        period_start=period_start,
        period_end=period_end,
        whole_subtree=whole_subtree,
        status=MovementStatus.PLANNED,
        created_by=actor,
    )
    _set_participants(movement, selected)
    _event(movement, "create", actor, to_status=movement.status)
    return movement


@transaction.atomic
def movement_update(
    *,
    movement: Movement,
    actor: User,
    name: str,
    period_start: date,
    period_end: date,
    kind: str = MovementKind.MOVEMENT,
    description: str = "",
    part_of: Movement | None = None,
    whole_subtree: bool = True,
    participants: Iterable[Unit] = (),
    note: str = "",
) -> Movement:
    """Change a planned or running movement (the launching unit stays).

    Raises ApplicationError as ``movement_create`` does, for a closed movement, and when the
    new period would leave out a year that already has registrations.
    """
    units_changed(units=[movement.launching_unit_id])
    movement = (
        Movement.objects.select_for_update(of=("self",))
        .select_related("launching_unit")
        .get(pk=movement.pk)
    )
    _require_manager(actor, movement.launching_unit)
    if movement.status not in MOVEMENT_EDITABLE:
        raise ApplicationError(_("A closed movement cannot change; reopen it first."))
    name = _check_text(name)
    _check_kind(kind)
    _check_period(period_start, period_end)
    _check_part_of(part_of, movement.launching_unit, period_start, period_end, movement)
    selected = _check_participants(movement.launching_unit, whole_subtree, participants)
    outside = (
        Registration.objects.filter(movement=movement)
        .exclude(year__gte=period_start.year, year__lte=period_end.year)
        .values_list("year", flat=True)
        .first()
    )
    if outside is not None:
        raise ApplicationError(
            _("There are registrations for %(year)s; the period must still include that year.")
            % {"year": outside},
            field="period_start",
        )
    movement.name = name
    movement.kind = kind
    movement.description = (description or "").strip()
    movement.period_start = period_start
    movement.period_end = period_end
    movement.part_of = part_of
    movement.whole_subtree = whole_subtree
    movement.save()
    _set_participants(movement, selected)
    _event(movement, "edit", actor, note=(note or "").strip())
    return movement


def _lock(movement: Movement) -> Movement:
    return (
        Movement.objects.select_for_update(of=("self",))
        .select_related("launching_unit")
        .get(pk=movement.pk)
    )


MOVEMENT_LIFECYCLE: Lifecycle[Movement] = Lifecycle(
    table=MOVEMENT_TRANSITIONS,
    lock=_lock,
    not_allowed=lambda movement: (
        _("This cannot be done while the movement is “%(status)s”.")
        % {"status": movement.get_status_display()}
    ),
    forbidden=lambda movement: (
        _("You may not run movements of %(unit)s.") % {"unit": movement.launching_unit.name}
    ),
    record=lambda step: _event(
        step.obj,
        step.action,
        step.actor,
        from_status=step.source,
        to_status=step.target,
        note=step.note,
    ),
    note_missing=gettext_lazy("Give the reason."),
)


@transaction.atomic
def movement_transition(
    *, movement: Movement, action: str, actor: User, note: str = ""
) -> Movement:
    """Apply ``action`` (launch, close, reopen) to ``movement`` and record it.

    Raises ApplicationError when the action is not allowed from the current status, the actor
    lacks the permission, or a required reason is missing.
    """
    units_changed(units=[movement.launching_unit_id])
    with transition_applied(
        MOVEMENT_LIFECYCLE,
        movement,
        action=action,
        actor=actor,
        note=note,
        update_fields=["status", "updated_at"],
    ) as step:
        pass  # launching, closing and reopening have no rules beyond the table
    return step.obj
