"""Card numbers become unique nationally: a database with one number on the current memberships
of several people migrates forward with every number kept (duplicates marked "#2", "#3"…)."""

from datetime import date

import pytest

from tests.migrations import head, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("accounts", "0004_notification"),
    ("unions", "0004_special_zone_and_corporation_unions"),
]
AFTER = [("accounts", "0005_member_person_data"), ("unions", "0007_card_number_unique")]


def test_duplicate_card_numbers_are_kept_and_marked():
    latest = head()
    executor = migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        user_model = apps.get_model("accounts", "User")
        unit_model = apps.get_model("unions", "Unit")
        membership_model = apps.get_model("unions", "Membership")
        unit = unit_model.objects.create(
            path="0001",
            depth=1,
            numchild=0,
            code="CSX",
            name="CĐCS",
            kind="grassroots_union",
            valid_from=date(2000, 1, 1),
        )
        people = [
            user_model.objects.create(email=f"p{n}@example.vn", last_name="Lê", first_name=f"P{n}")
            for n in range(4)
        ]

        def member(person, card, start, end=None):
            return membership_model.objects.create(
                user=person, unit=unit, card_number=card, valid_from=start, valid_to=end
            ).pk

        oldest = member(people[0], "DV1", date(2010, 1, 1))
        second = member(people[1], "DV1", date(2012, 1, 1))
        third = member(people[2], "DV1", date(2015, 1, 1))
        past = member(people[3], "DV1", date(2001, 1, 1), date(2002, 1, 1))
        other = member(people[3], "DV2", date(2003, 1, 1))

        executor = migrate(AFTER)
        apps = executor.loader.project_state(AFTER).apps
        cards = dict(
            apps.get_model("unions", "Membership").objects.values_list("pk", "card_number")
        )
        assert cards == {oldest: "DV1", second: "DV1#2", third: "DV1#3", past: "DV1", other: "DV2"}
        assert apps.get_model("unions", "Membership").objects.filter(end_reason="").count() == 5
    finally:
        migrate(latest)
