"""The award catalogue in the Wagtail admin (awards/award_admin.py): who may edit it, the award
type form with its issuer kinds as tick boxes, and the rules' list and form."""

import pytest
from django.urls import reverse

from awards.award_admin import may_edit_catalogue
from awards.models import AwardType, EligibilityRule
from tests.factories import RoleGrantFactory, UserFactory, unit_officer
from unions.enums import Role, UnitKind


@pytest.fixture
def national_officer(tree):
    return unit_officer(tree.national)


def test_only_the_top_of_the_tree_and_superusers_edit_the_catalogue(tree, national_officer):
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.national, role=Role.VIEWER)

    assert may_edit_catalogue(national_officer)
    assert may_edit_catalogue(UserFactory(is_superuser=True))
    assert not may_edit_catalogue(unit_officer(tree.province_a))
    assert not may_edit_catalogue(viewer)


def test_award_type_list_and_form(client, national_officer):
    client.force_login(national_officer)

    listing = client.get(reverse("awards_award_type:index"))
    assert listing.status_code == 200
    assert "Bằng Lao động sáng tạo" in listing.content.decode()

    award_type = AwardType.objects.get(code="bang-ldst")
    form = client.get(reverse("awards_award_type:edit", args=[award_type.pk]))
    page = form.content.decode()
    assert form.status_code == 200
    assert 'type="checkbox" name="issuer_kinds" value="national_federation"' in page
    assert 'value="national_federation" id="id_issuer_kinds_0" checked' in page


def test_award_type_is_saved_with_its_issuer_kinds(client, national_officer):
    client.force_login(national_officer)
    award_type = AwardType.objects.get(code="co-thi-dua-tinh")

    response = client.post(
        reverse("awards_award_type:edit", args=[award_type.pk]),
        {
            "name": award_type.name,
            "code": award_type.code,
            "issuer_kinds": [UnitKind.PROVINCIAL_FEDERATION],
            "recipient_kind": "collective",
            "periodicity": "yearly",
            "quota_per_year": "5",
            "description": award_type.description,
            "sort_order": "70",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    award_type.refresh_from_db()
    assert award_type.issuer_kinds == [UnitKind.PROVINCIAL_FEDERATION]
    assert award_type.quota_per_year == 5


def test_award_type_needs_an_issuer_kind(client, national_officer):
    client.force_login(national_officer)
    award_type = AwardType.objects.get(code="co-thi-dua-tinh")

    response = client.post(
        reverse("awards_award_type:edit", args=[award_type.pk]),
        {
            "name": "X",
            "code": "co-thi-dua-tinh",
            "recipient_kind": "collective",
            "periodicity": "yearly",
            "sort_order": "1",
        },
    )

    assert response.status_code == 200
    assert "issuer_kinds" in response.context["form"].errors


def test_rule_amount_is_edited_and_checked(client, national_officer):
    client.force_login(national_officer)
    rule = EligibilityRule.objects.get(
        award_type__code="bang-ldst", kind="total_benefit_in_year", tier="college_or_lower"
    )
    url = reverse("awards_eligibility_rule:edit", args=[rule.pk])
    values = {
        "award_type": rule.award_type_id,
        "alternative": "1",
        "kind": "total_benefit_in_year",
        "tier": "college_or_lower",
        "legal_source": rule.legal_source,
        "sort_order": "1",
    }

    for amount in ("", "0"):
        refused = client.post(url, {**values, "amount_vnd": amount})
        assert refused.status_code == 200
        assert "amount_vnd" in refused.context["form"].errors
    over_years = client.post(url, {**values, "kind": "min_benefit_over_years", "amount_vnd": "1"})
    assert "years" in over_years.context["form"].errors
    consecutive = client.post(
        url, {**values, "kind": "total_benefit_consecutive", "amount_vnd": "1", "years": "1"}
    )
    assert "years" in consecutive.context["form"].errors
    rule.refresh_from_db()
    assert rule.amount_vnd == 80_000_000

    saved = client.post(url, {**values, "amount_vnd": "100000000"})
    assert saved.status_code == 302
    rule.refresh_from_db()
    assert rule.amount_vnd == 100_000_000
    assert rule.legal_source  # kept through the edit
    listing = client.get(reverse("awards_eligibility_rule:index")).content.decode()
    assert "100.000.000 ₫" in listing
    assert "Bằng Lao động sáng tạo của Tổng Liên đoàn" in listing  # the source is listed


def test_catalogue_is_closed_to_a_provincial_officer(client, tree):
    client.force_login(unit_officer(tree.province_a))
    award_type = AwardType.objects.get(code="bang-ldst")

    for url in (
        reverse("awards_award_type:index"),
        reverse("awards_award_type:edit", args=[award_type.pk]),
        reverse("awards_eligibility_rule:index"),
    ):
        assert client.get(url).status_code in (302, 403)
