"""Eligibility of candidates for an award (awards/eligibility.py) against rules made up here
with the older kinds (one initiative of 80 million, 120 million of one initiative over three
years) and the figures read from the database: the edges at the thresholds, sums over
consecutive years, groups of alternatives, earlier awards (revoked ones do not count), and the
explanation listing each rule with the figure found. The rules of Bằng Lao động sáng tạo as the
VGCL writes them are tested in test_award_rules.py."""

import datetime

import pytest
from django.utils import timezone

from awards.eligibility import Eligibility, Figures, evaluate
from awards.enums import BenefitStatus, RuleKind, Scope
from awards.models import AwardType, EligibilityRule
from awards.selectors.decisions import recipients_eligibility
from awards.services.benefits import benefit_claim, benefit_verify
from awards.services.honours import (
    award_decision_create,
    award_decision_issue,
    certificate_revoke,
    recipient_add_person,
)
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from tests.factories import make_initiative, unit_officer
from tests.factories.awards import member_of

TODAY = timezone.localdate()
Y = TODAY.year - 2


def ldst_rules() -> list[EligibilityRule]:
    """The rules Bằng Lao động sáng tạo was seeded with before issue 13, on a made-up award:
    the older kinds stay available to the catalogue."""
    award_type, created = AwardType.objects.get_or_create(
        code="per-initiative",
        defaults={"name": "Giải theo từng sáng kiến", "recipient_kind": "individual"},
    )
    if created:
        award_type.issuer_kinds = ["national_federation"]
        award_type.save()
        EligibilityRule.objects.create(
            award_type=award_type, kind=RuleKind.MIN_BENEFIT, amount_vnd=80_000_000, sort_order=1
        )
        EligibilityRule.objects.create(
            award_type=award_type,
            kind=RuleKind.MIN_BENEFIT_OVER_YEARS,
            amount_vnd=120_000_000,
            years=3,
            sort_order=2,
        )
    return list(award_type.rules.select_related("prior_award"))


def one(benefits: dict[int, int], initiative_id: int = 1, **values) -> Figures:
    return Figures(benefits={initiative_id: benefits}, **values)


# --- Bằng Lao động sáng tạo: one year of 80 million, or 120 million over three years -------


@pytest.mark.parametrize(
    ("value", "eligible"),
    [(79_999_999, False), (80_000_000, True), (80_000_001, True)],
)
def test_one_year_edge_at_eighty_million(db, value, eligible):
    result = evaluate(ldst_rules(), one({Y: value}))

    assert result.eligible is eligible
    assert result.checks[0].passed is eligible
    assert result.checks[0].found == f"{value:,}".replace(",", ".") + " ₫"


def test_120_million_over_three_consecutive_years_passes(db):
    result = evaluate(ldst_rules(), one({Y: 40_000_000, Y + 1: 40_000_000, Y + 2: 40_000_000}))

    assert result.eligible
    assert [c.passed for c in result.checks] == [False, True]
    assert result.checks[1].found == "120.000.000 ₫"


def test_one_dong_short_over_three_years_fails(db):
    result = evaluate(ldst_rules(), one({Y: 40_000_000, Y + 1: 40_000_000, Y + 2: 39_999_999}))

    assert not result.eligible
    assert result.checks[1].found == "119.999.999 ₫"


def test_120_million_over_years_that_are_not_consecutive_fails(db):
    result = evaluate(ldst_rules(), one({Y: 40_000_000, Y + 1: 40_000_000, Y + 3: 40_000_000}))

    assert not result.eligible
    assert result.checks[1].found == "80.000.000 ₫"


def test_nothing_verified_fails_with_a_dash_for_the_figure(db):
    result = evaluate(ldst_rules(), Figures())

    assert not result.eligible
    assert [c.found for c in result.checks] == ["—", "—"]


def test_explanation_lists_each_rule_with_its_requirement_and_the_figure(db):
    result = evaluate(ldst_rules(), one({Y: 50_000_000, Y + 1: 30_000_000}))

    assert [c.rule.kind for c in result.checks] == [
        RuleKind.MIN_BENEFIT,
        RuleKind.MIN_BENEFIT_OVER_YEARS,
    ]
    first, second = result.checks
    assert "80.000.000 ₫" in first.requirement
    assert first.found == "50.000.000 ₫"
    assert "120.000.000 ₫" in second.requirement and "3" in second.requirement
    assert second.found == "80.000.000 ₫"
    assert not first.passed and not second.passed


def test_edited_rule_takes_effect(db):
    ldst_rules()
    AwardType.objects.get(code="per-initiative").rules.filter(kind=RuleKind.MIN_BENEFIT).update(
        amount_vnd=100_000_000
    )

    assert not evaluate(ldst_rules(), one({Y: 90_000_000})).eligible


# --- groups of alternatives ----------------------------------------------------------------


@pytest.fixture
def grouped(db) -> list[EligibilityRule]:
    """Group 1: 80 million in a year, or 120 million over three years; group 2: a scope of at
    least province or sector."""
    award_type = AwardType.objects.create(code="thu", name="Giải thử", recipient_kind="individual")
    EligibilityRule.objects.create(
        award_type=award_type, alternative=1, kind=RuleKind.MIN_BENEFIT, amount_vnd=80_000_000
    )
    EligibilityRule.objects.create(
        award_type=award_type,
        alternative=1,
        kind=RuleKind.MIN_BENEFIT_OVER_YEARS,
        amount_vnd=120_000_000,
        years=3,
        sort_order=1,
    )
    EligibilityRule.objects.create(
        award_type=award_type, alternative=2, kind=RuleKind.SCOPE, scope=Scope.PROVINCE
    )
    return list(award_type.rules.all())


@pytest.mark.parametrize(
    ("benefits", "scope", "eligible"),
    [
        ({Y: 80_000_000}, Scope.PROVINCE, True),
        ({Y: 80_000_000}, Scope.NATIONWIDE, True),
        ({Y: 80_000_000}, Scope.UNIT, False),
        ({Y: 80_000_000}, "", False),
        ({Y: 60_000_000, Y + 1: 60_000_000}, Scope.PROVINCE, True),
        ({Y: 60_000_000}, Scope.NATIONWIDE, False),
    ],
)
def test_every_group_needs_one_passing_alternative(grouped, benefits, scope, eligible):
    result = evaluate(grouped, one(benefits, scope=scope))

    assert result.eligible is eligible
    assert len(result.checks) == 3


def test_scope_explanation_names_the_scope_found(grouped):
    check = evaluate(grouped, one({}, scope=Scope.UNIT)).checks[2]

    assert str(Scope.PROVINCE.label) in check.requirement
    assert check.found == str(Scope.UNIT.label)
    assert not check.passed


def test_an_award_without_rules_is_open(db):
    result = evaluate([], Figures())

    assert result.eligible and result.checks == []


def test_best_initiative_counts_not_the_sum_of_two_in_one_year(db):
    figures = Figures(benefits={1: {Y: 50_000_000}, 2: {Y: 50_000_000}})

    assert not evaluate(ldst_rules(), figures).checks[0].passed


# --- figures read from the database --------------------------------------------------------


def eligibility_for(award_type: AwardType, tree, **recipient) -> Eligibility:
    """What the decision page shows (``recipients_eligibility``) for a candidate put on a draft
    decision of ``award_type`` issued by the national federation."""
    officer = unit_officer(tree.national)
    decision = award_decision_create(
        issuer=tree.national,
        award_type=award_type,
        decided_on=TODAY,
        signer_name="Nguyễn Đình Khang",
        signer_title="Chủ tịch Tổng Liên đoàn",
        actor=officer,
    )
    added = recipient_add_person(decision=decision, actor=officer, name="Ứng viên", **recipient)
    return recipients_eligibility(decision, [added])[added.pk]


def ldst_for(person, tree) -> Eligibility:
    ldst_rules()
    return eligibility_for(AwardType.objects.get(code="per-initiative"), tree, user=person)


def recognised_by(author, unit) -> Initiative:
    initiative = make_initiative(unit, author, InitiativeStatus.RECOGNISED)
    Initiative.objects.filter(pk=initiative.pk).update(first_applied_on=datetime.date(Y, 3, 1))
    return Initiative.objects.get(pk=initiative.pk)


def verified(initiative, year, value, verifier, status=BenefitStatus.VERIFIED, **values):
    record = benefit_claim(
        initiative=initiative,
        year=year,
        claimed_vnd=values.pop("claimed", value),
        actor=initiative.created_by,
    )
    return benefit_verify(
        record=record,
        actor=verifier,
        status=status,
        method="Đối chiếu chứng từ.",
        verified_on=TODAY,
        verified_vnd=value if status == BenefitStatus.ADJUSTED else None,
        **values,
    )


@pytest.mark.parametrize(("value", "eligible"), [(79_999_999, False), (80_000_000, True)])
def test_verified_benefit_in_the_database_at_the_threshold(tree, value, eligible):
    author = member_of(tree.grassroots_a1x)
    verifier = unit_officer(tree.grassroots_a1x)
    verified(recognised_by(author, tree.grassroots_a1x), Y, value, verifier)

    assert ldst_for(author, tree).eligible is eligible


def test_claimed_or_rejected_benefit_does_not_count(tree):
    author = member_of(tree.grassroots_a1x)
    verifier = unit_officer(tree.grassroots_a1x)
    initiative = recognised_by(author, tree.grassroots_a1x)
    benefit_claim(initiative=initiative, year=Y, claimed_vnd=500_000_000, actor=author)
    verified(initiative, Y + 1, 0, verifier, BenefitStatus.REJECTED, claimed=300_000_000)

    result = ldst_for(author, tree)

    assert not result.eligible
    assert [c.found for c in result.checks] == ["—", "—"]


def test_adjusted_value_counts_not_the_claim(tree):
    author = member_of(tree.grassroots_a1x)
    verifier = unit_officer(tree.grassroots_a1x)
    initiative = recognised_by(author, tree.grassroots_a1x)
    verified(initiative, Y, 70_000_000, verifier, BenefitStatus.ADJUSTED, claimed=90_000_000)

    check = ldst_for(author, tree).checks[0]

    assert check.found == "70.000.000 ₫" and not check.passed


def test_three_verified_years_of_one_initiative_in_the_database(tree):
    author = member_of(tree.grassroots_a1x)
    verifier = unit_officer(tree.grassroots_a1x)
    initiative = recognised_by(author, tree.grassroots_a1x)
    for offset in range(3):
        verified(initiative, Y + offset, 40_000_000, verifier)

    result = ldst_for(author, tree)

    assert result.eligible
    assert result.checks[1].found == "120.000.000 ₫"


def test_figures_of_another_person_are_not_mixed_in(tree):
    author = member_of(tree.grassroots_a1x)
    verifier = unit_officer(tree.grassroots_a1x)
    verified(recognised_by(author, tree.grassroots_a1x), Y, 90_000_000, verifier)

    other = ldst_for(member_of(tree.grassroots_a1x), tree)

    assert not other.eligible
    assert [check.found for check in other.checks] == ["—", "—"]


# --- earlier awards ------------------------------------------------------------------------


@pytest.fixture
def needs_bang_khen(tree) -> AwardType:
    award_type = AwardType.objects.create(
        code="thu",
        name="Giải thử",
        recipient_kind="individual",
        issuer_kinds=[tree.national.kind],
    )
    EligibilityRule.objects.create(
        award_type=award_type,
        kind=RuleKind.PRIOR_AWARD,
        prior_award=AwardType.objects.get(code="bang-khen-tinh"),
    )
    return award_type


def bang_khen_for(person, tree, *, issue: bool = True):
    officer = unit_officer(tree.province_a)
    decision = award_decision_create(
        issuer=tree.province_a,
        award_type=AwardType.objects.get(code="bang-khen-tinh"),
        decided_on=TODAY,
        signer_name="Lê Văn Minh",
        signer_title="Chủ tịch LĐLĐ tỉnh",
        actor=officer,
    )
    recipient = recipient_add_person(
        decision=decision, actor=officer, name=person.get_full_name(), user=person
    )
    if issue:
        decision = award_decision_issue(decision=decision, actor=officer)
    return decision, recipient, officer


def test_earlier_award_passes_once_issued(tree, needs_bang_khen):
    person = member_of(tree.grassroots_a1x)
    assert not eligibility_for(needs_bang_khen, tree, user=person).eligible

    bang_khen_for(person, tree, issue=False)
    draft_result = eligibility_for(needs_bang_khen, tree, user=person)
    assert not draft_result.eligible

    bang_khen_for(person, tree)
    result = eligibility_for(needs_bang_khen, tree, user=person)
    assert result.eligible
    assert "Bằng khen của LĐLĐ tỉnh" in result.checks[0].requirement


def test_revoked_certificate_or_decision_does_not_count(tree, needs_bang_khen):
    person = member_of(tree.grassroots_a1x)
    decision, recipient, officer = bang_khen_for(person, tree)
    certificate_revoke(
        decision=decision,
        actor=officer,
        revoked_on=TODAY,
        reason="Khai man thành tích.",
        certificate=recipient.certificate,
    )
    assert not eligibility_for(needs_bang_khen, tree, user=person).eligible

    other = member_of(tree.grassroots_a1x)
    decision, _, officer = bang_khen_for(other, tree)
    certificate_revoke(decision=decision, actor=officer, revoked_on=TODAY, reason="Sai đối tượng.")
    assert not eligibility_for(needs_bang_khen, tree, user=other).eligible


def test_a_person_by_name_is_judged_on_the_initiative_they_are_rewarded_for(tree):
    author = member_of(tree.grassroots_a1x)
    verifier = unit_officer(tree.grassroots_a1x)
    strong = recognised_by(author, tree.grassroots_a1x)
    weak = recognised_by(author, tree.grassroots_a1x)
    verified(strong, Y, 80_000_000, verifier)
    verified(weak, Y, 10_000_000, verifier)
    ldst_rules()
    officer = unit_officer(tree.national)
    decision = award_decision_create(
        issuer=tree.national,
        award_type=AwardType.objects.get(code="per-initiative"),
        decided_on=TODAY,
        signer_name="Nguyễn Đình Khang",
        signer_title="Chủ tịch Tổng Liên đoàn",
        actor=officer,
    )
    by_name = recipient_add_person(decision=decision, actor=officer, name="B", initiative=weak)
    with_account = recipient_add_person(
        decision=decision, actor=officer, name="A", user=author, initiative=weak
    )

    eligibility = recipients_eligibility(decision, [by_name, with_account])

    assert not eligibility[by_name.pk].eligible
    assert eligibility[by_name.pk].checks[0].found == "10.000.000 ₫"
    # A person with an account: every dossier they are an author of.
    assert eligibility[with_account.pk].eligible
