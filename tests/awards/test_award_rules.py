"""The award rules as the VGCL writes them (issue 13, §4 and §6): Bằng Lao động sáng tạo adds up
all of a person's solutions of a year, or needs a solution in each of three consecutive years,
with thresholds by qualification and position kept as data; a person counts as an author, never
as the one who typed the dossier in; whole benefit or contribution share as a rule parameter;
Giải thưởng Nguyễn Đức Cảnh every five years, without a quota, for workers in direct production;
every rule row names its legal source; one person, one certificate of a decision; the
initiative of a recipient picked by a search within the issuer's subtree."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.errors import ApplicationError
from awards.eligibility import Figures, evaluate, tier_from_record
from awards.enums import BenefitStatus, QualificationTier, RoundStatus, RuleKind
from awards.models import AwardType, EligibilityRule, Recipient
from awards.selectors.decisions import initiative_search, recipients_eligibility
from awards.services.benefits import benefit_claim, benefit_verify
from awards.services.honours import (
    award_decision_create,
    award_decision_update,
    recipient_add_person,
    recipients_add_authors,
    recipients_from_round,
)
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from tests.factories import RoleGrantFactory, UserFactory, make_initiative, unit_officer
from tests.factories.awards import make_round_in, member_of
from tests.factories.initiatives import author_row
from unions.enums import Role

TODAY = timezone.localdate()
Y = TODAY.year - 3
COLLEGE = QualificationTier.COLLEGE_OR_LOWER
UNIVERSITY = QualificationTier.UNIVERSITY_OR_LEADER


def ldst() -> AwardType:
    return AwardType.objects.get(code="bang-ldst")


def ldst_rules() -> list[EligibilityRule]:
    return list(ldst().rules.select_related("prior_award", "award_type"))


def figures(tier=COLLEGE, **benefits) -> Figures:
    """``benefits``: ``i<initiative>=(year, value), …`` or a list of them."""
    found: dict[int, dict[int, int]] = {}
    for key, rows in benefits.items():
        rows = rows if isinstance(rows, list) else [rows]
        for year, value in rows:
            found.setdefault(int(key[1:]), {})[year] = value
    return Figures(benefits=found, tier=tier, shares={i: Decimal(100) for i in found})


def by_kind(result, kind):
    return next(c for c in result.checks if c.rule.kind == kind)


# --- Bằng LĐST: the seeded rules -----------------------------------------------------------


def test_seeded_ldst_rules_are_per_tier_with_their_source(db):
    rows = {(r.tier, r.kind, r.amount_vnd, r.years) for r in ldst_rules()}
    assert (COLLEGE, RuleKind.TOTAL_BENEFIT_IN_YEAR, 80_000_000, None) in rows
    assert (COLLEGE, RuleKind.TOTAL_BENEFIT_CONSECUTIVE, 120_000_000, 3) in rows
    assert {r.tier for r in ldst_rules()} == {COLLEGE, UNIVERSITY}
    assert all(r.legal_source for r in EligibilityRule.objects.all())
    assert not any(r.share_of_benefit for r in ldst_rules())


@pytest.mark.parametrize(
    ("first", "second", "eligible"),
    [
        (40_000_000, 39_999_999, False),
        (40_000_000, 40_000_000, True),
        (79_000_000, 1_000_001, True),
    ],
)
def test_two_solutions_of_one_year_add_up_to_eighty_million(db, first, second, eligible):
    result = evaluate(ldst_rules(), figures(i1=(Y, first), i2=(Y, second)))

    check = by_kind(result, RuleKind.TOTAL_BENEFIT_IN_YEAR)
    assert check.passed is eligible
    assert result.eligible is eligible
    assert str(Y) in check.found
    assert "mỗi tác giả tính toàn bộ giá trị làm lợi" in check.requirement


def test_solutions_of_different_years_are_not_added_for_the_one_year_rule(db):
    result = evaluate(ldst_rules(), figures(i1=(Y, 50_000_000), i2=(Y + 1, 50_000_000)))

    assert not by_kind(result, RuleKind.TOTAL_BENEFIT_IN_YEAR).passed


@pytest.mark.parametrize(
    ("values", "eligible"),
    [
        ((40_000_000, 40_000_000, 40_000_000), True),
        ((40_000_000, 40_000_000, 39_999_999), False),
    ],
)
def test_three_consecutive_years_at_and_below_120_million(db, values, eligible):
    # Each year from another solution: the run is the person's, not one initiative's.
    result = evaluate(
        ldst_rules(),
        figures(i1=(Y, values[0]), i2=(Y + 1, values[1]), i3=(Y + 2, values[2])),
    )

    check = by_kind(result, RuleKind.TOTAL_BENEFIT_CONSECUTIVE)
    assert check.passed is eligible
    assert f"{Y}–{Y + 2}" in check.found


def test_years_that_are_not_consecutive_fail_even_above_the_total(db):
    result = evaluate(
        ldst_rules(),
        figures(i1=[(Y, 70_000_000), (Y + 1, 70_000_000)], i2=(Y + 3, 70_000_000)),
    )

    check = by_kind(result, RuleKind.TOTAL_BENEFIT_CONSECUTIVE)
    assert not check.passed
    assert not result.eligible


def test_the_tier_decides_which_thresholds_apply(db):
    college = evaluate(ldst_rules(), figures(COLLEGE, i1=(Y, 100_000_000)))
    university = evaluate(ldst_rules(), figures(UNIVERSITY, i1=(Y, 100_000_000)))
    unknown = evaluate(ldst_rules(), figures("", i1=(Y, 100_000_000)))

    assert college.eligible and len(college.checks) == 2
    assert not university.eligible and len(university.checks) == 2
    assert all(c.rule.tier == UNIVERSITY for c in university.checks)
    # Not recorded: every group's rules are shown and none passes.
    assert not unknown.eligible and len(unknown.checks) == 4
    assert {c.found for c in unknown.checks} == {"chưa ghi trình độ và chức vụ"}


def test_share_of_the_benefit_is_a_rule_parameter(db):
    ldst().rules.update(share_of_benefit=True)
    half = figures(i1=(Y, 100_000_000))
    half.shares = {1: Decimal("50.00")}

    result = evaluate(ldst_rules(), half)

    check = by_kind(result, RuleKind.TOTAL_BENEFIT_IN_YEAR)
    assert not check.passed and check.found.startswith("50.000.000 ₫")
    assert "mỗi tác giả tính theo tỷ lệ đóng góp của mình" in check.requirement
    half.shares = {1: Decimal("80.00")}
    assert evaluate(ldst_rules(), half).eligible


def test_the_check_shows_the_legal_source(db):
    result = evaluate(ldst_rules(), figures(i1=(Y, 1)))

    assert all("Bằng Lao động sáng tạo" in c.legal_source for c in result.checks)


@pytest.mark.parametrize(
    ("qualification", "position", "tier"),
    [
        ("Cao đẳng", "Công nhân vận hành", COLLEGE),
        ("Trung cấp nghề", "Tổ viên", COLLEGE),
        ("Kỹ sư cơ khí", "Công nhân", UNIVERSITY),
        ("Cao đẳng", "Phó Giám đốc", UNIVERSITY),
        ("", "", ""),
        ("Khác", "Nhân viên", ""),
    ],
)
def test_tier_from_the_recorded_qualification_and_position(qualification, position, tier):
    assert tier_from_record(qualification, position) == tier


# --- Bằng LĐST: figures from the database --------------------------------------------------


def recognised(unit, author, *, entered_by=None, authors=None) -> Initiative:
    initiative = make_initiative(
        unit, author, InitiativeStatus.RECOGNISED, entered_by=entered_by, authors=authors
    )
    Initiative.objects.filter(pk=initiative.pk).update(first_applied_on=datetime.date(Y, 2, 1))
    return Initiative.objects.get(pk=initiative.pk)


def verify(initiative, year, value, verifier):
    record = benefit_claim(
        initiative=initiative, year=year, claimed_vnd=value, actor=initiative.created_by
    )
    benefit_verify(
        record=record,
        actor=verifier,
        status=BenefitStatus.VERIFIED,
        method="Đối chiếu chứng từ.",
        verified_on=TODAY,
    )


def national_draft(tree, award_type=None, decided_on=None):
    officer = unit_officer(tree.national)
    decision = award_decision_create(
        issuer=tree.national,
        award_type=award_type or ldst(),
        decided_on=decided_on or TODAY,
        signer_name="Nguyễn Đình Khang",
        signer_title="Chủ tịch Tổng Liên đoàn",
        actor=officer,
    )
    return decision, officer


def test_two_solutions_of_one_year_in_the_database_and_the_typist_not_counted(tree):
    unit = tree.grassroots_a1x
    author = member_of(unit)
    typist = verifier = unit_officer(unit)  # the officer who typed both dossiers in
    verify(recognised(unit, author, entered_by=typist), Y, 50_000_000, verifier)
    verify(recognised(unit, author, entered_by=typist), Y, 30_000_000, verifier)
    decision, officer = national_draft(tree)
    as_author = recipient_add_person(
        decision=decision, actor=officer, name="Tác giả", user=author, tier=COLLEGE
    )
    as_typist = recipient_add_person(
        decision=decision, actor=officer, name="Người nhập", user=typist, tier=COLLEGE
    )

    result = recipients_eligibility(decision, [as_author, as_typist])

    assert result[as_author.pk].eligible
    assert by_kind(result[as_author.pk], RuleKind.TOTAL_BENEFIT_IN_YEAR).found.startswith(
        "80.000.000 ₫"
    )
    assert not result[as_typist.pk].eligible
    assert by_kind(result[as_typist.pk], RuleKind.TOTAL_BENEFIT_IN_YEAR).found == "—"


def test_share_from_the_author_rows_in_the_database(tree):
    unit = tree.grassroots_a1x
    first, second = member_of(unit), member_of(unit)
    verifier = unit_officer(unit)
    rows = [author_row(first, 75), author_row(second, 25)]
    verify(recognised(unit, first, authors=rows), Y, 120_000_000, verifier)
    ldst().rules.update(share_of_benefit=True)
    decision, officer = national_draft(tree)
    a = recipient_add_person(decision=decision, actor=officer, name="A", user=first, tier=COLLEGE)
    b = recipient_add_person(decision=decision, actor=officer, name="B", user=second, tier=COLLEGE)

    result = recipients_eligibility(decision, [a, b])

    assert result[a.pk].eligible  # 75% of 120 million
    assert not result[b.pk].eligible  # 25%: 30 million
    assert by_kind(result[b.pk], RuleKind.TOTAL_BENEFIT_IN_YEAR).found.startswith("30.000.000")


def test_the_tier_defaults_from_the_author_row(tree):
    unit = tree.grassroots_a1x
    author = member_of(unit)
    row = author_row(author, qualification="Cao đẳng", job_title="Công nhân")
    initiative = recognised(unit, author, authors=[row])
    decision, officer = national_draft(tree)

    added = recipient_add_person(
        decision=decision, actor=officer, name="A", user=author, initiative=initiative
    )

    assert added.tier == COLLEGE


# --- Giải thưởng Nguyễn Đức Cảnh -----------------------------------------------------------


def ndc() -> AwardType:
    return AwardType.objects.get(code="giai-thuong-nguyen-duc-canh")


def test_nguyen_duc_canh_has_no_quota_and_five_year_rounds(tree):
    award = ndc()
    assert award.quota_per_year is None
    assert award.first_round_year == 2008 and award.period_source
    assert [y for y in range(2008, 2030) if award.is_round_year(y)] == [
        2008,
        2013,
        2018,
        2023,
        2028,
    ]

    decision, officer = national_draft(tree, award, datetime.date(2023, 5, 1))
    assert decision.year == 2023
    with pytest.raises(ApplicationError) as error:
        national_draft(tree, award, datetime.date(2024, 5, 1))
    assert "2028" in error.value.message and error.value.field == "decided_on"
    with pytest.raises(ApplicationError):
        award_decision_update(
            decision=decision, actor=officer, decided_on=datetime.date(2022, 5, 1)
        )


def test_nguyen_duc_canh_direct_production_and_not_held_before(tree):
    decision, officer = national_draft(tree, ndc(), datetime.date(2023, 5, 1))
    worker = recipient_add_person(
        decision=decision, actor=officer, name="Công nhân A", direct_production=True
    )
    office = recipient_add_person(
        decision=decision, actor=officer, name="Nhân viên B", direct_production=False
    )
    unknown = recipient_add_person(decision=decision, actor=officer, name="C")

    result = recipients_eligibility(decision, [worker, office, unknown])

    assert result[worker.pk].eligible
    assert not result[office.pk].eligible
    assert by_kind(result[unknown.pk], RuleKind.DIRECT_PRODUCTION).found == "chưa ghi"
    assert all(c.legal_source for c in result[worker.pk].checks)
    assert by_kind(result[worker.pk], RuleKind.NOT_HELD_BEFORE).passed


# --- one person, one certificate of a decision ---------------------------------------------


def test_the_same_person_with_and_without_the_initiative_is_refused(tree):
    unit = tree.grassroots_a1x
    author = member_of(unit)
    initiative = recognised(unit, author)
    decision, officer = national_draft(tree, AwardType.objects.get(code="bang-khen-tong-ld"))
    recipient_add_person(
        decision=decision, actor=officer, name="A", user=author, initiative=initiative
    )

    with pytest.raises(ApplicationError) as error:
        recipient_add_person(decision=decision, actor=officer, name="A", user=author)
    assert initiative.title in error.value.message and error.value.field == "person"
    recipient_add_person(decision=decision, actor=officer, name="Trần Văn Bình")
    with pytest.raises(ApplicationError) as error:
        recipient_add_person(
            decision=decision, actor=officer, name=" trần  văn BÌNH ", initiative=initiative
        )
    assert error.value.field == "name"
    assert decision.recipients.count() == 2


def test_adding_authors_skips_those_already_recipients(tree):
    setup = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x, dossiers=2)
    first = setup.initiatives[0]
    decision, officer = national_draft(tree, AwardType.objects.get(code="bang-khen-tong-ld"))
    author = first.authors.get().user
    recipient_add_person(decision=decision, actor=officer, name="A", user=author)

    with pytest.raises(ApplicationError):
        recipients_add_authors(decision=decision, actor=officer, initiative=first)
    assert recipients_from_round(decision=decision, actor=officer, review_round=setup.round) == 1
    assert Recipient.objects.filter(decision=decision, user=author).count() == 1


# --- picking the initiative at national level ----------------------------------------------


@pytest.fixture
def same_numbers(tree):
    """Seven dossiers with the receipt number SK-2026-00001, one per grassroots union."""
    units = [tree.grassroots_a1x, tree.grassroots_a1y, tree.grassroots_b1x]
    dossiers = []
    for index in range(7):
        unit = units[index % len(units)]
        dossier = make_initiative(unit, member_of(unit), InitiativeStatus.ACCEPTED)
        Initiative.objects.filter(pk=dossier.pk).update(
            receipt_number="SK-2026-00001", title=f"Giải pháp số {index}"
        )
        dossiers.append(Initiative.objects.get(pk=dossier.pk))
    return dossiers


def test_search_finds_every_dossier_with_a_repeated_number(tree, same_numbers):
    found = initiative_search(tree.national, "sk-2026-00001")
    assert {i.pk for i in found} == {i.pk for i in same_numbers}
    narrowed = initiative_search(tree.national, f"SK-2026-00001 {tree.grassroots_b1x.name}")
    assert {i.unit_id for i in narrowed} == {tree.grassroots_b1x.pk}
    assert initiative_search(tree.province_a, "SK-2026-00001") == [
        i for i in reversed(same_numbers) if i.unit.path.startswith(tree.province_a.path)
    ]
    assert initiative_search(tree.national, "   ") == []


def test_the_national_form_picks_one_of_seven_dossiers_with_the_same_number(
    client, tree, same_numbers
):
    decision, officer = national_draft(tree, AwardType.objects.get(code="bang-khen-tong-ld"))
    client.force_login(officer)
    page_url = reverse("honours:decision_detail", args=[decision.pk])

    response = client.get(page_url, {"initiative_q": "SK-2026-00001"})
    assert response.status_code == 200
    form = response.context["person_form"]
    assert len(form.fields["initiative"].choices) == 8  # the empty choice and seven dossiers
    assert 'id="initiative-matches"' in response.content.decode()

    chosen = same_numbers[4]
    url = reverse("honours:recipient_add_person", args=[decision.pk])
    response = client.post(url, {"name": "Vũ Văn Hải", "initiative": chosen.pk})
    assert response.status_code == 302
    assert decision.recipients.get().initiative == chosen

    # A dossier outside the issuer's subtree is a form error, never a 500.
    province_draft, province_officer = (
        award_decision_create(
            issuer=tree.province_a,
            award_type=AwardType.objects.get(code="bang-khen-tinh"),
            decided_on=TODAY,
            signer_name="Lê Văn Minh",
            signer_title="Chủ tịch",
            actor=(po := unit_officer(tree.province_a)),
        ),
        po,
    )
    client.force_login(province_officer)
    foreign = next(i for i in same_numbers if i.unit == tree.grassroots_b1x)
    url = reverse("honours:recipient_add_person", args=[province_draft.pk])
    response = client.post(url, {"name": "Ai đó", "initiative": foreign.pk})
    assert response.status_code == 400
    assert "initiative" in response.context["person_form"].errors
    assert not province_draft.recipients.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer", 200), ("viewer", 200), ("outsider", 404)],
)
def test_the_search_step_follows_the_decision_page_permissions(
    client, tree, same_numbers, who, status
):
    decision, officer = national_draft(tree, AwardType.objects.get(code="bang-khen-tong-ld"))
    if who == "officer":
        user = officer
    else:
        user = UserFactory()
        unit = tree.national if who == "viewer" else tree.province_b
        RoleGrantFactory(user=user, unit=unit, role=Role.VIEWER)
    client.force_login(user)

    response = client.get(
        reverse("honours:decision_detail", args=[decision.pk]), {"initiative_q": "SK-2026"}
    )

    assert response.status_code == status
    if who == "viewer":
        assert "person_form" not in response.context


def test_the_search_step_costs_the_same_queries_for_one_or_seven_matches(
    client, tree, same_numbers
):
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    decision, officer = national_draft(tree, AwardType.objects.get(code="bang-khen-tong-ld"))
    client.force_login(officer)
    url = reverse("honours:decision_detail", args=[decision.pk])
    counts = []
    for query in ("Giải pháp số 3", "SK-2026-00001"):
        client.get(url, {"initiative_q": query})  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"initiative_q": query})
        counts.append(len(queries))
        assert response.status_code == 200
    assert len(response.context["person_form"].fields["initiative"].choices) == 8
    assert counts[0] == counts[1]
