"""The awards app's computed indicators against hand-counted fixtures: initiatives recognised
(once, at any level), verified benefit (by the day of verification) and awards received (units
and people where they stood on the day of the decision; revoked ones and initiative
certificates left out), over 2025, in which grassroots_a1x moved from district_a1 to
district_a2 on 1 July."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from awards.enums import BenefitStatus, Outcome, RoundPurpose, RoundStatus
from awards.models import AwardDecision
from awards.services import entry_nominate, round_close, round_transition
from awards.services.benefits import benefit_claim, benefit_verify
from awards.services.honours import (
    certificate_revoke,
)
from emulation.indicators import compute_indicator, indicator_source
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from tests.factories import make_initiative, make_unit, unit_officer
from tests.factories.awards import (
    issue_award,
    make_council,
    make_round,
    make_round_in,
    member_of,
    record_vote,
    score,
)
from unions.models import Membership, Unit
from unions.services import membership_move, unit_move

START = datetime.date(2025, 1, 1)
END = datetime.date(2025, 12, 31)
MOVE = datetime.date(2025, 7, 1)
R = RoundStatus


def value(key: str, unit: Unit, start=START, end=END) -> Decimal:
    return compute_indicator(key, unit=Unit.objects.get(pk=unit.pk), start=start, end=end).value


def explanation(key: str, unit: Unit) -> str:
    with translation.override("en"):
        return compute_indicator(
            key, unit=Unit.objects.get(pk=unit.pk), start=START, end=END
        ).explanation


def move_a1x(tree) -> None:
    unit_move(unit=tree.grassroots_a1x, new_parent=tree.district_a2, effective_date=MOVE)


def test_the_award_sources_are_registered(db):
    for key in ("initiatives_recognised", "benefit_verified_vnd", "awards_received"):
        assert indicator_source(key) is not None


# --- initiatives recognised ----------------------------------------------------------------


def decide(setup, decided_on: datetime.date, outcomes=None):
    """Vote on every dossier of a round in deliberation and close it on ``decided_on``."""
    outcomes = outcomes or [Outcome.RECOGNISED] * len(setup.entries)
    for entry, outcome in zip(setup.entries, outcomes, strict=True):
        record_vote(entry, outcome, actor=setup.officer)
    return round_close(
        review_round=setup.round,
        actor=setup.officer,
        decided_on=decided_on,
        signer_name="Trần Thị Hoa",
        signer_title="Chủ tịch Công đoàn",
    )


@pytest.fixture
def recognitions(tree):
    """- a1x, decision of 10/03/2025: two dossiers recognised; the first is then nominated to
      province_a, which recognises it again by a decision of 11/11/2025;
    - a1x, decision of 09/09/2025 (a1x under district_a2 by then): one recognised, one not;
    - b1x, decision of 31/12/2024: one recognised (outside the period).
    """
    spring = make_round_in(R.DELIBERATION, tree.grassroots_a1x, dossiers=2)
    decide(spring, datetime.date(2025, 3, 10))
    spring.reload()
    province = make_round(tree.province_a, purpose=RoundPurpose.NOMINATION)
    round_transition(review_round=province, action="open", actor=province.created_by)
    nominated = entry_nominate(entry=spring.entries[0], target=province, actor=spring.officer)
    make_council(province)
    round_transition(review_round=province, action="start_scoring", actor=province.created_by)
    for sheet in nominated.sheets.all():
        score(sheet)
    round_transition(review_round=province, action="close_scoring", actor=province.created_by)
    record_vote(nominated)
    round_close(
        review_round=province,
        actor=province.created_by,
        decided_on=datetime.date(2025, 11, 11),
        signer_name="Nguyễn Văn Hùng",
        signer_title="Chủ tịch",
    )
    autumn = make_round_in(R.DELIBERATION, tree.grassroots_a1x, dossiers=2)
    decide(autumn, datetime.date(2025, 9, 9), [Outcome.RECOGNISED, Outcome.NOT_RECOGNISED])
    old = make_round_in(R.DELIBERATION, tree.grassroots_b1x, dossiers=1)
    decide(old, datetime.date(2024, 12, 31))
    move_a1x(tree)
    return spring


def test_initiatives_recognised_counted_once_where_their_unit_stood(tree, recognitions):
    assert value("initiatives_recognised", tree.district_a1) == 2  # the spring decision
    # Autumn's one, and the nominated one recognised by the province in November.
    assert value("initiatives_recognised", tree.district_a2) == 2
    assert value("initiatives_recognised", tree.province_a) == 3  # the nominated one once
    assert value("initiatives_recognised", tree.province_b) == 0
    assert value("initiatives_recognised", tree.national) == 3
    assert value("initiatives_recognised", tree.province_b, datetime.date(2024, 1, 1)) == 1


def test_initiatives_recognised_explanation(tree, recognitions):
    text = explanation("initiatives_recognised", tree.province_a)
    assert text.startswith("3 initiatives of Liên đoàn Lao động tỉnh Quảng Trị")
    assert "counts once" in text
    assert "moved" not in text  # a1x stayed inside the province


def test_initiative_certificates_are_not_awards_received(tree, recognitions):
    """The recognition decisions issued initiative certificates to the authors (members of
    a1x): they are counted as initiatives recognised, not as awards."""
    assert AwardDecision.objects.filter(round_decision__isnull=False).exists()
    assert value("awards_received", tree.national) == 0


# --- verified benefit ----------------------------------------------------------------------


def recognised(unit: Unit) -> Initiative:
    initiative = make_initiative(unit, member_of(unit), InitiativeStatus.RECOGNISED)
    Initiative.objects.filter(pk=initiative.pk).update(first_applied_on=datetime.date(2024, 5, 1))
    return Initiative.objects.get(pk=initiative.pk)


def benefit(initiative, year, claimed, status=None, verified_on=None, verified_vnd=None):
    record = benefit_claim(
        initiative=initiative, year=year, claimed_vnd=claimed, actor=initiative.created_by
    )
    if status is not None:
        benefit_verify(
            record=record,
            actor=unit_officer(initiative.unit),
            status=status,
            method="Đối chiếu sổ sách kế toán.",
            verified_on=verified_on,
            verified_vnd=verified_vnd,
        )
    return record


@pytest.fixture
def benefits(tree):
    """- a1x: 2024 verified 30.000.000 on 01/03/2025; 2025 adjusted to 45.000.000 on
      01/10/2025 (a1x under district_a2 by then); 2026 rejected on 01/05/2025; another
      initiative's claim never verified;
    - a1y: 7.000.000 verified on 31/12/2024 and 8.000.000 on 01/01/2026 (outside);
    - b1x: 10.000.000 verified on 02/02/2025.
    """
    first = recognised(tree.grassroots_a1x)
    benefit(first, 2024, 30_000_000, BenefitStatus.VERIFIED, datetime.date(2025, 3, 1))
    benefit(first, 2025, 50_000_000, BenefitStatus.ADJUSTED, datetime.date(2025, 10, 1), 45_000_000)
    benefit(first, 2026, 70_000_000, BenefitStatus.REJECTED, datetime.date(2025, 5, 1))
    benefit(recognised(tree.grassroots_a1x), 2025, 500_000_000)
    a1y = recognised(tree.grassroots_a1y)
    benefit(a1y, 2024, 7_000_000, BenefitStatus.VERIFIED, datetime.date(2024, 12, 31))
    benefit(a1y, 2025, 8_000_000, BenefitStatus.VERIFIED, datetime.date(2026, 1, 1))
    b1x = recognised(tree.grassroots_b1x)
    benefit(b1x, 2025, 10_000_000, BenefitStatus.VERIFIED, datetime.date(2025, 2, 2))
    move_a1x(tree)


def test_benefit_verified_placed_by_the_day_of_verification(tree, benefits):
    assert value("benefit_verified_vnd", tree.district_a1) == 30_000_000
    assert value("benefit_verified_vnd", tree.district_a2) == 45_000_000
    assert value("benefit_verified_vnd", tree.province_a) == 75_000_000
    assert value("benefit_verified_vnd", tree.national) == 85_000_000
    assert value("benefit_verified_vnd", tree.grassroots_a1y) == 0
    assert value("benefit_verified_vnd", tree.grassroots_a1y, START, datetime.date(2026, 1, 1)) == (
        8_000_000
    )


def test_benefit_explanation_shows_money_and_the_move(tree, benefits):
    text = explanation("benefit_verified_vnd", tree.district_a2)
    assert text.startswith("45.000.000 ₫ of benefit verified between 01/01/2025 and 31/12/2025")
    assert "1 year of application" in text
    assert "on 01/07/2025" in text


# --- awards received -----------------------------------------------------------------------


def issue(code, issuer, decided_on, *, persons=(), units=(), names=()):
    return issue_award(
        code, issuer, decided_on=decided_on, persons=persons, units=units, names=names
    )


@pytest.fixture
def awards(tree):
    """- P1 (a1x all along): Giấy khen of a1x on 01/03/2025 (a1x under district_a1), Bằng khen
      of province_a on 01/09/2025 (under district_a2), Giấy khen on 31/12/2024 (outside);
    - P2 (a1y until 01/06/2025, then b1x): Bằng khen of province_a on 04/04/2025, Bằng khen of
      province_b on 08/08/2025;
    - P3 and P4 (a1x): one Giấy khen of 02/02/2025, P3's certificate revoked;
    - a1x: Cờ thi đua of province_a on 05/05/2025; b1x: Cờ thi đua of province_b on
      10/10/2025; a decision of 06/06/2025 wholly revoked, for a1y;
    - a person with no account, in a Bằng khen of the national federation of 07/07/2025.
    """
    p1, p3, p4 = (member_of(tree.grassroots_a1x) for _ in range(3))
    p2 = member_of(tree.grassroots_a1y)
    membership_move(
        membership=Membership.objects.get(user=p2),
        unit=tree.grassroots_b1x,
        effective_date=datetime.date(2025, 6, 1),
    )
    issue("giay-khen-co-so", tree.grassroots_a1x, datetime.date(2025, 3, 1), persons=[p1])
    issue("bang-khen-tinh", tree.province_a, datetime.date(2025, 9, 1), persons=[p1])
    issue("giay-khen-co-so", tree.grassroots_a1x, datetime.date(2024, 12, 31), persons=[p1])
    issue("bang-khen-tinh", tree.province_a, datetime.date(2025, 4, 4), persons=[p2])
    issue("bang-khen-tinh", tree.province_b, datetime.date(2025, 8, 8), persons=[p2])
    shared = issue(
        "giay-khen-co-so", tree.grassroots_a1x, datetime.date(2025, 2, 2), persons=[p3, p4]
    )
    certificate_revoke(
        decision=shared,
        actor=shared.officer,
        revoked_on=datetime.date(2025, 3, 1),
        reason="Khai không đúng thành tích.",
        certificate=shared.recipients.get(user=p3).certificate,
    )
    issue(
        "co-thi-dua-tinh", tree.province_a, datetime.date(2025, 5, 5), units=[tree.grassroots_a1x]
    )
    issue(
        "co-thi-dua-tinh", tree.province_b, datetime.date(2025, 10, 10), units=[tree.grassroots_b1x]
    )
    revoked = issue(
        "co-thi-dua-tinh", tree.province_a, datetime.date(2025, 6, 6), units=[tree.grassroots_a1y]
    )
    certificate_revoke(
        decision=revoked,
        actor=revoked.officer,
        revoked_on=datetime.date(2025, 12, 1),
        reason="Đơn vị vi phạm quy định.",
    )
    issue("bang-khen-tong-ld", tree.national, datetime.date(2025, 7, 7), names=["Phạm Thị Lan"])
    move_a1x(tree)


def test_awards_received_where_units_and_people_stood(tree, awards):
    # P1's Giấy khen, P2's first Bằng khen, P4's Giấy khen, a1x's flag.
    assert value("awards_received", tree.district_a1) == 4
    assert value("awards_received", tree.district_a2) == 1  # P1's Bằng khen
    assert value("awards_received", tree.district_b1) == 2  # P2's second, b1x's flag
    assert value("awards_received", tree.province_a) == 5
    assert value("awards_received", tree.province_b) == 2
    assert value("awards_received", tree.national) == 7  # the person without account not


def test_awards_received_over_the_previous_year(tree, awards):
    assert (
        value(
            "awards_received",
            tree.grassroots_a1x,
            datetime.date(2024, 1, 1),
            datetime.date(2024, 12, 31),
        )
        == 1
    )


def test_awards_received_explanation(tree, awards):
    text = explanation("awards_received", tree.district_a1)
    assert text.startswith("4 awards were received, by decisions dated between 01/01/2025")
    assert "Revoked awards are left out" in text
    assert "moved from Liên đoàn Lao động thành phố Đông Hà" in text


# --- queries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["initiatives_recognised", "benefit_verified_vnd", "awards_received"]
)
def test_queries_do_not_grow_with_the_number_of_units(tree, key):
    province = Unit.objects.get(pk=tree.province_a.pk)
    with CaptureQueriesContext(connection) as few:
        compute_indicator(key, unit=province, start=START, end=END)
    for number in range(3):
        union = make_unit(tree.district_a2, code=f"CS-A{number}")
        issue("giay-khen-co-so", union, datetime.date(2025, 4, 4), persons=[member_of(union)])
        initiative = recognised(union)
        benefit(initiative, 2025, 1_000_000, BenefitStatus.VERIFIED, datetime.date(2025, 4, 4))
    with CaptureQueriesContext(connection) as many:
        compute_indicator(key, unit=province, start=START, end=END)
    assert len(many) == len(few) == 2
