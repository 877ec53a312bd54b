"""The plan of the demo review rounds in the province of Quảng Trị: the rubrics, the grassroots
rounds with their dossiers and what each council makes of them, the round in scoring, the
provincial and national rounds, and the demo accounts seated on councils."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from awards.enums import CouncilRole
from awards.services import CriterionData
from demo.accounts import DEMO_MEMBER_EMAIL
from demo.dossiers.texts import at_place
from initiatives.enums import InitiativeField

F = InitiativeField
SEED = 20254

GRASSROOTS_RUBRIC = "Thang điểm xét công nhận sáng kiến cấp cơ sở"
PROVINCIAL_RUBRIC = "Thang điểm xét chọn sáng kiến cấp tỉnh"
PROVINCE = "QTR"
NATION = "TLD"

# Demo accounts on the council of the round in scoring (see demo.accounts.DEMO_ACCOUNTS).
CHAIR_EMAIL = "canbo.quangtri@demo.congdoan.vn"
SECRETARY_EMAIL = "canbo.cdcs@demo.congdoan.vn"
MEMBER_EMAIL = DEMO_MEMBER_EMAIL
SEATED_ACCOUNTS = {
    CHAIR_EMAIL: (CouncilRole.CHAIR, "Cán bộ Liên đoàn Lao động tỉnh Quảng Trị"),
    SECRETARY_EMAIL: (
        CouncilRole.SECRETARY,
        "Chủ tịch Công đoàn cơ sở Công ty Cổ phần May Sông Hiếu",
    ),
    MEMBER_EMAIL: (CouncilRole.MEMBER, "Kỹ thuật viên bảo trì, Công ty Cổ phần May Sông Hiếu"),
}

# --- the rubrics: migration 0002_seed_rubrics makes them; made here only if it has not ------

D = Decimal
GRASSROOTS_CRITERIA = [
    CriterionData(
        name="Tính mới",
        max_points=D(30),
        guidance=(
            "Mức độ mới của giải pháp so với cách làm đang áp dụng tại cơ sở trước ngày nộp "
            "đơn. Giải pháp đã được áp dụng, công bố hoặc quy định tại cơ sở thì chấm 0 điểm "
            "và hồ sơ bị loại."
        ),
        eliminatory=True,
        bands=(
            (D(27), D(30), "Hoàn toàn mới tại cơ sở"),
            (D(21), D(26), "Mới, thay đổi căn bản cách làm cũ"),
            (D(16), D(20), "Cải tiến rõ rệt một phần cách làm cũ"),
            (D(1), D(15), "Cải tiến nhỏ, dựa nhiều vào giải pháp sẵn có"),
            (D(0), D(0), "Không có tính mới (loại)"),
        ),
    ),
    CriterionData(
        name="Khả năng áp dụng",
        max_points=D(30),
        guidance=(
            "Giải pháp đã được áp dụng hoặc áp dụng thử có kết quả tại cơ sở; điều kiện cần "
            "để áp dụng và khả năng nhân rộng sang bộ phận, đơn vị khác."
        ),
    ),
    CriterionData(
        name="Hiệu quả và lợi ích",
        max_points=D(40),
        guidance=(
            "Giá trị làm lợi có căn cứ tính toán (thời gian, vật tư, năng lượng, chi phí tiết "
            "kiệm được) và lợi ích xã hội: an toàn, điều kiện làm việc, môi trường."
        ),
    ),
]
PROVINCIAL_CRITERIA = [
    CriterionData(
        name="Tính mới và sáng tạo",
        max_points=D(25),
        guidance="So với các giải pháp đã được công nhận hoặc áp dụng trong tỉnh, thành phố.",
        eliminatory=True,
    ),
    CriterionData(
        name="Phạm vi ảnh hưởng",
        max_points=D(25),
        guidance="Số đơn vị, số người lao động được hưởng lợi và mức độ lan tỏa.",
    ),
    CriterionData(
        name="Giá trị làm lợi",
        max_points=D(35),
        guidance="Giá trị làm lợi trong một năm áp dụng, theo số liệu của đơn vị áp dụng.",
    ),
    CriterionData(
        name="Khả năng nhân rộng",
        max_points=D(15),
        guidance="Chi phí, thiết bị, trình độ cần có để đơn vị khác áp dụng.",
    ),
]

# --- the dossiers and the rounds ----------------------------------------------------------

PASS, DISAGREE, ELIMINATED, BELOW, RETURN = "pass", "disagree", "eliminated", "below", "return"


@dataclass(frozen=True)
class DossierSpec:
    title: str  # as the title starts; the place follows ("… tại <place>")
    task: str  # the work it changes, as a noun phrase
    place: str
    field: str
    fate: str = PASS  # what the council makes of it (closed rounds)
    reason: str = ""  # the council's reasons, for the dossiers not recognised or returned
    by_demo_member: bool = False


@dataclass(frozen=True)
class GrassrootsPlan:
    unit_code: str
    title: str  # with {year} (and {previous}) filled from the day it opened
    opened_ago: int  # days before today
    dossiers: tuple[DossierSpec, ...]
    signer_name: str = ""
    signer_title: str = ""
    forward_quota: int | None = None
    nominate: int = 0  # how many recognised dossiers go up to the provincial round
    declared_conflict: tuple[int, str] | None = None  # (dossier index, reason)


CLOSED_ROUNDS = [
    GrassrootsPlan(
        unit_code="CS-KCN-QTR-01",
        title="Xét công nhận sáng kiến, cải tiến kỹ thuật năm {year}",
        opened_ago=420,
        signer_name="Trần Đức Khải",
        signer_title="Giám đốc Công ty TNHH Điện gió Hướng Linh Xanh",
        forward_quota=1,
        nominate=1,
        dossiers=(
            DossierSpec(
                "Chế tạo giá nâng hỗ trợ thay bộ lọc dầu hộp số tua-bin",
                "việc thay bộ lọc dầu hộp số",
                "cụm tua-bin số 5",
                F.MECHANICAL,
            ),
            DossierSpec(
                "Lập biểu đồ theo dõi rung động ổ trục máy phát theo mùa gió",
                "việc theo dõi rung động ổ trục máy phát",
                "phòng điều khiển trung tâm",
                F.DIGITAL,
            ),
            DossierSpec(
                "Cải tiến quy trình leo tháp với hai điểm neo liên tục",
                "việc leo tháp kiểm tra định kỳ",
                "đội bảo dưỡng",
                F.SAFETY,
            ),
            DossierSpec(
                "Sơn lại vạch chỉ dẫn lối đi trong sân trạm",
                "việc chỉ dẫn lối đi cho người vào sân trạm",
                "trạm biến áp 110 kV",
                F.SAFETY,
                fate=BELOW,
                reason=(
                    "Tổng điểm bình quân dưới ngưỡng 50 điểm. Nội dung chủ yếu là công việc bảo "
                    "trì theo kế hoạch hằng năm của trạm; hồ sơ chưa có số liệu chứng minh hiệu "
                    "quả sau khi áp dụng."
                ),
            ),
        ),
    ),
    GrassrootsPlan(
        unit_code="CS-DHA-01",
        title="Xét công nhận sáng kiến năm {year}",
        opened_ago=390,
        signer_name="Lê Thị Thu Hiền",
        signer_title="Tổng Giám đốc Công ty Cổ phần May Sông Hiếu",
        forward_quota=2,
        nominate=2,
        dossiers=(
            DossierSpec(
                "Cải tiến cữ gấp mép túi áo sơ mi trên máy may một kim",
                "việc gấp mép và may túi áo sơ mi",
                "chuyền may số 3",
                F.MECHANICAL,
                by_demo_member=True,
            ),
            DossierSpec(
                "Lắp cảm biến báo đứt chỉ và tự dừng máy may",
                "việc phát hiện chỉ đứt khi may",
                "chuyền may số 5",
                F.ELECTRICAL,
                fate=DISAGREE,
            ),
            DossierSpec(
                "Ứng dụng phần mềm cân đối chuyền may theo thời gian thực",
                "việc cân đối năng suất giữa các công đoạn may",
                "xưởng may số 2",
                F.DIGITAL,
            ),
            DossierSpec(
                "Xây dựng sơ đồ giác mẫu tiết kiệm vải cho mã hàng áo khoác",
                "việc giác sơ đồ trước khi cắt vải",
                "phân xưởng cắt",
                F.MECHANICAL,
            ),
            DossierSpec(
                "Dùng thẻ kiểm hàng đổi màu theo ca làm việc",
                "việc phân biệt hàng đã kiểm giữa các ca",
                "tổ là hoàn thiện",
                F.ADMINISTRATION,
                fate=ELIMINATED,
                reason=(
                    "Tiêu chí tính mới (tiêu chí loại) có điểm trung vị 0: thẻ kiểm hàng khác "
                    "màu theo ca đã được quy định trong quy trình kiểm tra chất lượng của Công "
                    "ty từ năm 2023, nên giải pháp không đủ điều kiện công nhận."
                ),
            ),
            DossierSpec(
                "Tận dụng vải vụn làm đệm lót thùng hàng xuất khẩu",
                "việc chèn lót hàng khi đóng thùng",
                "kho nguyên phụ liệu",
                F.OTHER,
                fate=RETURN,
                reason=(
                    "Đề nghị nhóm tác giả bổ sung khối lượng vải vụn được tận dụng và chi phí "
                    "mua đệm lót trong ba tháng trước và sau khi áp dụng, có xác nhận của thủ "
                    "kho, để Hội đồng có căn cứ chấm tiêu chí hiệu quả."
                ),
            ),
        ),
    ),
    GrassrootsPlan(
        unit_code="CS-DHO-01",
        title="Xét công nhận sáng kiến đợt I năm {year}",
        opened_ago=290,
        signer_name="Nguyễn Quang Vinh",
        signer_title="Giám đốc Công ty Cổ phần Cảng Nhật Lệ Xanh",
        forward_quota=2,
        nominate=2,
        declared_conflict=(
            1,
            "Là người hướng dẫn nhóm tác giả tính toán kết cấu khung chụp khi chế tạo thử.",
        ),
        dossiers=(
            DossierSpec(
                "Ứng dụng bản đồ số sắp xếp container rỗng theo hãng tàu",
                "việc sắp xếp và tìm container rỗng",
                "bãi container",
                F.DIGITAL,
            ),
            DossierSpec(
                "Chế tạo khung chụp nâng hàng bao có chốt khóa an toàn",
                "việc nâng hạ hàng bao bằng cẩu bờ",
                "đội cẩu bờ",
                F.MECHANICAL,
            ),
            DossierSpec(
                "Thay đèn cầu bến bằng đèn LED dùng năng lượng mặt trời",
                "việc chiếu sáng cầu bến ban đêm",
                "bến số 2",
                F.ELECTRICAL,
            ),
            DossierSpec(
                "Dùng phiếu giao nhận điện tử cho xe ra vào cảng",
                "việc làm thủ tục giao nhận hàng",
                "tổ điều độ",
                F.BUSINESS,
            ),
            DossierSpec(
                "Gia cố đệm va cầu cảng bằng lốp xe tái chế",
                "việc bảo vệ mép cầu cảng khi tàu cập",
                "bến số 1",
                F.CONSTRUCTION,
            ),
        ),
    ),
    GrassrootsPlan(
        unit_code="CS-GD-QTR-01",
        title="Xét công nhận sáng kiến năm học {previous}–{year}",
        opened_ago=200,
        signer_name="Phan Thị Minh Nguyệt",
        signer_title="Hiệu trưởng Trường THPT Lê Thế Hiếu",
        forward_quota=2,
        nominate=1,
        dossiers=(
            DossierSpec(
                "Thiết kế bộ đo gia tốc dùng cảm biến điện thoại cho bài thực hành Vật lý 10",
                "việc đo gia tốc trong giờ thực hành",
                "tổ Vật lý – Công nghệ",
                F.EDUCATION,
            ),
            DossierSpec(
                "Tổ chức câu lạc bộ lập trình robot cho học sinh lớp 11",
                "việc dạy lập trình cho học sinh",
                "tổ Toán – Tin",
                F.EDUCATION,
            ),
            DossierSpec(
                "Quản lý mượn trả sách bằng mã vạch và phần mềm mã nguồn mở",
                "việc mượn, trả và kiểm kê sách",
                "thư viện nhà trường",
                F.DIGITAL,
            ),
            DossierSpec(
                "Xây dựng ngân hàng câu hỏi ôn tập theo ma trận năng lực",
                "việc ra đề ôn tập cho học sinh",
                "tổ Ngữ văn",
                F.EDUCATION,
            ),
        ),
    ),
]

SCORING_ROUND = GrassrootsPlan(
    unit_code="CS-DHA-03",
    title="Xét công nhận sáng kiến năm {year}",
    opened_ago=45,
    forward_quota=1,
    dossiers=(
        DossierSpec(
            "Cải tiến bàn trượt cấp phôi cho máy cưa đĩa",
            "việc cấp phôi cho máy cưa đĩa",
            "xưởng xẻ",
            F.MECHANICAL,
        ),
        DossierSpec(
            "Tận dụng nhiệt khói lò hơi để sấy sơ bộ gỗ keo",
            "việc sấy sơ bộ gỗ keo",
            "dây chuyền sấy gỗ",
            F.MECHANICAL,
        ),
        DossierSpec(
            "Lắp chụp hút bụi di động cho máy chà nhám cầm tay",
            "việc hút bụi khi chà nhám",
            "tổ chà nhám",
            F.SAFETY,
        ),
        DossierSpec(
            "Điều khiển quạt lò sấy theo độ ẩm gỗ bằng bộ lập trình PLC",
            "việc điều chỉnh quạt lò sấy",
            "lò sấy số 2",
            F.ELECTRICAL,
        ),
        DossierSpec(
            "Chuẩn hóa bảng pha sơn theo mã màu của khách hàng",
            "việc pha sơn theo đơn hàng",
            "xưởng sơn hoàn thiện",
            F.ADMINISTRATION,
        ),
    ),
)
# In the round in scoring: (sheets submitted, sheets saved as a draft) of each seat, in the
# order the seats were added; the other sheets are untouched.
SCORING_PROGRESS = {
    CouncilRole.CHAIR: (2, 1),
    CouncilRole.VICE_CHAIR: (5, 0),
    CouncilRole.SECRETARY: (1, 0),
    CouncilRole.MEMBER: (0, 1),  # the demo member
    "expert": (4, 1),
}

PROVINCIAL_TITLE = "Xét chọn sáng kiến tiêu biểu cấp tỉnh năm {year}"
PROVINCIAL_OPENED_AGO = 55
NATIONAL_TITLE = "Xét tặng Bằng Lao động sáng tạo năm {year}"

# Positions (of demo.federation's members) a council calls on, by the kind of workplace: its
# name contains the key ("": any other workplace).
COUNCIL_POSITIONS = {
    "Trường": {"Giáo viên", "Nhân viên kế toán"},
    "Bệnh viện": {"Bác sĩ", "Điều dưỡng", "Kỹ thuật viên", "Nhân viên kế toán"},
    "": {"Kỹ sư cơ khí", "Kỹ thuật viên", "Trưởng ca", "Tổ trưởng sản xuất", "Nhân viên kế toán"},
}
# A base council seats a representative of the union (Circular 18/2013/TT-BKHCN Art. 8.1).
CLOSED_COUNCIL = [
    CouncilRole.CHAIR,
    CouncilRole.VICE_CHAIR,
    CouncilRole.SECRETARY,
    CouncilRole.MEMBER,
    CouncilRole.UNION_REPRESENTATIVE,
]


def title_of(spec: DossierSpec) -> str:
    return at_place(spec.title, spec.place)


def round_title(template: str, day: datetime.date) -> str:
    return template.format(year=day.year, previous=day.year - 1)
