"""The demo accounts ``make run`` prints, each with its role on a unit of the demo federation;
all share one published password (the demo is installed by the dev and test settings only)."""

import datetime
from dataclasses import dataclass

from accounts.models import User
from unions import services
from unions.enums import Role
from unions.models import Unit

DEMO_PASSWORD = "Demo@2026"
DEMO_MEMBER_EMAIL = "doanvien@demo.congdoan.vn"  # the member who writes dossiers and scores
MEMBER_UNIT = "CS-DHA-01"  # where the demo member and the grassroots officer belong
# Roles on units that were there before the 2025 restructuring are held since the start of 2024,
# before the demo's history (the last two years) begins, so their holders act in all of it;
# roles on the provinces the restructuring formed, from its day.
ROLES_SINCE = datetime.date(2024, 1, 1)


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


def accounts_create(password_hash: str, accounts: list[DemoAccount]) -> None:
    """Create ``accounts`` with their roles, and the memberships of the member accounts."""
    member_unit = Unit.objects.get(code=MEMBER_UNIT)
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
            unit = Unit.objects.get(code=account.unit_code)
            services.role_grant(
                user=user,
                unit=unit,
                role=account.role,
                valid_from=max(ROLES_SINCE, unit.valid_from),
            )
        if account.unit_code == MEMBER_UNIT or account.role is None and not account.superuser:
            services.membership_start(
                user=user,
                unit=member_unit,
                valid_from=datetime.date(2016, 3, 8),
                # A series of its own: the federation numbers its members DHA000001…
                card_number=f"DHA-TK{user.pk:05d}",
                position="Kỹ thuật viên bảo trì" if account.role is None else "Chủ tịch công đoàn",
                qualification="Kỹ sư",
            )


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
