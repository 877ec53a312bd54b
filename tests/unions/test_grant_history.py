"""The history of the roles on a unit (issue 16): each grant and each end written with the
person who made it, the unit's history page with who changed which role when, its rules and its
query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from tests.factories import RoleGrantFactory, UserFactory
from unions import services
from unions.enums import Role
from unions.models import RoleGrant, Unit

EFFECTIVE = datetime.date(2024, 3, 15)


def _grant(unit: Unit, role: str = Role.OFFICER) -> object:
    person = UserFactory()
    RoleGrantFactory(user=person, unit=unit, role=role)
    return person


def _url(name: str, unit: Unit, **kwargs) -> str:
    return reverse(f"unions:{name}", kwargs={"pk": unit.pk, **kwargs})


@pytest.fixture
def officer(tree):
    return _grant(tree.province_a)


def test_granting_and_ending_a_role_through_the_pages_records_who_did_it(client, tree, officer):
    person = UserFactory(email="can.bo@example.vn", last_name="Lê Văn", first_name="Cường")
    client.force_login(officer)

    client.post(
        _url("grant_add", tree.district_a1),
        {"person": "can.bo@example.vn", "role": Role.VIEWER, "valid_from": "15/03/2024"},
    )
    grant = RoleGrant.objects.get(user=person)
    client.post(_url("grant_end", tree.district_a1, grant_pk=grant.pk), {"last_day": "30/06/2024"})

    rows = list(grant.history.order_by("history_id"))
    assert [(row.history_type, row.history_user) for row in rows] == [
        ("+", officer),
        ("~", officer),
    ]
    assert (rows[0].valid_to, rows[1].valid_to) == (None, datetime.date(2024, 6, 30))

    response = client.get(_url("grant_history", tree.district_a1))
    content = response.content.decode()
    assert response.status_code == 200
    entries = response.context["page"].object_list
    assert [entry.action for entry in entries] == ["~", "+"]  # newest first
    assert "<del>—</del> → <ins>30/06/2024</ins>" in content
    assert escape(person.get_full_name()) in content
    assert escape(str(Role.VIEWER.label)) in content
    assert escape(officer.get_full_name()) in content
    assert (
        _url("grant_history", tree.district_a1)
        in client.get(_url("unit_detail", tree.district_a1)).content.decode()
    )


def test_dissolving_a_unit_records_the_end_of_its_grants(tree, officer):
    holder = _grant(tree.grassroots_a1y, Role.VIEWER)
    services.unit_dissolve(
        unit=tree.grassroots_a1y, effective_date=EFFECTIVE, receiver=None, actor=officer
    )

    grant = RoleGrant.objects.get(user=holder)
    last = grant.history.order_by("-history_id").first()
    assert (last.history_type, last.history_user, last.valid_to) == (
        "~",
        officer,
        EFFECTIVE - datetime.timedelta(days=1),
    )


@pytest.mark.parametrize(
    ("holder_at", "role", "expected"),
    [
        ("province_a", Role.OFFICER, 200),  # above the unit
        ("district_a1", Role.OFFICER, 200),  # on the unit itself
        ("province_b", Role.OFFICER, 404),  # another branch
        ("grassroots_a1x", Role.OFFICER, 404),  # below it
        ("district_a1", Role.VIEWER, 403),  # in scope, without managing grants
    ],
)
def test_grant_history_rules(client, tree, holder_at, role, expected):
    client.force_login(_grant(getattr(tree, holder_at), role))

    assert client.get(_url("grant_history", tree.district_a1)).status_code == expected


def test_grant_history_anonymous_is_sent_to_sign_in(client, tree):
    url = _url("grant_history", tree.district_a1)

    response = client.get(url)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_grant_history_without_changes_says_so(client, tree, officer):
    client.force_login(officer)

    response = client.get(_url("grant_history", tree.grassroots_a1y))

    assert 'id="no-changes"' in response.content.decode()


def _queries(client, unit) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url("grant_history", unit))
    assert response.status_code == 200
    return len(queries)


def test_grant_history_queries_do_not_grow_with_the_changes(client, tree, officer):
    client.force_login(officer)
    grant = services.role_grant(
        user=UserFactory(),
        unit=tree.district_a1,
        role=Role.VIEWER,
        valid_from=EFFECTIVE,
        granted_by=officer,
    )
    services.role_grant_end(grant=grant, last_day=EFFECTIVE, actor=officer)
    few = _queries(client, tree.district_a1)
    for _ in range(12):
        grant = services.role_grant(
            user=UserFactory(),
            unit=tree.district_a1,
            role=Role.VIEWER,
            valid_from=EFFECTIVE,
            granted_by=officer,
        )
        services.role_grant_end(grant=grant, last_day=EFFECTIVE, actor=UserFactory())

    many = _queries(client, tree.district_a1)

    assert many == few
