"""Demo recognitions decided by the employer outside the registry (issue 13 §2): the
employer's own paper decision (Decree 13/2012/NĐ-CP Art. 7), with its scan,

- recorded by the union officer for an accepted dossier and confirmed a few days later;
- registered by a member with a dossier the employer had already recognised (as in the
  "1 triệu sáng kiến" campaign) and confirmed by the officer;
- registered by a member and still waiting for the officer's check.

Every step goes through the services at its moment of the demo clock, with ``notify=False``.
Idempotent: a case whose dossier exists is not built again.
"""

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation

from awards.enums import Scope
from awards.services.recognitions import (
    DecisionData,
    external_recognition_confirm,
    external_recognition_record,
)
from demo.clock import DemoClock, WorkingDays
from demo.dossiers.texts import compose_values, draw_authors
from demo.dossiers.topics import Topic
from demo.employers_fallback import demo_employer
from demo.reviews.plans import CLOSED_ROUNDS, PROVINCE, SCORING_ROUND, SEED
from initiatives.enums import InitiativeField as F
from initiatives.models import Initiative
from initiatives.services import initiative_save_draft, initiative_transition
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.models import Membership, Unit
from unions.selectors import nearest_holders

RECORDED_BY_OFFICER = "officer"
REGISTERED_CONFIRMED = "member_confirmed"
REGISTERED_WAITING = "member_waiting"


@dataclass(frozen=True)
class ExternalCase:
    how: str
    title: str
    task: str
    field: str
    decision_number: str
    decided_ago: int  # days before today
    scope: str = Scope.UNIT


CASES = [
    ExternalCase(
        RECORDED_BY_OFFICER,
        "Cải tiến giá đỡ khuôn giúp thay khuôn ép nhanh hơn",
        "việc thay khuôn máy ép",
        F.MECHANICAL,
        "118/QĐ-GĐ",
        75,
    ),
    ExternalCase(
        REGISTERED_CONFIRMED,
        "Sắp xếp lại sổ theo dõi vật tư tiêu hao theo mã kho",
        "việc theo dõi vật tư tiêu hao",
        F.BUSINESS,
        "42/QĐ-CT",
        140,
        Scope.PROVINCE,
    ),
    ExternalCase(
        REGISTERED_WAITING,
        "Bố trí lại lối thoát hiểm tại xưởng đóng gói",
        "việc thoát hiểm tại xưởng đóng gói",
        F.SAFETY,
        "07/QĐ-GĐ",
        20,
    ),
]


def _scan(employer_name: str, head: str, title: str, case: ExternalCase, day) -> bytes:
    """A one-page PDF standing for the scan of the employer's decision."""
    from weasyprint import HTML  # imported only when the demo is built: it loads slowly

    return HTML(
        string=(
            "<html lang='vi'><head><meta charset='utf-8'></head><body style='font-family:serif'>"
            f"<p><b>{employer_name.upper()}</b><br>Số: {case.decision_number}</p>"
            f"<p style='text-align:right'><i>ngày {day:%d} tháng {day:%m} năm {day:%Y}</i></p>"
            "<h2 style='text-align:center'>QUYẾT ĐỊNH<br>Về việc công nhận sáng kiến</h2>"
            f"<p>Điều 1. Công nhận sáng kiến “{title}”.</p>"
            f"<p style='text-align:right'><b>{head}</b></p></body></html>"
        )
    ).write_pdf()


def _build(case: ExternalCase, unit: Unit, clock: DemoClock, rng: random.Random) -> None:
    days = WorkingDays(rng)
    officer_now = nearest_holders(unit, Capability.RECEIVE_INITIATIVES).order_by("pk").first()
    colleagues = list(
        Membership.objects.filter(unit=unit, valid_to__isnull=True, user__is_active=True)
        .exclude(user=officer_now)
        .select_related("user", "unit")
        .order_by("user_id")
    )
    if not colleagues:
        return
    first = rng.choice(colleagues)
    authors = draw_authors(rng, first, colleagues)
    decided_on = clock.ago(case.decided_ago)
    first_applied_on = decided_on - datetime.timedelta(days=rng.randint(60, 200))
    values = compose_values(
        rng, Topic(case.title, case.task), case.field, "phân xưởng", authors, first_applied_on
    )
    values["title"] = case.title
    employer = demo_employer(unit)
    written = days.at(decided_on + datetime.timedelta(days=3))
    initiative = clock.run(
        written,
        initiative_save_draft,
        actor=first.user,
        unit=unit,
        values=values,
        authors=authors,
    )
    scan = SimpleUploadedFile(
        f"quyet-dinh-{case.decision_number.replace('/', '-')}.pdf",
        _scan(employer.name, employer.head_name, case.title, case, decided_on),
        content_type="application/pdf",
    )
    data = DecisionData(
        employer=employer,
        decision_number=case.decision_number,
        decided_on=decided_on,
        signer_name=employer.head_name or "Nguyễn Văn Minh",
        signer_title=employer.head_title or "Giám đốc",
        scope=case.scope,
    )
    recorded = days.at(decided_on + datetime.timedelta(days=6))
    if case.how == RECORDED_BY_OFFICER:
        submitted = days.at(decided_on + datetime.timedelta(days=4))
        initiative = clock.run(
            submitted,
            initiative_transition,
            initiative=initiative,
            action="submit",
            actor=first.user,
            notify=False,
        )
        receiver = clock.officer(unit, Capability.RECEIVE_INITIATIVES, submitted)
        initiative = clock.run(
            submitted,
            initiative_transition,
            initiative=initiative,
            action="accept",
            actor=receiver,
            notify=False,
        )
        actor, by_member = clock.officer(unit, Capability.RECEIVE_INITIATIVES, recorded), False
    else:
        actor, by_member = first.user, True
    record = clock.run(
        recorded,
        external_recognition_record,
        initiative=initiative,
        actor=actor,
        data=data,
        upload=scan,
        by_member=by_member,
        notify=False,
    )
    if case.how != REGISTERED_WAITING:
        checked = days.at(decided_on + datetime.timedelta(days=10))
        clock.run(
            checked,
            external_recognition_confirm,
            record=record,
            actor=clock.officer(unit, Capability.RECEIVE_INITIATIVES, checked),
            notify=False,
        )


@transaction.atomic
def seed_recognitions() -> bool:
    """Add the missing demo recognitions recorded from outside. Returns whether anything was
    added; without the demo province it does nothing."""
    province = Unit.objects.filter(code=PROVINCE, is_active=True).first()
    if province is None:
        return False
    busy = {plan.unit_code for plan in [*CLOSED_ROUNDS, SCORING_ROUND]}
    units = [
        unit
        for unit in Unit.objects.filter(
            path__startswith=province.path, kind__in=GRASSROOTS_KINDS, is_active=True
        ).order_by("code")
        if unit.code not in busy
    ]
    if not units:
        return False
    changed = False
    with translation.override(settings.LANGUAGE_CODE):
        clock = DemoClock()
        for index, case in enumerate(CASES):
            unit = units[index % len(units)]
            if Initiative.objects.filter(unit=unit, title=case.title).exists():
                continue
            _build(case, unit, clock, random.Random(f"{SEED}-external-{index}"))
            changed = True
    return changed
