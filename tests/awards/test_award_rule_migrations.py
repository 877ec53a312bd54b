"""The award rules migrate to what the VGCL writes (awards 0009): a catalogue still as seeded
gets the Bằng LĐST rules per tier with their source and Giải thưởng Nguyễn Đức Cảnh loses its
quota of 100 and gains its five-year rounds and rules; an edited Bằng LĐST rule is kept as the
installation wrote it (only a source is added); and back again."""

import pytest

from tests.migrations import head, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("awards", "0008_award_rules_tiers_sources_periods")]


def _catalogue(apps, *, edited: bool) -> None:
    """Bằng LĐST and Giải thưởng Nguyễn Đức Cảnh as 0004 seeded them (or with an edited
    amount)."""
    award_type = apps.get_model("awards", "AwardType")
    rule = apps.get_model("awards", "EligibilityRule")
    ldst, _ = award_type.objects.update_or_create(
        code="bang-ldst",
        defaults={
            "name": "Bằng Lao động sáng tạo",
            "issuer_kinds": ["national_federation"],
            "recipient_kind": "individual",
            "periodicity": "yearly",
        },
    )
    rule.objects.filter(award_type=ldst).delete()
    rule.objects.create(
        award_type=ldst,
        kind="min_benefit",
        amount_vnd=90_000_000 if edited else 80_000_000,
        sort_order=1,
    )
    rule.objects.create(
        award_type=ldst,
        kind="min_benefit_over_years",
        amount_vnd=120_000_000,
        years=3,
        sort_order=2,
    )
    ndc, _ = award_type.objects.update_or_create(
        code="giai-thuong-nguyen-duc-canh",
        defaults={
            "name": "Giải thưởng Nguyễn Đức Cảnh",
            "issuer_kinds": ["national_federation"],
            "recipient_kind": "individual",
            "periodicity": "five_yearly",
            "quota_per_year": 100,
            "first_round_year": None,
        },
    )
    rule.objects.filter(award_type=ndc).delete()


def _rules(apps, code):
    rule = apps.get_model("awards", "EligibilityRule")
    return sorted(
        rule.objects.filter(award_type__code=code).values_list(
            "tier", "kind", "amount_vnd", "years", "legal_source"
        ),
        key=repr,
    )


@pytest.mark.parametrize("edited", [False, True])
def test_award_rules_migrate_forward_and_back(edited):
    latest = head()
    executor = migrate(BEFORE)
    try:
        _catalogue(executor.loader.project_state(BEFORE).apps, edited=edited)

        executor = migrate(latest)
        apps = executor.loader.project_state(latest).apps
        ldst = _rules(apps, "bang-ldst")
        if edited:
            assert [(r[1], r[2]) for r in ldst] == [
                ("min_benefit", 90_000_000),
                ("min_benefit_over_years", 120_000_000),
            ]
        else:
            assert {(r[0], r[1], r[2], r[3]) for r in ldst} == {
                ("college_or_lower", "total_benefit_in_year", 80_000_000, None),
                ("college_or_lower", "total_benefit_consecutive", 120_000_000, 3),
                ("university_or_leader", "total_benefit_in_year", 150_000_000, None),
                ("university_or_leader", "total_benefit_consecutive", 250_000_000, 3),
            }
        assert all(r[4] for r in ldst)
        ndc = apps.get_model("awards", "AwardType").objects.get(code="giai-thuong-nguyen-duc-canh")
        assert ndc.quota_per_year is None and ndc.first_round_year == 2008
        assert {r[1] for r in _rules(apps, ndc.code)} == {"direct_production", "not_held_before"}

        executor = migrate(BEFORE)
        apps = executor.loader.project_state(BEFORE).apps
        back = _rules(apps, "bang-ldst")
        assert {(r[1], r[2], r[3]) for r in back} == {
            ("min_benefit", 90_000_000 if edited else 80_000_000, None),
            ("min_benefit_over_years", 120_000_000, 3),
        }
        ndc = apps.get_model("awards", "AwardType").objects.get(code=ndc.code)
        assert ndc.quota_per_year == 100
        assert _rules(apps, ndc.code) == []
    finally:
        migrate(latest)
