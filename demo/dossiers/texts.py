"""The words demo dossiers are made of: the parts a dossier's texts are composed from, its
authors (members of the union and people from outside) and the reviewers' notes. Names of people
and organisations are invented."""

import datetime
import random
from decimal import Decimal

from demo.dossiers.topics import Topic
from demo.names import FAMILY_NAMES, GIVEN_NAMES_F, GIVEN_NAMES_M
from initiatives.enums import InitiativeField, InitiativeKind
from initiatives.services import AuthorData
from unions.models import Membership, Unit

F = InitiativeField
K = InitiativeKind

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


def at_place(text: str, place: str) -> str:
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


def draw_authors(
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


def compose_values(
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
        "title": at_place(topic.title, place),
        "field": field_value,
        "kind": rng.choice(KINDS.get(field_value, TECHNICAL_KINDS)),
        "first_applied_on": first_applied_on,
        "previous_state": (
            f"Trước khi có sáng kiến, {at_place(topic.task, place)} {rng.choice(OLD_WAYS)}. "
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


def unfinished(rng: random.Random, values: dict) -> dict:
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
