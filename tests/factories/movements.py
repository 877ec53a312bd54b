"""Movements and registrations built through the real services.

``make_movement()`` returns a running movement of a new national federation for 2026;
``make_registration(unit=...)`` or ``make_registration(person=...)`` registers for a movement
(one is made above the unit when none is given) and walks the registration to ``status``, each
step taken by someone the rules allow (officers created on demand).
"""

import datetime
import itertools
from collections.abc import Iterable

from accounts.models import User
from emulation.enums import EmulationTitle, MovementKind, MovementStatus, RegistrationStatus
from emulation.models import Movement, Registration
from emulation.services.movements import movement_create, movement_transition
from emulation.services.registrations import registration_create, registration_transition
from tests.factories.accounts import UserFactory
from tests.factories.emulation import RoleGrantFactory, make_unit
from unions.enums import Role
from unions.models import Membership, Unit

_numbers = itertools.count(1)

# The actions that lead a new movement to each status.
MOVEMENT_PATHS: dict[str, tuple[str, ...]] = {
    MovementStatus.PLANNED: (),
    MovementStatus.RUNNING: ("launch",),
    MovementStatus.CLOSED: ("launch", "close"),
}

R = RegistrationStatus
# The actions that lead a new registration to each status.
REGISTRATION_PATHS: dict[str, tuple[str, ...]] = {
    R.NOT_SENT: (),
    R.AWAITING_APPROVAL: ("send",),
    R.APPROVED: ("send", "approve"),
    R.RETURNED: ("send", "return"),
}
RETURN_REASON = "Chỉ tiêu chưa lượng hóa được, đề nghị bổ sung số liệu cụ thể."


def officer_of(unit: Unit, role: str = Role.OFFICER) -> User:
    """A new user holding ``role`` on ``unit``."""
    user = UserFactory()
    RoleGrantFactory(user=user, unit=unit, role=role)
    return user


def _parent(unit: Unit) -> Unit | None:
    return Unit.objects.filter(path=unit.parent_path).first() if unit.depth > 1 else None


def make_movement(
    *,
    launching_unit: Unit | None = None,
    name: str | None = None,
    kind: str = MovementKind.MOVEMENT,
    period_start: datetime.date = datetime.date(2026, 1, 1),
    period_end: datetime.date = datetime.date(2026, 12, 31),
    status: str = MovementStatus.RUNNING,
    whole_subtree: bool = True,
    participants: Iterable[Unit] = (),
    part_of: Movement | None = None,
    description: str = "Phát động thi đua trong toàn hệ thống công đoàn.",
    actor: User | None = None,
) -> Movement:
    """A movement of ``launching_unit`` (a new national federation by default), in ``status``.

    ``actor`` (an officer of the launching unit, created when not given) creates it and takes
    each step.
    """
    launching_unit = launching_unit or make_unit()
    actor = actor or officer_of(launching_unit)
    movement = movement_create(
        launching_unit=launching_unit,
        name=name or f"Phong trào thi đua số {next(_numbers)}",
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        description=description,
        part_of=part_of,
        whole_subtree=whole_subtree,
        participants=list(participants),
        actor=actor,
    )
    for action in MOVEMENT_PATHS[status]:
        movement = movement_transition(movement=movement, action=action, actor=actor)
    return movement


def default_titles(personal: bool) -> list[str]:
    if personal:
        return [EmulationTitle.ADVANCED_WORKER]
    return [EmulationTitle.ADVANCED_COLLECTIVE]


def make_registration(
    *,
    movement: Movement | None = None,
    year: int | None = None,
    unit: Unit | None = None,
    person: User | None = None,
    targets: str = "Có ít nhất 2 sáng kiến được công nhận\nKết nạp 50 đoàn viên mới",
    titles: Iterable[str] | None = None,
    status: str = R.NOT_SENT,
    actor: User | None = None,
    approver: User | None = None,
    note: str = RETURN_REASON,
) -> Registration:
    """A registration of ``unit`` or of ``person`` (a member of a new grassroots union when
    neither is given), driven to ``status``.

    Without ``movement``, a running 2026 movement is launched by the root of the unit's tree.
    ``actor`` (the person themself, or an officer of the unit created on demand) creates and
    sends it; ``approver`` (an officer of the unit above, or of the person's union, created on
    demand) approves or returns it with ``note``.
    """
    if unit is None and person is None:
        national = make_unit()
        province = make_unit(national)
        unit = make_unit(province)
    if person is not None:
        union = Membership.objects.get(user=person, valid_to__isnull=True).unit
    else:
        union = unit
    if movement is None:
        root = Unit.objects.get(path=union.path[: Unit.steplen])
        if root.pk == union.pk:
            raise ValueError("a unit at the top of the tree registers in no movement")
        movement = make_movement(launching_unit=root)
    year = year or movement.period_start.year
    personal = person is not None
    if actor is None:
        actor = person if personal else officer_of(unit)
    registration = registration_create(
        movement=movement,
        year=year,
        unit=None if personal else unit,
        person=person,
        targets=targets,
        titles=list(titles) if titles is not None else default_titles(personal),
        actor=actor,
    )
    for action in REGISTRATION_PATHS[status]:
        if action == "send":
            step_actor = actor
        else:
            if approver is None:
                approving = union if personal else _parent(union)
                approver = officer_of(approving)
            step_actor = approver
        registration = registration_transition(
            registration=registration,
            action=action,
            actor=step_actor,
            note=note if action in ("return", "reopen") else "",
        )
    return registration
