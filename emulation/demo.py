"""Demo data: a realistic slice of the federation as it stands after the 2025 restructuring.

Built through the real services, so the history (mergers of provinces on 1 July 2025, district
federations dissolved with their grassroots unions moving up) is recorded exactly as an officer
would record it. Names of enterprises, schools and people are invented for the demo.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User
from unions import services
from unions.enums import Role, UnitKind
from unions.models import Membership, Unit

DEMO_PASSWORD = "Demo@2026"
REFORM_DAY = datetime.date(2025, 7, 1)
K = UnitKind

# code, name, short name, kind, parent code, valid from
BEFORE_2025 = [
    (
        "TLD",
        "Tổng Liên đoàn Lao động Việt Nam",
        "Tổng LĐLĐ Việt Nam",
        K.NATIONAL_FEDERATION,
        None,
        "1929-07-28",
    ),
    (
        "QBI-1989",
        "Liên đoàn Lao động tỉnh Quảng Bình",
        "LĐLĐ Quảng Bình",
        K.PROVINCIAL_FEDERATION,
        "TLD",
        "1989-07-01",
    ),
    (
        "QTR-1989",
        "Liên đoàn Lao động tỉnh Quảng Trị",
        "LĐLĐ Quảng Trị (cũ)",
        K.PROVINCIAL_FEDERATION,
        "TLD",
        "1989-07-01",
    ),
    (
        "VPH-1997",
        "Liên đoàn Lao động tỉnh Vĩnh Phúc",
        "LĐLĐ Vĩnh Phúc",
        K.PROVINCIAL_FEDERATION,
        "TLD",
        "1997-01-01",
    ),
    (
        "HBI-1991",
        "Liên đoàn Lao động tỉnh Hòa Bình",
        "LĐLĐ Hòa Bình",
        K.PROVINCIAL_FEDERATION,
        "TLD",
        "1991-10-01",
    ),
    (
        "PTO-1997",
        "Liên đoàn Lao động tỉnh Phú Thọ",
        "LĐLĐ Phú Thọ (cũ)",
        K.PROVINCIAL_FEDERATION,
        "TLD",
        "1997-01-01",
    ),
    (
        "QNI",
        "Liên đoàn Lao động tỉnh Quảng Ninh",
        "LĐLĐ Quảng Ninh",
        K.PROVINCIAL_FEDERATION,
        "TLD",
        "1963-10-30",
    ),
    (
        "HNO",
        "Liên đoàn Lao động thành phố Hà Nội",
        "LĐLĐ Hà Nội",
        K.PROVINCIAL_FEDERATION,
        "TLD",
        "2008-08-01",
    ),
    (
        "CDDK",
        "Công đoàn Dầu khí Việt Nam",
        "CĐ Dầu khí VN",
        K.CENTRAL_SECTOR_UNION,
        "TLD",
        "1996-03-01",
    ),
    (
        "CDTKS",
        "Công đoàn Than – Khoáng sản Việt Nam",
        "CĐ TKV",
        K.CENTRAL_SECTOR_UNION,
        "TLD",
        "2006-01-01",
    ),
    # Upper-direct unions before the reform
    (
        "DHA",
        "Liên đoàn Lao động thành phố Đông Hà",
        "LĐLĐ Đông Hà",
        K.DISTRICT_FEDERATION,
        "QTR-1989",
        "1991-01-01",
    ),
    (
        "DHO",
        "Liên đoàn Lao động thành phố Đồng Hới",
        "LĐLĐ Đồng Hới",
        K.DISTRICT_FEDERATION,
        "QBI-1989",
        "1991-01-01",
    ),
    (
        "KCN-QTR",
        "Công đoàn các Khu kinh tế tỉnh Quảng Trị",
        "CĐ KKT Quảng Trị",
        K.INDUSTRIAL_ZONE_UNION,
        "QTR-1989",
        "2006-05-01",
    ),
    (
        "GD-QTR",
        "Công đoàn ngành Giáo dục tỉnh Quảng Trị",
        "CĐ Giáo dục Quảng Trị",
        K.LOCAL_SECTOR_UNION,
        "QTR-1989",
        "1995-01-01",
    ),
    (
        "KCN-VPH",
        "Công đoàn các Khu công nghiệp tỉnh Vĩnh Phúc",
        "CĐ KCN Vĩnh Phúc",
        K.INDUSTRIAL_ZONE_UNION,
        "VPH-1997",
        "2004-01-01",
    ),
    (
        "VTR",
        "Liên đoàn Lao động thành phố Việt Trì",
        "LĐLĐ Việt Trì",
        K.DISTRICT_FEDERATION,
        "PTO-1997",
        "1997-01-01",
    ),
    (
        "HBH",
        "Liên đoàn Lao động thành phố Hòa Bình",
        "LĐLĐ TP Hòa Bình",
        K.DISTRICT_FEDERATION,
        "HBI-1991",
        "2006-01-01",
    ),
    (
        "HLO",
        "Liên đoàn Lao động thành phố Hạ Long",
        "LĐLĐ Hạ Long",
        K.DISTRICT_FEDERATION,
        "QNI",
        "1994-01-01",
    ),
    (
        "KCN-QNI",
        "Công đoàn các Khu công nghiệp tỉnh Quảng Ninh",
        "CĐ KCN Quảng Ninh",
        K.INDUSTRIAL_ZONE_UNION,
        "QNI",
        "2009-01-01",
    ),
    (
        "CG-HNO",
        "Liên đoàn Lao động quận Cầu Giấy",
        "LĐLĐ Cầu Giấy",
        K.DISTRICT_FEDERATION,
        "HNO",
        "2008-08-01",
    ),
]

GRASSROOTS = [
    ("CS-DHA-01", "Công đoàn cơ sở Công ty Cổ phần May Sông Hiếu", "DHA"),
    ("CS-DHA-02", "Công đoàn cơ sở Bệnh viện Đa khoa khu vực Đông Hà", "DHA"),
    ("CS-DHA-03", "Công đoàn cơ sở Công ty TNHH Gỗ Thành Cổ", "DHA"),
    ("CS-DHO-01", "Công đoàn cơ sở Công ty Cổ phần Cảng Nhật Lệ Xanh", "DHO"),
    ("CS-DHO-02", "Công đoàn cơ sở Công ty TNHH Đồ hộp Bảo Ninh", "DHO"),
    ("CS-KCN-QTR-01", "Công đoàn cơ sở Công ty TNHH Điện gió Hướng Linh Xanh", "KCN-QTR"),
    ("CS-KCN-QTR-02", "Công đoàn cơ sở Công ty Cổ phần Bao bì Nam Đông Hà", "KCN-QTR"),
    ("CS-GD-QTR-01", "Công đoàn cơ sở Trường THPT Lê Thế Hiếu", "GD-QTR"),
    ("CS-GD-QTR-02", "Công đoàn cơ sở Trường Tiểu học Hải Lệ", "GD-QTR"),
    ("CS-KCN-VPH-01", "Công đoàn cơ sở Công ty TNHH Linh kiện Điện tử Tam Đảo", "KCN-VPH"),
    ("CS-KCN-VPH-02", "Công đoàn cơ sở Công ty Cổ phần Ô tô Bình Xuyên", "KCN-VPH"),
    ("CS-KCN-VPH-03", "Công đoàn cơ sở Công ty TNHH Dệt may Phúc Yên Mới", "KCN-VPH"),
    ("CS-VTR-01", "Công đoàn cơ sở Công ty Cổ phần Hóa chất Sông Lô", "VTR"),
    ("CS-VTR-02", "Công đoàn cơ sở Công ty Cổ phần Giấy Bạch Hạc", "VTR"),
    ("CS-VTR-03", "Công đoàn cơ sở Bệnh viện Đa khoa Việt Trì", "VTR"),
    ("CS-HBH-01", "Công đoàn cơ sở Công ty Thủy điện Sông Đà Xanh", "HBH"),
    ("CS-HBH-02", "Công đoàn cơ sở Công ty TNHH Chè Mường Bi", "HBH"),
    ("CS-HLO-01", "Công đoàn cơ sở Công ty Cổ phần Du lịch Vịnh Ngọc", "HLO"),
    ("CS-HLO-02", "Công đoàn cơ sở Công ty TNHH Đóng tàu Hòn Gai", "HLO"),
    ("CS-KCN-QNI-01", "Công đoàn cơ sở Công ty TNHH Sợi Cái Lân", "KCN-QNI"),
    ("CS-KCN-QNI-02", "Công đoàn cơ sở Công ty Cổ phần Cơ khí Đông Mai", "KCN-QNI"),
    ("CS-CG-01", "Công đoàn cơ sở Công ty Cổ phần Phần mềm Dịch Vọng", "CG-HNO"),
    ("CS-CG-02", "Công đoàn cơ sở Trường Đại học Kỹ thuật Nghĩa Tân", "CG-HNO"),
    ("CS-CDDK-01", "Công đoàn cơ sở Công ty Khoan Biển Sao Mai", "CDDK"),
    ("CS-CDDK-02", "Công đoàn cơ sở Nhà máy Đạm Rạng Đông", "CDDK"),
    ("CS-CDTKS-01", "Công đoàn cơ sở Công ty Than Núi Hồng", "CDTKS"),
    ("CS-CDTKS-02", "Công đoàn cơ sở Công ty Tuyển than Cửa Ông Mới", "CDTKS"),
    ("CS-CDTKS-03", "Công đoàn cơ sở Công ty Cơ điện Mông Dương", "CDTKS"),
    ("CS-QNI-01", "Công đoàn cơ sở Trung tâm Y tế Vân Đồn", "QNI"),
    ("CS-HNO-01", "Nghiệp đoàn Xe công nghệ Hà Nội", "HNO"),
]

FAMILY_NAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trương",
    "Mai",
    "Hà",
]
MIDDLE_NAMES_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Xuân", "Đình", "Anh"]
MIDDLE_NAMES_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Phương", "Minh", "Diệu", "Bích"]
GIVEN_NAMES_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hùng",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Tài",
    "Thắng",
    "Toàn",
    "Trung",
    "Vinh",
]
GIVEN_NAMES_F = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Trang",
    "Yến",
]
POSITIONS = [
    "Công nhân vận hành",
    "Kỹ thuật viên",
    "Tổ trưởng sản xuất",
    "Nhân viên kế toán",
    "Kỹ sư cơ khí",
    "Giáo viên",
    "Điều dưỡng",
    "Bác sĩ",
    "Nhân viên kinh doanh",
    "Trưởng ca",
    "Thợ hàn",
    "Lái xe",
]
QUALIFICATIONS = [
    "Công nhân kỹ thuật bậc 4/7",
    "Trung cấp",
    "Cao đẳng",
    "Đại học",
    "Thạc sĩ",
    "Kỹ sư",
    "Cử nhân",
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    phone: str
    last_name: str
    first_name: str
    role: str | None
    unit_code: str | None
    description: str
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount(
        "quantri@demo.congdoan.vn",
        "0900000001",
        "Trần Quốc",
        "Bảo",
        None,
        None,
        "Quản trị hệ thống (superuser)",
        superuser=True,
    ),
    DemoAccount(
        "canbo.tld@demo.congdoan.vn",
        "0900000002",
        "Lê Thị",
        "Hồng",
        Role.OFFICER,
        "TLD",
        "Cán bộ Tổng Liên đoàn (toàn quốc)",
    ),
    DemoAccount(
        "canbo.quangtri@demo.congdoan.vn",
        "0900000003",
        "Hoàng Văn",
        "Thành",
        Role.OFFICER,
        "QTR",
        "Cán bộ LĐLĐ tỉnh Quảng Trị",
    ),
    DemoAccount(
        "canbo.cdcs@demo.congdoan.vn",
        "0900000004",
        "Phạm Thị",
        "Lan",
        Role.OFFICER,
        "CS-DHA-01",
        "Cán bộ CĐCS Công ty CP May Sông Hiếu",
    ),
    DemoAccount(
        "xem.phutho@demo.congdoan.vn",
        "0900000005",
        "Vũ Minh",
        "Tuấn",
        Role.VIEWER,
        "PTO",
        "Người xem LĐLĐ tỉnh Phú Thọ",
    ),
    DemoAccount(
        "quantri.quangninh@demo.congdoan.vn",
        "0900000006",
        "Đặng Thu",
        "Hà",
        Role.ADMINISTRATOR,
        "QNI",
        "Quản trị LĐLĐ tỉnh Quảng Ninh",
    ),
    DemoAccount(
        "bientap@demo.congdoan.vn",
        "0900000007",
        "Ngô Thanh",
        "Tâm",
        Role.EDITOR,
        "TLD",
        "Biên tập viên trang tin",
    ),
    DemoAccount(
        "doanvien@demo.congdoan.vn",
        "0912345678",
        "Nguyễn Văn",
        "Minh",
        None,
        None,
        "Đoàn viên CĐCS Công ty CP May Sông Hiếu",
    ),
    DemoAccount(
        "kiemduyet@demo.congdoan.vn",
        "0900000008",
        "Lương Thị",
        "Huyền",
        Role.EDITOR,
        "TLD",
        "Kiểm duyệt viên trang tin",
    ),
    DemoAccount(
        "bientap.quangtri@demo.congdoan.vn",
        "0900000009",
        "Trịnh Văn",
        "Lộc",
        Role.EDITOR,
        "QTR",
        "Biên tập viên mục tin LĐLĐ tỉnh Quảng Trị",
    ),
]


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _create(code, name, short_name, kind, parent_code, valid_from):
    parent = Unit.objects.get(code=parent_code) if parent_code else None
    return services.unit_create(
        parent=parent,
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        valid_from=_date(valid_from) if isinstance(valid_from, str) else valid_from,
        note="Dữ liệu mẫu",
    )


def _restructure_2025(actor: User | None) -> None:
    note = "Thực hiện sắp xếp tổ chức bộ máy Công đoàn từ 01/07/2025 (dữ liệu mẫu)"
    by_code = lambda code: Unit.objects.get(code=code)  # noqa: E731
    tld = by_code("TLD")
    for code, name, short_name, sources in [
        ("QTR", "Liên đoàn Lao động tỉnh Quảng Trị", "LĐLĐ Quảng Trị", ["QBI-1989", "QTR-1989"]),
        (
            "PTO",
            "Liên đoàn Lao động tỉnh Phú Thọ",
            "LĐLĐ Phú Thọ",
            ["VPH-1997", "HBI-1991", "PTO-1997"],
        ),
    ]:
        services.unit_merge(
            sources=[by_code(source) for source in sources],
            new_unit=services.NewUnit(
                code=code, name=name, short_name=short_name, kind=UnitKind.PROVINCIAL_FEDERATION
            ),
            new_unit_parent=tld,
            effective_date=REFORM_DAY,
            actor=actor,
            note=note,
        )
    services.unit_rename(
        unit=by_code("KCN-VPH"),
        name="Công đoàn các Khu công nghiệp tỉnh Phú Thọ",
        short_name="CĐ KCN Phú Thọ",
        effective_date=REFORM_DAY,
        actor=actor,
        note=note,
    )
    # Commune and ward unions take over from the abolished district federations.
    for code, name, short_name, parent in [
        ("P-DHA", "Công đoàn phường Đông Hà", "CĐ phường Đông Hà", "QTR"),
        ("P-DHO", "Công đoàn phường Đồng Hới", "CĐ phường Đồng Hới", "QTR"),
        ("P-HLO", "Công đoàn phường Hạ Long", "CĐ phường Hạ Long", "QNI"),
    ]:
        _create(code, name, short_name, UnitKind.COMMUNE_UNION, parent, REFORM_DAY)
    for district, receiver in [
        ("DHA", "QTR"),
        ("DHO", "P-DHO"),
        ("VTR", "PTO"),
        ("HBH", "PTO"),
        ("HLO", "P-HLO"),
        ("CG-HNO", "HNO"),
    ]:
        services.unit_dissolve(
            unit=by_code(district),
            receiver=by_code(receiver),
            effective_date=REFORM_DAY,
            actor=actor,
            note=note,
        )


def _person(rng: random.Random, index: int) -> tuple[str, str]:
    if rng.random() < 0.5:
        middle, given = rng.choice(MIDDLE_NAMES_M), rng.choice(GIVEN_NAMES_M)
    else:
        middle, given = rng.choice(MIDDLE_NAMES_F), rng.choice(GIVEN_NAMES_F)
    return f"{rng.choice(FAMILY_NAMES)} {middle}", given


def _members(password_hash: str) -> None:
    rng = random.Random(20251)
    grassroots = [Unit.objects.get(code=code) for code, _name, _parent in GRASSROOTS]
    users = []
    for index in range(1, 301):
        last_name, first_name = _person(rng, index)
        users.append(
            User(
                email=f"doanvien{index:03d}@demo.congdoan.vn" if index % 3 else None,
                phone=f"098{index:07d}",
                last_name=last_name,
                first_name=first_name,
                date_of_birth=datetime.date(
                    rng.randint(1968, 2003), rng.randint(1, 12), rng.randint(1, 28)
                ),
                password=password_hash,
            )
        )
    User.objects.bulk_create(users)
    created = {user.phone: user for user in User.objects.filter(phone__in=[u.phone for u in users])}
    for index in range(1, 301):
        user = created[f"098{index:07d}"]
        unit = grassroots[(index - 1) % len(grassroots)]
        services.membership_start(
            user=user,
            unit=unit,
            valid_from=datetime.date(
                rng.randint(2010, 2024), rng.randint(1, 12), rng.randint(1, 28)
            ),
            card_number=f"{unit.code.split('-')[1]}{index:06d}",
            position=rng.choice(POSITIONS),
            qualification=rng.choice(QUALIFICATIONS),
        )


def _accounts(password_hash: str, accounts: list[DemoAccount]) -> None:
    member_unit = Unit.objects.get(code="CS-DHA-01")
    for account in accounts:
        user = User.objects.create(
            email=account.email,
            phone=account.phone,
            last_name=account.last_name,
            first_name=account.first_name,
            is_superuser=account.superuser,
            is_staff=account.superuser,
            password=password_hash,
        )
        if account.role:
            services.role_grant(
                user=user,
                unit=Unit.objects.get(code=account.unit_code),
                role=account.role,
                valid_from=REFORM_DAY,
            )
        if account.unit_code == "CS-DHA-01" or account.role is None and not account.superuser:
            services.membership_start(
                user=user,
                unit=member_unit,
                valid_from=datetime.date(2016, 3, 8),
                card_number=f"DHA{user.pk:06d}",
                position="Kỹ thuật viên bảo trì" if account.role is None else "Chủ tịch công đoàn",
                qualification="Kỹ sư",
            )


# Steps that apps above emulation add to the demo (e.g. initiatives), registered from their
# AppConfig.ready(): emulation never imports them. Each step is idempotent and returns whether it
# changed anything.
DemoStep = Callable[[], bool]
_demo_steps: list[tuple[int, DemoStep]] = []


def register_demo_step(step: DemoStep, *, order: int = 50) -> DemoStep:
    """Run ``step`` after the organisation tree, in ``order`` (lower first; equal orders keep
    the order of registration). Steps that need the others' data (pledges counting recognised
    initiatives) register with a higher order."""
    if all(registered is not step for _, registered in _demo_steps):
        _demo_steps.append((order, step))
        _demo_steps.sort(key=lambda item: item[0])
    return step


# Lines that apps above emulation print after the demo logins (e.g. the address where a demo
# certificate is verified), registered the same way. Each returns its line, or None.
DemoNote = Callable[[], str | None]
_demo_notes: list[DemoNote] = []


def register_demo_note(note: DemoNote) -> DemoNote:
    if note not in _demo_notes:
        _demo_notes.append(note)
    return note


def demo_notes() -> list[str]:
    return [line for note in _demo_notes if (line := note())]


@transaction.atomic
def seed_demo() -> bool:
    """Load the demo data once, then run the registered demo steps of the other apps. Returns
    False (and changes nothing) when everything is already there."""
    created = _seed_federation()
    changed = [step() for _, step in _demo_steps]
    return created or any(changed)


def _seed_federation() -> bool:
    if Unit.objects.filter(code="TLD").exists():
        return False
    password_hash = make_password(DEMO_PASSWORD)
    for row in BEFORE_2025:
        _create(*row)
    for code, name, parent in GRASSROOTS:
        _create(
            code,
            name,
            "",
            UnitKind.PROFESSIONAL_UNION if "Nghiệp đoàn" in name else UnitKind.GRASSROOTS_UNION,
            parent,
            "2010-01-01",
        )
    _members(password_hash)
    superusers = [account for account in DEMO_ACCOUNTS if account.superuser]
    _accounts(password_hash, superusers)
    _restructure_2025(actor=User.objects.get(email=superusers[0].email))
    _accounts(password_hash, [account for account in DEMO_ACCOUNTS if not account.superuser])
    # One member's move between grassroots unions, kept as history.
    mover = Membership.objects.filter(unit__code="CS-DHA-02", valid_to__isnull=True).first()
    if mover is not None:
        services.membership_move(
            membership=mover,
            unit=Unit.objects.get(code="CS-KCN-QTR-01"),
            effective_date=datetime.date(2025, 9, 15),
        )
    return True


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(description, e-mail, phone, password) for each demo account that exists."""
    existing = set(
        User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).values_list(
            "email", flat=True
        )
    )
    return [
        (a.description, a.email, a.phone, DEMO_PASSWORD)
        for a in DEMO_ACCOUNTS
        if a.email in existing
    ]
