"""Demo dossiers: about two hundred initiatives in every state across the demo grassroots unions.

Each dossier is built through the real services (draft, attachments, every transition), so its
history is the one an officer would see; afterwards the dates are moved into the past with
``queryset.update``/``bulk_update``, as if the dossiers had come in over the last two years (demo
data only, never domain logic). Texts are composed from the parts below; names of people and
organisations are invented.

``seed_initiatives`` is registered as a step of ``emulation``'s ``seed_demo`` from
``InitiativesConfig.ready``; it is idempotent: a dossier that already exists (same unit and
title) is not built again.
"""

import datetime
import random
import struct
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from emulation.demo import FAMILY_NAMES, GIVEN_NAMES_F, GIVEN_NAMES_M, GRASSROOTS, REFORM_DAY
from initiatives.enums import InitiativeField, InitiativeKind, InitiativeStatus
from initiatives.models import Attachment, Initiative, InitiativeTransition
from initiatives.services import (
    AuthorData,
    add_months,
    attachment_add,
    initiative_save_draft,
    initiative_transition,
)
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.models import Membership, Unit
from unions.selectors import nearest_holders, unit_snapshot

S = InitiativeStatus
F = InitiativeField
K = InitiativeKind

DEMO_MEMBER_EMAIL = "doanvien@demo.congdoan.vn"
SEED = 20260

# How many dossiers end in each state (200 in all).
STATUS_COUNTS = {
    S.DRAFT: 24,
    S.SUBMITTED: 16,
    S.RETURNED: 14,
    S.RESUBMITTED: 10,
    S.ACCEPTED: 36,
    S.REFUSED: 12,
    S.WITHDRAWN: 10,
    S.UNDER_REVIEW: 26,
    S.RECOGNISED: 36,
    S.NOT_RECOGNISED: 16,
}
# The demo member's own dossiers, so that "My initiatives" shows a bit of everything.
DEMO_MEMBER_STATUSES = [S.RETURNED, S.DRAFT, S.ACCEPTED, S.RECOGNISED, S.SUBMITTED]

# Ways through the workflow that end in each state (one is drawn for each dossier).
PATHS: dict[str, list[tuple[str, ...]]] = {
    S.DRAFT: [()],
    S.SUBMITTED: [("submit",)],
    S.RETURNED: [("submit", "return")],
    S.RESUBMITTED: [("submit", "return", "resubmit")],
    S.ACCEPTED: [
        ("submit", "accept"),
        ("submit", "accept"),
        ("submit", "return", "resubmit", "accept"),
    ],
    S.REFUSED: [("submit", "refuse"), ("submit", "return", "resubmit", "refuse")],
    S.WITHDRAWN: [
        ("submit", "withdraw"),
        ("submit", "return", "withdraw"),
        ("submit", "accept", "withdraw"),
    ],
    S.UNDER_REVIEW: [
        ("submit", "accept", "start_review"),
        ("submit", "return", "resubmit", "accept", "start_review"),
    ],
    S.RECOGNISED: [
        ("submit", "accept", "start_review", "recognise"),
        ("submit", "return", "resubmit", "accept", "start_review", "recognise"),
    ],
    S.NOT_RECOGNISED: [("submit", "accept", "start_review", "not_recognise")],
}
# Days between one step and the next (the step named), drawn at random within the range.
GAPS = {
    "submit": (2, 25),
    "return": (3, 12),
    "resubmit": (4, 20),
    "accept": (3, 15),
    "refuse": (5, 20),
    "withdraw": (3, 40),
    "start_review": (10, 45),
    "recognise": (15, 40),
    "not_recognise": (15, 40),
}
BY_AUTHOR = {"submit", "resubmit", "withdraw"}


# --- the words dossiers are made of -----------------------------------------------------


@dataclass(frozen=True)
class Topic:
    title: str  # what the initiative does, as its title starts
    task: str  # the work it changes, as a noun phrase ("việc …")


def _topics(*pairs: tuple[str, str]) -> list[Topic]:
    return [Topic(title, task) for title, task in pairs]


TOPICS: dict[str, list[Topic]] = {
    F.MECHANICAL: _topics(
        ("Thiết kế, chế tạo đồ gá định vị chi tiết khi hàn", "việc định vị chi tiết trước khi hàn"),
        ("Cải tiến cơ cấu cấp phôi tự động cho máy dập", "việc cấp phôi cho máy dập"),
        ("Chế tạo xe đẩy nâng hạ thủy lực vận chuyển khuôn", "việc vận chuyển và thay khuôn"),
        ("Cải tiến bộ gá kẹp nhanh trên máy khoan cần", "việc gá kẹp phôi trên máy khoan"),
        (
            "Phục hồi trục truyền động bằng phương pháp phun phủ kim loại",
            "việc sửa chữa trục truyền động bị mòn",
        ),
        ("Lắp bộ đếm sản phẩm và cảnh báo dừng máy", "việc theo dõi sản lượng và tình trạng máy"),
        (
            "Cải tiến bàn thao tác điều chỉnh được độ cao",
            "việc bố trí vị trí thao tác của công nhân",
        ),
        ("Thiết kế dưỡng kiểm nhanh kích thước sản phẩm", "việc kiểm tra kích thước sản phẩm"),
        ("Tận dụng nhiệt thải máy nén khí để sấy nguyên liệu", "việc sấy nguyên liệu"),
    ),
    F.ELECTRICAL: _topics(
        ("Lắp biến tần điều khiển động cơ quạt hút", "việc vận hành quạt hút công suất lớn"),
        (
            "Cải tiến mạch bảo vệ mất pha cho động cơ bơm",
            "việc bảo vệ động cơ bơm khi nguồn điện gặp sự cố",
        ),
        ("Thay đèn cao áp bằng đèn LED có cảm biến chuyển động", "việc chiếu sáng nhà xưởng"),
        ("Xây dựng hệ thống giám sát nhiệt độ tủ điện từ xa", "việc kiểm tra nhiệt độ các tủ điện"),
        ("Bù công suất phản kháng tự động cho trạm biến áp", "việc điều chỉnh hệ số công suất"),
        ("Chế tạo bàn thử nghiệm rơ-le bảo vệ", "việc kiểm định rơ-le bảo vệ"),
        (
            "Cải tiến phiếu thao tác đóng cắt thiết bị theo sơ đồ trực quan",
            "việc thao tác đóng cắt thiết bị điện",
        ),
        (
            "Ứng dụng camera nhiệt phát hiện sớm điểm phát nóng",
            "việc phát hiện các điểm tiếp xúc phát nóng",
        ),
    ),
    F.DIGITAL: _topics(
        ("Xây dựng phần mềm quản lý vật tư bằng mã QR", "việc nhập, xuất và kiểm kê vật tư"),
        ("Số hóa sổ giao ca trên máy tính bảng", "việc ghi chép và bàn giao ca"),
        ("Ứng dụng bảng điều khiển trực tuyến theo dõi tiến độ", "việc báo cáo tiến độ công việc"),
        ("Tự động tổng hợp báo cáo bằng bảng tính dùng chung", "việc tổng hợp báo cáo định kỳ"),
        (
            "Xây dựng kho tài liệu kỹ thuật tra cứu trên điện thoại",
            "việc tra cứu tài liệu, bản vẽ kỹ thuật",
        ),
        ("Ứng dụng chữ ký số trong trình duyệt hồ sơ nội bộ", "việc trình ký hồ sơ nội bộ"),
        (
            "Phát triển ứng dụng nhắc lịch bảo dưỡng thiết bị",
            "việc lập kế hoạch bảo dưỡng thiết bị",
        ),
        (
            "Số hóa quy trình đăng ký nghỉ phép của người lao động",
            "việc đăng ký và duyệt nghỉ phép",
        ),
    ),
    F.CONSTRUCTION: _topics(
        ("Cải tiến ván khuôn lắp ghép cho kết cấu bê tông nhỏ", "việc lắp dựng ván khuôn"),
        ("Gia cố mái taluy bằng rọ đá kết hợp trồng cỏ chống xói", "việc bảo vệ mái taluy"),
        ("Tổ chức lại luồng xe ra vào khu vực bốc xếp", "việc điều phối xe ra vào khu vực bốc xếp"),
        ("Chế tạo giá đỡ di động khi sửa chữa mặt cầu cảng", "việc sửa chữa mặt cầu cảng"),
        ("Cải tiến phương pháp chống thấm khe co giãn", "việc chống thấm khe co giãn"),
        ("Ứng dụng cảm biến đo lún cho nền bãi", "việc quan trắc lún nền bãi"),
        ("Sắp xếp lại sơ đồ bãi chứa theo luồng hàng", "việc bố trí hàng hóa trên bãi"),
    ),
    F.MINING: _topics(
        ("Cải tiến vì chống thủy lực đơn trong lò chợ", "việc chống giữ lò chợ"),
        ("Lắp cảm biến khí mê-tan cảnh báo sớm", "việc đo và cảnh báo khí mê-tan"),
        ("Cải tiến máng cào vận tải than", "việc vận tải than trong lò"),
        ("Chế tạo thiết bị thu hồi dầu thải tại sàn khoan", "việc thu gom dầu thải"),
        ("Tối ưu chế độ rửa lưới sàng tuyển", "việc vệ sinh lưới sàng"),
        (
            "Cải tiến hệ thống phun sương dập bụi tại điểm chuyển tải",
            "việc dập bụi tại các điểm chuyển tải",
        ),
        (
            "Ứng dụng phần mềm theo dõi giờ chạy thiết bị khoan",
            "việc theo dõi giờ chạy thiết bị khoan",
        ),
    ),
    F.AGRICULTURE: _topics(
        ("Cải tiến máy vò chè tận dụng động cơ cũ", "việc vò chè"),
        ("Ứng dụng hệ thống tưới nhỏ giọt cho đồi chè", "việc tưới nước cho đồi chè"),
        ("Cải tiến dây chuyền sơ chế cá nguyên liệu", "việc sơ chế cá nguyên liệu"),
        ("Tận dụng phụ phẩm chế biến làm phân hữu cơ", "việc xử lý phụ phẩm chế biến"),
        ("Cải tiến buồng sấy dùng năng lượng mặt trời", "việc sấy nông sản"),
        ("Tối ưu nhiệt độ kho lạnh theo từng loại hàng", "việc bảo quản hàng trong kho lạnh"),
        (
            "Xây dựng nhật ký canh tác điện tử cho vùng nguyên liệu",
            "việc ghi chép nhật ký canh tác",
        ),
    ),
    F.HEALTH: _topics(
        (
            "Cải tiến quy trình tiếp đón và phân luồng người bệnh",
            "việc tiếp đón và phân luồng người bệnh",
        ),
        ("Ứng dụng tin nhắn nhắc lịch tái khám", "việc nhắc người bệnh tái khám"),
        ("Chế tạo giá treo dịch truyền gắn xe lăn", "việc di chuyển người bệnh đang truyền dịch"),
        ("Chuẩn hóa bộ dụng cụ thay băng vô khuẩn theo gói", "việc chuẩn bị dụng cụ thay băng"),
        ("Sắp xếp tủ thuốc cấp cứu theo mã màu", "việc lấy thuốc cấp cứu"),
        (
            "Xây dựng bảng kiểm an toàn người bệnh trước phẫu thuật",
            "việc kiểm tra an toàn trước phẫu thuật",
        ),
        ("Rút ngắn thời gian trả kết quả xét nghiệm bằng mã vạch", "việc trả kết quả xét nghiệm"),
        ("Tổ chức góc tư vấn dinh dưỡng cho người bệnh mạn tính", "việc tư vấn dinh dưỡng"),
    ),
    F.EDUCATION: _topics(
        (
            "Thiết kế bộ thí nghiệm vật lý từ vật liệu tái chế",
            "việc dạy các bài thực hành thí nghiệm",
        ),
        (
            "Ứng dụng ngân hàng câu hỏi trực tuyến trong kiểm tra thường xuyên",
            "việc ra đề và chấm bài kiểm tra thường xuyên",
        ),
        (
            "Tổ chức dạy học theo dự án gắn với di tích địa phương",
            "việc dạy nội dung giáo dục địa phương",
        ),
        (
            "Xây dựng thư viện học liệu số dùng chung cho tổ chuyên môn",
            "việc chia sẻ học liệu giữa giáo viên",
        ),
        (
            "Rèn kỹ năng đọc hiểu cho học sinh qua góc đọc lớp học",
            "việc rèn kỹ năng đọc cho học sinh",
        ),
        ("Cải tiến cách tổ chức bữa ăn bán trú", "việc tổ chức bữa ăn bán trú"),
        (
            "Ứng dụng mô phỏng số trong giảng dạy thực hành kỹ thuật",
            "việc hướng dẫn thực hành kỹ thuật",
        ),
        (
            "Xây dựng sổ liên lạc điện tử giữa nhà trường và gia đình",
            "việc trao đổi thông tin với cha mẹ học sinh",
        ),
    ),
    F.ADMINISTRATION: _topics(
        ("Cải tiến cách lưu trữ và tra cứu hồ sơ nhân sự", "việc lưu trữ hồ sơ nhân sự"),
        ("Chuẩn hóa biểu mẫu đề nghị mua sắm vật tư", "việc đề nghị mua sắm vật tư"),
        ("Áp dụng phương pháp 5S tại khu vực làm việc", "việc sắp xếp nơi làm việc"),
        (
            "Xây dựng quy trình một cửa tiếp nhận đề nghị của người lao động",
            "việc tiếp nhận và trả lời đề nghị của người lao động",
        ),
        ("Tổ chức lại lịch trực và giao ca theo nhóm", "việc bố trí lịch trực"),
        ("Cải tiến cách theo dõi chấm công và giờ làm thêm", "việc chấm công và tính giờ làm thêm"),
        (
            "Xây dựng bộ chỉ số đánh giá hiệu quả công việc cho tổ, đội",
            "việc đánh giá kết quả công việc của tổ, đội",
        ),
    ),
    F.SAFETY: _topics(
        ("Chế tạo tấm che chắn an toàn cho máy cắt", "việc vận hành máy cắt"),
        ("Lắp rèm ánh sáng dừng máy khẩn cấp", "việc bảo vệ người vận hành máy"),
        ("Cải tiến hệ thống hút bụi cục bộ tại vị trí mài", "việc xử lý bụi tại vị trí mài"),
        ("Xây dựng bản đồ rủi ro và biển cảnh báo trực quan", "việc nhận diện nguy cơ mất an toàn"),
        ("Tuần hoàn nước làm mát để giảm lượng nước thải", "việc sử dụng nước làm mát"),
        (
            "Cải tiến khóa liên động khi bảo dưỡng thiết bị",
            "việc cô lập nguồn năng lượng khi bảo dưỡng",
        ),
        (
            "Huấn luyện an toàn bằng video ngắn theo vị trí việc làm",
            "việc huấn luyện an toàn lao động",
        ),
        ("Phân loại chất thải rắn tại nguồn theo mã màu", "việc thu gom chất thải rắn"),
    ),
    F.BUSINESS: _topics(
        (
            "Xây dựng quy trình chăm sóc khách hàng sau bán hàng",
            "việc chăm sóc khách hàng sau bán hàng",
        ),
        ("Tối ưu lộ trình giao hàng bằng bản đồ số", "việc lập lộ trình giao hàng"),
        ("Ứng dụng thanh toán không dùng tiền mặt tại quầy", "việc thu tiền tại quầy"),
        ("Quản lý tồn kho theo mức tồn tối thiểu", "việc quản lý hàng tồn kho"),
        ("Thiết kế gói dịch vụ trọn gói cho khách đoàn", "việc phục vụ khách đoàn"),
        ("Chuẩn hóa quy trình đối chiếu công nợ hằng tháng", "việc đối chiếu công nợ"),
        ("Tiếp nhận phản hồi của khách hàng qua mã QR", "việc tiếp nhận phản hồi của khách hàng"),
    ),
    F.OTHER: _topics(
        ("Tổ chức phong trào tiết kiệm điện, nước trong tập thể", "việc sử dụng điện, nước"),
        (
            "Xây dựng tủ sách pháp luật cho người lao động",
            "việc phổ biến pháp luật cho người lao động",
        ),
        ("Lập nhóm hỗ trợ lẫn nhau khi có sự cố trên đường", "việc xử lý sự cố trên đường"),
    ),
}

# Fields each demo grassroots union works in, and places inside it where things are applied.
UNIT_PROFILES: dict[str, tuple[list[str], list[str]]] = {
    "CS-DHA-01": (
        [F.MECHANICAL, F.ADMINISTRATION, F.SAFETY, F.DIGITAL],
        ["chuyền may số 3", "phân xưởng cắt", "tổ là hoàn thiện", "kho nguyên phụ liệu"],
    ),
    "CS-DHA-02": (
        [F.HEALTH, F.ADMINISTRATION, F.DIGITAL],
        ["khoa Hồi sức cấp cứu", "khoa Dược", "phòng khám ngoại trú", "khoa Xét nghiệm"],
    ),
    "CS-DHA-03": (
        [F.MECHANICAL, F.SAFETY, F.ELECTRICAL],
        ["xưởng xẻ", "dây chuyền sấy gỗ", "tổ chà nhám", "xưởng sơn hoàn thiện"],
    ),
    "CS-DHO-01": (
        [F.CONSTRUCTION, F.MECHANICAL, F.DIGITAL, F.BUSINESS],
        ["bến số 2", "đội cẩu bờ", "bãi container", "tổ điều độ"],
    ),
    "CS-DHO-02": (
        [F.AGRICULTURE, F.MECHANICAL, F.SAFETY],
        ["dây chuyền tiệt trùng", "tổ sơ chế", "kho lạnh", "tổ đóng hộp"],
    ),
    "CS-KCN-QTR-01": (
        [F.ELECTRICAL, F.SAFETY, F.DIGITAL],
        ["trạm biến áp 110 kV", "cụm tua-bin số 5", "phòng điều khiển trung tâm", "đội bảo dưỡng"],
    ),
    "CS-KCN-QTR-02": (
        [F.MECHANICAL, F.ELECTRICAL, F.BUSINESS],
        ["máy in flexo", "dây chuyền sóng carton", "tổ bế hộp", "kho thành phẩm"],
    ),
    "CS-GD-QTR-01": (
        [F.EDUCATION, F.DIGITAL],
        ["tổ Toán – Tin", "tổ Vật lý – Công nghệ", "phòng thí nghiệm", "thư viện nhà trường"],
    ),
    "CS-GD-QTR-02": (
        [F.EDUCATION, F.ADMINISTRATION],
        ["khối lớp 1", "khối lớp 4", "tổ văn phòng", "khu bán trú"],
    ),
    "CS-KCN-VPH-01": (
        [F.ELECTRICAL, F.DIGITAL, F.MECHANICAL],
        ["chuyền SMT số 2", "bộ phận kiểm tra quang học", "kho linh kiện", "tổ bảo trì"],
    ),
    "CS-KCN-VPH-02": (
        [F.MECHANICAL, F.SAFETY, F.ELECTRICAL],
        ["xưởng hàn thân vỏ", "xưởng sơn", "chuyền lắp ráp", "trạm kiểm tra xuất xưởng"],
    ),
    "CS-KCN-VPH-03": (
        [F.MECHANICAL, F.ADMINISTRATION, F.SAFETY],
        ["xưởng dệt", "xưởng nhuộm", "chuyền may số 5", "tổ cơ điện"],
    ),
    "CS-VTR-01": (
        [F.SAFETY, F.ELECTRICAL, F.MECHANICAL],
        ["xưởng axit", "phân xưởng xút – clo", "tổ xử lý nước thải", "phòng kiểm tra chất lượng"],
    ),
    "CS-VTR-02": (
        [F.MECHANICAL, F.ELECTRICAL, F.SAFETY],
        ["máy xeo số 2", "xưởng bột", "khu lò hơi", "tổ hoàn thành"],
    ),
    "CS-VTR-03": (
        [F.HEALTH, F.DIGITAL, F.ADMINISTRATION],
        ["khoa Nội tổng hợp", "khoa Ngoại", "khoa Khám bệnh", "phòng Kế hoạch tổng hợp"],
    ),
    "CS-HBH-01": (
        [F.ELECTRICAL, F.CONSTRUCTION, F.SAFETY],
        ["tổ máy H2", "khu đập tràn", "phòng điều khiển", "trạm phân phối"],
    ),
    "CS-HBH-02": (
        [F.AGRICULTURE, F.MECHANICAL, F.BUSINESS],
        ["xưởng chế biến chè xanh", "đội chè số 3", "tổ sao sấy", "kho thành phẩm"],
    ),
    "CS-HLO-01": (
        [F.BUSINESS, F.DIGITAL, F.ADMINISTRATION],
        ["bộ phận lễ tân", "đội tàu tham quan", "nhà hàng", "phòng kinh doanh"],
    ),
    "CS-HLO-02": (
        [F.MECHANICAL, F.SAFETY, F.CONSTRUCTION],
        ["phân xưởng vỏ", "khu ụ khô", "tổ hàn", "xưởng ống"],
    ),
    "CS-KCN-QNI-01": (
        [F.MECHANICAL, F.ELECTRICAL, F.SAFETY],
        ["xưởng kéo sợi", "xưởng đánh ống", "khu điều không", "tổ cơ điện"],
    ),
    "CS-KCN-QNI-02": (
        [F.MECHANICAL, F.ELECTRICAL],
        ["xưởng gia công", "xưởng nhiệt luyện", "tổ lắp ráp", "kho khuôn"],
    ),
    "CS-CG-01": (
        [F.DIGITAL, F.ADMINISTRATION, F.BUSINESS],
        [
            "nhóm phát triển sản phẩm",
            "bộ phận kiểm thử",
            "phòng hỗ trợ khách hàng",
            "phòng hành chính",
        ],
    ),
    "CS-CG-02": (
        [F.EDUCATION, F.DIGITAL, F.MECHANICAL],
        ["khoa Cơ khí", "khoa Điện – Điện tử", "xưởng thực hành", "phòng Đào tạo"],
    ),
    "CS-CDDK-01": (
        [F.MINING, F.SAFETY, F.MECHANICAL],
        ["giàn khoan số 3", "xưởng sửa chữa bờ", "tổ dung dịch khoan", "kho vật tư"],
    ),
    "CS-CDDK-02": (
        [F.SAFETY, F.ELECTRICAL, F.MECHANICAL],
        ["xưởng tổng hợp amoniac", "xưởng urê", "khu đóng bao", "trạm xử lý nước"],
    ),
    "CS-CDTKS-01": (
        [F.MINING, F.SAFETY, F.ELECTRICAL],
        [
            "phân xưởng khai thác số 4",
            "phân xưởng vận tải lò",
            "trạm quạt gió chính",
            "phân xưởng cơ điện",
        ],
    ),
    "CS-CDTKS-02": (
        [F.MINING, F.MECHANICAL, F.ELECTRICAL],
        ["nhà máy tuyển số 2", "tổ sàng rung", "băng tải cấp than", "tổ cơ điện"],
    ),
    "CS-CDTKS-03": (
        [F.ELECTRICAL, F.MECHANICAL, F.MINING],
        ["xưởng sửa chữa động cơ", "xưởng chế tạo kết cấu", "tổ quấn dây", "phòng kỹ thuật"],
    ),
    "CS-QNI-01": (
        [F.HEALTH, F.ADMINISTRATION],
        ["khoa Khám bệnh", "khoa Y tế công cộng", "trạm y tế xã đảo", "phòng Điều dưỡng"],
    ),
    "CS-HNO-01": (
        [F.SAFETY, F.DIGITAL, F.OTHER],
        [
            "nhóm lái xe khu vực Cầu Giấy",
            "nhóm lái xe sân bay",
            "nhóm lái xe ca đêm",
            "văn phòng nghiệp đoàn",
        ],
    ),
}

KINDS: dict[str, list[str]] = {
    F.DIGITAL: [K.TECHNICAL, K.TECHNICAL_ADVANCE, K.MANAGEMENT],
    F.HEALTH: [K.OPERATIONAL, K.TECHNICAL_ADVANCE, K.MANAGEMENT],
    F.EDUCATION: [K.OPERATIONAL, K.TECHNICAL_ADVANCE],
    F.ADMINISTRATION: [K.MANAGEMENT, K.OPERATIONAL],
    F.BUSINESS: [K.MANAGEMENT, K.OPERATIONAL],
    F.OTHER: [K.MANAGEMENT, K.OPERATIONAL],
}
TECHNICAL_KINDS = [K.TECHNICAL, K.TECHNICAL, K.TECHNICAL, K.TECHNICAL_ADVANCE]
# Fields where much of the gain is not money: a third of their dossiers claim no benefit.
SOCIAL_FIELDS = {F.HEALTH, F.EDUCATION, F.ADMINISTRATION, F.OTHER}

OLD_WAYS = [
    "được làm hoàn toàn thủ công",
    "phụ thuộc nhiều vào kinh nghiệm của từng người",
    "được theo dõi bằng sổ tay và các bảng tính rời rạc",
    "dùng thiết bị cũ, thường phải dừng lại để hiệu chỉnh",
    "phải qua nhiều khâu trung gian mới hoàn thành",
    "chưa có quy trình thống nhất giữa các ca",
]
WEAKNESSES = [
    "Thời gian thực hiện kéo dài, năng suất thấp.",
    "Tỷ lệ sai sót cao, nhiều lần phải làm lại.",
    "Người lao động phải làm việc ở tư thế bất lợi, nhanh mệt mỏi.",
    "Tiêu hao điện năng và vật tư lớn.",
    "Số liệu giữa các bộ phận không khớp nhau, khó tổng hợp.",
    "Tiềm ẩn nguy cơ mất an toàn cho người thực hiện.",
    "Khi người có kinh nghiệm nghỉ, công việc bị gián đoạn.",
]
GOALS = [
    "rút ngắn thời gian thực hiện",
    "giảm tỷ lệ sai sót",
    "tiết kiệm vật tư và năng lượng",
    "bảo đảm an toàn cho người lao động",
    "nâng cao chất lượng phục vụ",
    "giảm giấy tờ và thời gian chờ đợi",
    "giúp người mới nhanh chóng nắm được công việc",
    "tạo số liệu đầy đủ để quản lý và ra quyết định",
]
FIRST_STEPS = [
    "Khảo sát hiện trạng, đo đạc và ghi lại những điểm bất hợp lý",
    "Thống kê số liệu sáu tháng gần nhất để tìm nguyên nhân chính",
    "Lấy ý kiến người trực tiếp làm việc tại vị trí cần cải tiến",
]
DESIGN_STEPS = [
    "Thiết kế giải pháp, lập bản vẽ và dự toán kinh phí",
    "Xây dựng quy trình mới cùng các biểu mẫu đi kèm",
    "Lựa chọn thiết bị, vật tư sẵn có có thể tận dụng",
]
TRIAL_STEPS = [
    "Chế tạo, lắp đặt và chạy thử trong ba tuần",
    "Áp dụng thử trong hai tháng, ghi nhận kết quả hằng ngày",
    "Hướng dẫn một nhóm nhỏ làm theo cách mới và theo dõi",
]
FINAL_STEPS = [
    "Đánh giá kết quả, hoàn thiện và ban hành hướng dẫn áp dụng",
    "Tập huấn cho toàn bộ người lao động liên quan và nhân rộng",
    "Đưa vào quy trình chính thức, giao người phụ trách duy trì",
]
NEW_WAYS = [
    "thực hiện bằng thiết bị tự chế với chi phí thấp",
    "theo dõi trực tuyến trên phần mềm dùng chung",
    "chuẩn hóa thành quy trình có bảng kiểm",
    "cơ giới hóa một phần, giảm thao tác thủ công",
    "tổ chức lại theo nhóm với trách nhiệm rõ ràng",
]
NOVELTY_EXTRAS = [
    "Giải pháp dùng vật tư sẵn có nên chi phí thấp, dễ nhân rộng.",
    "Không cần thay đổi lớn về tổ chức sản xuất.",
    "Người lao động tự thiết kế, chế tạo và hiệu chỉnh.",
    "Có thể điều chỉnh cho phù hợp với từng vị trí làm việc.",
]
CONDITIONS = [
    "Có mặt bằng bố trí thiết bị và nguồn điện ổn định.",
    "Người thực hiện được hướng dẫn khoảng nửa ngày trước khi áp dụng.",
    "Có máy tính hoặc điện thoại thông minh kết nối mạng nội bộ.",
    "Lãnh đạo đơn vị đồng ý đưa vào quy trình làm việc chính thức.",
    "Kinh phí ban đầu nhỏ, dùng được vật tư sẵn có.",
]
SPREAD = [
    "các đơn vị cùng ngành trong tỉnh",
    "các tổ, đội khác trong đơn vị",
    "các đơn vị có dây chuyền, thiết bị tương tự",
    "các cơ sở cùng loại trong hệ thống",
]
SOCIAL = [
    "Giảm cường độ lao động, cải thiện điều kiện làm việc.",
    "Khơi dậy tinh thần lao động sáng tạo trong tập thể.",
    "Giảm nguy cơ tai nạn lao động và bệnh nghề nghiệp.",
    "Nâng cao uy tín của đơn vị với khách hàng và đối tác.",
    "Góp phần bảo vệ môi trường, tiết kiệm tài nguyên.",
    "Giúp người mới vào nghề nắm bắt công việc nhanh hơn.",
]
CONFIDENTIAL = {
    "technical": [
        "Bản vẽ chế tạo chi tiết và các thông số hiệu chỉnh của cơ cấu.",
        "Sơ đồ mạch điều khiển và các giá trị cài đặt đã thử nghiệm.",
    ],
    "digital": ["Mã nguồn, cấu hình máy chủ và tài khoản quản trị của phần mềm."],
    "other": [
        "Số liệu nội bộ về chi phí và doanh thu dùng để tính hiệu quả.",
        "Danh sách những người tham gia áp dụng thử kèm số điện thoại.",
    ],
}
OUTSIDE_WORKPLACES = [
    "Trường Cao đẳng Kỹ thuật Công nghiệp Miền Trung",
    "Viện Cơ khí ứng dụng Bắc Trung Bộ",
    "Công ty TNHH Tư vấn Kỹ thuật Hưng Phát",
    "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh",
    "Công ty Cổ phần Tự động hóa Ánh Dương",
    "Trường Đại học Kỹ thuật Sông Hương (giảng viên thỉnh giảng)",
]
OUTSIDE_TITLES = ["Giảng viên", "Kỹ sư tư vấn", "Chuyên viên", "Nghiên cứu viên"]
OUTSIDE_QUALIFICATIONS = ["Thạc sĩ", "Tiến sĩ", "Kỹ sư", "Cử nhân"]
SPLITS = {
    1: [("100",)],
    2: [("60", "40"), ("70", "30"), ("50", "50"), ("80", "20"), ("55", "45")],
    3: [("50", "30", "20"), ("40", "30", "30"), ("33.34", "33.33", "33.33"), ("60", "25", "15")],
    4: [("40", "25", "20", "15"), ("25", "25", "25", "25"), ("35", "30", "20", "15")],
}
NOTES = {
    "return": [
        "Đề nghị bổ sung bảng tính giá trị làm lợi có xác nhận của bộ phận kế toán.",
        "Bản mô tả chưa nêu rõ các bước thực hiện; đề nghị bổ sung bản vẽ hoặc sơ đồ.",
        "Thiếu xác nhận của bộ phận đã áp dụng thử.",
        "Đề nghị các đồng tác giả ký xác nhận tỷ lệ đóng góp.",
    ],
    "refuse": [
        "Giải pháp trùng với quy trình đơn vị đã ban hành từ năm trước.",
        "Nội dung là nhiệm vụ được giao theo chức trách, không thuộc đối tượng xét công nhận.",
        "Giải pháp đã được áp dụng rộng rãi tại đơn vị trước khi tác giả đề xuất.",
    ],
    "withdraw": [
        "Tác giả rút hồ sơ để bổ sung số liệu áp dụng thực tế.",
        "Nhóm tác giả thống nhất rút hồ sơ, sẽ nộp lại khi hoàn thiện giải pháp.",
    ],
    "start_review": ["Đưa vào đợt xét sáng kiến của đơn vị."],
    "recognise": [
        "Hội đồng sáng kiến cơ sở thống nhất công nhận.",
        "Công nhận; đề nghị nhân rộng trong toàn đơn vị.",
    ],
    "not_recognise": [
        "Hội đồng đánh giá giải pháp chưa có tính mới so với cách làm hiện hành.",
        "Hiệu quả chưa được chứng minh bằng số liệu áp dụng thực tế.",
    ],
}
REVISION_NOTE = "Đã bổ sung theo yêu cầu của cán bộ tiếp nhận hồ sơ."


# --- the plan of one dossier -------------------------------------------------------------


@dataclass
class DemoFile:
    name: str
    description: str
    content: bytes


@dataclass
class DossierPlan:
    unit: Unit
    status: str
    actions: tuple[str, ...]
    moments: list[datetime.datetime]  # the draft's creation, then one per action
    values: dict
    authors: list[AuthorData]
    creator: User
    officer: User
    notes: list[str]
    first_applied_on: datetime.date | None
    files: list[DemoFile] = field(default_factory=list)
    revision_files: list[DemoFile] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.values["title"]

    def moment_of(self, action: str) -> datetime.datetime | None:
        if action not in self.actions:
            return None
        return self.moments[1 + self.actions.index(action)]


def _at_place(text: str, place: str) -> str:
    """Join a title or a task to its place: "… tại <place>", or "… của <place>" when the text
    already says "tại" (as in "hút bụi tại vị trí mài")."""
    return f"{text} của {place}" if " tại " in text else f"{text} tại {place}"


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _workplace(unit: Unit) -> str:
    return unit.name.removeprefix("Công đoàn cơ sở ").strip()


def _outside_person(rng: random.Random) -> AuthorData:
    if rng.random() < 0.5:
        name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(['Văn', 'Đức', 'Quang'])} "
        name += rng.choice(GIVEN_NAMES_M)
    else:
        name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(['Thị', 'Ngọc', 'Thu'])} "
        name += rng.choice(GIVEN_NAMES_F)
    return AuthorData(
        full_name=name,
        contribution=Decimal(0),
        date_of_birth=datetime.date(
            rng.randint(1965, 1996), rng.randint(1, 12), rng.randint(1, 28)
        ),
        workplace=rng.choice(OUTSIDE_WORKPLACES),
        job_title=rng.choice(OUTSIDE_TITLES),
        qualification=rng.choice(OUTSIDE_QUALIFICATIONS),
    )


def _member_author(membership: Membership) -> AuthorData:
    user = membership.user
    return AuthorData(
        full_name=user.get_full_name() or str(user),
        contribution=Decimal(0),
        user=user,
        date_of_birth=user.date_of_birth,
        workplace=_workplace(membership.unit),
        job_title=membership.position,
        qualification=membership.qualification,
    )


def _authors(
    rng: random.Random, first: Membership, colleagues: list[Membership]
) -> list[AuthorData]:
    count = rng.choices([1, 2, 3, 4], weights=[35, 35, 20, 10])[0]
    rows = [_member_author(first)]
    others = [m for m in colleagues if m.user_id != first.user_id]
    rng.shuffle(others)
    while len(rows) < count:
        if others and rng.random() < 0.75:
            rows.append(_member_author(others.pop()))
        else:
            rows.append(_outside_person(rng))
    split = rng.choice(SPLITS[len(rows)])
    return [
        AuthorData(**{**row.__dict__, "contribution": Decimal(share)})
        for row, share in zip(rows, split, strict=True)
    ]


def _benefit(rng: random.Random, field_value: str) -> tuple[int, str]:
    if field_value in SOCIAL_FIELDS and rng.random() < 0.35:
        return 0, ""
    hours = rng.randint(1, 12)
    days = rng.choice([250, 264, 280, 300])
    rate = rng.choice([35_000, 45_000, 52_000, 60_000, 75_000])
    labour = hours * days * rate
    materials = rng.randint(0, 60) * 1_000_000
    cost = rng.randint(1, 40) * 500_000
    total = max(labour + materials - cost, 0)
    basis = (
        f"Tiết kiệm {hours} giờ công mỗi ngày × {days} ngày làm việc × {_vnd(rate)} đồng/giờ "
        f"= {_vnd(labour)} đồng; giảm chi phí vật tư, năng lượng {_vnd(materials)} đồng/năm; "
        f"trừ chi phí thực hiện {_vnd(cost)} đồng. Giá trị làm lợi: {_vnd(total)} đồng/năm."
    )
    return total, basis


def _values(
    rng: random.Random,
    topic: Topic,
    field_value: str,
    place: str,
    authors: list[AuthorData],
    first_applied_on: datetime.date | None,
) -> dict:
    benefit, basis = _benefit(rng, field_value)
    category = (
        "digital"
        if field_value == F.DIGITAL
        else "other"
        if field_value in SOCIAL_FIELDS or field_value == F.BUSINESS
        else "technical"
    )
    steps = [
        rng.choice(FIRST_STEPS),
        rng.choice(DESIGN_STEPS),
        rng.choice(TRIAL_STEPS).replace("Áp dụng thử", f"Áp dụng thử tại {place}"),
        rng.choice(FINAL_STEPS),
    ]
    leader = authors[0].full_name
    return {
        "owner_name": "",
        "owner_address": "",
        "title": _at_place(topic.title, place),
        "field": field_value,
        "kind": rng.choice(KINDS.get(field_value, TECHNICAL_KINDS)),
        "first_applied_on": first_applied_on,
        "previous_state": (
            f"Trước khi có sáng kiến, {_at_place(topic.task, place)} {rng.choice(OLD_WAYS)}. "
            + " ".join(rng.sample(WEAKNESSES, 2))
        ),
        "solution_purpose": "Giải pháp nhằm {} và {}.".format(*rng.sample(GOALS, 2)),
        "solution_steps": "\n".join(f"Bước {i}: {step}." for i, step in enumerate(steps, 1)),
        "solution_novelty": (
            f"Lần đầu tiên tại đơn vị, {topic.task} được {rng.choice(NEW_WAYS)}. "
            + rng.choice(NOVELTY_EXTRAS)
        ),
        "application_conditions": " ".join(rng.sample(CONDITIONS, 2)),
        "other_applicants": f"Có thể áp dụng cho {rng.choice(SPREAD)}.",
        "confidential_info": rng.choice(CONFIDENTIAL[category]) if rng.random() < 0.35 else "",
        "benefit_claimed": benefit,
        "benefit_basis": basis,
        "social_benefits": " ".join(rng.sample(SOCIAL, 2)),
        "first_application_participants": (
            f"{rng.randint(3, 15)} người của {place} tham gia áp dụng thử, do {leader} phụ trách."
        ),
    }


def _unfinished(rng: random.Random, values: dict) -> dict:
    """A draft still being written: a few parts left empty."""
    values = dict(values)
    for name in rng.sample(
        ["solution_steps", "solution_novelty", "application_conditions", "social_benefits"],
        rng.randint(1, 3),
    ):
        values[name] = ""
    if rng.random() < 0.5:
        values["benefit_claimed"] = None
        values["benefit_basis"] = ""
    if rng.random() < 0.3:
        values["first_applied_on"] = None
    return values


def _at(rng: random.Random, day: datetime.date) -> datetime.datetime:
    minutes = rng.randint(7 * 60 + 30, 16 * 60 + 30)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60))
    )


def _schedule(
    rng: random.Random, status: str, actions: tuple[str, ...], today: datetime.date
) -> list[datetime.date]:
    """Days of the draft's creation and of each action, ending before today."""
    months = settings.INITIATIVE_DECISION_MONTHS
    if "accept" in actions:
        anchor = actions.index("accept") + 1
        if status == S.ACCEPTED:
            kind = rng.choices(["fresh", "near", "overdue"], weights=[50, 20, 30])[0]
            span = {"fresh": (2, 55), "near": (30 * months - 25, 30 * months - 3)}
            ago = rng.randint(*span.get(kind, (30 * months + 5, 30 * months + 120)))
        elif status in (S.UNDER_REVIEW, S.WITHDRAWN):
            ago = rng.randint(20, 30 * months + 40)
        else:
            ago = rng.randint(70, 640)
    else:
        anchor = len(actions)
        ago = {
            S.DRAFT: (0, 90),
            S.SUBMITTED: (1, 14),
            S.RETURNED: (2, 30),
            S.RESUBMITTED: (1, 20),
            S.REFUSED: (10, 600),
            S.WITHDRAWN: (5, 400),
        }
        ago = rng.randint(*ago.get(status, (1, 30)))
    days = [None] * (len(actions) + 1)
    days[anchor] = today - datetime.timedelta(days=ago)
    for i in range(anchor - 1, -1, -1):
        days[i] = days[i + 1] - datetime.timedelta(days=rng.randint(*GAPS[actions[i]]))
    for i in range(anchor + 1, len(days)):
        gap = rng.randint(*GAPS[actions[i - 1]])
        days[i] = min(days[i - 1] + datetime.timedelta(days=gap), today)
    return days


def _moments(
    rng: random.Random, days: list[datetime.date], now: datetime.datetime
) -> list[datetime.datetime]:
    moments = []
    for day in days:
        moment = _at(rng, day)
        if moments and moment <= moments[-1]:
            moment = moments[-1] + datetime.timedelta(minutes=rng.randint(5, 90))
        moments.append(moment)
    if moments[-1] > now:  # a step planned for later today happened earlier instead
        shift = moments[-1] - now + datetime.timedelta(minutes=30)
        moments = [moment - shift for moment in moments]
    return moments


# --- small real files --------------------------------------------------------------------


def _png(width: int, height: int, bars: list[tuple[int, tuple[int, int, int]]]) -> bytes:
    """A bar chart as a PNG written by hand: white background, an axis, coloured bars."""
    white, axis = bytes((255, 255, 255)), bytes((60, 60, 60))
    bar_width = (width - 40) // max(len(bars), 1)
    rows = []
    for y in range(height):
        row = bytearray(white * width)
        if y == height - 12:
            row[30 * 3 : (width - 10) * 3] = axis * (width - 40)
        elif y < height - 12:
            row[30 * 3 : 31 * 3] = axis
            for index, (value, colour) in enumerate(bars):
                top = height - 12 - value
                if y >= top:
                    start = 34 + index * bar_width
                    end = start + bar_width - 8
                    row[start * 3 : end * 3] = bytes(colour) * (end - start)
        rows.append(b"\x00" + bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + chunk(b"IEND", b"")
    )


def _chart(rng: random.Random) -> bytes:
    before = rng.randint(70, 130)
    after = rng.randint(25, before - 20)
    return _png(240, 160, [(before, (150, 150, 150)), (after, (200, 30, 40))])


SUMMARY_STYLE = (
    "@page { size: A4; margin: 20mm; } body { font: 11pt 'DejaVu Serif', serif; }"
    "h1 { font-size: 14pt; text-align: center; } p { text-align: justify; }"
    "section + section { page-break-before: always; }"
)


def _summary(plan: DossierPlan) -> str:
    authors = ", ".join(escape(a.full_name) for a in plan.authors)
    steps = escape(plan.values["solution_steps"]).replace("\n", "<br>")
    return (
        "<section><h1>BẢN THUYẾT MINH SÁNG KIẾN</h1>"
        f"<p><b>Tên sáng kiến:</b> {escape(plan.title)}</p>"
        f"<p><b>Đơn vị:</b> {escape(plan.unit.name)}</p>"
        f"<p><b>Tác giả:</b> {authors}</p>"
        f"<p><b>Tình trạng trước đây:</b> {escape(plan.values['previous_state'])}</p>"
        f"<p><b>Mục đích:</b> {escape(plan.values['solution_purpose'])}</p>"
        f"<p><b>Các bước thực hiện:</b><br>{steps}</p></section>"
    )


def _summary_pdfs(plans: list[DossierPlan]) -> list[bytes]:
    """A one-page summary PDF for each plan. Laid out as one document and written page by
    page, which is several times faster than one document each."""
    from weasyprint import HTML  # imported only when the demo is built: it loads slowly

    def document(sections: list[str]):
        return HTML(
            string=f"<html lang='vi'><head><meta charset='utf-8'><style>{SUMMARY_STYLE}</style>"
            f"</head><body>{''.join(sections)}</body></html>"
        ).render()

    sections = [_summary(plan) for plan in plans]
    if not sections:
        return []
    together = document(sections)
    if len(together.pages) == len(sections):
        return [together.copy([page]).write_pdf() for page in together.pages]
    return [document([section]).write_pdf() for section in sections]  # a summary overflowed


# --- building --------------------------------------------------------------------------


def _demo_units() -> list[Unit]:
    codes = [code for code, _name, _parent in GRASSROOTS]
    return list(
        Unit.objects.filter(code__in=codes, is_active=True, kind__in=GRASSROOTS_KINDS).order_by(
            "code"
        )
    )


def _plans(now: datetime.datetime) -> list[DossierPlan]:
    """Every demo dossier, drawn from a fixed seed: the same plans on every run."""
    rng = random.Random(SEED)
    today = timezone.localdate(now)
    units = _demo_units()
    memberships: dict[int, list[Membership]] = {unit.pk: [] for unit in units}
    for membership in (
        Membership.objects.filter(unit__in=units, valid_to__isnull=True, user__is_active=True)
        .select_related("user", "unit")
        .order_by("unit_id", "user_id")
    ):
        memberships[membership.unit_id].append(membership)
    officers = {}
    for unit in units:
        holder = nearest_holders(unit, Capability.RECEIVE_INITIATIVES).order_by("pk").first()
        if holder is not None and memberships[unit.pk]:
            officers[unit.pk] = holder
    units = [unit for unit in units if unit.pk in officers]
    if not units:
        return []
    # Officers do not write the dossiers they will receive.
    for unit in units:
        memberships[unit.pk] = [
            m for m in memberships[unit.pk] if m.user_id != officers[unit.pk].pk
        ]

    statuses = [status for status, count in STATUS_COUNTS.items() for _ in range(count)]
    for status in DEMO_MEMBER_STATUSES:
        statuses.remove(status)
    rng.shuffle(statuses)
    demo_member = next(
        (m for unit in units for m in memberships[unit.pk] if m.user.email == DEMO_MEMBER_EMAIL),
        None,
    )
    assignments: list[tuple[Unit, str, Membership | None]] = []
    if demo_member is not None:
        assignments += [(demo_member.unit, status, demo_member) for status in DEMO_MEMBER_STATUSES]
    else:
        statuses += DEMO_MEMBER_STATUSES
    assignments += [(units[i % len(units)], status, None) for i, status in enumerate(statuses)]

    used_titles: set[str] = set()
    plans = []
    for unit, status, first in assignments:
        fields, places = UNIT_PROFILES.get(unit.code, ([F.OTHER], ["đơn vị"]))
        for _attempt in range(50):
            field_value = rng.choice(fields)
            topic = rng.choice(TOPICS[field_value])
            place = rng.choice(places)
            if _at_place(topic.title, place) not in used_titles:
                break
        colleagues = memberships[unit.pk]
        first = first or rng.choice(colleagues)
        authors = _authors(rng, first, colleagues)
        actions = rng.choice(PATHS[status])
        days = _schedule(rng, status, actions, today)
        moments = _moments(rng, days, now)
        submitted = days[1] if actions else None
        reference = submitted or days[0]
        first_applied_on = reference - datetime.timedelta(days=rng.randint(20, 300))
        values = _values(rng, topic, field_value, place, authors, first_applied_on)
        if status == S.DRAFT:
            values = _unfinished(rng, values)
        if values["title"] in used_titles:
            values["title"] += f" (giai đoạn {len(plans) + 2})"
        used_titles.add(values["title"])
        officer = officers[unit.pk]
        on_behalf = status != S.DRAFT and first is not demo_member and rng.random() < 0.06
        notes = [rng.choice(NOTES[action]) if action in NOTES else "" for action in actions]
        plan = DossierPlan(
            unit=unit,
            status=status,
            actions=actions,
            moments=moments,
            values=values,
            authors=authors,
            creator=officer if on_behalf else first.user,
            officer=officer,
            notes=notes,
            first_applied_on=values["first_applied_on"],
        )
        wants_pdf = status != S.DRAFT and rng.random() < 0.55
        if wants_pdf:
            plan.files.append(
                DemoFile("thuyet-minh-sang-kien.pdf", "Bản thuyết minh chi tiết", b"")
            )
        if rng.random() < (0.3 if wants_pdf or status == S.DRAFT else 0.7):
            plan.files.append(
                DemoFile(
                    "bieu-do-truoc-sau.png",
                    "Biểu đồ so sánh trước và sau khi áp dụng",
                    _chart(rng),
                )
            )
        if "resubmit" in actions:
            plan.revision_files.append(
                DemoFile("so-lieu-bo-sung.png", "Số liệu bổ sung theo yêu cầu", _chart(rng))
            )
        plans.append(plan)
    return plans


def _upload(demo_file: DemoFile) -> SimpleUploadedFile:
    content_type = "application/pdf" if demo_file.name.endswith(".pdf") else "image/png"
    return SimpleUploadedFile(demo_file.name, demo_file.content, content_type=content_type)


def _service_values(plan: DossierPlan, **changes) -> dict:
    values = {**plan.values, **changes}
    if plan.actions and values["first_applied_on"] is not None:
        # Built today, the dossier must still be within the one-year limit; the planned date
        # (possibly long ago, like its submission) is put back by _backdate.
        values["first_applied_on"] = timezone.localdate() - datetime.timedelta(days=30)
    return values


def _build(plan: DossierPlan) -> Initiative:
    """Create the dossier and take it along its path through the real services, telling
    nobody: this is history, not news (and the e-mail addresses are invented)."""
    initiative = initiative_save_draft(
        actor=plan.creator, unit=plan.unit, values=_service_values(plan), authors=plan.authors
    )
    for demo_file in plan.files:
        attachment_add(
            initiative=initiative,
            upload=_upload(demo_file),
            actor=plan.creator,
            description=demo_file.description,
        )
    for action, note in zip(plan.actions, plan.notes, strict=True):
        if action == "resubmit":
            basis = f"{plan.values['benefit_basis']}\n{REVISION_NOTE}".strip()
            initiative = initiative_save_draft(
                actor=plan.creator,
                unit=plan.unit,
                values=_service_values(plan, benefit_basis=basis),
                authors=plan.authors,
                initiative=initiative,
            )
            for demo_file in plan.revision_files:
                attachment_add(
                    initiative=initiative,
                    upload=_upload(demo_file),
                    actor=plan.creator,
                    description=demo_file.description,
                )
            note = note or REVISION_NOTE
        actor = plan.creator if action in BY_AUTHOR else plan.officer
        initiative = initiative_transition(
            initiative=initiative, action=action, actor=actor, note=note, notify=False
        )
    return initiative


def _backdate(built: list[tuple[DossierPlan, Initiative]]) -> None:
    """Move each dossier's history to the dates of its plan (demo data only)."""
    months = settings.INITIATIVE_DECISION_MONTHS
    ids = [initiative.pk for _plan, initiative in built]
    transitions: dict[int, list[InitiativeTransition]] = {pk: [] for pk in ids}
    for record in InitiativeTransition.objects.filter(initiative_id__in=ids).order_by("pk"):
        transitions[record.initiative_id].append(record)
    attachments: dict[int, list[Attachment]] = {pk: [] for pk in ids}
    for attachment in Attachment.objects.filter(initiative_id__in=ids).order_by("pk"):
        attachments[attachment.initiative_id].append(attachment)

    changed_transitions, changed_attachments = [], []
    snapshots: dict[tuple[int, bool], str] = {}
    for plan, initiative in built:
        for record, moment in zip(transitions[initiative.pk], plan.moments, strict=True):
            record.at = moment
            changed_transitions.append(record)
        resubmitted = plan.moment_of("resubmit")
        for attachment in attachments[initiative.pk]:
            is_revision = attachment.original_name == "so-lieu-bo-sung.png"
            base = resubmitted if is_revision and resubmitted else plan.moments[0]
            attachment.uploaded_at = base - datetime.timedelta(minutes=3 if is_revision else -4)
            changed_attachments.append(attachment)
        initiative.created_at = plan.moments[0]
        initiative.updated_at = plan.moments[-1]
        initiative.first_applied_on = plan.first_applied_on
        submitted = plan.moment_of("submit")
        initiative.submitted_at = submitted
        if submitted is not None:
            day = timezone.localdate(submitted)
            # Names as they stood on the day it came in (before or after the 2025 reform).
            key = (plan.unit.pk, day >= REFORM_DAY)
            if key not in snapshots:
                snapshot = unit_snapshot(plan.unit, day)
                snapshots[key] = snapshot.path_label if snapshot else plan.unit.name
            initiative.unit_name_snapshot = snapshots[key]
        accepted = plan.moment_of("accept")
        if accepted is not None:
            accepted_on = timezone.localdate(accepted)
            initiative.accepted_at = accepted
            initiative.receipt_year = accepted_on.year
            initiative.decision_due = add_months(accepted_on, months)
    InitiativeTransition.objects.bulk_update(changed_transitions, ["at"], batch_size=500)
    Attachment.objects.bulk_update(changed_attachments, ["uploaded_at"], batch_size=500)
    _renumber_receipts([initiative for _plan, initiative in built if initiative.receipt_number])
    Initiative.objects.bulk_update(
        [initiative for _plan, initiative in built],
        [
            "created_at",
            "updated_at",
            "first_applied_on",
            "submitted_at",
            "unit_name_snapshot",
            "accepted_at",
            "receipt_year",
            "receipt_sequence",
            "receipt_number",
            "decision_due",
        ],
        batch_size=200,
    )


def _renumber_receipts(accepted: list[Initiative]) -> None:
    """Receipt numbers in order of acceptance within each unit and year, after any number the
    unit already gave that year."""
    if not accepted:
        return
    Initiative.objects.filter(pk__in=[i.pk for i in accepted]).update(receipt_sequence=None)
    taken = {
        (row["unit_id"], row["receipt_year"]): row["last"]
        for row in Initiative.objects.filter(
            unit_id__in={i.unit_id for i in accepted}, receipt_sequence__isnull=False
        )
        .values("unit_id", "receipt_year")
        .annotate(last=Max("receipt_sequence"))
    }
    for initiative in sorted(accepted, key=lambda i: (i.unit_id, i.accepted_at, i.pk)):
        key = (initiative.unit_id, initiative.receipt_year)
        taken[key] = taken.get(key, 0) + 1
        initiative.receipt_sequence = taken[key]
        initiative.receipt_number = f"SK-{initiative.receipt_year}-{taken[key]:05d}"


@transaction.atomic
def seed_initiatives() -> bool:
    """Add the demo dossiers that are missing. Returns whether anything was added; without the
    demo federation (``emulation.demo``) it does nothing."""
    plans = _plans(timezone.now())
    if not plans:
        return False
    existing = set(
        Initiative.objects.filter(
            unit__in={plan.unit.pk for plan in plans}, title__in=[plan.title for plan in plans]
        ).values_list("unit_id", "title")
    )
    missing = [plan for plan in plans if (plan.unit.pk, plan.title) not in existing]
    if not missing:
        return False
    summaries = [
        (demo_file, plan) for plan in missing for demo_file in plan.files if not demo_file.content
    ]
    for (demo_file, _plan), content in zip(
        summaries, _summary_pdfs([plan for _file, plan in summaries]), strict=True
    ):
        demo_file.content = content
    built = [(plan, _build(plan)) for plan in missing]
    _backdate(built)
    return True
