"""The emulation flag a block proposes: a draft decision of the block's managing unit, which
its officers (not the block's chair) complete and issue."""

import datetime

import pytest
from django.urls import reverse

from accounts.errors import ApplicationError
from awards.enums import AwardDecisionStatus, RecipientKind
from awards.models import AwardDecision, AwardType
from awards.services.flags import flag_award_type, flag_proposal_create, flag_proposal_url
from awards.services.honours import (
    award_decision_create,
    award_decision_issue,
    award_decision_update,
    recipient_add_unit,
)
from emulation.flags import flag_proposer_registered
from emulation.services.pledges import pledge_flag_propose, pledge_transition
from tests.factories import make_unit
from tests.factories.movements import officer_of
from tests.factories.pledges import make_block, make_pledge, score_report, submit_report
from unions.enums import UnitKind

YEAR_END = datetime.date(2025, 12, 31)


@pytest.fixture
def closed(tree):
    """A block of the two provinces under the national federation, 2025 closed: province_b
    first with 28 points, province_a second; province_a chaired the block."""
    officer = officer_of(tree.national)
    block = make_block(
        tree.national,
        [tree.province_a, tree.province_b],
        chair=tree.province_a,
        year=2025,
        name="Khối các LĐLĐ tỉnh miền Trung",
        actor=officer,
    )
    pledge = make_pledge(
        block,
        year=2025,
        title="Giao ước thi đua năm 2025",
        signed=True,
        signed_on=datetime.date(2025, 2, 1),
        actor=officer,
    )
    score_report(submit_report(pledge, tree.province_b, as_of=YEAR_END), [10, 8], actor=officer)
    score_report(submit_report(pledge, tree.province_a, as_of=YEAR_END), [9, 8], actor=officer)
    return pledge_transition(pledge=pledge, action="close", actor=officer)


def test_flag_proposer_is_registered_by_the_awards_app():
    assert flag_proposer_registered()


def test_flag_award_type_follows_the_issuers_kind(tree):
    assert flag_award_type(tree.national).code == "co-thi-dua-tong-ld"
    assert flag_award_type(tree.province_a).code == "co-thi-dua-tinh"
    with pytest.raises(ApplicationError):
        flag_award_type(tree.district_a1)


def test_flag_proposal_by_the_chair_drafts_the_managing_units_decision(tree, closed):
    chair_officer = officer_of(tree.province_a)
    decision = pledge_flag_propose(pledge=closed, unit=tree.province_b, actor=chair_officer)
    decision = AwardDecision.objects.get(pk=decision.pk)
    assert decision.status == AwardDecisionStatus.DRAFT
    assert decision.issuer == tree.national
    assert decision.award_type.code == "co-thi-dua-tong-ld"
    assert decision.created_by == chair_officer
    assert decision.source_pledge == closed
    assert "Khối các LĐLĐ tỉnh miền Trung" in decision.grounds
    assert "Giao ước thi đua năm 2025" in decision.grounds
    assert "18" in decision.grounds and "2" in decision.grounds
    recipients = list(decision.recipients.all())
    assert [(r.kind, r.unit) for r in recipients] == [("unit", tree.province_b)]
    # The chair proposed; it may not change or issue the national federation's decision.
    with pytest.raises(ApplicationError):
        award_decision_update(decision=decision, actor=chair_officer, grounds="Sửa")
    with pytest.raises(ApplicationError):
        award_decision_issue(decision=decision, actor=chair_officer)
    # The national federation's officer completes and issues it.
    national_officer = officer_of(tree.national)
    award_decision_update(
        decision=decision,
        actor=national_officer,
        signer_name="Nguyễn Đình Khang",
        signer_title="Chủ tịch",
    )
    decision = award_decision_issue(decision=decision, actor=national_officer)
    assert decision.status == AwardDecisionStatus.ISSUED and decision.number


def test_flag_proposal_only_once_per_pledge(tree, closed):
    officer = officer_of(tree.national)
    flag_proposal_create(closed, tree.province_b, officer)
    with pytest.raises(ApplicationError):
        flag_proposal_create(closed, tree.province_b, officer)
    assert AwardDecision.objects.filter(source_pledge=closed).count() == 1


def test_flag_proposal_refuses_someone_who_neither_scores_nor_issues(tree, closed):
    with pytest.raises(ApplicationError):
        flag_proposal_create(closed, tree.province_b, officer_of(tree.province_b))
    assert not AwardDecision.objects.exists()


def test_flag_proposal_cannot_be_addressed_to_another_unit(tree, closed):
    """A pledge's scorer cannot use it to draft decisions of another issuer."""
    chair_officer = officer_of(tree.province_a)
    award_type = AwardType.objects.get(code="co-thi-dua-tinh")
    with pytest.raises(ApplicationError):
        award_decision_create(
            issuer=tree.province_a,
            award_type=award_type,
            decided_on=datetime.date(2026, 1, 10),
            signer_name="A",
            signer_title="B",
            source_pledge=closed,
            actor=officer_of(tree.district_a1),
        )
    # Its own unit's officers still draft their own decisions, without any pledge.
    decision = award_decision_create(
        issuer=tree.province_a,
        award_type=award_type,
        decided_on=datetime.date(2026, 1, 10),
        signer_name="A",
        signer_title="B",
        actor=chair_officer,
    )
    assert decision.source_pledge is None


def test_flag_proposal_signer_comes_from_the_issuers_latest_decision(tree, closed):
    officer = officer_of(tree.national)
    award_type = AwardType.objects.create(
        code="thu-bang-khen",
        name="Bằng khen thử",
        issuer_kinds=[UnitKind.NATIONAL_FEDERATION],
        recipient_kind=RecipientKind.BOTH,
    )
    earlier = award_decision_create(
        issuer=tree.national,
        award_type=award_type,
        decided_on=datetime.date(2026, 1, 5),
        signer_name="Trần Thanh Hải",
        signer_title="Phó Chủ tịch Thường trực",
        actor=officer,
    )
    recipient_add_unit(decision=earlier, actor=officer, unit=make_unit(tree.national))
    decision = flag_proposal_create(closed, tree.province_b, officer)
    assert (decision.signer_name, decision.signer_title) == (
        "Trần Thanh Hải",
        "Phó Chủ tịch Thường trực",
    )


def test_flag_proposal_url_for_readers_of_the_issuers_awards(tree, closed):
    chair_officer = officer_of(tree.province_a)
    assert flag_proposal_url(closed, chair_officer) is None
    decision = pledge_flag_propose(pledge=closed, unit=tree.province_b, actor=chair_officer)
    closed.refresh_from_db()
    assert flag_proposal_url(closed, chair_officer) is None
    assert flag_proposal_url(closed, officer_of(tree.national)) == reverse(
        "honours:decision_detail", args=[decision.pk]
    )
