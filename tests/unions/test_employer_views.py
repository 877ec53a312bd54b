"""Employer pages: the list (search without diacritics, scope, paging, constant queries), the
employer's page, the forms that record and restructure it, and who may do what where."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from tests.factories import RoleGrantFactory, UserFactory
from tests.factories.employers import make_employer
from unions.enums import EmployerEventAction, EmployerKind, Role
from unions.models import Employer, EmployerEvent, EmployerUnion, EmployerVersion
from unions.selectors.employers import employer_of

DAY = datetime.date(2024, 3, 15)
DAY_TEXT = "15/03/2024"


def grant(unit, role=Role.OFFICER) -> User:
    person = UserFactory()
    RoleGrantFactory(user=person, unit=unit, role=role)
    return person


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def login(client, user):
    client.force_login(user)
    return client


def url(name: str, *args) -> str:
    return reverse(f"unions:{name}", args=args)


def text(response) -> str:
    return response.content.decode()


def state() -> dict:
    return {
        "employers": list(Employer.objects.order_by("pk").values()),
        "versions": list(EmployerVersion.objects.order_by("pk").values()),
        "links": list(EmployerUnion.objects.order_by("pk").values()),
        "events": EmployerEvent.objects.count(),
    }


@pytest.fixture
def song_hieu(tree):
    return make_employer(tree.grassroots_a1x, name="Công ty Cổ phần May Sông Hiếu")


@pytest.fixture
def bai_bang(tree):
    return make_employer(tree.grassroots_b1x, name="Tổng công ty Giấy Bãi Bằng")


# --- list ----------------------------------------------------------------------------------


def test_list_shows_the_employers_in_scope_and_searches_without_diacritics(
    client, tree, song_hieu, bai_bang
):
    login(client, grant(tree.province_a, Role.VIEWER))
    content = text(client.get(url("employer_list")))
    assert "Công ty Cổ phần May Sông Hiếu" in content
    assert "Bãi Bằng" not in content
    assert tree.grassroots_a1x.name in content
    found = client.get(url("employer_list"), {"q": "may song hieu"})
    assert [e.pk for e in found.context["page"].object_list] == [song_hieu.pk]
    assert not client.get(url("employer_list"), {"q": "bai bang"}).context["page"].object_list
    by_kind = client.get(url("employer_list"), {"kind": EmployerKind.PRIVATE})
    assert not by_kind.context["page"].object_list


def test_list_is_for_people_who_see_units(client, tree, song_hieu):
    assert client.get(url("employer_list")).status_code == 302
    assert login(client, UserFactory()).get(url("employer_list")).status_code == 403


def test_list_queries_do_not_grow_with_the_rows(client, tree):
    login(client, grant(tree.national, Role.VIEWER))
    make_employer(tree.grassroots_a1x)
    client.get(url("employer_list"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("employer_list")).status_code == 200
    for unit in (tree.grassroots_a1y, tree.grassroots_b1x):
        make_employer(unit)
    employer = make_employer()
    EmployerUnion.objects.filter(unit=tree.grassroots_a1y).update(
        valid_to=datetime.date(2001, 1, 1)
    )
    EmployerUnion.objects.create(
        employer=employer, unit=tree.grassroots_a1y, valid_from=datetime.date(2001, 1, 1)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("employer_list"))
    assert len(response.context["page"].object_list) == 4
    assert len(many) == len(few)


def test_list_pages_by_twenty_five(client, tree):
    for _ in range(26):
        make_employer()
    login(client, UserFactory(is_superuser=True))
    assert len(client.get(url("employer_list")).context["page"].object_list) == 25
    assert len(client.get(url("employer_list"), {"page": 2}).context["page"].object_list) == 1


# --- detail and the permission matrix ------------------------------------------------------


POSITIONS = {
    "same unit": "grassroots_a1x",
    "ancestor": "district_a1",
    "sibling": "grassroots_a1y",
    "other branch": "province_b",
}


@pytest.mark.parametrize(
    ("role", "position", "view", "manage"),
    [
        (Role.OFFICER, "same unit", 200, 200),
        (Role.OFFICER, "ancestor", 200, 200),
        (Role.OFFICER, "sibling", 404, 404),
        (Role.OFFICER, "other branch", 404, 404),
        (Role.VIEWER, "same unit", 200, 403),
        (Role.VIEWER, "ancestor", 200, 403),
        (Role.VIEWER, "sibling", 404, 404),
        (Role.VIEWER, "other branch", 404, 404),
    ],
)
def test_permission_matrix(client, tree, song_hieu, role, position, view, manage):
    login(client, grant(getattr(tree, POSITIONS[position]), role))
    assert client.get(url("employer_detail", song_hieu.pk)).status_code == view
    for name in ("employer_update", "employer_merge", "employer_split", "employer_dissolve"):
        assert client.get(url(name, song_hieu.pk)).status_code == manage, name


def test_an_ended_employer_is_seen_but_no_longer_changed(client, tree, song_hieu):
    from unions.services.employers import employer_dissolve

    employer_dissolve(employer=song_hieu, effective_date=DAY)
    login(client, grant(tree.grassroots_a1x))
    content = text(client.get(url("employer_detail", song_hieu.pk)))
    assert "Ended" in content
    assert url("employer_update", song_hieu.pk) not in content
    assert client.get(url("employer_update", song_hieu.pk)).status_code == 403


def test_detail_shows_unions_versions_and_history(client, tree, song_hieu):
    from unions.services.employers import EmployerData, employer_update

    employer_update(
        employer=song_hieu,
        data=EmployerData(
            name=song_hieu.name,
            kind=song_hieu.kind,
            tax_code=song_hieu.tax_code,
            head_name="Trần Thị Mai",
            head_title="Tổng Giám đốc",
            address=song_hieu.address,
        ),
        effective_date=DAY,
        note="Bổ nhiệm mới",
    )
    login(client, grant(tree.province_a))
    content = text(client.get(url("employer_detail", song_hieu.pk)))
    assert "Trần Thị Mai" in content and "Nguyễn Văn Giám" in content
    assert DAY_TEXT in content and "Bổ nhiệm mới" in content
    assert url("unit_detail", tree.grassroots_a1x.pk) in content
    assert url("employer_update", song_hieu.pk) in content


# --- forms ---------------------------------------------------------------------------------


def details(**overrides) -> dict:
    values = {
        "name": "Công ty TNHH Gỗ Thành Cổ",
        "kind": EmployerKind.PRIVATE,
        "tax_code": "3200456781",
        "head_name": "Phan Đình Lộc",
        "head_title": "Giám đốc",
        "address": "Đông Hà, Quảng Trị",
        "effective_date": DAY_TEXT,
        "note": "Quyết định số 12/QĐ-CT ngày 15/03/2024",
    }
    values.update(overrides)
    return values


def test_officer_records_an_employer_for_a_union_in_scope(client, tree):
    login(client, grant(tree.district_a1))
    response = client.post(url("employer_create"), details(unit=tree.grassroots_a1y.code))
    employer = Employer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("employer_detail", employer.pk)
    assert employer_of(tree.grassroots_a1y) == employer
    assert employer.versions.get().valid_from == DAY


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tax_code": "12-34"}, "has 10 digits"),
        ({"name": ""}, "This field is required"),
        ({"unit": "CSB"}, "No active unit with this code is within your scope"),
        ({"unit": "DHA"}, "No active unit with this code is within your scope"),
        ({"effective_date": "01/01/2999"}, "cannot be in the future"),
    ],
)
def test_bad_input_when_recording_saves_nothing(client, tree, change, message):
    login(client, grant(tree.district_a1))
    before = state()
    data = details(unit=tree.grassroots_a1x.code)
    data.update(change)
    response = client.post(url("employer_create"), data)
    assert response.status_code == 200
    assert message in text(response)
    assert state() == before


def test_dated_change_from_the_form(client, tree, song_hieu):
    login(client, grant(tree.grassroots_a1x))
    form = client.get(url("employer_update", song_hieu.pk))
    assert song_hieu.head_name in text(form)
    data = details(name=song_hieu.name, tax_code=song_hieu.tax_code, head_name="Trần Thị Mai")
    response = client.post(url("employer_update", song_hieu.pk), data)
    assert response.status_code == 302
    assert song_hieu.versions.get(valid_to__isnull=True).head_name == "Trần Thị Mai"
    before = state()
    response = client.post(url("employer_update", song_hieu.pk), data)
    assert "Nothing has changed" in text(response)
    assert state() == before


def test_link_and_unlink_a_grassroots_union(client, tree, song_hieu):
    login(client, grant(tree.district_a1))
    response = client.post(
        url("employer_link", song_hieu.pk),
        {"unit": tree.grassroots_a1y.code, "effective_date": DAY_TEXT, "note": ""},
    )
    assert response.status_code == 302
    assert employer_of(tree.grassroots_a1y) == song_hieu
    link = EmployerUnion.objects.get(unit=tree.grassroots_a1y)
    response = client.post(
        url("employer_unlink", song_hieu.pk, link.pk),
        {"effective_date": "20/03/2024", "note": "Chuyển"},
    )
    assert response.status_code == 302
    assert employer_of(tree.grassroots_a1y) is None
    assert employer_of(tree.grassroots_a1y, DAY) == song_hieu


def test_linking_a_union_already_at_an_employer_is_refused(client, tree, song_hieu):
    other = make_employer(tree.grassroots_a1y)
    login(client, grant(tree.district_a1))
    before = state()
    response = client.post(
        url("employer_link", other.pk),
        {"unit": tree.grassroots_a1x.code, "effective_date": DAY_TEXT, "note": ""},
    )
    assert "one employer at a time" in text(response)
    assert state() == before


def test_merge_into_a_new_employer_from_the_form(client, tree, song_hieu):
    other = make_employer(tree.grassroots_a1y)
    login(client, grant(tree.district_a1))
    response = client.post(
        url("employer_merge", song_hieu.pk),
        details(other_sources=other.code, target="", name="Tổng công ty Sông Hiếu", tax_code=""),
    )
    assert response.status_code == 302
    successor = Employer.objects.get(name="Tổng công ty Sông Hiếu")
    assert employer_of(tree.grassroots_a1x) == successor == employer_of(tree.grassroots_a1y)
    assert (
        EmployerEvent.objects.filter(
            employer=successor, action=EmployerEventAction.ABSORBED
        ).count()
        == 2
    )


def test_merge_refuses_an_employer_outside_scope(client, tree, song_hieu, bai_bang):
    login(client, grant(tree.district_a1))
    before = state()
    response = client.post(
        url("employer_merge", song_hieu.pk),
        details(other_sources="", target=bai_bang.code, name="", kind=""),
    )
    assert response.status_code == 200
    assert "No active employer with this code is within your scope" in text(response)
    assert state() == before


def test_split_and_dissolve_from_the_forms(client, tree):
    employer = make_employer(tree.grassroots_a1x, tree.grassroots_a1y)
    login(client, grant(tree.district_a1))
    response = client.post(
        url("employer_split", employer.pk),
        {
            "part1_name": "Phần một",
            "part1_kind": EmployerKind.PRIVATE,
            "part2_name": "Phần hai",
            "part2_kind": EmployerKind.STATE_OWNED,
            f"union_{tree.grassroots_a1x.pk}": "1",
            f"union_{tree.grassroots_a1y.pk}": "2",
            "effective_date": DAY_TEXT,
            "note": "Chia tách",
        },
    )
    assert response.status_code == 302
    assert employer_of(tree.grassroots_a1y).name == "Phần hai"
    part = employer_of(tree.grassroots_a1x)
    response = client.post(
        url("employer_dissolve", part.pk),
        {"receiver": "", "effective_date": DAY_TEXT, "note": "Giải thể"},
    )
    assert response.status_code == 302
    assert employer_of(tree.grassroots_a1x) is None


# --- the grassroots union's page -----------------------------------------------------------


def test_unit_page_shows_its_employer(client, tree, song_hieu):
    login(client, grant(tree.province_a, Role.VIEWER))
    content = text(client.get(url("unit_detail", tree.grassroots_a1x.pk)))
    assert url("employer_detail", song_hieu.pk) in content
    assert url("unit_employer_link", tree.grassroots_a1x.pk) not in content


def test_unit_page_offers_to_link_an_employer(client, tree, song_hieu):
    login(client, grant(tree.district_a1))
    content = text(client.get(url("unit_detail", tree.grassroots_a1y.pk)))
    assert url("unit_employer_link", tree.grassroots_a1y.pk) in content
    response = client.post(
        url("unit_employer_link", tree.grassroots_a1y.pk),
        {"employer": song_hieu.tax_code, "effective_date": DAY_TEXT, "note": ""},
    )
    assert response.status_code == 302
    assert set(EmployerUnion.objects.filter(employer=song_hieu).values_list("unit", flat=True)) == {
        tree.grassroots_a1x.pk,
        tree.grassroots_a1y.pk,
    }
    assert (
        login(client, grant(tree.province_a, Role.VIEWER))
        .get(url("unit_employer_link", tree.grassroots_a1y.pk))
        .status_code
        == 403
    )
    assert client.get(url("unit_employer_link", tree.district_a1.pk)).status_code == 404


def test_navigation_has_employers(client, tree, song_hieu):
    content = text(login(client, grant(tree.province_a, Role.VIEWER)).get(url("employer_list")))
    assert f'href="{url("employer_list")}"' in content
