"""Demo emulation blocks and pledges, seeded through the real services after the movements
(order 91): they count the initiatives, awards and registrations the other demo steps made.

The national federation organises two blocks of provincial federations and sector unions; the
Quảng Trị federation two clusters of its grassroots unions. Each block has its chair and
vice-chair for 2025 and 2026 (the chair rotates). The 2025 pledges of one block of each kind
were reported on at year end, scored, closed, and their leader proposed for the emulation flag;
the 2026 pledges, linked to the 2026 part of "Lao động giỏi, lao động sáng tạo", are signed,
with reported and computed indicators, and their mid-year reports submitted (some scored).
Past events are not news: nobody is notified. Figures and names are invented for the demo.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from emulation.enums import (
    BlockKind,
    IndicatorDirection,
    IndicatorSourceKind,
    MovementStatus,
    ReportPeriod,
)
from emulation.indicators import indicator_source
from emulation.models import EmulationBlock, Movement, Pledge, PledgeReport
from emulation.selectors.pledges import pledge_ranking, ranking_leaders, suggested_score
from emulation.services.blocks import block_create, block_leadership_set, block_member_add
from emulation.services.pledges import (
    IndicatorValues,
    pledge_create,
    pledge_flag_propose,
    pledge_indicator_add,
    pledge_signatory_set,
    pledge_transition,
)
from emulation.services.reports import (
    IndicatorScore,
    ReportedValue,
    pledge_report_open,
    pledge_report_save,
    pledge_report_score,
    pledge_report_submit,
)
from unions.models import Unit

OFFICER_TLD = "canbo.tld@demo.congdoan.vn"
OFFICER_QTR = "canbo.quangtri@demo.congdoan.vn"
SUPERUSER = "quantri@demo.congdoan.vn"
MOVEMENT_NAME = "Lao động giỏi, lao động sáng tạo"
JOINED_ON = datetime.date(2025, 7, 1)  # the day the merged provinces began
D = datetime.date


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    unit_of_measure: str
    target: str
    max_score: str
    key: str = ""  # a registry figure: computed when its source is registered
    lower: bool = False
    guidance: str = ""


@dataclass(frozen=True)
class DemoBlock:
    managing: str
    name: str
    kind: str
    members: tuple[str, ...]
    # year → (chair, vice-chair)
    leadership: dict
    indicators: tuple[DemoIndicator, ...]
    closed_2025: bool
    scored_2026: int  # how many of the mid-year 2026 reports are scored
    description: str = ""


PROVINCIAL_INDICATORS = (
    DemoIndicator(
        "Số sáng kiến được công nhận trong năm",
        "sáng kiến",
        "20",
        "25",
        key="initiatives_recognised",
        guidance="Tính tự động từ sổ đăng ký sáng kiến của toàn bộ đơn vị trực thuộc.",
    ),
    DemoIndicator(
        "Tỷ lệ văn bản điều hành được ký số",
        "%",
        "90",
        "15",
        guidance="Số văn bản ký số trên tổng số văn bản phát hành trong kỳ.",
    ),
    DemoIndicator(
        "Tỷ lệ cán bộ công đoàn chuyên trách được bồi dưỡng kỹ năng số",
        "%",
        "80",
        "15",
    ),
    DemoIndicator(
        "Số đoàn viên đăng ký thi đua cá nhân được duyệt",
        "đoàn viên",
        "30",
        "20",
        key="members_registered",
    ),
    DemoIndicator(
        "Số vụ tai nạn lao động chết người tại đơn vị có tổ chức công đoàn",
        "vụ",
        "0",
        "25",
        lower=True,
    ),
)

GRASSROOTS_INDICATORS = (
    DemoIndicator(
        "Số sáng kiến được công nhận",
        "sáng kiến",
        "3",
        "25",
        key="initiatives_recognised",
    ),
    DemoIndicator(
        "Số sáng kiến đăng ký, nộp hồ sơ",
        "sáng kiến",
        "5",
        "15",
        key="initiatives_submitted",
    ),
    DemoIndicator("Tỷ lệ đoàn viên tham gia phong trào thi đua", "%", "95", "20"),
    DemoIndicator("Số vụ tai nạn lao động", "vụ", "0", "20", lower=True),
    DemoIndicator("Tỷ lệ văn bản công đoàn được ký số", "%", "80", "20"),
)

BLOCKS = (
    DemoBlock(
        managing="TLD",
        name="Khối thi đua các LĐLĐ tỉnh, thành phố Đồng bằng và Trung du Bắc Bộ",
        kind=BlockKind.BLOCK,
        members=("HNO", "PTO", "QNI"),
        leadership={2025: ("HNO", "QNI"), 2026: ("QNI", "PTO")},
        indicators=PROVINCIAL_INDICATORS,
        closed_2025=True,
        scored_2026=3,
        description="Các liên đoàn lao động tỉnh, thành phố khu vực phía Bắc.",
    ),
    DemoBlock(
        managing="TLD",
        name="Khối thi đua các Công đoàn ngành Trung ương và LĐLĐ tỉnh miền Trung",
        kind=BlockKind.BLOCK,
        members=("CDDK", "CDTKS", "QTR"),
        leadership={2025: ("CDDK", "QTR"), 2026: ("QTR", "CDTKS")},
        indicators=PROVINCIAL_INDICATORS,
        closed_2025=False,
        scored_2026=0,
    ),
    DemoBlock(
        managing="QTR",
        name="Cụm thi đua các công đoàn cơ sở doanh nghiệp tỉnh Quảng Trị",
        kind=BlockKind.CLUSTER,
        members=("CS-DHA-01", "CS-DHA-03", "CS-KCN-QTR-01", "CS-KCN-QTR-02", "CS-DHO-01"),
        leadership={2025: ("CS-KCN-QTR-01", "CS-DHA-01"), 2026: ("CS-DHA-01", "CS-KCN-QTR-02")},
        indicators=GRASSROOTS_INDICATORS,
        closed_2025=True,
        scored_2026=2,
        description="Công đoàn cơ sở các doanh nghiệp trên địa bàn tỉnh.",
    ),
    DemoBlock(
        managing="QTR",
        name="Cụm thi đua các công đoàn cơ sở hành chính sự nghiệp tỉnh Quảng Trị",
        kind=BlockKind.CLUSTER,
        members=("CS-DHA-02", "CS-GD-QTR-01", "CS-GD-QTR-02"),
        leadership={2025: ("CS-GD-QTR-01", "CS-GD-QTR-02"), 2026: ("CS-DHA-02", "CS-GD-QTR-01")},
        indicators=GRASSROOTS_INDICATORS,
        closed_2025=False,
        scored_2026=1,
    ),
)

SIGNERS = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Vinh", "Phạm Thu Hằng", "Hoàng Đức Long"]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email, is_active=True).first()


def _movement_for(year: int) -> Movement | None:
    """The narrowest running (or planned) "Lao động giỏi, lao động sáng tạo" movement of the
    national federation covering ``year``, if the movements demo made one."""
    candidates = Movement.objects.filter(
        launching_unit__code="TLD",
        name__contains=MOVEMENT_NAME,
        period_start__year__lte=year,
        period_end__year__gte=year,
    ).exclude(status=MovementStatus.CLOSED)
    return min(candidates, key=lambda m: m.period_end - m.period_start, default=None)


def _values(item: DemoIndicator) -> IndicatorValues:
    computed = bool(item.key) and indicator_source(item.key) is not None
    return IndicatorValues(
        name=item.name,
        unit_of_measure=item.unit_of_measure,
        target=Decimal(item.target),
        max_score=Decimal(item.max_score),
        direction=IndicatorDirection.LOWER if item.lower else IndicatorDirection.HIGHER,
        source=IndicatorSourceKind.COMPUTED if computed else IndicatorSourceKind.REPORTED,
        computed_key=item.key if computed else "",
        guidance=item.guidance,
    )


def _reported(rng: random.Random, target: Decimal, lower: bool) -> Decimal:
    if lower:
        return Decimal(rng.choice([0, 0, 0, 1, 2]))
    if target == 0:
        return Decimal(rng.randint(0, 3))
    share = Decimal(rng.randint(70, 115)) / 100
    return (target * share).quantize(Decimal("0.1"))


def _report(pledge: Pledge, unit: Unit, period: str, as_of: datetime.date, rng, actor):
    report = pledge_report_open(pledge=pledge, unit=unit, period=period, actor=actor, as_of=as_of)
    rows = [
        ReportedValue(
            indicator.pk,
            _reported(rng, indicator.target, indicator.direction == IndicatorDirection.LOWER),
            "Số liệu tổng hợp từ báo cáo của các đơn vị trực thuộc.",
        )
        for indicator in pledge.indicators.all()
        if not indicator.is_computed
    ]
    pledge_report_save(
        report=report,
        actor=actor,
        as_of=as_of,
        note="Đơn vị đã tổ chức thực hiện đầy đủ các nội dung giao ước (dữ liệu mẫu).",
        values=rows,
    )
    return pledge_report_submit(report=report, actor=actor, notify=False)


def _score(report: PledgeReport, rng: random.Random, actor) -> PledgeReport:
    lines = []
    for row in report.values.select_related("indicator"):
        suggested = suggested_score(row.indicator, row.reported_value) or Decimal("0")
        # The chair takes off a little where the evidence was thin.
        score = max(Decimal("0"), suggested - Decimal(rng.choice([0, 0, 0, 1])))
        lines.append(IndicatorScore(row.indicator_id, score, row.reported_value))
    return pledge_report_score(report=report, actor=actor, scores=lines, notify=False)


def _pledge(block: EmulationBlock, spec: DemoBlock, year: int, units, actor) -> Pledge:
    pledge = pledge_create(
        block=block,
        year=year,
        title=f"Giao ước thi đua năm {year} – {block.name}",
        movement=_movement_for(year),
        actor=actor,
    )
    for item in spec.indicators:
        pledge_indicator_add(pledge=pledge, values=_values(item), actor=actor)
    for index, unit in enumerate(units):
        pledge_signatory_set(
            pledge=pledge,
            unit=unit,
            signer_name=SIGNERS[index % len(SIGNERS)],
            signer_title="Chủ tịch",
            actor=actor,
        )
    return pledge_transition(
        pledge=pledge,
        action="sign",
        signed_on=D(2025, 7, 15) if year == 2025 else D(2026, 1, 20),
        signed_at_place="Hội nghị ký kết giao ước thi đua",
        actor=actor,
    )


def _seed_block(spec: DemoBlock, actor: User, rng: random.Random) -> None:
    managing = Unit.objects.get(code=spec.managing)
    units = [
        unit
        for unit in Unit.objects.filter(code__in=spec.members, is_active=True)
        if unit.path.startswith(managing.path) and unit.pk != managing.pk
    ]
    units.sort(key=lambda unit: spec.members.index(unit.code))
    if len(units) < 2:
        return
    block = block_create(
        managing_unit=managing,
        name=spec.name,
        kind=spec.kind,
        description=spec.description,
        actor=actor,
    )
    for unit in units:
        block_member_add(block=block, unit=unit, joined_on=JOINED_ON, actor=actor)
    by_code = {unit.code: unit for unit in units}
    for year, (chair, vice) in spec.leadership.items():
        if chair in by_code:
            block_leadership_set(
                block=block,
                year=year,
                chair=by_code[chair],
                vice_chair=by_code.get(vice),
                actor=actor,
            )
    if spec.closed_2025:
        pledge = _pledge(block, spec, 2025, units, actor)
        for unit in units:
            _score(
                _report(pledge, unit, ReportPeriod.YEAR_END, D(2025, 12, 31), rng, actor),
                rng,
                actor,
            )
        pledge = pledge_transition(pledge=pledge, action="close", actor=actor)
        leaders = ranking_leaders(pledge_ranking(pledge))
        if leaders:
            pledge_flag_propose(pledge=pledge, unit=leaders[0], actor=actor)
    pledge = _pledge(block, spec, 2026, units, actor)
    for index, unit in enumerate(units):
        report = _report(pledge, unit, ReportPeriod.MID_YEAR, D(2026, 6, 30), rng, actor)
        if index < spec.scored_2026:
            _score(report, rng, actor)


@transaction.atomic
def seed_pledges() -> bool:
    """Seed the demo blocks and pledges once; False when they are there already or the demo
    federation (or an officer to act) is missing."""
    if Unit.objects.filter(code__in=["TLD", "QTR"]).count() != 2:
        return False
    if EmulationBlock.objects.filter(name=BLOCKS[0].name).exists():
        return False
    superuser = _user(SUPERUSER)
    actors = {"TLD": _user(OFFICER_TLD) or superuser, "QTR": _user(OFFICER_QTR) or superuser}
    if None in actors.values():
        return False
    rng = random.Random(2026)
    for spec in BLOCKS:
        _seed_block(spec, actors[spec.managing], rng)
    return EmulationBlock.objects.exists()
