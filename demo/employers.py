"""The demo's employers: the agency, public service unit or enterprise (the "cơ sở" of Decree
13/2012/NĐ-CP) where each demo grassroots union sits, recorded through the employer services.

Every grassroots union of the demo gets one, so ``unions.selectors.employers.employer_of`` answers
for each of them on any day of the demo's history (their links start with the unions, in 2010).
One employer holds two grassroots unions (an oil and gas corporation with a drilling company and
a fertiliser plant, each with its own union: Circular 18/2013/TT-BKHCN Art. 2 lets the legal
entity be the cơ sở of its dependent units). Two history examples: a new general director at
the Sông Hiếu garment company on 1 March 2025, and two coal companies merged on 1 July 2024 (both
unions then sit at the successor). Names, tax codes and people are invented for the demo.
"""

import datetime
from dataclasses import dataclass

from accounts.models import User
from demo.clock import DemoClock
from unions.enums import EmployerKind
from unions.models import Employer, Unit
from unions.services.employers import (
    EmployerData,
    employer_create,
    employer_link_union,
    employer_merge,
    employer_update,
)

K = EmployerKind
SINCE = datetime.date(2010, 1, 1)  # the demo's grassroots unions were established then
NOTE = "Dữ liệu mẫu"
HEAD_CHANGE_DAY = datetime.date(2025, 3, 1)
MERGER_DAY = datetime.date(2024, 7, 1)


@dataclass(frozen=True)
class DemoEmployer:
    code: str
    name: str
    kind: str
    tax_code: str
    head_name: str
    head_title: str
    address: str
    unions: tuple[str, ...]


EMPLOYERS = [
    DemoEmployer(
        "CS-SONGHIEU",
        "Công ty Cổ phần May Sông Hiếu",
        K.PRIVATE,
        "3200102345",
        "Lê Văn Hùng",
        "Tổng Giám đốc",
        "Số 12 Lê Lợi, phường Đông Hà, tỉnh Quảng Trị",
        ("CS-DHA-01",),
    ),
    DemoEmployer(
        "CS-BVDH",
        "Bệnh viện Đa khoa khu vực Đông Hà",
        K.PUBLIC_SERVICE_UNIT,
        "1023456",
        "Nguyễn Thị Thu Hà",
        "Giám đốc",
        "Số 30 Hùng Vương, phường Đông Hà, tỉnh Quảng Trị",
        ("CS-DHA-02",),
    ),
    DemoEmployer(
        "CS-GOTHANHCO",
        "Công ty TNHH Gỗ Thành Cổ",
        K.PRIVATE,
        "3200456781",
        "Phan Đình Lộc",
        "Giám đốc",
        "Cụm công nghiệp Đông Lễ, phường Đông Hà, tỉnh Quảng Trị",
        ("CS-DHA-03",),
    ),
    DemoEmployer(
        "CS-CANGNHATLE",
        "Công ty Cổ phần Cảng Nhật Lệ Xanh",
        K.STATE_OWNED,
        "3100234567",
        "Hoàng Minh Tuấn",
        "Giám đốc",
        "Số 2 Quách Xuân Kỳ, phường Đồng Hới, tỉnh Quảng Trị",
        ("CS-DHO-01",),
    ),
    DemoEmployer(
        "CS-BAONINH",
        "Công ty TNHH Đồ hộp Bảo Ninh",
        K.PRIVATE,
        "3100567812",
        "Trương Thị Liên",
        "Giám đốc",
        "Thôn Hải Thành, phường Đồng Hới, tỉnh Quảng Trị",
        ("CS-DHO-02",),
    ),
    DemoEmployer(
        "CS-HUONGLINH",
        "Công ty TNHH Điện gió Hướng Linh Xanh",
        K.FOREIGN_INVESTED,
        "3200678901",
        "Kim Sung-ho",
        "Tổng Giám đốc",
        "Khu kinh tế Đông Nam Quảng Trị, tỉnh Quảng Trị",
        ("CS-KCN-QTR-01",),
    ),
    DemoEmployer(
        "CS-BAOBI",
        "Công ty Cổ phần Bao bì Nam Đông Hà",
        K.PRIVATE,
        "3200789012",
        "Võ Văn Thắng",
        "Giám đốc",
        "Khu công nghiệp Nam Đông Hà, tỉnh Quảng Trị",
        ("CS-KCN-QTR-02",),
    ),
    DemoEmployer(
        "CS-LETHEHIEU",
        "Trường THPT Lê Thế Hiếu",
        K.PUBLIC_SERVICE_UNIT,
        "1034567",
        "Đặng Thị Kim Oanh",
        "Hiệu trưởng",
        "Số 1 Trần Hưng Đạo, phường Quảng Trị, tỉnh Quảng Trị",
        ("CS-GD-QTR-01",),
    ),
    DemoEmployer(
        "CS-HAILE",
        "Trường Tiểu học Hải Lệ",
        K.PUBLIC_SERVICE_UNIT,
        "1045678",
        "Nguyễn Văn Sơn",
        "Hiệu trưởng",
        "Thôn Như Lệ, xã Hải Lệ, tỉnh Quảng Trị",
        ("CS-GD-QTR-02",),
    ),
    DemoEmployer(
        "CS-TAMDAO",
        "Công ty TNHH Linh kiện Điện tử Tam Đảo",
        K.FOREIGN_INVESTED,
        "2500345678",
        "Park Ji-won",
        "Tổng Giám đốc",
        "Khu công nghiệp Bá Thiện, tỉnh Phú Thọ",
        ("CS-KCN-VPH-01",),
    ),
    DemoEmployer(
        "CS-BINHXUYEN",
        "Công ty Cổ phần Ô tô Bình Xuyên",
        K.PRIVATE,
        "2500456789",
        "Đỗ Quang Vinh",
        "Tổng Giám đốc",
        "Khu công nghiệp Bình Xuyên, tỉnh Phú Thọ",
        ("CS-KCN-VPH-02",),
    ),
    DemoEmployer(
        "CS-PHUCYEN",
        "Công ty TNHH Dệt may Phúc Yên Mới",
        K.FOREIGN_INVESTED,
        "2500567890",
        "Lin Wei-ming",
        "Giám đốc",
        "Khu công nghiệp Phúc Yên, tỉnh Phú Thọ",
        ("CS-KCN-VPH-03",),
    ),
    DemoEmployer(
        "CS-HOACHATSL",
        "Công ty Cổ phần Hóa chất Sông Lô",
        K.STATE_OWNED,
        "2600123456",
        "Bùi Đức Thịnh",
        "Tổng Giám đốc",
        "Phường Thọ Sơn, tỉnh Phú Thọ",
        ("CS-VTR-01",),
    ),
    DemoEmployer(
        "CS-BACHHAC",
        "Công ty Cổ phần Giấy Bạch Hạc",
        K.PRIVATE,
        "2600234567",
        "Hà Thị Ngọc",
        "Giám đốc",
        "Phường Bạch Hạc, tỉnh Phú Thọ",
        ("CS-VTR-02",),
    ),
    DemoEmployer(
        "CS-BVVIETTRI",
        "Bệnh viện Đa khoa Việt Trì",
        K.PUBLIC_SERVICE_UNIT,
        "1056789",
        "Phùng Văn Khải",
        "Giám đốc",
        "Phường Gia Cẩm, tỉnh Phú Thọ",
        ("CS-VTR-03",),
    ),
    DemoEmployer(
        "CS-SONGDAXANH",
        "Công ty Thủy điện Sông Đà Xanh",
        K.STATE_OWNED,
        "5400123456",
        "Đinh Công Tráng",
        "Giám đốc",
        "Phường Hòa Bình, tỉnh Phú Thọ",
        ("CS-HBH-01",),
    ),
    DemoEmployer(
        "CS-MUONGBI",
        "Công ty TNHH Chè Mường Bi",
        K.PRIVATE,
        "5400234567",
        "Bạch Thị Hoa",
        "Giám đốc",
        "Xã Mường Bi, tỉnh Phú Thọ",
        ("CS-HBH-02",),
    ),
    DemoEmployer(
        "CS-VINHNGOC",
        "Công ty Cổ phần Du lịch Vịnh Ngọc",
        K.PRIVATE,
        "5700123456",
        "Vũ Thanh Bình",
        "Tổng Giám đốc",
        "Đường Hạ Long, phường Bãi Cháy, tỉnh Quảng Ninh",
        ("CS-HLO-01",),
    ),
    DemoEmployer(
        "CS-DONGTAUHG",
        "Công ty TNHH Đóng tàu Hòn Gai",
        K.STATE_OWNED,
        "5700234567",
        "Ngô Văn Hải",
        "Giám đốc",
        "Phường Hồng Gai, tỉnh Quảng Ninh",
        ("CS-HLO-02",),
    ),
    DemoEmployer(
        "CS-SOICAILAN",
        "Công ty TNHH Sợi Cái Lân",
        K.FOREIGN_INVESTED,
        "5700345678",
        "Chen Jian-guo",
        "Tổng Giám đốc",
        "Khu công nghiệp Cái Lân, tỉnh Quảng Ninh",
        ("CS-KCN-QNI-01",),
    ),
    DemoEmployer(
        "CS-COKHIDM",
        "Công ty Cổ phần Cơ khí Đông Mai",
        K.PRIVATE,
        "5700456789",
        "Lương Văn Quý",
        "Giám đốc",
        "Khu công nghiệp Đông Mai, tỉnh Quảng Ninh",
        ("CS-KCN-QNI-02",),
    ),
    DemoEmployer(
        "CS-DICHVONG",
        "Công ty Cổ phần Phần mềm Dịch Vọng",
        K.PRIVATE,
        "0101234567",
        "Trịnh Hoàng Nam",
        "Tổng Giám đốc",
        "Số 8 Trần Thái Tông, phường Cầu Giấy, thành phố Hà Nội",
        ("CS-CG-01",),
    ),
    DemoEmployer(
        "CS-DHKTNT",
        "Trường Đại học Kỹ thuật Nghĩa Tân",
        K.PUBLIC_SERVICE_UNIT,
        "1067890",
        "GS.TS. Tạ Quang Minh",
        "Hiệu trưởng",
        "Số 144 Hoàng Quốc Việt, phường Nghĩa Đô, thành phố Hà Nội",
        ("CS-CG-02",),
    ),
    # One employer, two grassroots unions: the drilling company and the fertiliser plant are
    # dependent units of the corporation, which is the cơ sở for both.
    DemoEmployer(
        "CS-SAOMAI",
        "Tổng công ty Dầu khí Sao Mai – Rạng Đông",
        K.STATE_OWNED,
        "3500123456",
        "Phạm Quốc Khánh",
        "Tổng Giám đốc",
        "Số 65 đường 30/4, phường Vũng Tàu, thành phố Hồ Chí Minh",
        ("CS-CDDK-01", "CS-CDDK-02"),
    ),
    DemoEmployer(
        "CS-NUIHONG",
        "Công ty Than Núi Hồng – TKV",
        K.STATE_OWNED,
        "5700567890",
        "Đoàn Văn Kiên",
        "Giám đốc",
        "Phường Cẩm Phả, tỉnh Quảng Ninh",
        ("CS-CDTKS-01",),
    ),
    DemoEmployer(
        "CS-CUAONG",
        "Công ty Tuyển than Cửa Ông Mới – TKV",
        K.STATE_OWNED,
        "5700678901",
        "Nguyễn Hữu Toàn",
        "Giám đốc",
        "Phường Cửa Ông, tỉnh Quảng Ninh",
        ("CS-CDTKS-02",),
    ),
    DemoEmployer(
        "CS-MONGDUONG",
        "Công ty Cơ điện Mông Dương – TKV",
        K.STATE_OWNED,
        "5700789012",
        "Lại Thế Anh",
        "Giám đốc",
        "Phường Mông Dương, tỉnh Quảng Ninh",
        ("CS-CDTKS-03",),
    ),
    DemoEmployer(
        "CS-TTYTVANDON",
        "Trung tâm Y tế đặc khu Vân Đồn",
        K.PUBLIC_SERVICE_UNIT,
        "1078901",
        "Hà Văn Lực",
        "Giám đốc",
        "Đặc khu Vân Đồn, tỉnh Quảng Ninh",
        ("CS-QNI-01",),
    ),
    DemoEmployer(
        "CS-HTXTHANGLONG",
        "Hợp tác xã Vận tải Công nghệ Thăng Long",
        K.OTHER,
        "0109876543",
        "Cao Văn Dũng",
        "Chủ nhiệm Hợp tác xã",
        "Số 20 Phạm Hùng, phường Từ Liêm, thành phố Hà Nội",
        ("CS-HNO-01",),
    ),
]

# The coal companies merged on ``MERGER_DAY``: the screening company joins Núi Hồng, which takes
# a new name.
MERGED_COAL = ("CS-CUAONG", "CS-NUIHONG")
MERGED_COAL_NAME = "Công ty Than Núi Hồng – Cửa Ông – TKV"


def _data(row: DemoEmployer, **overrides) -> EmployerData:
    values = {
        "code": row.code,
        "name": row.name,
        "kind": row.kind,
        "tax_code": row.tax_code,
        "head_name": row.head_name,
        "head_title": row.head_title,
        "address": row.address,
    }
    values.update(overrides)
    return EmployerData(**values)


def seed_employers() -> bool:
    """Give every demo grassroots union its employer, with a head change and a merger as
    history; False when the demo federation is missing or the employers are there already."""
    if not Unit.objects.filter(code="TLD").exists() or Employer.objects.exists():
        return False
    clock = DemoClock()
    actor = User.objects.filter(is_superuser=True).order_by("pk").first()
    by_code: dict[str, Employer] = {}
    for row in EMPLOYERS:
        employer = clock.run(
            clock.moment(SINCE, 8),
            employer_create,
            data=_data(row),
            valid_from=SINCE,
            note=NOTE,
        )
        for unit_code in row.unions:
            unit = Unit.objects.get(code=unit_code)
            clock.run(
                clock.moment(SINCE, 8),
                employer_link_union,
                employer=employer,
                unit=unit,
                valid_from=max(SINCE, unit.valid_from),
                note=NOTE,
            )
        by_code[row.code] = employer
    source, target = (by_code[code] for code in MERGED_COAL)
    clock.run(
        clock.moment(MERGER_DAY, 8),
        employer_merge,
        sources=[source],
        target=target,
        effective_date=MERGER_DAY,
        actor=actor,
        note="Quyết định số 1234/QĐ-TKV ngày 15/6/2024 về việc sáp nhập (dữ liệu mẫu)",
    )
    coal = next(row for row in EMPLOYERS if row.code == MERGED_COAL[1])
    clock.run(
        clock.moment(MERGER_DAY, 9),
        employer_update,
        employer=target,
        data=_data(coal, code="", name=MERGED_COAL_NAME),
        effective_date=MERGER_DAY,
        actor=actor,
        note="Đổi tên sau sáp nhập (dữ liệu mẫu)",
    )
    garment = next(row for row in EMPLOYERS if row.code == "CS-SONGHIEU")
    clock.run(
        clock.moment(HEAD_CHANGE_DAY, 10),
        employer_update,
        employer=by_code["CS-SONGHIEU"],
        data=_data(garment, code="", head_name="Trần Thị Minh Nguyệt"),
        effective_date=HEAD_CHANGE_DAY,
        actor=actor,
        note="Nghị quyết Hội đồng quản trị số 05/2025/NQ-HĐQT bổ nhiệm Tổng Giám đốc (dữ liệu mẫu)",
    )
    return True
