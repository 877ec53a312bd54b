"""The demo councils: who sits on them (people from other workplaces of the province), what
their members write on their score sheets and how they vote."""

import random
from decimal import Decimal

from awards.aggregation import vote_passes
from awards.enums import Outcome
from awards.models import CouncilMember, Criterion, RoundEntry
from awards.services import ScoreData, eligible_voters, vote_denominator
from demo.accounts import DEMO_ACCOUNTS
from demo.reviews.plans import (
    COUNCIL_POSITIONS,
    DISAGREE,
    ELIMINATED,
    PASS,
    RETURN,
)
from initiatives.selectors import review_rules
from unions.models import Membership, Unit

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


def _fits(membership: Membership) -> bool:
    """Whether the member's position is one a council would call on at their workplace."""
    name = membership.unit.name
    for marker, positions in COUNCIL_POSITIONS.items():
        if marker in name:
            return membership.position in positions
    return membership.position in COUNCIL_POSITIONS[""]


def outsiders(
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


def seat_position(membership: Membership) -> str:
    return f"{membership.position}, {membership.unit.name.removeprefix('Công đoàn cơ sở ')}"


def _kind(criterion: Criterion) -> str:
    name = criterion.name.lower()
    if "mới" in name:
        return "novelty"
    if "áp dụng" in name or "nhân rộng" in name or "phạm vi" in name:
        return "applicability"
    return "benefit"


def _level(share: float) -> str:
    return "high" if share >= 0.75 else "mid" if share >= 0.5 else "low"


def draw_scores(
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


def draw_votes(rng: random.Random, entry: RoundEntry, fate: str) -> tuple[int, int, int, str]:
    """(for, against, abstaining, outcome) as the council voted on the dossier."""
    voters = eligible_voters(entry)
    counted_on = vote_denominator(entry)
    share = review_rules().vote_share
    if fate in (PASS, DISAGREE):
        # The share is counted on the whole council: one vote against only where it still
        # leaves the recognition its share.
        against = 1 if fate == DISAGREE and vote_passes(voters - 1, counted_on, share) else 0
        votes_for = voters - against
        if fate == PASS and rng.random() < 0.3 and vote_passes(votes_for - 1, counted_on, share):
            votes_for -= 1
        return votes_for, against, voters - votes_for - against, Outcome.RECOGNISED
    if fate == RETURN:
        return 1, 0, voters - 1, Outcome.RETURNED
    if fate == ELIMINATED:
        return 0, voters - 1, 1, Outcome.NOT_RECOGNISED
    return 1, voters - 2, 1, Outcome.NOT_RECOGNISED
