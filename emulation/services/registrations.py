"""Writes to emulation registrations (đăng ký thi đua): creating, changing, sending, approving
and returning them.

A unit registers for a year of a running movement it takes part in; its registration is
approved by the unit above. A person registers through their current grassroots union, which
approves it. Every step writes a ``RegistrationEvent``; the approvers hear of a registration
sent to them, and the registrant of the decision, through in-app notifications created after
the commit. Errors are ``ApplicationError``; nothing is saved when one is raised.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.services import notification_create
from accounts.transitions import Lifecycle, transition_applied
from emulation.enums import (
    COLLECTIVE_TITLES,
    PERSONAL_TITLES,
    EmulationTitle,
    MovementStatus,
    RegistrantKind,
    RegistrationStatus,
)
from emulation.models import Movement, MovementParticipant, Registration, RegistrationEvent
from emulation.workflow import (
    MOVEMENT_OPEN,
    REGISTRATION_EDITABLE,
    REGISTRATION_TRANSITIONS,
)
from unions.changes import units_changed
from unions.enums import Capability, roles_with
from unions.models import Membership, RoleGrant, Unit

R = RegistrationStatus


# --- checks --------------------------------------------------------------------------------


def _takes_part(movement: Movement, unit: Unit) -> bool:
    launcher = movement.launching_unit
    if unit.pk == launcher.pk or not unit.path.startswith(launcher.path):
        return False
    if movement.whole_subtree:
        return True
    paths = MovementParticipant.objects.filter(movement=movement).values_list(
        "unit__path", flat=True
    )
    return any(unit.path.startswith(path) for path in paths)


def _check_movement_open(movement: Movement) -> None:
    if movement.status not in MOVEMENT_OPEN:
        raise ApplicationError(
            _("“%(movement)s” is not running, so it takes no registrations.")
            % {"movement": movement.name},
            field="movement",
        )


def _check_year(movement: Movement, year: int) -> None:
    if year not in movement.years:
        raise ApplicationError(
            _("“%(movement)s” runs from %(first)s to %(last)s; choose a year in that period.")
            % {
                "movement": movement.name,
                "first": movement.period_start.year,
                "last": movement.period_end.year,
            },
            field="year",
        )


def _check_unit(movement: Movement, unit: Unit) -> None:
    if not unit.is_active:
        raise ApplicationError(
            _("%(unit)s is no longer active.") % {"unit": unit.name}, field="unit"
        )
    if not _takes_part(movement, unit):
        raise ApplicationError(
            _("%(unit)s does not take part in “%(movement)s”.")
            % {"unit": unit.name, "movement": movement.name},
            field="unit",
        )


def _clean_targets(targets: str) -> str:
    lines = [line.strip() for line in (targets or "").splitlines()]
    cleaned = "\n".join(line for line in lines if line)
    if not cleaned:
        raise ApplicationError(_("Write at least one target."), field="targets")
    return cleaned


def _clean_titles(titles: Iterable[str], personal: bool) -> list[str]:
    allowed = PERSONAL_TITLES if personal else COLLECTIVE_TITLES
    chosen: list[str] = []
    for code in titles or ():
        if code not in EmulationTitle.values:
            raise ApplicationError(_("Choose titles from the list."), field="titles")
        if code not in allowed:
            message = (
                _("“%(title)s” is not a title for an individual.")
                if personal
                else _("“%(title)s” is not a title for a collective.")
            )
            raise ApplicationError(message % {"title": EmulationTitle(code).label}, field="titles")
        if code not in chosen:
            chosen.append(code)
    if not chosen:
        raise ApplicationError(_("Choose at least one title aimed for."), field="titles")
    # Keep the order of the list of titles, whatever order they came in.
    order = list(EmulationTitle.values)
    return sorted(chosen, key=order.index)


def _current_union(person: User) -> Unit:
    membership = (
        Membership.objects.filter(user=person, valid_to__isnull=True).select_related("unit").first()
    )
    if membership is None:
        raise ApplicationError(
            _("%(name)s is not a current member of a grassroots union.") % {"name": person},
            field="person",
        )
    return membership.unit


def _require(actor: User, permission: str, registration: Registration) -> None:
    if not actor.has_perm(permission, registration):
        raise ApplicationError(_("You may not do this with this registration."))


def _locked(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("movement", "movement__launching_unit", "unit", "person")
        .get(pk=registration.pk)
    )


def _event(
    registration: Registration,
    action: str,
    actor: User | None,
    *,
    from_status: str = "",
    note: str = "",
) -> RegistrationEvent:
    return RegistrationEvent.objects.create(
        registration=registration,
        action=action,
        from_status=from_status,
        to_status=registration.status,
        note=note,
        actor=actor,
    )


# --- notifications -------------------------------------------------------------------------


def _grants_today() -> Q:
    today = timezone.localdate()
    return Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))


def _nearest_managers(unit: Unit) -> list[User]:
    """People who run emulation on the closest of ``unit`` and its ancestors that has any."""
    paths = [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    rows = list(
        RoleGrant.objects.filter(
            _grants_today(),
            unit__path__in=paths,
            role__in=roles_with(Capability.MANAGE_EMULATION),
            user__is_active=True,
        )
        .order_by("-unit__depth")
        .values_list("unit__depth", "user_id")
    )
    if not rows:
        return []
    deepest = rows[0][0]
    return list(User.objects.filter(pk__in={uid for depth, uid in rows if depth == deepest}))


def _approving_unit(registration: Registration) -> Unit | None:
    if registration.is_personal:
        return registration.unit
    unit = registration.unit
    return Unit.objects.filter(path=unit.parent_path).first() if unit.depth > 1 else None


def _approvers(registration: Registration) -> list[User]:
    unit = _approving_unit(registration)
    if unit is None:
        return []
    return [user for user in _nearest_managers(unit) if user.pk != registration.person_id]


def _registrants(registration: Registration) -> list[User]:
    if registration.is_personal:
        return [registration.person]
    # The people who run emulation in the unit itself, and whoever wrote or sent it.
    ids = set(
        RoleGrant.objects.filter(
            _grants_today(),
            unit=registration.unit,
            role__in=roles_with(Capability.MANAGE_EMULATION),
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )
    if registration.created_by_id:
        ids.add(registration.created_by_id)
    ids.update(
        registration.events.filter(action="send", actor__isnull=False).values_list(
            "actor_id", flat=True
        )
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _notify(event_id: int) -> None:
    event = RegistrationEvent.objects.select_related(
        "registration__movement", "registration__unit", "registration__person", "actor"
    ).get(pk=event_id)
    registration = event.registration
    with translation.override(settings.LANGUAGE_CODE):
        who = registration.person if registration.is_personal else registration.unit.name
        values = {"who": who, "movement": registration.movement.name, "year": registration.year}
        if event.action == "send":
            users = _approvers(registration)
            message = (
                _("The registration of %(who)s for “%(movement)s” %(year)s awaits your approval.")
                % values
            )
        elif event.action == "approve":
            users = _registrants(registration)
            message = (
                _("The registration of %(who)s for “%(movement)s” %(year)s has been approved.")
                % values
            )
        else:
            users = _registrants(registration)
            message = _(
                "The registration of %(who)s for “%(movement)s” %(year)s has been returned: "
                "%(reason)s"
            ) % {**values, "reason": event.note}
        notification_create(
            users=[user for user in users if user.pk != event.actor_id],
            message=message,
            url=reverse("movements:registration_detail", args=[registration.pk]),
        )


# --- writes --------------------------------------------------------------------------------


@transaction.atomic
def registration_create(
    *,
    movement: Movement,
    year: int,
    targets: str,
    titles: Iterable[str],
    actor: User,
    unit: Unit | None = None,
    person: User | None = None,
) -> Registration:
    """Register ``unit`` or ``person`` for ``year`` of ``movement``; it starts ``not sent``.

    A person registers through their current grassroots union. Raises ApplicationError when
    the movement is not running, the year lies outside its period, the unit (or the person's
    union) does not take part or has ended, a title does not fit the registrant, the targets
    are empty, the actor may not register for them, or they have registered already.
    """
    if (unit is None) == (person is None):
        raise ApplicationError(_("Register either a unit or a person."))
    movement = (
        Movement.objects.select_for_update(of=("self",))
        .select_related("launching_unit")
        .get(pk=movement.pk)
    )
    _check_movement_open(movement)
    _check_year(movement, year)
    personal = person is not None
    unit = _current_union(person) if personal else Unit.objects.get(pk=unit.pk)
    _check_unit(movement, unit)
    units_changed(units=[unit])
    registration = Registration(
        movement=movement,
        year=year,
        registrant_kind=RegistrantKind.PERSON if personal else RegistrantKind.UNIT,
        unit=unit,
        person=person,
        created_by=actor,
    )
    _require(actor, "emulation.edit_registration", registration)
    registration.targets = _clean_targets(targets)
    registration.titles = _clean_titles(titles, personal)
    duplicate = Registration.objects.filter(movement=movement, year=year)
    duplicate = (
        duplicate.filter(person=person, registrant_kind=RegistrantKind.PERSON)
        if personal
        else duplicate.filter(unit=unit, registrant_kind=RegistrantKind.UNIT)
    )
    if duplicate.exists():
        raise _already_registered(registration)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise _already_registered(registration) from None
    _event(registration, "create", actor)
    return registration


def _already_registered(registration: Registration) -> ApplicationError:
    who = registration.person if registration.is_personal else registration.unit.name
    return ApplicationError(
        # The movement's name often holds quotes and a year of its own: it is not repeated.
        _("%(who)s has already registered in this movement for %(year)s.")
        % {"who": who, "year": registration.year},
        field="person" if registration.is_personal else "unit",
    )


@transaction.atomic
def registration_update(
    *, registration: Registration, targets: str, titles: Iterable[str], actor: User
) -> Registration:
    """Change the targets and titles of a registration that is not sent or was returned.

    Raises ApplicationError when it is awaiting approval or approved, the movement is not
    running, or the actor may not change it.
    """
    units_changed(units=[registration.unit_id])
    registration = _locked(registration)
    _require(actor, "emulation.edit_registration", registration)
    if registration.status not in REGISTRATION_EDITABLE:
        raise ApplicationError(
            _("A registration that is “%(status)s” cannot change.")
            % {"status": registration.get_status_display()}
        )
    _check_movement_open(registration.movement)
    registration.targets = _clean_targets(targets)
    registration.titles = _clean_titles(titles, registration.is_personal)
    registration.save(update_fields=["targets", "titles", "updated_at"])
    _event(registration, "edit", actor, from_status=registration.status)
    return registration


def _check_running(registration: Registration) -> None:
    if registration.movement.status != MovementStatus.RUNNING:
        raise ApplicationError(
            _("“%(movement)s” is not running, so its registrations cannot change.")
            % {"movement": registration.movement.name}
        )


REGISTRATION_LIFECYCLE: Lifecycle[Registration] = Lifecycle(
    table=REGISTRATION_TRANSITIONS,
    lock=_locked,
    not_allowed=lambda registration: (
        _("This cannot be done while the registration is “%(status)s”.")
        % {"status": registration.get_status_display()}
    ),
    forbidden=lambda registration: _("You may not do this with this registration."),
    guard=_check_running,
    record=lambda step: _event(
        step.obj, step.action, step.actor, from_status=step.source, note=step.note
    ),
)


def _notify_event(event: RegistrationEvent) -> None:
    _notify(event.pk)


@transaction.atomic
def registration_transition(
    *,
    registration: Registration,
    action: str,
    actor: User,
    note: str = "",
    notify: bool = True,
) -> Registration:
    """Send, approve, return or reopen ``registration`` following the workflow table.

    Sending tells the approvers; approving, returning and reopening tell the registrant (in-app
    notifications, after the commit; ``notify=False`` keeps quiet, as the demo data does).
    Raises ApplicationError when the action is not allowed from the current status, the
    movement is not running, the actor lacks the permission or a required reason is missing.
    """
    units_changed(units=[registration.unit_id])
    with transition_applied(
        REGISTRATION_LIFECYCLE,
        registration,
        action=action,
        actor=actor,
        note=note,
        after_commit=_notify_event if notify else None,
    ) as step:
        registration, now = step.obj, timezone.now()
        if action == "send":
            registration.sent_at = now
        elif action == "approve":
            registration.decided_at, registration.decided_by = now, actor
            registration.return_reason = ""
        else:
            registration.decided_at, registration.decided_by = now, actor
            registration.return_reason = step.note
    return registration
