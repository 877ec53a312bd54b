"""Demo movements and registrations, seeded through the real services after the organisation
tree (and, at order 90, after the initiatives and awards of the demo).

The national federation launches the five-year stage of "Lao động giỏi, lao động sáng tạo"
with its 2026 part (and the 2027 part, still planned), "Giỏi việc nước, đảm việc nhà",
"Xanh – Sạch – Đẹp, bảo đảm an toàn vệ sinh lao động" (for the industrial zone and mining
unions only) and the campaign "Trung thành, trách nhiệm, liêm chính, sáng tạo". Units and
members register for 2026 in every state: not sent, awaiting approval, approved and returned
with reasons. Texts are invented for the demo.
"""

import datetime

from django.db import transaction

from accounts.models import User
from emulation.enums import EmulationTitle, MovementKind, MovementStatus
from emulation.models import Movement, Registration
from emulation.services.movements import movement_create, movement_transition
from emulation.services.registrations import registration_create, registration_transition
from unions.models import Membership, Unit

T = EmulationTitle

STAGE_NAME = "Phong trào thi đua “Lao động giỏi, lao động sáng tạo” giai đoạn 2025–2030"
PART_2026_NAME = "Phong trào thi đua “Lao động giỏi, lao động sáng tạo” năm 2026"
PART_2027_NAME = "Phong trào thi đua “Lao động giỏi, lao động sáng tạo” năm 2027"
FAMILY_NAME = "Phong trào thi đua “Giỏi việc nước, đảm việc nhà” năm 2026"
GREEN_NAME = "Phong trào “Xanh – Sạch – Đẹp, bảo đảm an toàn vệ sinh lao động” năm 2026"
CAMPAIGN_NAME = "Cuộc vận động “Trung thành, trách nhiệm, liêm chính, sáng tạo” 2023–2028"

OFFICER_TLD = "canbo.tld@demo.congdoan.vn"
OFFICER_QTR = "canbo.quangtri@demo.congdoan.vn"
OFFICER_GRASSROOTS = "canbo.cdcs@demo.congdoan.vn"
ADMIN_QNI = "quantri.quangninh@demo.congdoan.vn"
SUPERUSER = "quantri@demo.congdoan.vn"
MEMBER = "doanvien@demo.congdoan.vn"

RETURN_REASONS = {
    "QNI": (
        "Chỉ tiêu “nâng cao đời sống đoàn viên” chưa lượng hóa; đề nghị bổ sung số sáng kiến "
        "phấn đấu được công nhận và tỷ lệ công đoàn cơ sở vững mạnh."
    ),
    "CS-DHA-02": (
        "Đề nghị bổ sung chỉ tiêu về an toàn vệ sinh lao động tại các khoa lâm sàng và "
        "đăng ký danh hiệu phù hợp với kết quả năm 2025."
    ),
    "person": "Chưa ghi rõ tên sáng kiến dự kiến đăng ký; đề nghị bổ sung trước ngày 15/3.",
}

UNIT_TARGETS = {
    "QTR": (
        "100% công đoàn cơ sở tổ chức phát động phong trào\n"
        "Ít nhất 120 sáng kiến được công nhận cấp cơ sở\n"
        "Kết nạp 3.000 đoàn viên mới\n"
        "80% văn bản được ký số"
    ),
    "PTO": (
        "Ít nhất 150 sáng kiến được công nhận\n"
        "Giới thiệu 200 đoàn viên ưu tú cho Đảng xem xét kết nạp\n"
        "100% cán bộ công đoàn chuyên trách được tập huấn kỹ năng số"
    ),
    "QNI": "Phấn đấu hoàn thành tốt các chỉ tiêu được giao\nNâng cao đời sống đoàn viên",
    "HNO": (
        "Ít nhất 300 sáng kiến được công nhận\n"
        "Thành lập 40 công đoàn cơ sở mới tại doanh nghiệp ngoài nhà nước"
    ),
    "KCN-QTR": (
        "Mỗi công đoàn cơ sở có ít nhất 2 sáng kiến được công nhận\n"
        "Không để xảy ra tranh chấp lao động tập thể"
    ),
    "GD-QTR": "90% giáo viên đạt chuẩn kỹ năng số\n25 sáng kiến kinh nghiệm được công nhận",
    "CS-DHA-01": (
        "5 sáng kiến cải tiến dây chuyền may được công nhận\n"
        "Tiết kiệm 300 triệu đồng chi phí sản xuất\n"
        "100% người lao động được huấn luyện an toàn vệ sinh lao động"
    ),
    "CS-DHA-02": "Giảm 10% thời gian chờ khám bệnh\n2 sáng kiến cải tiến quy trình chăm sóc",
    "CS-DHA-03": "Tổ chức thi tay nghề thợ mộc\nKết nạp 30 đoàn viên mới",
}

PERSONAL_TARGETS = [
    (
        "Hoàn thành vượt 10% định mức sản phẩm\n"
        "Có 1 sáng kiến cải tiến thao tác được công nhận\n"
        "Không vi phạm nội quy an toàn lao động"
    ),
    "Hoàn thành xuất sắc nhiệm vụ được giao\nHướng dẫn 3 công nhân mới đạt tay nghề bậc 2",
    "Tham gia đầy đủ các lớp tập huấn kỹ năng số\nĐề xuất 1 giải pháp tiết kiệm vật tư",
    "Đạt danh hiệu thợ giỏi cấp cơ sở\nKhông có sản phẩm lỗi bị khách hàng trả lại",
    "Hoàn thành nhiệm vụ được giao\nTích cực tham gia các hoạt động của công đoàn",
]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _movement(actor, unit, name, start, end, *, status, **extra) -> Movement:
    movement = movement_create(
        launching_unit=unit,
        name=name,
        period_start=start,
        period_end=end,
        actor=actor,
        **extra,
    )
    if status in (MovementStatus.RUNNING, MovementStatus.CLOSED):
        movement = movement_transition(
            movement=movement,
            action="launch",
            actor=actor,
        )
    return movement


def _walk(registration: Registration, steps, sender: User, approver: User, note: str = ""):
    for action in steps:
        registration = registration_transition(
            registration=registration,
            action=action,
            actor=sender if action == "send" else approver,
            note=note if action in ("return", "reopen") else "",
            notify=False,
        )
    return registration


STEPS = {
    "not_sent": (),
    "awaiting_approval": ("send",),
    "approved": ("send", "approve"),
    "returned": ("send", "return"),
}


def _movements(tld: Unit, officer: User) -> dict[str, Movement]:
    d = datetime.date
    stage = _movement(
        officer,
        tld,
        STAGE_NAME,
        d(2025, 1, 1),
        d(2030, 12, 31),
        status=MovementStatus.RUNNING,
        description=(
            "Phong trào thi đua trọng tâm của tổ chức Công đoàn Việt Nam giai đoạn 2025–2030: "
            "khơi dậy tinh thần sáng tạo của đoàn viên, người lao động, gắn với chuyển đổi số "
            "và nâng cao năng suất lao động."
        ),
    )
    part_2026 = _movement(
        officer,
        tld,
        PART_2026_NAME,
        d(2026, 1, 1),
        d(2026, 12, 31),
        status=MovementStatus.RUNNING,
        part_of=stage,
        description=(
            "Năm 2026 tập trung vào sáng kiến ứng dụng công nghệ số trong sản xuất, kinh doanh "
            "và trong hoạt động công đoàn; đăng ký thi đua trước ngày 31/3/2026."
        ),
    )
    _movement(
        officer,
        tld,
        PART_2027_NAME,
        d(2027, 1, 1),
        d(2027, 12, 31),
        status=MovementStatus.PLANNED,
        part_of=stage,
        description="Kế hoạch phát động sẽ ban hành trong quý IV năm 2026.",
    )
    family = _movement(
        officer,
        tld,
        FAMILY_NAME,
        d(2026, 1, 1),
        d(2026, 12, 31),
        status=MovementStatus.RUNNING,
        description=(
            "Tôn vinh nữ đoàn viên, người lao động hoàn thành tốt nhiệm vụ công tác, chăm lo "
            "xây dựng gia đình no ấm, tiến bộ, hạnh phúc."
        ),
    )
    participants = list(
        Unit.objects.filter(code__in=["KCN-QTR", "KCN-VPH", "KCN-QNI", "CDTKS"], is_active=True)
    )
    green = _movement(
        officer,
        tld,
        GREEN_NAME,
        d(2026, 1, 1),
        d(2026, 12, 31),
        status=MovementStatus.RUNNING,
        whole_subtree=not participants,
        participants=participants,
        description=(
            "Dành cho công đoàn các khu công nghiệp, khu kinh tế và ngành than – khoáng sản: "
            "cải thiện môi trường làm việc, phòng ngừa tai nạn lao động và bệnh nghề nghiệp."
        ),
    )
    campaign = _movement(
        officer,
        tld,
        CAMPAIGN_NAME,
        d(2023, 1, 1),
        d(2028, 12, 31),
        status=MovementStatus.RUNNING,
        kind=MovementKind.CAMPAIGN,
        description=(
            "Cuộc vận động cán bộ công đoàn rèn luyện phẩm chất “Trung thành, trách nhiệm, "
            "liêm chính, sáng tạo”, gắn với học tập và làm theo tư tưởng, đạo đức, phong cách "
            "Hồ Chí Minh."
        ),
    )
    return {"part_2026": part_2026, "family": family, "green": green, "campaign": campaign}


def _unit_registrations(movement: Movement, people: dict[str, User | None]) -> None:
    tld_officer = people["tld"]
    qtr_officer = people["qtr"] or tld_officer
    grassroots_officer = people["grassroots"] or qtr_officer
    writers = {
        "QTR": qtr_officer,
        "PTO": people["superuser"] or tld_officer,
        "QNI": people["admin_qni"] or tld_officer,
        "HNO": people["superuser"] or tld_officer,
        "KCN-QTR": qtr_officer,
        "GD-QTR": qtr_officer,
        "CS-DHA-01": grassroots_officer,
        "CS-DHA-02": qtr_officer,
        "CS-DHA-03": qtr_officer,
    }
    states = {
        "QTR": "approved",
        "PTO": "awaiting_approval",
        "QNI": "returned",
        "HNO": "not_sent",
        "KCN-QTR": "approved",
        "GD-QTR": "awaiting_approval",
        "CS-DHA-01": "awaiting_approval",
        "CS-DHA-02": "returned",
        "CS-DHA-03": "not_sent",
    }
    titles = {
        "QTR": [T.EMULATION_FLAG],
        "PTO": [T.EMULATION_FLAG],
        "QNI": [T.DIPLOMA_OF_MERIT],
        "HNO": [T.EMULATION_FLAG],
        "KCN-QTR": [T.EXCELLENT_COLLECTIVE, T.CERTIFICATE_OF_MERIT],
        "GD-QTR": [T.EXCELLENT_COLLECTIVE],
        "CS-DHA-01": [T.STRONG_UNION, T.EXCELLENT_COLLECTIVE],
        "CS-DHA-02": [T.STRONG_UNION],
        "CS-DHA-03": [T.ADVANCED_COLLECTIVE],
    }
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=states, is_active=True)}
    for code, state in states.items():
        unit = units.get(code)
        writer = writers[code]
        if unit is None or writer is None:
            continue
        registration = registration_create(
            movement=movement,
            year=2026,
            unit=unit,
            targets=UNIT_TARGETS[code],
            titles=titles[code],
            actor=writer,
        )
        approver = tld_officer if unit.depth == 2 else qtr_officer
        _walk(registration, STEPS[state], writer, approver, RETURN_REASONS.get(code, ""))


def _members_of(code: str, exclude: list[User]) -> list[User]:
    return [
        membership.user
        for membership in Membership.objects.filter(unit__code=code, valid_to__isnull=True)
        .exclude(user__in=[user.pk for user in exclude])
        .select_related("user")
        .order_by("user__phone")
    ]


def _personal_registrations(movements: dict[str, Movement], people: dict[str, User | None]) -> None:
    approver = people["grassroots"]
    member = people["member"]
    if approver is None:
        return
    others = _members_of("CS-DHA-01", [user for user in (approver, member) if user])
    registrants = ([member] if member else []) + others[:5]
    states = ["approved", "approved", "approved", "returned", "awaiting_approval", "not_sent"]
    aims = [
        [T.GRASSROOTS_FIGHTER, T.ADVANCED_WORKER],
        [T.ADVANCED_WORKER],
        [T.GRASSROOTS_FIGHTER],
        [T.ADVANCED_WORKER],
        [T.ADVANCED_WORKER, T.CERTIFICATE_OF_MERIT],
        [T.ADVANCED_WORKER],
    ]
    for index, person in enumerate(registrants):
        registration = registration_create(
            movement=movements["part_2026"],
            year=2026,
            person=person,
            targets=PERSONAL_TARGETS[index % len(PERSONAL_TARGETS)],
            titles=aims[index],
            actor=person,
        )
        _walk(registration, STEPS[states[index]], person, approver, RETURN_REASONS["person"])
    # Two women of the union register for "Giỏi việc nước, đảm việc nhà".
    women = [user for user in others if user.last_name.split()[-1] in {"Thị", "Ngọc", "Thu"}]
    for index, person in enumerate(women[:2]):
        registration = registration_create(
            movement=movements["family"],
            year=2026,
            person=person,
            targets=(
                "Hoàn thành tốt nhiệm vụ được giao\n"
                "Gia đình đạt danh hiệu “Gia đình văn hóa” năm 2026"
            ),
            titles=[T.CERTIFICATE_OF_MERIT],
            actor=person,
        )
        _walk(
            registration, STEPS["approved" if index == 0 else "awaiting_approval"], person, approver
        )


def _campaign_registration(movement: Movement, people: dict[str, User | None]) -> None:
    qtr = Unit.objects.filter(code="QTR", is_active=True).first()
    writer, approver = people["qtr"], people["tld"]
    if qtr is None or writer is None or approver is None:
        return
    registration = registration_create(
        movement=movement,
        year=2026,
        unit=qtr,
        targets=(
            "100% cán bộ công đoàn chuyên trách ký cam kết rèn luyện\n"
            "Không có cán bộ công đoàn vi phạm kỷ luật"
        ),
        titles=[T.CERTIFICATE_OF_MERIT],
        actor=writer,
    )
    _walk(registration, STEPS["approved"], writer, approver)


@transaction.atomic
def seed_movements() -> bool:
    """Seed the demo movements and registrations once; False when they are there already or
    the demo federation is missing."""
    tld = Unit.objects.filter(code="TLD").first()
    if tld is None or Movement.objects.filter(launching_unit=tld, name=STAGE_NAME).exists():
        return False
    people = {
        "tld": _user(OFFICER_TLD),
        "qtr": _user(OFFICER_QTR),
        "grassroots": _user(OFFICER_GRASSROOTS),
        "admin_qni": _user(ADMIN_QNI),
        "superuser": _user(SUPERUSER),
        "member": _user(MEMBER),
    }
    launcher = people["tld"] or people["superuser"]
    if launcher is None:
        return False
    people["tld"] = launcher
    movements = _movements(tld, launcher)
    _unit_registrations(movements["part_2026"], people)
    _personal_registrations(movements, people)
    _campaign_registration(movements["campaign"], people)
    return True
