"""The award catalogue seeded by migration awards 0004: issuers, recipients, periodicity, the
initiative certificate and the rules of Bằng Lao động sáng tạo; seeding again changes nothing;
reversing removes the types nobody uses."""

import datetime
import importlib

import pytest
from django.apps import apps

from awards.enums import Periodicity, RecipientKind, RuleKind
from awards.models import AwardDecision, AwardType, EligibilityRule
from awards.services.honours import initiative_certificate_type
from tests.factories import unit_officer
from unions.enums import UnitKind

seed = importlib.import_module("awards.migrations.0004_seed_award_types")

GRASSROOTS = {UnitKind.GRASSROOTS_UNION, UnitKind.PROFESSIONAL_UNION}
UPPER_DIRECT = {
    UnitKind.DISTRICT_FEDERATION,
    UnitKind.LOCAL_SECTOR_UNION,
    UnitKind.INDUSTRIAL_ZONE_UNION,
    UnitKind.COMMUNE_UNION,
    UnitKind.UPPER_DIRECT_UNION,
}
PROVINCIAL = {UnitKind.PROVINCIAL_FEDERATION, UnitKind.CENTRAL_SECTOR_UNION}
NATIONAL = {UnitKind.NATIONAL_FEDERATION}

EXPECTED = {
    "initiative-certificate": (GRASSROOTS, RecipientKind.INDIVIDUAL, Periodicity.ANY_TIME),
    "giay-khen-co-so": (GRASSROOTS, RecipientKind.BOTH, Periodicity.ANY_TIME),
    "giay-khen-cap-tren": (UPPER_DIRECT, RecipientKind.BOTH, Periodicity.ANY_TIME),
    "bang-khen-tinh": (PROVINCIAL, RecipientKind.BOTH, Periodicity.ANY_TIME),
    "bang-khen-tong-ld": (NATIONAL, RecipientKind.BOTH, Periodicity.ANY_TIME),
    "bang-ldst": (NATIONAL, RecipientKind.INDIVIDUAL, Periodicity.YEARLY),
    "co-thi-dua-tinh": (PROVINCIAL, RecipientKind.COLLECTIVE, Periodicity.YEARLY),
    "co-thi-dua-tong-ld": (NATIONAL, RecipientKind.COLLECTIVE, Periodicity.YEARLY),
    "giai-thuong-nguyen-duc-canh": (NATIONAL, RecipientKind.INDIVIDUAL, Periodicity.FIVE_YEARLY),
}


def counts() -> tuple[int, int]:
    return AwardType.objects.count(), EligibilityRule.objects.count()


def test_catalogue_holds_every_award_in_order(db):
    assert list(AwardType.objects.values_list("code", flat=True)) == list(EXPECTED)


@pytest.mark.parametrize("code", list(EXPECTED))
def test_seeded_award_issuers_recipients_and_periodicity(db, code):
    award_type = AwardType.objects.get(code=code)
    issuers, recipients, periodicity = EXPECTED[code]

    assert set(award_type.issuer_kinds) == issuers
    assert set(award_type.issuer_kinds) <= set(UnitKind.values)
    assert award_type.recipient_kind == recipients
    assert award_type.periodicity == periodicity
    assert award_type.is_active
    assert len(award_type.description) > 60


def test_seeded_names_are_the_vietnamese_ones(db):
    names = dict(AwardType.objects.values_list("code", "name"))

    assert names["initiative-certificate"] == "Giấy chứng nhận sáng kiến"
    assert names["giay-khen-co-so"] == "Giấy khen của Công đoàn cơ sở"
    assert names["giay-khen-cap-tren"] == "Giấy khen của công đoàn cấp trên trực tiếp cơ sở"
    assert names["bang-khen-tinh"] == (
        "Bằng khen của LĐLĐ tỉnh, thành phố / Công đoàn ngành trung ương"
    )
    assert names["bang-khen-tong-ld"] == "Bằng khen của Tổng Liên đoàn Lao động Việt Nam"
    assert names["bang-ldst"] == "Bằng Lao động sáng tạo"
    assert names["co-thi-dua-tong-ld"].startswith("Cờ thi đua")
    assert names["giai-thuong-nguyen-duc-canh"] == "Giải thưởng Nguyễn Đức Cảnh"


def test_only_the_initiative_certificate_is_issued_by_rounds(db):
    assert list(
        AwardType.objects.filter(is_initiative_certificate=True).values_list("code", flat=True)
    ) == ["initiative-certificate"]
    assert initiative_certificate_type().code == "initiative-certificate"


def test_nguyen_duc_canh_is_for_direct_production_workers(db):
    award_type = AwardType.objects.get(code="giai-thuong-nguyen-duc-canh")

    assert "trực tiếp sản xuất" in award_type.description
    # No yearly quota (awards 0009: the 2023 round honoured 167); rounds every five years.
    assert award_type.quota_per_year is None
    assert award_type.first_round_year == 2008
    assert set(award_type.rules.values_list("kind", flat=True)) == {
        RuleKind.DIRECT_PRODUCTION,
        RuleKind.NOT_HELD_BEFORE,
    }


def test_bang_ldst_rules_are_alternatives_of_one_group_per_tier(db):
    rules = list(AwardType.objects.get(code="bang-ldst").rules.all())

    assert [(r.alternative, r.tier, r.kind, r.amount_vnd, r.years) for r in rules] == [
        (1, "college_or_lower", RuleKind.TOTAL_BENEFIT_IN_YEAR, 80_000_000, None),
        (1, "college_or_lower", RuleKind.TOTAL_BENEFIT_CONSECUTIVE, 120_000_000, 3),
        (1, "university_or_leader", RuleKind.TOTAL_BENEFIT_IN_YEAR, 150_000_000, None),
        (1, "university_or_leader", RuleKind.TOTAL_BENEFIT_CONSECUTIVE, 250_000_000, 3),
    ]
    assert all(r.legal_source for r in rules)


def test_no_other_award_has_rules_or_quota_by_default(db):
    assert set(EligibilityRule.objects.values_list("award_type__code", flat=True).distinct()) == {
        "bang-ldst",
        "giai-thuong-nguyen-duc-canh",
    }
    assert not AwardType.objects.filter(quota_per_year__isnull=False).exists()


def test_seeding_again_changes_nothing(db):
    before = counts()

    seed.seed_award_types(apps, None)

    assert counts() == before


def test_seeding_leaves_an_edited_award_and_its_rules_untouched(db):
    award_type = AwardType.objects.get(code="bang-ldst")
    award_type.name = "Bằng Lao động sáng tạo (sửa)"
    award_type.save()
    edited = award_type.rules.filter(kind=RuleKind.TOTAL_BENEFIT_IN_YEAR).first()
    edited.amount_vnd = 100_000_000
    edited.save()

    seed.seed_award_types(apps, None)

    award_type.refresh_from_db()
    assert award_type.name == "Bằng Lao động sáng tạo (sửa)"
    assert award_type.rules.count() == 4
    edited.refresh_from_db()
    assert edited.amount_vnd == 100_000_000


def test_reversing_removes_the_seeded_types_and_seeding_restores_them(db):
    own = AwardType.objects.create(code="rieng", name="Giấy khen riêng", recipient_kind="both")
    before = counts()

    seed.unseed_award_types(apps, None)

    assert list(AwardType.objects.all()) == [own]
    assert not EligibilityRule.objects.exists()

    seed.seed_award_types(apps, None)

    # The types come back; their rules as 0004 wrote them (0009 reshapes them afterwards).
    assert counts()[0] == before[0]
    assert EligibilityRule.objects.filter(award_type__code="bang-ldst").count() == 2


def test_reversing_keeps_a_type_a_decision_uses_and_one_a_kept_rule_refers_to(tree):
    officer = unit_officer(tree.province_a)
    AwardDecision.objects.create(
        issuer=tree.province_a,
        award_type=AwardType.objects.get(code="bang-khen-tinh"),
        year=2025,
        decided_on=datetime.date(2025, 5, 1),
        signer_name="Lê Văn Minh",
        signer_title="Chủ tịch",
        created_by=officer,
    )
    own = AwardType.objects.create(code="rieng", name="Giấy khen riêng", recipient_kind="both")
    EligibilityRule.objects.create(
        award_type=own,
        kind=RuleKind.PRIOR_AWARD,
        prior_award=AwardType.objects.get(code="giay-khen-cap-tren"),
    )

    seed.unseed_award_types(apps, None)

    assert set(AwardType.objects.values_list("code", flat=True)) == {
        "bang-khen-tinh",
        "giay-khen-cap-tren",
        "rieng",
    }
