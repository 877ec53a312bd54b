"""The review rules as data (initiatives.models.ReviewRules): the row in force on a day, the
service that adds or changes them, who may, and their screens in the Wagtail admin."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.errors import ApplicationError
from initiatives.models import ReviewRules
from initiatives.models.rules import SEEDED_REVIEW_RULES
from initiatives.review_rules import review_rules_save
from initiatives.selectors import review_rules
from tests.factories import RoleGrantFactory, UserFactory, unit_officer
from tests.factories.initiatives import set_review_rules
from unions.enums import Role

pytestmark = pytest.mark.django_db


def values(**changes) -> dict:
    return {
        "valid_from": timezone.localdate() + timedelta(days=30),
        "note": "",
        **SEEDED_REVIEW_RULES,
        **changes,
    }


@pytest.fixture
def national_officer(tree):
    return unit_officer(tree.national)


def test_review_rules_in_force_on_a_day_is_the_latest_row_from_that_day():
    seeded = set_review_rules()
    later = ReviewRules.objects.create(
        **values(valid_from=date(2027, 1, 1), decision_months=2, note="Quy chế mới")
    )

    assert review_rules(date(2026, 12, 31)) == seeded
    assert review_rules(date(2027, 1, 1)) == later
    assert review_rules(date(2030, 5, 5)).decision_months == 2


def test_review_rules_without_any_row_fall_back_to_the_seeded_values():
    ReviewRules.objects.all().delete()

    rules = review_rules()

    assert rules.pk is None
    assert (rules.decision_months, rules.vote_share_label, rules.spread_margin_percent) == (
        3,
        "2/3",
        20,
    )


def test_review_rules_save_adds_rules_from_a_later_day(national_officer):
    set_review_rules()
    day = timezone.localdate() + timedelta(days=10)

    rules = review_rules_save(
        rules=None,
        actor=national_officer,
        **values(valid_from=day, vote_share_numerator=3, vote_share_denominator=4),
    )

    assert rules.updated_by == national_officer
    assert review_rules(day).vote_share_label == "3/4"
    assert review_rules(day - timedelta(days=1)).vote_share_label == "2/3"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"vote_share_source": "  "}, "vote_share_source"),
        ({"decision_months_source": ""}, "decision_months_source"),
        ({"spread_margin_source": ""}, "spread_margin_source"),
        ({"vote_share_numerator": 4, "vote_share_denominator": 3}, "vote_share_numerator"),
        ({"decision_months": 0}, "decision_months"),
        ({"spread_margin_percent": 101}, "spread_margin_percent"),
        ({"valid_from": date(2020, 1, 1)}, "valid_from"),
    ],
)
def test_review_rules_save_refuses_bad_values(national_officer, changes, field):
    set_review_rules()
    before = list(ReviewRules.objects.values())

    with pytest.raises(ApplicationError) as error:
        review_rules_save(rules=None, actor=national_officer, **values(**changes))

    assert error.value.field == field
    assert list(ReviewRules.objects.values()) == before


def test_review_rules_in_force_stay_as_the_record(national_officer):
    seeded = set_review_rules()

    with pytest.raises(ApplicationError, match="có hiệu lực từ 20/04/2012") as error:
        review_rules_save(rules=seeded, actor=national_officer, **values(decision_months=6))

    assert error.value.field == "valid_from"
    assert review_rules().decision_months == 3


def test_review_rules_save_refuses_two_rows_on_one_day(national_officer):
    day = timezone.localdate() + timedelta(days=5)
    review_rules_save(rules=None, actor=national_officer, **values(valid_from=day))

    with pytest.raises(ApplicationError, match="Đã có quy định khác áp dụng từ ngày này"):
        review_rules_save(rules=None, actor=national_officer, **values(valid_from=day))


def test_review_rules_not_yet_in_force_can_change(national_officer):
    day = timezone.localdate() + timedelta(days=5)
    planned = review_rules_save(rules=None, actor=national_officer, **values(valid_from=day))

    changed = review_rules_save(
        rules=planned, actor=national_officer, **values(valid_from=day, spread_margin_percent=25)
    )

    assert changed.pk == planned.pk
    assert ReviewRules.objects.get(pk=planned.pk).spread_margin_percent == 25


def test_only_the_top_of_the_tree_and_administrators_change_the_review_rules(
    tree, national_officer
):
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.national, role=Role.VIEWER)

    assert national_officer.has_perm("initiatives.change_review_rules")
    assert UserFactory(is_superuser=True).has_perm("initiatives.change_review_rules")
    assert not unit_officer(tree.province_a).has_perm("initiatives.change_review_rules")
    assert not viewer.has_perm("initiatives.change_review_rules")
    with pytest.raises(ApplicationError, match="không có quyền thay đổi quy định xét duyệt"):
        review_rules_save(rules=None, actor=unit_officer(tree.province_a), **values())


def test_review_rules_admin_lists_and_adds_rules(client, national_officer):
    set_review_rules()
    client.force_login(national_officer)

    listing = client.get(reverse("initiatives_review_rules:index"))
    assert listing.status_code == 200
    assert "20/04/2012" in listing.content.decode()

    day = timezone.localdate() + timedelta(days=15)
    form = values(valid_from=day, decision_months=4)
    response = client.post(
        reverse("initiatives_review_rules:add"),
        {**form, "valid_from": day.isoformat()},
    )

    assert response.status_code == 302
    added = ReviewRules.objects.get(valid_from=day)
    assert (added.decision_months, added.updated_by) == (4, national_officer)


def test_review_rules_admin_shows_errors_and_saves_nothing(client, national_officer):
    seeded = set_review_rules()
    client.force_login(national_officer)

    response = client.post(
        reverse("initiatives_review_rules:edit", args=[seeded.pk]),
        {**values(decision_months=6), "valid_from": seeded.valid_from.isoformat()},
    )

    assert response.status_code == 200
    assert "in force since" in response.content.decode() or "có hiệu lực" in (
        response.content.decode()
    )
    assert ReviewRules.objects.get(pk=seeded.pk).decision_months == 3


def test_review_rules_admin_is_closed_to_officers_below_the_top(client, tree):
    client.force_login(unit_officer(tree.province_a))

    response = client.get(reverse("initiatives_review_rules:index"))

    assert response.status_code in (302, 403)
