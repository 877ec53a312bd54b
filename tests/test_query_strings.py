"""Numbers in query strings that Python's str.isdigit() accepts but int() or the database
refuse ("²", a 30-digit number) are ignored or answered 404, never a 500."""

import pytest
from django.urls import reverse

from tests.factories import unit_officer
from tests.factories.movements import make_movement

JUNK = ["²", "٣", "9" * 30, "-1", "1e5"]


@pytest.fixture
def officer_client(client, tree):
    client.force_login(unit_officer(tree.national))
    return client


@pytest.mark.parametrize("junk", JUNK)
def test_officer_lists_ignore_junk_numbers(officer_client, tree, junk):
    addresses = [
        reverse("unions:unit_browse") + f"?parent={junk}",
        reverse("awards:round_list") + f"?year={junk}",
        reverse("honours:decision_list") + f"?year={junk}&award_type={junk}",
        reverse("movements:registration_inbox") + f"?movement={junk}&year={junk}",
        reverse("movements:registration_list") + f"?movement={junk}&year={junk}",
    ]
    for address in addresses:
        assert officer_client.get(address).status_code == 200, address


@pytest.mark.parametrize("junk", JUNK)
def test_movement_dashboard_answers_404_for_a_junk_unit(officer_client, tree, junk):
    movement = make_movement(launching_unit=tree.national)
    address = reverse("movements:dashboard", args=[movement.pk]) + f"?unit={junk}"
    aggregate = reverse("movements:registration_aggregate", args=[movement.pk])

    assert officer_client.get(address).status_code == 404
    assert officer_client.get(aggregate + f"?unit={junk}&year={junk}").status_code in (200, 404)
