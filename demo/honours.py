"""Demo awards: verified benefits, award decisions at three levels, their certificates and one
revocation.

``seed_honours`` runs after ``demo.reviews.rounds.seed_reviews`` (the closed grassroots rounds of
Quảng Trị, whose recognition decisions already issued the initiative certificates) and adds:

- verified benefits of several recognised initiatives: one above 150,000,000 ₫ in a year (the
  first rule of Bằng Lao động sáng tạo for either group of qualification and position), one
  with three consecutive years of less than 80,000,000 ₫ each that add up to more than
  120,000,000 ₫ (the second rule), one confirmed as claimed, one rejected and one year still
  waiting for its verifier;
- a Giấy khen of a grassroots union for the authors of one of its recognised initiatives (the
  demo member among them);
- a Bằng khen of the Quảng Trị federation for two people and a grassroots union, one of whose
  certificates is then revoked with its reason;
- a Bằng Lao động sáng tạo of the national federation for the authors of the initiative above
  80,000,000 ₫, and for a member who passes only when two of their solutions of one year are
  added up (two recognised initiatives of the same author, each verified below 80,000,000 ₫ in
  the same year, together above it: the rule as the VGCL writes it, "one or more solutions
  with a total of at least 80 million đồng").

Everything goes through the services (``awards.services.benefits`` and ``.honours``), each
step on its planned day of the demo clock (``demo.clock``) by an officer who holds the
capability on that day; the decisions are drafted and issued by
``demo.builders.awards.award_decision_build``, as the tests' ``issue_award`` makes theirs, and
numbered by the service. Issuing queues the certificates' PDFs for the task worker (``make run``
starts it). The step is idempotent: once one of its decisions exists, it does nothing.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from awards.eligibility import tier_from_record
from awards.enums import AwardDecisionStatus, BenefitStatus, QualificationTier, Scope
from awards.models import AwardDecision, AwardType, BenefitRecord, Certificate
from awards.selectors.certificates import revocation_of
from awards.services.benefits import MAX_YEARS as MAX_BENEFIT_YEARS
from awards.services.benefits import benefit_claim, benefit_verify
from awards.services.honours import certificate_revoke
from demo.builders.awards import PersonRecipient, award_decision_build
from demo.clock import DemoClock
from demo.reviews.plans import CLOSED_ROUNDS, PROVINCE, title_of
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative, InitiativeAuthor
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.models import Unit
from unions.selectors import nearest_holders

NATION = "TLD"
GIAY_KHEN = "giay-khen-co-so"
BANG_KHEN = "bang-khen-tinh"
BANG_LDST = "bang-ldst"

# The grounds of each demo decision: also how a second run knows they are there.
GIAY_KHEN_GROUNDS = (
    "Đã có sáng kiến được Hội đồng sáng kiến công nhận, áp dụng hiệu quả trên chuyền may, "
    "góp phần tăng năng suất lao động của Công ty."
)
BANG_KHEN_GROUNDS = (
    "Đã có thành tích xuất sắc trong phong trào thi đua lao động giỏi, lao động sáng tạo "
    "trong công nhân, viên chức, lao động tỉnh Quảng Trị."
)
BANG_LDST_GROUNDS = (
    "Có sáng kiến mang lại giá trị làm lợi lớn, đã được xác minh; theo đề nghị của Liên đoàn "
    "Lao động tỉnh Quảng Trị."
)
DEMO_GROUNDS = (GIAY_KHEN_GROUNDS, BANG_KHEN_GROUNDS, BANG_LDST_GROUNDS)

REVOCATION_REASON = (
    "Khen thưởng trùng lặp: cá nhân đã được khen thưởng cho cùng thành tích tại quyết định "
    "khác. Thu hồi theo đề nghị của Công đoàn cơ sở Công ty Cổ phần Cảng Nhật Lệ Xanh."
)
REVOCATION_REFERENCE = "Công văn số 128/LĐLĐ-TĐKT"

# The dossiers of awards.demo's closed rounds the awards are for: (unit code, dossier index).
LDST_DOSSIER = (CLOSED_ROUNDS[0].unit_code, 0)  # giá nâng thay bộ lọc dầu, điện gió
GIAY_KHEN_DOSSIER = (CLOSED_ROUNDS[1].unit_code, 0)  # cữ gấp mép túi áo, the demo member's
BANG_KHEN_DOSSIER = (CLOSED_ROUNDS[2].unit_code, 0)  # bản đồ số container rỗng, cảng
REJECTED_DOSSIER = (CLOSED_ROUNDS[2].unit_code, 2)  # đèn LED năng lượng mặt trời, cảng

METHOD = (
    "Đối chiếu sổ sách kế toán, định mức vật tư và bảng chấm công của đơn vị áp dụng trước và "
    "sau khi áp dụng; biên bản xác nhận giá trị làm lợi năm {year} có chữ ký của thủ trưởng "
    "đơn vị."
)
REJECTION = (
    "Không xác nhận: chưa tách được phần điện năng tiết kiệm nhờ đèn LED khỏi phần giảm do rút "
    "ngắn giờ chiếu sáng; đề nghị bổ sung số liệu công tơ riêng của cầu bến năm {year}."
)


@dataclass(frozen=True)
class YearPlan:
    claimed: int
    verified: int | None = None  # None: verified as claimed
    status: str = BenefitStatus.VERIFIED  # or ADJUSTED, REJECTED; "" leaves it claimed


# Benefit of each year of application, from the first.
# Above the thresholds of both groups of Bằng LĐST (80 and 150 million ₫ in a year): the
# authors' qualification and position, read from their author rows, differ.
LDST_BENEFITS = (
    YearPlan(176_500_000, 168_600_000, BenefitStatus.ADJUSTED),
    YearPlan(54_000_000, status=""),
)
THREE_YEAR_BENEFITS = (
    YearPlan(39_500_000),
    YearPlan(44_000_000, 40_500_000, BenefitStatus.ADJUSTED),
    YearPlan(45_200_000),
)
# The two solutions of one year of the Bằng LĐST candidate who passes only by their sum.
TWO_SOLUTIONS_BENEFITS = ((YearPlan(46_500_000),), (YearPlan(38_200_000),))
GIAY_KHEN_BENEFITS = (YearPlan(18_750_000),)
BANG_KHEN_BENEFITS = (YearPlan(62_400_000),)
REJECTED_BENEFITS = (YearPlan(48_000_000, status=BenefitStatus.REJECTED),)

SIGNERS = {
    GIAY_KHEN: ("Phạm Thị Lan", "Chủ tịch Công đoàn cơ sở Công ty Cổ phần May Sông Hiếu"),
    BANG_KHEN: ("Võ Thị Hồng Nhung", "Chủ tịch Liên đoàn Lao động tỉnh Quảng Trị"),
    BANG_LDST: ("Trịnh Minh Khôi", "Phó Chủ tịch Tổng Liên đoàn Lao động Việt Nam"),
}


# --- helpers --------------------------------------------------------------------------------


def _before_today(clock: DemoClock, day: datetime.date, days: int = 1) -> datetime.date:
    return min(day, clock.ago(days))


def _officer(unit: Unit, capability: str) -> User | None:
    return nearest_holders(unit, capability).order_by("pk").first()


def _recognised_on(initiative: Initiative) -> datetime.date:
    recognitions = initiative.transitions.filter(action="recognise").order_by("-at")
    last = recognitions.values_list("at", flat=True).first()
    return timezone.localdate(last) if last else timezone.localdate(initiative.updated_at)


def _dossier(unit_code: str, index: int) -> Initiative | None:
    plan = next(plan for plan in CLOSED_ROUNDS if plan.unit_code == unit_code)
    return (
        Initiative.objects.filter(
            unit__code=unit_code,
            title=title_of(plan.dossiers[index]),
            status=InitiativeStatus.RECOGNISED,
        )
        .select_related("unit")
        .first()
    )


def _three_year_dossier(province: Unit) -> Initiative | None:
    """A recognised dossier of the demo (outside the review rounds) applied early enough for
    three years of benefit up to this one; in the province if there is one."""
    last_first_year = timezone.localdate().year - 2
    candidates = (
        Initiative.objects.filter(
            status=InitiativeStatus.RECOGNISED,
            unit__kind__in=GRASSROOTS_KINDS,
            first_applied_on__year__lte=last_first_year,
            benefit_claimed__gt=0,
            round_entries__isnull=True,
            benefit_records__isnull=True,
        )
        .select_related("unit")
        .order_by("first_applied_on", "pk")
    )
    return candidates.filter(unit__path__startswith=province.path).first() or candidates.first()


def _claimant(initiative: Initiative) -> User | None:
    author = initiative.authors.filter(user__is_active=True).order_by("order", "pk").first()
    if author is not None:
        return author.user
    return _officer(initiative.unit, Capability.RECEIVE_INITIATIVES)


def _two_solutions_candidate(
    exclude: set[int], people_excluded: set[int]
) -> tuple[User, list[Initiative], int] | None:
    """A member (not one of ``people_excluded``) recorded with college level or lower and no
    leadership post, who is an author of two recognised dossiers
    of the demo without any benefit yet (outside the review rounds and ``exclude``), applied
    within three years of each other, and the first year both were applied."""
    seen: dict[int, list[Initiative]] = {}
    authors = (
        InitiativeAuthor.objects.filter(
            user__isnull=False,
            user__is_active=True,
            initiative__status=InitiativeStatus.RECOGNISED,
            initiative__unit__kind__in=GRASSROOTS_KINDS,
            initiative__first_applied_on__isnull=False,
            initiative__first_applied_on__year__lt=timezone.localdate().year,
            initiative__benefit_records__isnull=True,
            initiative__round_entries__isnull=True,
        )
        .exclude(initiative__in=exclude)
        .exclude(user__in=people_excluded)
        .select_related("user", "initiative__unit")
        .order_by("user_id", "initiative__first_applied_on", "initiative_id")
    )
    for author in authors:
        # The group whose thresholds the demo shows: college level or lower, no leadership.
        if tier_from_record(author.qualification, author.job_title) != (
            QualificationTier.COLLEGE_OR_LOWER
        ):
            continue
        found = seen.setdefault(author.user_id, [])
        initiative = author.initiative
        for earlier in found:
            first, year = earlier.first_applied_on.year, initiative.first_applied_on.year
            if earlier != initiative and year - first < MAX_BENEFIT_YEARS:
                return author.user, [earlier, initiative], year
        found.append(initiative)
    return None


def _benefits(
    clock: DemoClock,
    initiative: Initiative,
    plans: tuple[YearPlan, ...],
    scope: str,
    first_year: int | None = None,
) -> None:
    """Claim and verify the benefit of the first years of application (from ``first_year``
    when given). A year is claimed by an author and verified by an officer of the unit early
    the next year, after the initiative's recognition (or shortly before today for the year
    under way)."""
    claimant = _claimant(initiative)
    if claimant is None or _officer(initiative.unit, Capability.ISSUE_AWARDS) is None:
        return
    recognised_on = _recognised_on(initiative)
    first_year = first_year or initiative.first_applied_on.year
    for offset, plan in enumerate(plans):
        year = first_year + offset
        if year > clock.today.year:
            break
        due = max(
            datetime.date(year + 1, 1, 12) + datetime.timedelta(days=9 * offset),
            recognised_on + datetime.timedelta(days=14 + 5 * offset),
        )
        verified_on = _before_today(clock, due, days=10 - offset)
        claimed_on = _before_today(clock, verified_on - datetime.timedelta(days=18), days=12)
        claimed_at = clock.moment(claimed_on, 10, 15)
        record = clock.run(
            claimed_at,
            benefit_claim,
            initiative=initiative,
            year=year,
            claimed_vnd=plan.claimed,
            actor=claimant,
        )
        if plan.status:
            verified_at = clock.moment(verified_on, 14, 30)
            clock.run(
                verified_at,
                benefit_verify,
                record=record,
                actor=clock.officer(initiative.unit, Capability.ISSUE_AWARDS, verified_at),
                status=plan.status,
                method=(REJECTION if plan.status == BenefitStatus.REJECTED else METHOD).format(
                    year=year
                ),
                verified_on=verified_on,
                verified_vnd=plan.verified,
                scope=scope if plan.status != BenefitStatus.REJECTED else "",
            )


def _last_verified(initiative: Initiative) -> datetime.date:
    last = (
        BenefitRecord.objects.filter(initiative=initiative, verified_on__isnull=False)
        .order_by("-verified_on")
        .values_list("verified_on", flat=True)
        .first()
    )
    return last or _recognised_on(initiative)


def _issue(
    clock: DemoClock,
    *,
    issuer: Unit,
    award_type: AwardType,
    decided_on: datetime.date,
    grounds: str,
    authors_of: Initiative | None = None,
    persons: tuple[PersonRecipient, ...] = (),
    units: tuple[Unit, ...] = (),
) -> AwardDecision:
    """A decision drafted with its recipients by an officer of ``issuer`` six days before
    ``decided_on``, and issued on that day (numbered and given its certificates then)."""
    signer_name, signer_title = SIGNERS[award_type.code]
    drafted = clock.moment(decided_on - datetime.timedelta(days=6), 14, 20)
    return award_decision_build(
        issuer=issuer,
        award_type=award_type,
        actor=clock.officer(issuer, Capability.ISSUE_AWARDS, drafted),
        decided_on=decided_on,
        signer_name=signer_name,
        signer_title=signer_title,
        grounds=grounds,
        authors_of=authors_of,
        persons=persons,
        units=units,
        clock=clock,
        drafted_at=drafted,
        issued_at=clock.moment(decided_on),
    )


# --- the step -------------------------------------------------------------------------------


@transaction.atomic
def seed_honours() -> bool:
    """Add the demo benefits and award decisions once. Returns whether anything was added;
    without the catalogue, the demo federation or the demo review rounds it does nothing."""
    if AwardDecision.objects.filter(grounds__in=DEMO_GROUNDS).exists():
        return False
    types = {t.code: t for t in AwardType.objects.filter(code__in=SIGNERS, is_active=True)}
    units = {
        u.code: u
        for u in Unit.objects.filter(
            code__in=[NATION, PROVINCE, GIAY_KHEN_DOSSIER[0], LDST_DOSSIER[0]], is_active=True
        )
    }
    dossiers = {
        key: _dossier(*key)
        for key in (LDST_DOSSIER, GIAY_KHEN_DOSSIER, BANG_KHEN_DOSSIER, REJECTED_DOSSIER)
    }
    if len(types) < len(SIGNERS) or len(units) < 4 or None in dossiers.values():
        return False
    nation, province = units[NATION], units[PROVINCE]
    grassroots = units[GIAY_KHEN_DOSSIER[0]]
    officers = {
        code: _officer(units[code], Capability.ISSUE_AWARDS)
        for code in (NATION, PROVINCE, GIAY_KHEN_DOSSIER[0])
    }
    if None in officers.values():
        return False
    three_years = _three_year_dossier(province)

    with translation.override(settings.LANGUAGE_CODE):
        clock = DemoClock()
        # Benefits, each year claimed by an author and verified by an officer above the unit.
        ldst = dossiers[LDST_DOSSIER]
        _benefits(clock, ldst, LDST_BENEFITS, Scope.PROVINCE)
        if three_years is not None:
            _benefits(clock, three_years, THREE_YEAR_BENEFITS, Scope.UNIT)
        giay_khen = dossiers[GIAY_KHEN_DOSSIER]
        _benefits(clock, giay_khen, GIAY_KHEN_BENEFITS, Scope.UNIT)
        bang_khen = dossiers[BANG_KHEN_DOSSIER]
        _benefits(clock, bang_khen, BANG_KHEN_BENEFITS, Scope.UNIT)
        _benefits(clock, dossiers[REJECTED_DOSSIER], REJECTED_BENEFITS, "")
        # Two solutions of one year by the same author, each below 80,000,000 ₫.
        taken = {d.pk for d in dossiers.values()} | ({three_years.pk} if three_years else set())
        ldst_people = set(ldst.authors.filter(user__isnull=False).values_list("user", flat=True))
        two = _two_solutions_candidate(taken, ldst_people)
        if two is not None:
            for initiative, plans in zip(two[1], TWO_SOLUTIONS_BENEFITS, strict=True):
                _benefits(clock, initiative, plans, Scope.UNIT, first_year=two[2])

        # Giấy khen of the grassroots union for the authors of its recognised initiative.
        _issue(
            clock,
            issuer=grassroots,
            award_type=types[GIAY_KHEN],
            decided_on=_before_today(
                clock, _recognised_on(giay_khen) + datetime.timedelta(days=20)
            ),
            grounds=GIAY_KHEN_GROUNDS,
            authors_of=giay_khen,
        )

        # Bằng khen of the provincial federation: two people and a grassroots union.
        colleague = ldst.authors.filter(user__isnull=False).order_by("order", "pk").first()
        port_author = bang_khen.authors.filter(user__isnull=False).order_by("order", "pk").first()
        bang_khen_on = _before_today(
            clock, max(_last_verified(bang_khen), _recognised_on(ldst)) + datetime.timedelta(30)
        )
        provincial = _issue(
            clock,
            issuer=province,
            award_type=types[BANG_KHEN],
            decided_on=bang_khen_on,
            grounds=BANG_KHEN_GROUNDS,
            persons=(
                PersonRecipient(port_author.full_name, port_author.user, bang_khen),
                PersonRecipient(colleague.full_name, colleague.user),
            ),
            units=(ldst.unit,),  # the wind farm's union
        )
        # One certificate revoked: the port author's award duplicated another.
        revoked = Certificate.objects.get(
            recipient__decision=provincial, recipient__user=port_author.user
        )
        revoked_on = _before_today(clock, bang_khen_on + datetime.timedelta(days=45))
        revoked_at = clock.moment(revoked_on, 15, 10)
        clock.run(
            revoked_at,
            certificate_revoke,
            decision=provincial,
            certificate=revoked,
            actor=clock.officer(province, Capability.ISSUE_AWARDS, revoked_at),
            revoked_on=revoked_on,
            reason=REVOCATION_REASON,
            reference=REVOCATION_REFERENCE,
        )

        # Bằng Lao động sáng tạo of the national federation for the authors of the initiative
        # whose verified benefit passed 80,000,000 ₫ in a year, and for the author of two
        # solutions of one year that pass only together (recorded as a worker with college
        # level or lower and no leadership post, whose thresholds apply).
        persons = ()
        last = _last_verified(ldst)
        if two is not None:
            person, initiatives, _year = two
            last = max([last, *(_last_verified(i) for i in initiatives)])
            persons = (
                PersonRecipient(
                    person.get_full_name(), person, tier=QualificationTier.COLLEGE_OR_LOWER
                ),
            )
        _issue(
            clock,
            issuer=nation,
            award_type=types[BANG_LDST],
            decided_on=_before_today(clock, last + datetime.timedelta(days=70)),
            grounds=BANG_LDST_GROUNDS,
            authors_of=ldst,
            persons=persons,
        )
    return True


def demo_certificate() -> Certificate | None:
    """A valid certificate of the demo's Bằng Lao động sáng tạo, to try the verification."""
    certificates = Certificate.objects.filter(
        recipient__decision__grounds=BANG_LDST_GROUNDS,
        recipient__decision__status=AwardDecisionStatus.ISSUED,
    ).order_by("recipient__order", "pk")
    return next((c for c in certificates if revocation_of(c) is None), None)


def demo_verification_note(site_url: str | None = None) -> str | None:
    """The line ``seed_demo`` prints after the demo logins: the address of a demo certificate's
    verification at ``site_url``, the address the site is served at (SITE_URL by default,
    which ``make run`` sets from its PORT)."""
    certificate = demo_certificate()
    if certificate is None:
        return None
    path = reverse("verification:certificate", args=[certificate.short_code])
    base = (site_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return f"Xác minh giấy chứng nhận mẫu: {base}{path}"
