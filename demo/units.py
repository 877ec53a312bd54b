"""The demo federation's units: a realistic slice of the Vietnamese trade union as it stood
before the 2025 restructuring, and the restructuring itself (mergers of provinces on 1 July 2025,
district federations and provincial sector unions dissolved with their grassroots unions moving
under commune, ward and special-zone unions or the provincial federation itself), recorded
through the real services exactly as an officer would record it. Names of enterprises and
schools are invented for the demo."""

import datetime

from accounts.models import User
from unions import services
from unions.enums import UnitKind
from unions.models import Unit

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


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def unit_build(code, name, short_name, kind, parent_code, valid_from) -> Unit:
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


def units_build() -> None:
    """The units as they stood before the 2025 restructuring."""
    for row in BEFORE_2025:
        unit_build(*row)
    for code, name, parent in GRASSROOTS:
        unit_build(
            code,
            name,
            "",
            UnitKind.PROFESSIONAL_UNION if "Nghiệp đoàn" in name else UnitKind.GRASSROOTS_UNION,
            parent,
            "2010-01-01",
        )


def restructure_2025(actor: User | None) -> None:
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
        unit_build(code, name, short_name, UnitKind.COMMUNE_UNION, parent, REFORM_DAY)
    _sector_unions_end(actor, note)
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


def _sector_unions_end(actor: User | None, note: str) -> None:
    """Provincial sector unions end on 1 July 2025 (issue 13 §6): the education union of
    Quảng Trị hands its schools to the ward union where each school stands, or, for a school
    the province runs, to the provincial federation itself; then it is dissolved. The special
    zone of Vân Đồn gets its own union, and the zone's health centre moves under it."""
    by_code = lambda code: Unit.objects.get(code=code)  # noqa: E731
    unit_build(
        "P-QTRI",
        "Công đoàn phường Quảng Trị",
        "CĐ phường Quảng Trị",
        UnitKind.COMMUNE_UNION,
        "QTR",
        REFORM_DAY,
    )
    unit_build(
        "DK-VDO",
        "Công đoàn đặc khu Vân Đồn",
        "CĐ đặc khu Vân Đồn",
        UnitKind.SPECIAL_ZONE_UNION,
        "QNI",
        REFORM_DAY,
    )
    for code, new_parent in [
        ("CS-GD-QTR-01", "QTR"),  # a high school: the province runs it
        ("CS-GD-QTR-02", "P-QTRI"),  # a primary school of the ward
        ("CS-QNI-01", "DK-VDO"),
    ]:
        services.unit_move(
            unit=by_code(code),
            new_parent=by_code(new_parent),
            effective_date=REFORM_DAY,
            actor=actor,
            note=note,
        )
    services.unit_dissolve(
        unit=by_code("GD-QTR"), effective_date=REFORM_DAY, actor=actor, note=note
    )
