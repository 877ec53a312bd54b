"""Demo review rounds: the ladder of review from grassroots unions up to the national federation.

``seed_reviews`` adds, in the province of Quảng Trị of the demo federation:

- four closed grassroots rounds (four grassroots unions, late 2025 to mid 2026), scored,
  voted and closed with numbered decisions: most dossiers recognised, one eliminated on the
  novelty criterion, one where the council disagreed widely, one not recognised with reasons
  and one returned to its authors for clarification;
- one grassroots round now in scoring, with some sheets submitted and some still in draft;
  its chair, secretary and one member are demo accounts, so "My reviews" has work to show;
- an open provincial round holding the best dossiers nominated from the closed rounds, each
  round within its forwarding quota;
- a national round (Bằng Lao động sáng tạo) still in draft.

Every dossier of these rounds is written here (texts composed with the parts of
``initiatives.demo``), and every step goes through the real services with an actor who holds
the permission: the dossier's authors and the unit's officer, the council members for their
sheets and votes. The services stamp what they record with today's date and check their dates
against today (an intake still open, a decision not dated in the future), so the rounds are run
today and, step by step, what they wrote is moved back to the planned moment with
``queryset.update`` (history rows, round deadlines, decision dates and numbers), as if the
rounds had run over the last year and a half. That is demo data only, never domain logic;
states change only through the services.

Past events are not news: every service is called with ``notify=False``, so nobody gets an
in-app notification or an e-mail. The step is idempotent: a round whose first dossier already
exists at its unit is not built again.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone, translation

from accounts.models import User
from awards.aggregation import vote_passes
from awards.enums import CouncilRole, Outcome, RoundEventAction, RoundPurpose, RoundStatus
from awards.models import (
    AwardDecision,
    Conflict,
    CouncilMember,
    Criterion,
    Decision,
    ReviewRound,
    RoundEntry,
    RoundEvent,
    Rubric,
    RubricVersion,
    ScoreSheet,
)
from awards.selectors.scores import round_results
from awards.services import (
    CriterionData,
    ScoreData,
    conflict_declare,
    council_member_add,
    eligible_voters,
    entry_add,
    entry_nominate,
    entry_record_vote,
    round_close,
    round_create,
    round_transition,
    rubric_create,
    sheet_save,
)
from awards.services.numbering import format_decision_number
from emulation.demo import DEMO_ACCOUNTS
from initiatives.demo import (
    DEMO_MEMBER_EMAIL,
    Topic,
    _at_place,
    _authors,
    _renumber_receipts,
    _values,
)
from initiatives.enums import InitiativeField
from initiatives.models import Initiative, InitiativeTransition
from initiatives.services import add_months, initiative_save_draft, initiative_transition
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.models import Membership, Unit
from unions.selectors import nearest_holders, unit_snapshot

F = InitiativeField
R = RoundStatus
SEED = 20254

GRASSROOTS_RUBRIC = "Thang điểm xét công nhận sáng kiến cấp cơ sở"
PROVINCIAL_RUBRIC = "Thang điểm xét chọn sáng kiến cấp tỉnh"
PROVINCE = "QTR"
NATION = "TLD"

# Demo accounts on the council of the round in scoring (see emulation.demo.DEMO_ACCOUNTS).
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

# Positions (of emulation.demo's members) a council calls on, by the kind of workplace: its
# name contains the key ("": any other workplace).
COUNCIL_POSITIONS = {
    "Trường": {"Giáo viên", "Nhân viên kế toán"},
    "Bệnh viện": {"Bác sĩ", "Điều dưỡng", "Kỹ thuật viên", "Nhân viên kế toán"},
    "": {"Kỹ sư cơ khí", "Kỹ thuật viên", "Trưởng ca", "Tổ trưởng sản xuất", "Nhân viên kế toán"},
}
CLOSED_COUNCIL = [
    CouncilRole.CHAIR,
    CouncilRole.VICE_CHAIR,
    CouncilRole.SECRETARY,
    CouncilRole.MEMBER,
    CouncilRole.MEMBER,
]

# --- what council members write -----------------------------------------------------------

COMMENTS = {
    "novelty": {
        "high": [
            "Giải pháp lần đầu được áp dụng tại đơn vị, thay đổi hẳn cách làm trước đây.",
            "Ý tưởng do nhóm tác giả tự đề xuất, chưa thấy đơn vị cùng ngành áp dụng.",
            "Cách tiếp cận mới, tận dụng sáng tạo thiết bị sẵn có.",
        ],
        "mid": [
            "Có cải tiến so với cách làm cũ nhưng còn dựa nhiều vào giải pháp có trên thị trường.",
            "Tính mới ở mức cải tiến một phần quy trình hiện hành.",
        ],
        "low": [
            "Cách làm này đã có trong quy trình của đơn vị từ trước.",
            "Chưa thấy điểm khác biệt so với cách làm đang áp dụng.",
        ],
    },
    "applicability": {
        "high": [
            "Đã áp dụng ổn định nhiều tháng, dễ nhân rộng sang các bộ phận khác.",
            "Điều kiện áp dụng đơn giản, người lao động làm quen nhanh.",
        ],
        "mid": [
            "Mới áp dụng thử ở một bộ phận, cần thêm thời gian theo dõi.",
            "Muốn nhân rộng cần đầu tư thêm thiết bị.",
        ],
        "low": ["Chưa có biên bản áp dụng thử có xác nhận của bộ phận sử dụng."],
    },
    "benefit": {
        "high": [
            "Giá trị làm lợi được tính có căn cứ, số liệu trước và sau áp dụng rõ ràng.",
            "Giảm rõ rệt thời gian thao tác và cải thiện điều kiện làm việc.",
        ],
        "mid": [
            "Có hiệu quả nhưng giá trị làm lợi mới được ước tính.",
            "Lợi ích xã hội rõ hơn lợi ích kinh tế.",
        ],
        "low": ["Chưa chứng minh được hiệu quả bằng số liệu thực tế."],
    },
}
OVERALL = {
    "high": [
        "Đề nghị Hội đồng công nhận sáng kiến.",
        "Sáng kiến thiết thực, nên nhân rộng trong toàn đơn vị.",
        "Hồ sơ đầy đủ, giải pháp có giá trị thực tiễn cao.",
    ],
    "mid": [
        "Có thể công nhận; đề nghị tác giả tiếp tục theo dõi số liệu sau áp dụng.",
        "Đạt yêu cầu; phần tính giá trị làm lợi cần chặt chẽ hơn.",
    ],
    "low": [
        "Chưa đủ điều kiện công nhận.",
        "Đề nghị tác giả hoàn thiện giải pháp trước khi đề nghị xét lại.",
    ],
}
OUTLIER_COMMENT = (
    "Tôi chấm thấp hơn vì cảm biến tương tự đã được hãng lắp sẵn trên dòng máy may đời mới; "
    "phần mới của nhóm tác giả chỉ là cách lắp lên máy cũ."
)
# How far each seat of a council sits from the dossier's level where members disagreed.
DISAGREEMENT = (0.08, 0.04, 0.0, -0.03, -0.27)


# --- helpers --------------------------------------------------------------------------------


class _Clock:
    """Puts the rows the services just wrote ("now") at the planned moment (demo data only)."""

    STAMPED = (
        (RoundEvent, "at"),
        (InitiativeTransition, "at"),
        (CouncilMember, "added_at"),
        (RoundEntry, "entered_at"),
        (Conflict, "created_at"),
    )

    def __init__(self) -> None:
        self.marks = {model: self._last(model) for model, _field in self.STAMPED}

    @staticmethod
    def _last(model) -> int:
        return model.objects.aggregate(last=Max("pk"))["last"] or 0

    def stamp(self, moment: datetime.datetime) -> None:
        for model, field_name in self.STAMPED:
            if model.objects.filter(pk__gt=self.marks[model]).update(**{field_name: moment}):
                self.marks[model] = self._last(model)

    def run(self, moment: datetime.datetime, service: Callable, **kwargs):
        result = service(**kwargs)
        self.stamp(moment)
        return result


class _Days:
    """Moments of one story (a round, a dossier), in order, in working hours."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.last: datetime.datetime | None = None

    def at(self, day: datetime.date) -> datetime.datetime:
        minutes = self.rng.randint(7 * 60 + 30, 16 * 60)
        moment = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60))
        )
        if self.last is not None and moment <= self.last:
            moment = self.last + datetime.timedelta(minutes=self.rng.randint(2, 15))
        self.last = moment
        return moment


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _rubric(name: str, criteria: list[CriterionData], threshold: int, description: str):
    """(latest version of the shared rubric ``name``, whether it was created now)."""
    version = (
        RubricVersion.objects.filter(rubric__name=name, rubric__unit__isnull=True)
        .order_by("-number")
        .first()
    )
    if version is not None:
        return version, False
    version = rubric_create(
        name=name,
        unit=None,
        description=description,
        pass_threshold=Decimal(threshold),
        criteria=criteria,
        actor=None,
    )
    return version, True


def _officer(unit: Unit, capability: str) -> User | None:
    return nearest_holders(unit, capability).order_by("pk").first()


def _title_of(spec: DossierSpec) -> str:
    return _at_place(spec.title, spec.place)


def _built(plan: GrassrootsPlan, unit: Unit) -> bool:
    return Initiative.objects.filter(unit=unit, title=_title_of(plan.dossiers[0])).exists()


def _round_title(template: str, day: datetime.date) -> str:
    return template.format(year=day.year, previous=day.year - 1)


def _fits(membership: Membership) -> bool:
    """Whether the member's position is one a council would call on at their workplace."""
    name = membership.unit.name
    for marker, positions in COUNCIL_POSITIONS.items():
        if marker in name:
            return membership.position in positions
    return membership.position in COUNCIL_POSITIONS[""]


def _outsiders(
    rng: random.Random, units: list[Unit], count: int, exclude: set[int]
) -> list[Membership]:
    """``count`` members of ``units`` to sit on a council as people from other workplaces:
    none of them a demo account, preferably none seated on another demo council yet."""
    pool = [
        membership
        for membership in Membership.objects.filter(
            unit__in=units, valid_to__isnull=True, user__is_active=True
        )
        .exclude(user_id__in=exclude)
        .exclude(user__email__in=[account.email for account in DEMO_ACCOUNTS])
        .select_related("user", "unit")
        .order_by("user_id")
        if _fits(membership)
    ]
    seated = set(
        CouncilMember.objects.filter(user__in=[m.user_id for m in pool]).values_list(
            "user_id", flat=True
        )
    )
    fresh = [m for m in pool if m.user_id not in seated]
    return rng.sample(fresh if len(fresh) >= count else pool, count)


def _seat_position(membership: Membership) -> str:
    return f"{membership.position}, {membership.unit.name.removeprefix('Công đoàn cơ sở ')}"


# --- dossiers -------------------------------------------------------------------------------


def _dossier(
    rng: random.Random,
    clock: _Clock,
    unit: Unit,
    spec: DossierSpec,
    colleagues: list[Membership],
    officer: User,
    accepted_on: datetime.date,
) -> Initiative:
    """Write, submit and accept one dossier through the services, then date it."""
    first = None
    if spec.by_demo_member:
        first = next((m for m in colleagues if m.user.email == DEMO_MEMBER_EMAIL), None)
    first = first or rng.choice(colleagues)
    authors = _authors(rng, first, colleagues)
    submitted_on = accepted_on - datetime.timedelta(days=rng.randint(3, 12))
    created_on = submitted_on - datetime.timedelta(days=rng.randint(2, 20))
    first_applied_on = submitted_on - datetime.timedelta(days=rng.randint(45, 240))
    values = _values(
        rng, Topic(spec.title, spec.task), spec.field, spec.place, authors, first_applied_on
    )
    days = _Days(rng)
    created, submitted, accepted = (days.at(d) for d in (created_on, submitted_on, accepted_on))
    # Written today, the dossier must be within the one-year limit; its planned first use
    # (as long ago as its submission) is put back below.
    today_values = {**values, "first_applied_on": timezone.localdate() - datetime.timedelta(30)}
    initiative = clock.run(
        created,
        initiative_save_draft,
        actor=first.user,
        unit=unit,
        values=today_values,
        authors=authors,
    )
    clock.run(
        submitted,
        initiative_transition,
        initiative=initiative,
        action="submit",
        actor=first.user,
        notify=False,
    )
    clock.run(
        accepted,
        initiative_transition,
        initiative=initiative,
        action="accept",
        actor=officer,
        notify=False,
    )
    snapshot = unit_snapshot(unit, submitted_on)
    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=created,
        updated_at=accepted,
        first_applied_on=first_applied_on,
        submitted_at=submitted,
        unit_name_snapshot=snapshot.path_label if snapshot else unit.name,
        accepted_at=accepted,
        decision_due=add_months(accepted_on, settings.INITIATIVE_DECISION_MONTHS),
    )
    return initiative


def _colleagues(unit: Unit, officer: User) -> list[Membership]:
    return list(
        Membership.objects.filter(unit=unit, valid_to__isnull=True, user__is_active=True)
        .exclude(user=officer)
        .select_related("user", "unit")
        .order_by("user_id")
    )


# --- scores and votes -------------------------------------------------------------------------


def _kind(criterion: Criterion) -> str:
    name = criterion.name.lower()
    if "mới" in name:
        return "novelty"
    if "áp dụng" in name or "nhân rộng" in name or "phạm vi" in name:
        return "applicability"
    return "benefit"


def _level(share: float) -> str:
    return "high" if share >= 0.75 else "mid" if share >= 0.5 else "low"


def _scores(
    rng: random.Random,
    criteria: list[Criterion],
    level: float,
    fate: str,
    seat_index: int,
    *,
    only: int | None = None,
) -> tuple[dict[int, ScoreData], str]:
    """One member's scores for a dossier of the given level (share of the maximum), and the
    overall comment. ``only``: a draft, with the first ``only`` criteria scored."""
    if fate == DISAGREE:
        level += DISAGREEMENT[seat_index % len(DISAGREEMENT)]
    scores, total, maximum = {}, Decimal(0), Decimal(0)
    for index, criterion in enumerate(criteria):
        top = float(criterion.max_points)
        if only is not None and index >= only:
            scores[criterion.pk] = ScoreData(points=None)
            continue
        if fate == ELIMINATED and criterion.eliminatory:
            value = rng.randint(3, 7) if seat_index % 3 == 1 else 0
        else:
            share = level + rng.uniform(-0.04, 0.04)
            value = round(min(max(share, 0.04), 1.0) * top)
        points = Decimal(value)
        total += points * criterion.weight
        maximum += criterion.max_points * criterion.weight
        comment = ""
        if rng.random() < 0.35:
            comment = rng.choice(COMMENTS[_kind(criterion)][_level(value / top)])
        scores[criterion.pk] = ScoreData(points=points, comment=comment)
    overall = ""
    if only is None:
        if fate == DISAGREE and seat_index % len(DISAGREEMENT) == len(DISAGREEMENT) - 1:
            overall = OUTLIER_COMMENT
        elif rng.random() < 0.7:
            overall = rng.choice(OVERALL[_level(float(total / maximum))])
    return scores, overall


def _votes(rng: random.Random, entry: RoundEntry, fate: str) -> tuple[int, int, int, str]:
    """(for, against, abstaining, outcome) as the council voted on the dossier."""
    voters = eligible_voters(entry)
    share = settings.REVIEW_VOTE_SHARE
    if fate in (PASS, DISAGREE):
        against = 1 if fate == DISAGREE else 0
        votes_for = voters - against
        if fate == PASS and rng.random() < 0.3 and vote_passes(votes_for - 1, voters, share):
            votes_for -= 1
        return votes_for, against, voters - votes_for - against, Outcome.RECOGNISED
    if fate == RETURN:
        return 1, 0, voters - 1, Outcome.RETURNED
    if fate == ELIMINATED:
        return 0, voters - 1, 1, Outcome.NOT_RECOGNISED
    return 1, voters - 2, 1, Outcome.NOT_RECOGNISED


# --- rounds -----------------------------------------------------------------------------------


@dataclass
class _Built:
    review_round: ReviewRound
    runner: User
    entries: list[tuple[DossierSpec, RoundEntry]]
    levels: dict[int, float]


def _start_grassroots_round(
    plan: GrassrootsPlan,
    unit: Unit,
    version: RubricVersion,
    clock: _Clock,
    rng: random.Random,
    days: _Days,
    seats: list[tuple[User, str, str]],
    *,
    intake_closes: datetime.date,
    scoring_closes: datetime.date,
) -> _Built:
    """Create the round, seat its council, write and enter its dossiers, declare the planned
    conflict and start the scoring."""
    opened = _ago(plan.opened_ago)
    runner = _officer(unit, Capability.RUN_ROUNDS)
    receiver = _officer(unit, Capability.RECEIVE_INITIATIVES)
    colleagues = _colleagues(unit, receiver)
    accepted_days = sorted(
        opened - datetime.timedelta(days=rng.randint(3, 25)) for _spec in plan.dossiers
    )
    initiatives = [
        _dossier(rng, clock, unit, spec, colleagues, receiver, accepted_on)
        for spec, accepted_on in zip(plan.dossiers, accepted_days, strict=True)
    ]
    review_round = clock.run(
        days.at(opened - datetime.timedelta(days=7)),
        round_create,
        unit=unit,
        actor=runner,
        title=_round_title(plan.title, opened),
        purpose=RoundPurpose.RECOGNITION,
        year=opened.year,
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        # Open today (the service takes dossiers only until the intake closes); the planned
        # dates are put back once the dossiers are in.
        intake_closes=timezone.localdate(),
        scoring_closes=max(scoring_closes, timezone.localdate()),
        rubric_version=version,
        forward_quota=plan.forward_quota,
    )
    for offset, (user, role, position) in zip((6, 5, 4, 3, 2, 2), seats, strict=False):
        clock.run(
            days.at(opened - datetime.timedelta(days=offset)),
            council_member_add,
            review_round=review_round,
            user=user,
            role=role,
            position=position,
            actor=runner,
        )
    clock.run(
        days.at(opened), round_transition, review_round=review_round, action="open", actor=runner
    )
    entry_days = sorted(rng.sample(range(1, 16), len(initiatives)))
    entries = []
    for spec, initiative, offset in zip(plan.dossiers, initiatives, entry_days, strict=True):
        entry = clock.run(
            days.at(opened + datetime.timedelta(days=offset)),
            entry_add,
            review_round=review_round,
            initiative=initiative,
            actor=runner,
            notify=False,
        )
        entries.append((spec, entry))
    if plan.declared_conflict is not None:
        index, reason = plan.declared_conflict
        member = review_round.council.order_by("pk")[3]
        clock.run(
            days.at(opened + datetime.timedelta(days=17)),
            conflict_declare,
            entry=entries[index][1],
            member=member,
            reason=reason,
            actor=member.user,
        )
    clock.run(
        days.at(intake_closes + datetime.timedelta(days=1)),
        round_transition,
        review_round=review_round,
        action="start_scoring",
        actor=runner,
        notify=False,
    )
    levels = {}
    for spec, entry in entries:
        levels[entry.pk] = {
            PASS: rng.uniform(0.66, 0.9),
            DISAGREE: 0.76,
            ELIMINATED: 0.45,
            BELOW: 0.38,
            RETURN: 0.58,
        }[spec.fate]
    return _Built(review_round, runner, entries, levels)


def _sheets_in_order(review_round: ReviewRound) -> list[ScoreSheet]:
    return list(
        ScoreSheet.objects.filter(entry__round=review_round)
        .select_related("member__user", "entry")
        .order_by("member_id", "entry_id")
    )


def _submit(
    clock: _Clock,
    rng: random.Random,
    built: _Built,
    sheet: ScoreSheet,
    criteria: list[Criterion],
    seat_index: int,
    moment: datetime.datetime,
    *,
    only: int | None = None,
) -> None:
    fate = next(spec.fate for spec, entry in built.entries if entry.pk == sheet.entry_id)
    scores, overall = _scores(
        rng, criteria, built.levels[sheet.entry_id], fate, seat_index, only=only
    )
    clock.run(
        moment,
        sheet_save,
        sheet=sheet,
        actor=sheet.member.user,
        scores=scores,
        overall_comment=overall,
        submit=only is None,
    )
    ScoreSheet.objects.filter(pk=sheet.pk).update(
        updated_at=moment, submitted_at=moment if only is None else None
    )


def _closed_round(
    plan: GrassrootsPlan,
    unit: Unit,
    version: RubricVersion,
    clock: _Clock,
    province_units: list[Unit],
) -> ReviewRound:
    """A grassroots round run from start to decision, dated ``plan.opened_ago`` days back."""
    rng = random.Random(f"{SEED}-{plan.unit_code}")
    days = _Days(rng)
    opened = _ago(plan.opened_ago)
    intake_closes = opened + datetime.timedelta(days=20)
    scoring_closes = opened + datetime.timedelta(days=34)
    decided_on = opened + datetime.timedelta(days=42)
    outsiders = _outsiders(
        rng, [u for u in province_units if u.pk != unit.pk], len(CLOSED_COUNCIL), set()
    )
    seats = [
        (m.user, role, _seat_position(m)) for m, role in zip(outsiders, CLOSED_COUNCIL, strict=True)
    ]
    built = _start_grassroots_round(
        plan,
        unit,
        version,
        clock,
        rng,
        days,
        seats,
        intake_closes=intake_closes,
        scoring_closes=scoring_closes,
    )
    review_round = built.review_round
    criteria = list(Criterion.objects.filter(version=version).order_by("sort_order", "pk"))
    seat_index = {m.pk: i for i, m in enumerate(review_round.council.order_by("pk"))}
    # Members score independently, each on their own days before the scoring closes.
    planned = []
    for sheet in _sheets_in_order(review_round):
        day = opened + datetime.timedelta(days=rng.randint(22, 33))
        planned.append((day, rng.random(), sheet))
    planned.sort(key=lambda row: (row[0], row[1]))
    for day, _order, sheet in planned:
        _submit(clock, rng, built, sheet, criteria, seat_index[sheet.member_id], days.at(day))
    clock.run(
        days.at(scoring_closes + datetime.timedelta(days=1)),
        round_transition,
        review_round=review_round,
        action="close_scoring",
        actor=built.runner,
    )
    secretary = review_round.council.get(role=CouncilRole.SECRETARY).user
    vote_day = opened + datetime.timedelta(days=38)
    for spec, entry in built.entries:
        votes_for, against, abstain, outcome = _votes(rng, entry, spec.fate)
        moment = days.at(vote_day)
        clock.run(
            moment,
            entry_record_vote,
            entry=entry,
            actor=secretary,
            votes_for=votes_for,
            votes_against=against,
            votes_abstain=abstain,
            outcome=outcome,
            reason=spec.reason,
            notify=False,
        )
        RoundEntry.objects.filter(pk=entry.pk).update(vote_recorded_at=moment)
    closed_at = days.at(decided_on)
    decision = clock.run(
        closed_at,
        round_close,
        review_round=review_round,
        actor=built.runner,
        decided_on=timezone.localdate(),
        signer_name=plan.signer_name,
        signer_title=plan.signer_title,
        notify=False,
    )
    _date_decision(decision, decided_on, closed_at)
    ReviewRound.objects.filter(pk=review_round.pk).update(
        period_start=opened,
        period_end=decided_on,
        intake_closes=intake_closes,
        scoring_closes=scoring_closes,
        closed_at=closed_at,
    )
    return review_round


def _date_decision(decision: Decision, decided_on: datetime.date, moment) -> None:
    """Give the decision its planned date and the number it would have had that year (the
    format of ``awards.services.numbering``), wherever the number was written."""
    unit = decision.round.unit
    last = (
        Decision.objects.filter(unit=unit, year=decided_on.year)
        .exclude(pk=decision.pk)
        .aggregate(last=Max("sequence"))["last"]
    )
    last_award = (
        AwardDecision.objects.filter(issuer=unit, year=decided_on.year)
        .exclude(round_decision=decision)
        .aggregate(last=Max("sequence"))["last"]
    )
    sequence = max(last or 0, last_award or 0) + 1
    number = format_decision_number(unit, decided_on.year, sequence)
    Decision.objects.filter(pk=decision.pk).update(
        year=decided_on.year,
        sequence=sequence,
        number=number,
        decided_on=decided_on,
        created_at=moment,
    )
    # The initiative certificates issued with it (``awards.services.honours.round_certificates``)
    # carry the same number and date.
    AwardDecision.objects.filter(round_decision=decision).update(
        year=decided_on.year,
        sequence=sequence,
        number=number,
        decided_on=decided_on,
        created_at=moment,
        issued_at=moment,
    )
    RoundEvent.objects.filter(round=decision.round, action=RoundEventAction.CLOSED).update(
        note=number
    )
    InitiativeTransition.objects.filter(
        initiative__round_entries__round=decision.round, action="recognise", note=decision.number
    ).update(note=number)


def _scoring_round(
    version: RubricVersion, clock: _Clock, province_units: list[Unit], accounts: dict[str, User]
) -> ReviewRound:
    """The grassroots round in scoring: demo accounts in the chair, the secretary's seat and a
    member's seat, some sheets submitted, some in draft, some untouched."""
    plan = SCORING_ROUND
    unit = next(u for u in province_units if u.code == plan.unit_code)
    rng = random.Random(f"{SEED}-{plan.unit_code}")
    days = _Days(rng)
    opened = _ago(plan.opened_ago)
    intake_closes = opened + datetime.timedelta(days=20)
    scoring_closes = timezone.localdate() + datetime.timedelta(days=9)
    experts = _outsiders(
        rng,
        [u for u in province_units if u.pk != unit.pk],
        2,
        {user.pk for user in accounts.values()},
    )
    chair, secretary, member = (accounts[e] for e in (CHAIR_EMAIL, SECRETARY_EMAIL, MEMBER_EMAIL))
    seats = [
        (chair, *SEATED_ACCOUNTS[CHAIR_EMAIL]),
        (experts[0].user, CouncilRole.VICE_CHAIR, _seat_position(experts[0])),
        (secretary, *SEATED_ACCOUNTS[SECRETARY_EMAIL]),
        (member, *SEATED_ACCOUNTS[MEMBER_EMAIL]),
        (experts[1].user, CouncilRole.MEMBER, _seat_position(experts[1])),
    ]
    built = _start_grassroots_round(
        plan,
        unit,
        version,
        clock,
        rng,
        days,
        seats,
        intake_closes=intake_closes,
        scoring_closes=scoring_closes,
    )
    review_round = built.review_round
    criteria = list(Criterion.objects.filter(version=version).order_by("sort_order", "pk"))
    seat_list = list(review_round.council.order_by("pk"))
    planned = []
    for index, seat in enumerate(seat_list):
        key = "expert" if seat.user_id == experts[1].user_id else seat.role
        submitted, drafts = SCORING_PROGRESS[key]
        sheets = list(seat.sheets.select_related("member__user", "entry").order_by("entry_id"))
        for position, sheet in enumerate(sheets[: submitted + drafts]):
            day = intake_closes + datetime.timedelta(days=rng.randint(3, 23))
            only = None if position < submitted else rng.randint(1, len(criteria) - 1)
            planned.append((min(day, _ago(1)), rng.random(), sheet, index, only))
    planned.sort(key=lambda row: (row[0], row[1]))
    for day, _order, sheet, index, only in planned:
        _submit(clock, rng, built, sheet, criteria, index, days.at(day), only=only)
    ReviewRound.objects.filter(pk=review_round.pk).update(
        period_start=opened,
        period_end=scoring_closes + datetime.timedelta(days=10),
        intake_closes=intake_closes,
        scoring_closes=scoring_closes,
    )
    return review_round


def _provincial_round(
    province: Unit,
    version: RubricVersion,
    clock: _Clock,
    province_units: list[Unit],
    closed: list[ReviewRound],
    accounts: dict[str, User],
) -> ReviewRound:
    """The open provincial round: a council being formed and the best dossiers of the closed
    grassroots rounds nominated to it, within each round's quota."""
    rng = random.Random(f"{SEED}-{province.code}")
    days = _Days(rng)
    opened = _ago(PROVINCIAL_OPENED_AGO)
    runner = _officer(province, Capability.RUN_ROUNDS)
    today = timezone.localdate()
    review_round = clock.run(
        days.at(opened - datetime.timedelta(days=8)),
        round_create,
        unit=province,
        actor=runner,
        title=_round_title(PROVINCIAL_TITLE, opened),
        purpose=RoundPurpose.NOMINATION,
        year=opened.year,
        period_start=opened,
        period_end=today + datetime.timedelta(days=70),
        intake_closes=today + datetime.timedelta(days=23),
        scoring_closes=today + datetime.timedelta(days=50),
        rubric_version=version,
        forward_quota=3,
    )
    # People from the workplaces that sent no dossier, and the union's representative (a
    # grassroots union chair: her own union's dossiers are hers to stay away from).
    nominating_units = {r.unit_id for r in closed} | {
        u.pk for u in province_units if u.code == SCORING_ROUND.unit_code
    }
    outsiders = _outsiders(
        rng,
        [u for u in province_units if u.pk not in nominating_units],
        4,
        {user.pk for user in accounts.values()},
    )
    seats = [
        (m.user, role, _seat_position(m))
        for m, role in zip(
            outsiders,
            [CouncilRole.CHAIR, CouncilRole.VICE_CHAIR, CouncilRole.SECRETARY, CouncilRole.MEMBER],
            strict=True,
        )
    ]
    seats.append(
        (
            accounts[SECRETARY_EMAIL],
            CouncilRole.UNION_REPRESENTATIVE,
            SEATED_ACCOUNTS[SECRETARY_EMAIL][1],
        )
    )
    for offset, (user, role, position) in zip((6, 5, 5, 4, 3), seats, strict=True):
        clock.run(
            days.at(opened - datetime.timedelta(days=offset)),
            council_member_add,
            review_round=review_round,
            user=user,
            role=role,
            position=position,
            actor=runner,
        )
    clock.run(
        days.at(opened), round_transition, review_round=review_round, action="open", actor=runner
    )
    plans = {plan.unit_code: plan for plan in CLOSED_ROUNDS}
    nominations = []
    for source in closed:
        results = round_results(source)
        recognised = sorted(
            source.entries.filter(outcome=Outcome.RECOGNISED),
            key=lambda e: (-results[e.pk].total.mean, e.pk),
        )
        nominations += [(source, entry) for entry in recognised[: plans[source.unit.code].nominate]]
    nomination_days = sorted(rng.sample(range(5, PROVINCIAL_OPENED_AGO - 4), len(nominations)))
    for (source, entry), ago in zip(nominations, reversed(nomination_days), strict=True):
        clock.run(
            days.at(_ago(ago)),
            entry_nominate,
            entry=entry,
            target=review_round,
            actor=_officer(source.unit, Capability.RUN_ROUNDS),
        )
    return review_round


def _national_round(nation: Unit, version: RubricVersion, clock: _Clock) -> ReviewRound:
    rng = random.Random(f"{SEED}-{nation.code}")
    today = timezone.localdate()
    return clock.run(
        _Days(rng).at(_ago(6)),
        round_create,
        unit=nation,
        actor=_officer(nation, Capability.RUN_ROUNDS),
        title=_round_title(NATIONAL_TITLE, today),
        purpose=RoundPurpose.AWARD,
        year=today.year,
        period_start=today + datetime.timedelta(days=40),
        period_end=today + datetime.timedelta(days=220),
        intake_closes=today + datetime.timedelta(days=120),
        scoring_closes=today + datetime.timedelta(days=165),
        rubric_version=version,
        forward_quota=None,
    )


def _finish(round_ids: list[int], versions: list[tuple[RubricVersion, bool]]) -> None:
    """Last touches of the dates: each dossier and round was last changed at its latest
    recorded step, and a rubric first frozen now was frozen by the first sheet saved."""
    last_transition = InitiativeTransition.objects.filter(initiative=OuterRef("pk")).order_by("-at")
    dossiers = Initiative.objects.filter(round_entries__round_id__in=round_ids).distinct()
    Initiative.objects.filter(pk__in=dossiers.values("pk")).update(
        updated_at=Subquery(last_transition.values("at")[:1])
    )
    last_event = RoundEvent.objects.filter(round=OuterRef("pk")).order_by("-at")
    first_event = RoundEvent.objects.filter(round=OuterRef("pk")).order_by("at")
    ReviewRound.objects.filter(pk__in=round_ids).update(
        created_at=Subquery(first_event.values("at")[:1]),
        updated_at=Subquery(last_event.values("at")[:1]),
    )
    for version, was_frozen in versions:
        first_sheet = (
            ScoreSheet.objects.filter(rubric_version=version, scores__points__isnull=False)
            .order_by("updated_at")
            .values_list("updated_at", flat=True)
            .first()
        )
        if not was_frozen and first_sheet is not None:
            RubricVersion.objects.filter(pk=version.pk).update(frozen_at=first_sheet)


def _renumber(round_ids: list[int]) -> None:
    """Receipt numbers of the new dossiers in the year they were (planned to be) accepted."""
    accepted = list(
        Initiative.objects.filter(
            round_entries__round_id__in=round_ids, round_entries__nominated_from__isnull=True
        ).distinct()
    )
    for initiative in accepted:
        initiative.receipt_year = timezone.localdate(initiative.accepted_at).year
    _renumber_receipts(accepted)
    Initiative.objects.bulk_update(accepted, ["receipt_year", "receipt_sequence", "receipt_number"])


@transaction.atomic
def seed_reviews() -> bool:
    """Add the demo review rounds that are missing. Returns whether anything was added;
    without the demo federation (``emulation.demo``) it does nothing."""
    province = Unit.objects.filter(code=PROVINCE, is_active=True).first()
    nation = Unit.objects.filter(code=NATION, is_active=True).first()
    accounts = {
        user.email: user
        for user in User.objects.filter(email__in=list(SEATED_ACCOUNTS), is_active=True)
    }
    if province is None or nation is None or len(accounts) < len(SEATED_ACCOUNTS):
        return False
    province_units = list(
        Unit.objects.filter(
            path__startswith=province.path, kind__in=GRASSROOTS_KINDS, is_active=True
        ).order_by("code")
    )
    by_code = {unit.code: unit for unit in province_units}
    plans = [*CLOSED_ROUNDS, SCORING_ROUND]
    if any(plan.unit_code not in by_code for plan in plans):
        return False

    with translation.override(settings.LANGUAGE_CODE):
        clock = _Clock()
        grassroots, created = _rubric(
            GRASSROOTS_RUBRIC,
            GRASSROOTS_CRITERIA,
            50,
            "Dùng cho hội đồng sáng kiến cơ sở: tổng 100 điểm, đạt từ 50 điểm; tiêu chí tính "
            "mới là tiêu chí loại.",
        )
        provincial, created_too = _rubric(
            PROVINCIAL_RUBRIC,
            PROVINCIAL_CRITERIA,
            70,
            "Dùng cho hội đồng xét chọn sáng kiến tiêu biểu cấp tỉnh: tổng 100 điểm, đạt từ 70 "
            "điểm.",
        )
        changed = created or created_too
        was_frozen = grassroots.frozen_at is not None
        new_rounds: list[int] = []
        closed = []
        for plan in CLOSED_ROUNDS:
            unit = by_code[plan.unit_code]
            if _built(plan, unit):
                existing = (
                    ReviewRound.objects.filter(
                        entries__initiative__unit=unit,
                        entries__initiative__title=_title_of(plan.dossiers[0]),
                        status=R.CLOSED,
                    )
                    .select_related("unit")
                    .first()
                )
                if existing is not None:
                    closed.append(existing)
                continue
            review_round = _closed_round(plan, unit, grassroots, clock, province_units)
            closed.append(ReviewRound.objects.select_related("unit").get(pk=review_round.pk))
            new_rounds.append(review_round.pk)
        if not _built(SCORING_ROUND, by_code[SCORING_ROUND.unit_code]):
            new_rounds.append(_scoring_round(grassroots, clock, province_units, accounts).pk)
        if not ReviewRound.objects.filter(unit=province, purpose=RoundPurpose.NOMINATION).exists():
            new_rounds.append(
                _provincial_round(province, provincial, clock, province_units, closed, accounts).pk
            )
        if not ReviewRound.objects.filter(unit=nation, purpose=RoundPurpose.AWARD).exists():
            new_rounds.append(_national_round(nation, provincial, clock).pk)
        if new_rounds:
            _renumber(new_rounds)
            _finish(new_rounds, [(grassroots, was_frozen)])
            # The rubrics the rounds used were there before the first of them.
            since = timezone.make_aware(
                datetime.datetime.combine(
                    _ago(CLOSED_ROUNDS[0].opened_ago + 30), datetime.time(8, 30)
                )
            )
            versions = [grassroots.pk, provincial.pk]
            RubricVersion.objects.filter(pk__in=versions, created_at__gt=since).update(
                created_at=since
            )
            Rubric.objects.filter(versions__in=versions, created_at__gt=since).update(
                created_at=since
            )
    return changed or bool(new_rounds)
