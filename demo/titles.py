"""Demo individual titles of 2025, conferred at the end of that year by two grassroots unions of
Quảng Trị whose members had initiatives recognised in the demo review rounds.

For each union: members whose initiatives were recognised in 2024 or 2025 register (through the
real services, in the 2025–2030 stage of "Lao động giỏi, lao động sáng tạo") for both titles,
a few others for Lao động tiên tiến, in February 2025, and the officer who looks after the union
then approves them in March (the demo clock, ``demo.clock``, travels to those days). One decision
per union, on 26 December 2025, confers Lao động tiên tiến and Chiến sĩ thi đua cơ sở through
``titles_confer``, which checks the rules; one member without a recognised initiative in time
receives Chiến sĩ thi đua cơ sở by a recorded exception. One registered member of each union is
left without a title, so the titles page has someone to confer on.

A step of ``seed_demo`` after the movements and pledges (``demo.steps``); idempotent: nothing
is done once a title of 2025 exists.
"""

import datetime

from django.db import transaction

from accounts.models import User
from awards.selectors.achievements import recognitions_by_person
from demo.clock import DemoClock
from demo.movements import STAGE_NAME
from emulation.enums import EmulationTitle, MovementStatus
from emulation.models import Movement, Registration, TitleConferral
from emulation.services.registrations import registration_create, registration_transition
from emulation.services.titles import TitleChoice, titles_confer
from unions.enums import Capability
from unions.models import Membership, Unit
from unions.selectors import nearest_holders

YEAR = 2025
E = EmulationTitle
UNIONS = [
    # code, decision number, the officer's demo account (when it is there)
    ("CS-DHA-01", "27/QĐ-CĐCS", "canbo.cdcs@demo.congdoan.vn"),
    ("CS-KCN-QTR-01", "31/QĐ-CĐCS", "canbo.quangtri@demo.congdoan.vn"),
]
DECIDED_ON = datetime.date(YEAR, 12, 26)
SENT_ON, APPROVED_ON = datetime.date(YEAR, 2, 24), datetime.date(YEAR, 3, 6)
EXCEPTION_REASON = (
    "Chủ trì đề tài “Ứng dụng cảm biến đếm sản phẩm trên chuyền may” được Hội đồng khoa học "
    "Công ty nghiệm thu tháng 11/2025, giá trị làm lợi tương đương sáng kiến cấp cơ sở "
    "(biên bản nghiệm thu số 08/BB-HĐKH)."
)
TARGETS = {
    "fighter": (
        "Hoàn thành xuất sắc nhiệm vụ được giao\n"
        "Có ít nhất 01 sáng kiến được công nhận cấp cơ sở\n"
        "Không để xảy ra sai sót về an toàn lao động"
    ),
    "worker": (
        "Hoàn thành tốt nhiệm vụ được giao\n"
        "Tham gia đầy đủ các hoạt động của công đoàn và phong trào thi đua"
    ),
}


def _movement() -> Movement | None:
    """The running movement of the 2025–2030 stage (or, without it, any running movement of
    the national federation that covers 2025)."""
    running = Movement.objects.filter(
        status=MovementStatus.RUNNING,
        period_start__year__lte=YEAR,
        period_end__year__gte=YEAR,
        launching_unit__depth=1,
        whole_subtree=True,
    )
    return running.filter(name=STAGE_NAME).first() or running.order_by("period_start", "pk").first()


def _officer(unit: Unit, email: str, clock: DemoClock, moment: datetime.datetime) -> User | None:
    """The officer with the demo account ``email`` if he looks after ``unit`` on the day of
    ``moment``, else the first who does."""
    with clock.at(moment):
        holders = nearest_holders(unit, Capability.MANAGE_EMULATION)
        return holders.filter(email=email).first() or holders.order_by("pk").first()


def _members(unit: Unit, officer: User) -> list[User]:
    return [
        membership.user
        for membership in Membership.objects.filter(unit=unit, valid_to__isnull=True)
        .exclude(user=officer)
        .select_related("user")
        .order_by("user__phone", "user__pk")
    ]


def _register(
    clock: DemoClock, movement: Movement, person: User, titles: list[str], approver: User
) -> bool:
    """A 2025 registration of ``person`` in ``movement``, written and sent on 24 February and
    approved by ``approver`` on 6 March; False when they hold one in another state (left as
    it is)."""
    existing = Registration.objects.filter(movement=movement, year=YEAR, person=person).first()
    if existing is not None:
        return existing.status == "approved"
    sent = clock.moment(SENT_ON)
    registration = clock.run(
        sent,
        registration_create,
        movement=movement,
        year=YEAR,
        person=person,
        targets=TARGETS["fighter" if E.GRASSROOTS_FIGHTER in titles else "worker"],
        titles=titles,
        actor=person,
    )
    registration = clock.run(
        sent,
        registration_transition,
        registration=registration,
        action="send",
        actor=person,
        notify=False,
    )
    clock.run(
        clock.moment(APPROVED_ON, 14, 30),
        registration_transition,
        registration=registration,
        action="approve",
        actor=approver,
        notify=False,
    )
    return True


def _confer_at(
    clock: DemoClock,
    unit: Unit,
    number: str,
    email: str,
    movement: Movement,
    exception_left: bool,
) -> bool:
    """Register and confer at ``unit``; returns whether the exception was used."""
    approved_at = clock.moment(APPROVED_ON, 14, 30)
    decided_at = clock.moment(min(DECIDED_ON, clock.today), 10)
    approver = _officer(unit, email, clock, approved_at)
    officer = _officer(unit, email, clock, decided_at)
    if approver is None or officer is None:
        return False
    members = _members(unit, officer)
    found = recognitions_by_person([m.pk for m in members], [YEAR - 1, YEAR, YEAR + 1])

    def recognised_in_time(person: User) -> bool:
        return any(r.decided_on.year in (YEAR - 1, YEAR) for r in found.get(person.pk, []))

    fighters = [m for m in members if recognised_in_time(m)][:4]
    others = [m for m in members if not recognised_in_time(m)]
    # Recognised only later, if anyone: a fitting case for an exception.
    others.sort(key=lambda m: (m.pk not in found, m.phone or "", m.pk))
    exceptional = others[:1] if exception_left else []
    workers = others[len(exceptional) : len(exceptional) + 4]
    choices: list[TitleChoice] = []
    for person in fighters + exceptional:
        if _register(clock, movement, person, [E.GRASSROOTS_FIGHTER, E.ADVANCED_WORKER], approver):
            reason = EXCEPTION_REASON if person in exceptional else ""
            choices += [
                TitleChoice(person, E.ADVANCED_WORKER),
                TitleChoice(person, E.GRASSROOTS_FIGHTER, reason),
            ]
    for index, person in enumerate(workers):
        approved = _register(clock, movement, person, [E.ADVANCED_WORKER], approver)
        # The last one stays registered without a title, for the officer to confer in the demo.
        if approved and index < len(workers) - 1:
            choices.append(TitleChoice(person, E.ADVANCED_WORKER))
    if choices:
        clock.run(
            decided_at,
            titles_confer,
            unit=unit,
            year=YEAR,
            choices=choices,
            decision_number=number,
            decided_on=min(DECIDED_ON, clock.today),
            actor=officer,
            notify=False,
        )
    return bool(exceptional and choices)


@transaction.atomic
def seed_titles() -> bool:
    """Confer the demo titles of 2025 once; False when they are there already, or when the demo
    movements or unions are missing."""
    if TitleConferral.objects.filter(year=YEAR).exists():
        return False
    movement = _movement()
    if movement is None:
        return False
    clock = DemoClock()
    changed = False
    exception_left = True
    for code, number, email in UNIONS:
        unit = Unit.objects.filter(code=code, is_active=True).first()
        if unit is None:
            continue
        used = _confer_at(clock, unit, number, email, movement, exception_left)
        exception_left = exception_left and not used
        changed = True
    return changed and TitleConferral.objects.filter(year=YEAR).exists()
