"""Officer pages of the organisation tree: browsing, unit pages and restructuring forms."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory, make_unit
from unions import services
from unions.enums import Role, UnitEventAction, UnitKind
from unions.models import Membership, RoleGrant, Unit, UnitEvent, UnitVersion

EFFECTIVE = datetime.date(2024, 3, 15)
EFFECTIVE_TEXT = "15/03/2024"
NOTE = "Quyết định số 123/QĐ-LĐLĐ ngày 15/03/2024"

RESTRUCTURING = ["unit_create", "unit_rename", "unit_move", "unit_merge", "unit_split"]
RESTRUCTURING += ["unit_dissolve", "grant_add"]


def _grant(unit: Unit, role: str = Role.OFFICER, **kwargs) -> User:
    person = UserFactory()
    RoleGrantFactory(user=person, unit=unit, role=role, **kwargs)
    return person


@pytest.fixture
def officer(tree) -> User:
    return _grant(tree.province_a, Role.OFFICER)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def _url(name: str, unit: Unit, **kwargs) -> str:
    return reverse(f"emulation:{name}", kwargs={"pk": unit.pk, **kwargs})


def _browse(**params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("unions:unit_browse") + (f"?{query}" if query else "")


def _codes(response) -> list[str]:
    return [unit.code for unit in response.context["page"].object_list]


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Unit, UnitVersion, UnitEvent, Membership, RoleGrant)
    }


def _reload(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def _parent(unit: Unit) -> Unit:
    return Unit.objects.get(path=_reload(unit).parent_path)


def _add_members(unit: Unit, count: int) -> list[Membership]:
    return [MembershipFactory(unit=unit) for _ in range(count)]


def _add_children(unit: Unit, count: int, prefix: str) -> list[Unit]:
    return [
        make_unit(unit, name=f"Đơn vị {prefix} {number:02d}", code=f"{prefix}{number:02d}")
        for number in range(1, count + 1)
    ]


# --- browsing ------------------------------------------------------------------------------


def test_unit_browse_without_parent_lists_the_scope_top(officer_client, tree):
    response = officer_client.get(_browse())

    assert response.status_code == 200
    assert _codes(response) == ["QTR"]
    content = response.content.decode()
    assert tree.province_a.name in content
    assert _url("unit_detail", tree.province_a) in content
    assert f"?parent={tree.province_a.pk}" in content
    for hidden in (tree.national, tree.province_b, tree.district_a1):
        assert _url("unit_detail", hidden) not in content


def test_unit_browse_with_parent_lists_its_children(officer_client, tree):
    response = officer_client.get(_browse(parent=tree.province_a.pk))

    assert response.status_code == 200
    assert sorted(_codes(response)) == ["DHA", "GLI"]
    content = response.content.decode()
    assert tree.district_a1.name in content
    assert tree.district_a2.name in content
    assert tree.grassroots_a1x.name not in content
    assert [crumb.code for crumb in response.context["breadcrumbs"]] == []


def test_unit_browse_with_parent_outside_scope_answers_404(officer_client, tree):
    response = officer_client.get(_browse(parent=tree.province_b.pk))

    assert response.status_code == 404


def test_unit_browse_search_without_diacritics_finds_units_in_scope(officer_client, tree):
    make_unit(tree.district_b1, name="Công đoàn cơ sở Chợ Đông Hà Phú Thọ", code="CDH")

    response = officer_client.get(_browse(q="dong+ha"))

    assert response.status_code == 200
    assert sorted(_codes(response)) == ["CSY", "DHA"]
    content = response.content.decode()
    assert "Liên đoàn Lao động thành phố Đông Hà" in content
    assert "Công đoàn cơ sở Bệnh viện Đông Hà" in content
    parents = {unit.code: unit.parent_unit.code for unit in response.context["page"].object_list}
    assert parents == {"CSY": "DHA", "DHA": "QTR"}
    assert "Chợ Đông Hà Phú Thọ" not in content


def test_unit_browse_search_by_code_within_parent(officer_client, tree):
    response = officer_client.get(_browse(parent=tree.district_a1.pk, q="csy"))

    assert response.status_code == 200
    assert _codes(response) == ["CSY"]


def test_unit_browse_page_two_shows_the_rest(officer_client, tree):
    _add_children(tree.district_a2, 30, "PG")

    first = officer_client.get(_browse(parent=tree.district_a2.pk))
    second = officer_client.get(_browse(parent=tree.district_a2.pk, page=2))

    assert _codes(first) == [f"PG{number:02d}" for number in range(1, 26)]
    assert second.status_code == 200
    assert _codes(second) == [f"PG{number:02d}" for number in range(26, 31)]
    content = second.content.decode()
    assert "Đơn vị PG 30" in content
    assert "Đơn vị PG 01" not in content
    assert f"parent={tree.district_a2.pk}&amp;page=1" in content


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        pytest.param({"page": "999"}, ["QTR"], id="page-past-the-end"),
        pytest.param({"page": "abc"}, ["QTR"], id="page-not-a-number"),
        pytest.param({"parent": "abc"}, ["QTR"], id="parent-not-a-number"),
        # An unknown kind is dropped like any invalid filter: the whole scope is listed.
        pytest.param({"kind": "bogus"}, ["CSX", "CSY", "DHA", "GLI", "QTR"], id="unknown-kind"),
        pytest.param({"is_active": "false"}, [], id="ended-only"),
        pytest.param({"kind": "grassroots_union"}, ["CSX", "CSY"], id="kind"),
        pytest.param({"q": "%25_"}, [], id="like-wildcards"),
    ],
)
def test_unit_browse_with_odd_parameters_answers_200(officer_client, tree, params, codes):
    response = officer_client.get(_browse(**params))

    assert response.status_code == 200
    assert sorted(_codes(response)) == codes


def test_unit_browse_anonymous_is_redirected_to_login(client, tree):
    response = client.get(_browse())

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=")


def test_unit_browse_without_any_grant_is_forbidden(client, tree, user):
    client.force_login(user)

    response = client.get(_browse())

    assert response.status_code == 403


# --- unit page -----------------------------------------------------------------------------


def test_unit_detail_shows_sub_units_grants_and_history(officer_client, tree):
    viewer = _grant(tree.district_a1, Role.VIEWER)
    recorder = UserFactory(last_name="Trần Thị", first_name="Bình")
    services.unit_rename(
        unit=tree.district_a1,
        name="Liên đoàn Lao động khu vực Đông Hà",
        short_name="LĐLĐ Đông Hà",
        effective_date=EFFECTIVE,
        actor=recorder,
        note=NOTE,
    )

    response = officer_client.get(_url("unit_detail", tree.district_a1))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Liên đoàn Lao động khu vực Đông Hà" in content
    assert tree.grassroots_a1x.name in content
    assert tree.grassroots_a1y.name in content
    assert [child.code for child in response.context["children"].object_list] == ["CSY", "CSX"]
    assert viewer.get_full_name() in content
    assert _url("grant_end", tree.district_a1, grant_pk=viewer.role_grants.get().pk) in content
    assert NOTE in content
    assert "Liên đoàn Lao động thành phố Đông Hà" in content  # the old name, in the history
    assert "Trần Thị Bình" in content  # recorded by
    assert [crumb.code for crumb in response.context["breadcrumbs"]] == ["QTR"]
    for action in ("unit_rename", "unit_move", "unit_merge", "unit_split", "unit_dissolve"):
        assert _url(action, tree.district_a1) in content


def test_unit_detail_of_grassroots_lists_current_members(officer_client, tree):
    current = MembershipFactory(unit=tree.grassroots_a1x, card_number="DV-HIEN-TAI")
    MembershipFactory(
        unit=tree.grassroots_a1x,
        card_number="DV-DA-NGHI",
        valid_from=datetime.date(2010, 1, 1),
        valid_to=datetime.date(2012, 1, 1),
    )

    response = officer_client.get(_url("unit_detail", tree.grassroots_a1x))

    assert response.status_code == 200
    content = response.content.decode()
    assert current.user.get_full_name() in content
    assert "DV-HIEN-TAI" in content
    assert "DV-DA-NGHI" not in content
    assert list(response.context["members"].object_list) == [current]


def test_unit_detail_of_upper_unit_counts_members_beneath(officer_client, tree):
    _add_members(tree.grassroots_a1x, 2)
    _add_members(tree.grassroots_a1y, 1)
    _add_members(tree.grassroots_b1x, 4)

    response = officer_client.get(_url("unit_detail", tree.district_a1))

    assert response.context["subtree_members"] == 3
    assert "members" not in response.context


def test_unit_detail_of_own_scope_top_offers_no_restructuring(officer_client, tree):
    response = officer_client.get(_url("unit_detail", tree.province_a))

    assert response.status_code == 200
    assert response.context["can_restructure"] is False
    assert response.context["can_add_sub_unit"] is True
    assert _url("unit_rename", tree.province_a) not in response.content.decode()


def test_unit_detail_for_a_viewer_hides_actions(client, tree):
    client.force_login(_grant(tree.province_a, Role.VIEWER))

    response = client.get(_url("unit_detail", tree.district_a1))

    assert response.status_code == 200
    content = response.content.decode()
    assert _url("unit_rename", tree.district_a1) not in content
    assert _url("grant_add", tree.district_a1) not in content


@pytest.mark.parametrize("position", ["national", "province_b", "district_b1", "grassroots_b1x"])
def test_unit_detail_outside_scope_answers_404(officer_client, tree, position):
    response = officer_client.get(_url("unit_detail", getattr(tree, position)))

    assert response.status_code == 404


def test_unit_detail_of_missing_unit_answers_404(officer_client, tree):
    response = officer_client.get(reverse("unions:unit_detail", kwargs={"pk": 999999}))

    assert response.status_code == 404


def test_unit_detail_anonymous_is_redirected_to_login(client, tree):
    url = _url("unit_detail", tree.district_a1)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


# --- who may open the restructuring forms --------------------------------------------------


@pytest.mark.parametrize("name", RESTRUCTURING)
@pytest.mark.parametrize("method", ["get", "post"])
def test_restructuring_form_outside_scope_answers_404(officer_client, tree, name, method):
    before = _counts()

    response = getattr(officer_client, method)(_url(name, tree.district_b1))

    assert response.status_code == 404
    assert _counts() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_grant_end_outside_scope_answers_404(officer_client, tree, method):
    grant = RoleGrantFactory(unit=tree.district_b1, role=Role.VIEWER)

    response = getattr(officer_client, method)(
        _url("grant_end", tree.district_b1, grant_pk=grant.pk), {"last_day": "01/01/2025"}
    )

    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.valid_to is None


def test_grant_end_of_a_grant_on_another_unit_answers_404(officer_client, tree):
    grant = RoleGrantFactory(unit=tree.district_b1, role=Role.VIEWER)

    response = officer_client.get(_url("grant_end", tree.district_a1, grant_pk=grant.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("name", RESTRUCTURING)
@pytest.mark.parametrize("method", ["get", "post"])
def test_restructuring_form_for_a_viewer_is_forbidden(client, tree, name, method):
    client.force_login(_grant(tree.province_a, Role.VIEWER))
    before = _counts()

    response = getattr(client, method)(_url(name, tree.district_a1))

    assert response.status_code == 403
    assert _counts() == before


def test_grant_end_for_a_viewer_is_forbidden(client, tree):
    client.force_login(_grant(tree.province_a, Role.VIEWER))
    grant = RoleGrantFactory(unit=tree.district_a1, role=Role.VIEWER)

    response = client.post(
        _url("grant_end", tree.district_a1, grant_pk=grant.pk), {"last_day": "01/01/2025"}
    )

    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.valid_to is None


@pytest.mark.parametrize("name", [*RESTRUCTURING, "unit_detail"])
def test_officer_pages_anonymous_is_redirected_to_login(client, tree, name):
    url = _url(name, tree.district_a1)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize(
    ("role", "position", "expected"),
    [
        (Role.OFFICER, "province_a", 403),  # restructuring is decided one level up
        (Role.OFFICER, "district_a1", 200),  # descendant
        (Role.OFFICER, "grassroots_a1x", 200),  # deeper descendant
        (Role.OFFICER, "national", 404),  # ancestor
        (Role.OFFICER, "province_b", 404),  # sibling
        (Role.OFFICER, "district_b1", 404),  # other branch
        (Role.VIEWER, "province_a", 403),
        (Role.VIEWER, "district_a1", 403),
        (Role.VIEWER, "national", 404),
        (Role.VIEWER, "province_b", 404),
        (Role.VIEWER, "district_b1", 404),
        (Role.EDITOR, "district_a1", 403),
        (Role.ADMINISTRATOR, "district_a1", 200),
        (Role.ADMINISTRATOR, "province_b", 404),
    ],
)
def test_unit_rename_form_by_role_and_position(client, tree, role, position, expected):
    client.force_login(_grant(tree.province_a, role))

    response = client.get(_url("unit_rename", getattr(tree, position)))

    assert response.status_code == expected


def test_unit_rename_form_of_an_ended_unit_is_forbidden(officer_client, tree):
    services.unit_dissolve(unit=tree.district_a2, effective_date=EFFECTIVE)

    response = officer_client.get(_url("unit_rename", tree.district_a2))

    assert response.status_code == 403


def test_unit_rename_form_with_an_expired_grant_answers_404(client, tree):
    client.force_login(
        _grant(
            tree.province_a,
            Role.OFFICER,
            valid_from=datetime.date(2020, 1, 1),
            valid_to=datetime.date(2021, 1, 1),
        )
    )

    response = client.get(_url("unit_rename", tree.district_a1))

    assert response.status_code == 404


# --- restructuring end to end --------------------------------------------------------------


def _assert_lands_on(response, unit: Unit) -> None:
    assert response.status_code == 302
    assert response.url == _url("unit_detail", unit)


def test_restructuring_forms_render_for_an_officer(officer_client, tree):
    for name in RESTRUCTURING:
        response = officer_client.get(_url(name, tree.district_a1))

        assert response.status_code == 200, name
        assert tree.district_a1.code in response.content.decode()
        assert not response.context["form"].is_bound


def test_unit_create_adds_a_sub_unit(officer_client, officer, tree):
    response = officer_client.post(
        _url("unit_create", tree.district_a2),
        {
            "code": "CSM",
            "name": "Công đoàn cơ sở Trường THPT Gio Linh",
            "short_name": "CĐCS THPT Gio Linh",
            "kind": UnitKind.GRASSROOTS_UNION,
            "effective_date": EFFECTIVE_TEXT,
            "note": "",
        },
    )

    created = Unit.objects.get(code="CSM")
    _assert_lands_on(response, created)
    assert _parent(created) == tree.district_a2
    assert created.valid_from == EFFECTIVE
    assert created.events.get().recorded_by == officer


def test_unit_rename_saves_the_new_name(officer_client, officer, tree):
    response = officer_client.post(
        _url("unit_rename", tree.district_a1),
        {
            "name": "Liên đoàn Lao động thành phố Đông Hà tỉnh Quảng Trị",
            "short_name": "LĐLĐ TP Đông Hà",
            "effective_date": EFFECTIVE_TEXT,
            "note": NOTE,
        },
    )

    _assert_lands_on(response, tree.district_a1)
    unit = _reload(tree.district_a1)
    assert unit.name == "Liên đoàn Lao động thành phố Đông Hà tỉnh Quảng Trị"
    assert unit.short_name == "LĐLĐ TP Đông Hà"
    event = unit.events.get(action=UnitEventAction.RENAMED)
    assert event.old_name == "Liên đoàn Lao động thành phố Đông Hà"
    assert event.effective_date == EFFECTIVE
    assert event.note == NOTE
    assert event.recorded_by == officer
    assert list(unit.versions.values_list("valid_to", flat=True)) == [EFFECTIVE, None]
    landing = officer_client.get(response.url)
    assert "LĐLĐ TP Đông Hà" in landing.content.decode()


def test_unit_move_by_code_puts_the_unit_under_the_new_parent(officer_client, tree):
    response = officer_client.post(
        _url("unit_move", tree.grassroots_a1x),
        {"new_parent": " GLI ", "effective_date": EFFECTIVE_TEXT, "note": NOTE},
    )

    _assert_lands_on(response, tree.grassroots_a1x)
    assert _parent(tree.grassroots_a1x) == tree.district_a2
    event = UnitEvent.objects.get(unit=tree.grassroots_a1x, action=UnitEventAction.MOVED)
    assert (event.old_parent, event.new_parent) == (tree.district_a1, tree.district_a2)
    assert _reload(tree.district_a1).numchild == 1
    assert _reload(tree.district_a2).numchild == 1


def test_unit_merge_into_existing_unit_moves_members(officer_client, tree):
    membership = MembershipFactory(unit=tree.grassroots_a1x)

    response = officer_client.post(
        _url("unit_merge", tree.grassroots_a1x),
        {"target": "CSY", "effective_date": EFFECTIVE_TEXT, "note": NOTE},
    )

    _assert_lands_on(response, tree.grassroots_a1y)
    source = _reload(tree.grassroots_a1x)
    assert source.is_active is False
    assert source.valid_to == EFFECTIVE
    current = Membership.objects.get(user=membership.user, valid_to__isnull=True)
    assert current.unit == tree.grassroots_a1y
    assert current.card_number == membership.card_number
    assert UnitEvent.objects.filter(
        unit=source, action=UnitEventAction.MERGED_INTO, related_unit=tree.grassroots_a1y
    ).exists()
    landing = officer_client.get(_url("unit_detail", source))
    assert tree.grassroots_a1y.name in landing.content.decode()


def test_unit_merge_into_a_new_unit_takes_over_both_subtrees(officer_client, tree):
    response = officer_client.post(
        _url("unit_merge", tree.district_a1),
        {
            "other_sources": "GLI",
            "new_code": "DHGL",
            "new_name": "Liên đoàn Lao động khu vực Đông Hà – Gio Linh",
            "new_short_name": "",
            "new_kind": UnitKind.DISTRICT_FEDERATION,
            "new_parent": "QTR",
            "effective_date": EFFECTIVE_TEXT,
            "note": NOTE,
        },
    )

    merged = Unit.objects.get(code="DHGL")
    _assert_lands_on(response, merged)
    assert _parent(merged) == tree.province_a
    assert {unit.code for unit in merged.get_children()} == {"CSX", "CSY"}
    assert not _reload(tree.district_a1).is_active
    assert not _reload(tree.district_a2).is_active
    assert set(
        UnitEvent.objects.filter(unit=merged, action=UnitEventAction.ABSORBED).values_list(
            "related_unit__code", flat=True
        )
    ) == {"DHA", "GLI"}


def test_unit_split_maps_sub_units_to_parts(officer_client, tree):
    form = officer_client.get(_url("unit_split", tree.district_a1)).content.decode()
    assert f'name="child_{tree.grassroots_a1x.pk}"' in form
    assert f'name="child_{tree.grassroots_a1y.pk}"' in form

    response = officer_client.post(
        _url("unit_split", tree.district_a1),
        {
            "part1_code": "DHB",
            "part1_name": "Liên đoàn Lao động Bắc Đông Hà",
            "part1_kind": UnitKind.DISTRICT_FEDERATION,
            "part2_code": "DHN",
            "part2_name": "Liên đoàn Lao động Nam Đông Hà",
            "part2_kind": UnitKind.DISTRICT_FEDERATION,
            f"child_{tree.grassroots_a1x.pk}": "1",
            f"child_{tree.grassroots_a1y.pk}": "2",
            "effective_date": EFFECTIVE_TEXT,
            "note": NOTE,
        },
    )

    north, south = Unit.objects.get(code="DHB"), Unit.objects.get(code="DHN")
    _assert_lands_on(response, north)
    assert _parent(north) == tree.province_a
    assert _parent(south) == tree.province_a
    assert _parent(tree.grassroots_a1x) == north
    assert _parent(tree.grassroots_a1y) == south
    assert not _reload(tree.district_a1).is_active
    assert set(
        UnitEvent.objects.filter(
            unit=tree.district_a1, action=UnitEventAction.SPLIT_INTO
        ).values_list("related_unit__code", flat=True)
    ) == {"DHB", "DHN"}


def test_unit_split_maps_members_to_parts(officer_client, tree):
    stays, leaves = _add_members(tree.grassroots_a1x, 2)

    response = officer_client.post(
        _url("unit_split", tree.grassroots_a1x),
        {
            "part1_code": "CSX1",
            "part1_name": "Công đoàn cơ sở Xưởng May 1",
            "part1_kind": UnitKind.GRASSROOTS_UNION,
            "part2_code": "CSX2",
            "part2_name": "Công đoàn cơ sở Xưởng May 2",
            "part2_short_name": "Xưởng 2",
            "part2_kind": UnitKind.GRASSROOTS_UNION,
            f"member_{stays.pk}": "1",
            f"member_{leaves.pk}": "2",
            "effective_date": EFFECTIVE_TEXT,
            "note": NOTE,
        },
    )

    first, second = Unit.objects.get(code="CSX1"), Unit.objects.get(code="CSX2")
    _assert_lands_on(response, first)
    assert second.short_name == "Xưởng 2"
    assert Membership.objects.get(user=stays.user, valid_to__isnull=True).unit == first
    assert Membership.objects.get(user=leaves.user, valid_to__isnull=True).unit == second
    assert not _reload(tree.grassroots_a1x).is_active


def test_unit_dissolve_hands_sub_units_to_the_receiver(officer_client, tree):
    response = officer_client.post(
        _url("unit_dissolve", tree.district_a1),
        {"receiver": "GLI", "effective_date": EFFECTIVE_TEXT, "note": NOTE},
    )

    _assert_lands_on(response, tree.district_a1)
    dissolved = _reload(tree.district_a1)
    assert dissolved.is_active is False
    assert dissolved.valid_to == EFFECTIVE
    assert _parent(tree.grassroots_a1x) == tree.district_a2
    assert _parent(tree.grassroots_a1y) == tree.district_a2
    event = dissolved.events.get(action=UnitEventAction.DISSOLVED)
    assert event.new_parent == tree.district_a2
    landing = officer_client.get(response.url)
    assert landing.status_code == 200
    assert landing.context["can_restructure"] is False


def test_unit_dissolve_without_sub_units_ends_memberships(officer_client, tree):
    membership = MembershipFactory(unit=tree.grassroots_a1x)

    response = officer_client.post(
        _url("unit_dissolve", tree.grassroots_a1x),
        {"receiver": "", "effective_date": EFFECTIVE_TEXT, "note": NOTE},
    )

    _assert_lands_on(response, tree.grassroots_a1x)
    membership.refresh_from_db()
    assert membership.valid_to == EFFECTIVE
    assert not _reload(tree.grassroots_a1x).is_active


def test_grant_add_finds_the_person_by_email(officer_client, officer, tree):
    person = UserFactory(email="can.bo@example.vn")

    response = officer_client.post(
        _url("grant_add", tree.district_a1),
        {
            "person": "  Can.Bo@Example.vn ",
            "role": Role.VIEWER,
            "valid_from": EFFECTIVE_TEXT,
            "valid_to": "",
        },
    )

    _assert_lands_on(response, tree.district_a1)
    grant = RoleGrant.objects.get(user=person)
    assert (grant.unit, grant.role, grant.valid_from, grant.valid_to) == (
        tree.district_a1,
        Role.VIEWER,
        EFFECTIVE,
        None,
    )
    assert grant.granted_by == officer
    landing = officer_client.get(response.url)
    assert person.get_full_name() in landing.content.decode()


def test_grant_add_finds_the_person_by_phone(officer_client, tree):
    person = UserFactory(email=None, phone="0912345678")

    response = officer_client.post(
        _url("grant_add", tree.grassroots_a1x),
        {
            "person": "0912 345 678",
            "role": Role.OFFICER,
            "valid_from": EFFECTIVE_TEXT,
            "valid_to": "31/12/2030",
        },
    )

    _assert_lands_on(response, tree.grassroots_a1x)
    grant = RoleGrant.objects.get(user=person)
    assert (grant.unit, grant.role, grant.valid_to) == (
        tree.grassroots_a1x,
        Role.OFFICER,
        datetime.date(2030, 12, 31),
    )


def test_grant_end_sets_the_last_day(officer_client, tree):
    grant = RoleGrantFactory(unit=tree.district_a1, role=Role.VIEWER)
    today = timezone.localdate()

    response = officer_client.post(
        _url("grant_end", tree.district_a1, grant_pk=grant.pk),
        {"last_day": today.strftime("%d/%m/%Y")},
    )

    _assert_lands_on(response, tree.district_a1)
    grant.refresh_from_db()
    assert grant.valid_to == today


def test_grant_end_form_names_the_holder(officer_client, tree):
    grant = RoleGrantFactory(unit=tree.district_a1, role=Role.VIEWER)

    response = officer_client.get(_url("grant_end", tree.district_a1, grant_pk=grant.pk))

    assert response.status_code == 200
    assert grant.user.get_full_name() in response.content.decode()


# --- bad input -----------------------------------------------------------------------------


def _future() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")


def _split_parts(kind: str = UnitKind.DISTRICT_FEDERATION, **overrides) -> dict:
    data = {
        "part1_code": "P1",
        "part1_name": "Phần một",
        "part1_kind": kind,
        "part2_code": "P2",
        "part2_name": "Phần hai",
        "part2_kind": kind,
        "effective_date": EFFECTIVE_TEXT,
        "note": NOTE,
    }
    data.update(overrides)
    return data


def _children_to(tree, first: str = "1", second: str = "2") -> dict:
    return {f"child_{tree.grassroots_a1x.pk}": first, f"child_{tree.grassroots_a1y.pk}": second}


RESTRUCTURE = {"effective_date": EFFECTIVE_TEXT, "note": NOTE}

BAD_INPUT = {
    "rename_future_date": (
        "unit_rename",
        "district_a1",
        lambda tree: {"name": "Tên mới", "effective_date": _future(), "note": NOTE},
        "effective_date",
    ),
    "rename_impossible_date": (
        "unit_rename",
        "district_a1",
        lambda tree: {"name": "Tên mới", "effective_date": "31/02/2025", "note": NOTE},
        "effective_date",
    ),
    "rename_date_in_wrong_format": (
        "unit_rename",
        "district_a1",
        lambda tree: {"name": "Tên mới", "effective_date": "2025/13/45", "note": NOTE},
        "effective_date",
    ),
    "rename_before_the_last_change": (
        "unit_rename",
        "district_a1",
        lambda tree: {"name": "Tên mới", "effective_date": "01/01/1999", "note": NOTE},
        "effective_date",
    ),
    "rename_missing_name": (
        "unit_rename",
        "district_a1",
        lambda tree: {**RESTRUCTURE, "name": ""},
        "name",
    ),
    "rename_missing_note": (
        "unit_rename",
        "district_a1",
        lambda tree: {"name": "Tên mới", "effective_date": EFFECTIVE_TEXT},
        "note",
    ),
    "rename_all_fields_blank": (
        "unit_rename",
        "district_a1",
        lambda tree: {"name": "", "short_name": "", "effective_date": "", "note": ""},
        "effective_date",
    ),
    "rename_same_name": (
        "unit_rename",
        "district_a1",
        lambda tree: {**RESTRUCTURE, "name": tree.district_a1.name},
        "name",
    ),
    "create_used_code": (
        "unit_create",
        "district_a2",
        lambda tree: {**RESTRUCTURE, "code": "csy", "name": "Trùng mã", "kind": "grassroots_union"},
        None,
    ),
    "create_kind_above_parent": (
        "unit_create",
        "district_a2",
        lambda tree: {
            **RESTRUCTURE,
            "code": "NEW",
            "name": "Cấp sai",
            "kind": UnitKind.PROVINCIAL_FEDERATION,
        },
        None,
    ),
    "move_unknown_code": (
        "unit_move",
        "grassroots_a1x",
        lambda tree: {**RESTRUCTURE, "new_parent": "KHONGCO"},
        "new_parent",
    ),
    "move_code_outside_scope": (
        "unit_move",
        "grassroots_a1x",
        lambda tree: {**RESTRUCTURE, "new_parent": "VTR"},
        "new_parent",
    ),
    "move_code_of_scope_top_parent": (
        "unit_move",
        "district_a1",
        lambda tree: {**RESTRUCTURE, "new_parent": "TLD"},
        "new_parent",
    ),
    "move_under_own_sub_unit": (
        "unit_move",
        "district_a1",
        lambda tree: {**RESTRUCTURE, "new_parent": "CSX"},
        "new_parent",
    ),
    "move_under_same_level": (
        "unit_move",
        "district_a1",
        lambda tree: {**RESTRUCTURE, "new_parent": "GLI"},
        "new_parent",
    ),
    "move_missing_parent": (
        "unit_move",
        "grassroots_a1x",
        lambda tree: {**RESTRUCTURE, "new_parent": ""},
        "new_parent",
    ),
    "move_future_date": (
        "unit_move",
        "grassroots_a1x",
        lambda tree: {"new_parent": "GLI", "effective_date": _future(), "note": NOTE},
        "effective_date",
    ),
    "merge_unknown_target": (
        "unit_merge",
        "grassroots_a1x",
        lambda tree: {**RESTRUCTURE, "target": "KHONGCO"},
        "target",
    ),
    "merge_target_outside_scope": (
        "unit_merge",
        "grassroots_a1x",
        lambda tree: {**RESTRUCTURE, "target": "CSB"},
        "target",
    ),
    "merge_other_source_outside_scope": (
        "unit_merge",
        "grassroots_a1x",
        lambda tree: {**RESTRUCTURE, "target": "CSY", "other_sources": "CSB"},
        "other_sources",
    ),
    "merge_other_source_is_the_scope_top": (
        "unit_merge",
        "grassroots_a1x",
        lambda tree: {**RESTRUCTURE, "target": "CSY", "other_sources": "QTR"},
        "other_sources",
    ),
    "merge_neither_target_nor_new": (
        "unit_merge",
        "grassroots_a1x",
        lambda tree: dict(RESTRUCTURE),
        None,
    ),
    "merge_both_target_and_new": (
        "unit_merge",
        "grassroots_a1x",
        lambda tree: {**RESTRUCTURE, "target": "CSY", "new_code": "CSZ"},
        None,
    ),
    "merge_new_unit_incomplete": (
        "unit_merge",
        "district_a1",
        lambda tree: {**RESTRUCTURE, "other_sources": "GLI", "new_code": "DHGL"},
        "new_name",
    ),
    "merge_new_unit_with_used_code": (
        "unit_merge",
        "district_a1",
        lambda tree: {
            **RESTRUCTURE,
            "other_sources": "GLI",
            "new_code": "CSX",
            "new_name": "Trùng mã",
            "new_kind": UnitKind.DISTRICT_FEDERATION,
            "new_parent": "QTR",
        },
        None,
    ),
    "merge_new_unit_from_one_source": (
        "unit_merge",
        "district_a1",
        lambda tree: {
            **RESTRUCTURE,
            "new_code": "DHM",
            "new_name": "Một mình",
            "new_kind": UnitKind.DISTRICT_FEDERATION,
            "new_parent": "QTR",
        },
        None,
    ),
    "merge_into_itself": (
        "unit_merge",
        "grassroots_a1x",
        lambda tree: {**RESTRUCTURE, "target": "CSX"},
        None,
    ),
    "merge_into_own_sub_unit": (
        "unit_merge",
        "district_a1",
        lambda tree: {**RESTRUCTURE, "target": "CSX"},
        "target",
    ),
    "merge_impossible_date": (
        "unit_merge",
        "grassroots_a1x",
        lambda tree: {"target": "CSY", "effective_date": "31/02/2025", "note": NOTE},
        "effective_date",
    ),
    "split_one_part_only": (
        "unit_split",
        "district_a1",
        lambda tree: {
            **_split_parts(part2_code="", part2_name="", part2_kind=""),
            **_children_to(tree, "1", "1"),
        },
        "part2_code",
    ),
    "split_part_incomplete": (
        "unit_split",
        "district_a1",
        lambda tree: {**_split_parts(part3_code="P3"), **_children_to(tree)},
        "part3_code",
    ),
    "split_same_code_twice": (
        "unit_split",
        "district_a1",
        lambda tree: {**_split_parts(part2_code="p1"), **_children_to(tree)},
        None,
    ),
    "split_code_already_used": (
        "unit_split",
        "district_a1",
        lambda tree: {**_split_parts(part2_code="GLI"), **_children_to(tree)},
        None,
    ),
    "split_child_without_part": (
        "unit_split",
        "district_a1",
        lambda tree: _split_parts(),
        "child_{tree.grassroots_a1x.pk}",
    ),
    "split_child_to_undescribed_part": (
        "unit_split",
        "district_a1",
        lambda tree: {**_split_parts(), **_children_to(tree, "1", "3")},
        None,
    ),
    "split_child_to_unknown_part": (
        "unit_split",
        "district_a1",
        lambda tree: {**_split_parts(), **_children_to(tree, "1", "9")},
        "child_{tree.grassroots_a1y.pk}",
    ),
    "split_members_into_non_grassroots_parts": (
        "unit_split",
        "grassroots_a1x",
        lambda tree: {
            **_split_parts(kind=UnitKind.DEPARTMENT_UNION),
            f"member_{Membership.objects.get(unit=tree.grassroots_a1x).pk}": "2",
        },
        None,
    ),
    "split_sub_units_into_parts_of_their_level": (
        "unit_split",
        "district_a1",
        lambda tree: {**_split_parts(kind=UnitKind.GRASSROOTS_UNION), **_children_to(tree)},
        None,
    ),
    "split_future_date": (
        "unit_split",
        "district_a1",
        lambda tree: {**_split_parts(effective_date=_future()), **_children_to(tree)},
        "effective_date",
    ),
    "dissolve_sub_units_without_receiver": (
        "unit_dissolve",
        "district_a1",
        lambda tree: dict(RESTRUCTURE),
        "receiver",
    ),
    "dissolve_receiver_inside": (
        "unit_dissolve",
        "district_a1",
        lambda tree: {**RESTRUCTURE, "receiver": "CSX"},
        "receiver",
    ),
    "dissolve_receiver_outside_scope": (
        "unit_dissolve",
        "district_a1",
        lambda tree: {**RESTRUCTURE, "receiver": "VTR"},
        "receiver",
    ),
    "dissolve_future_date": (
        "unit_dissolve",
        "grassroots_a1x",
        lambda tree: {"effective_date": _future(), "note": NOTE},
        "effective_date",
    ),
    "dissolve_missing_date": (
        "unit_dissolve",
        "grassroots_a1x",
        lambda tree: {"note": NOTE},
        "effective_date",
    ),
    "grant_unknown_email": (
        "grant_add",
        "district_a1",
        lambda tree: {
            "person": "khong.co@example.vn",
            "role": "viewer",
            "valid_from": "01/01/2025",
        },
        "person",
    ),
    "grant_unknown_phone": (
        "grant_add",
        "district_a1",
        lambda tree: {"person": "0987 000 111", "role": "viewer", "valid_from": "01/01/2025"},
        "person",
    ),
    "grant_malformed_phone": (
        "grant_add",
        "district_a1",
        lambda tree: {"person": "12-34", "role": "viewer", "valid_from": "01/01/2025"},
        "person",
    ),
    "grant_missing_person": (
        "grant_add",
        "district_a1",
        lambda tree: {"person": "", "role": "viewer", "valid_from": "01/01/2025"},
        "person",
    ),
    "grant_impossible_date": (
        "grant_add",
        "district_a1",
        lambda tree: {"person": "holder@example.vn", "role": "viewer", "valid_from": "31/02/2025"},
        "valid_from",
    ),
    "grant_ends_before_start": (
        "grant_add",
        "district_a1",
        lambda tree: {
            "person": "holder@example.vn",
            "role": "viewer",
            "valid_from": "01/06/2025",
            "valid_to": "01/05/2025",
        },
        "valid_to",
    ),
    "grant_administrator_by_officer": (
        "grant_add",
        "district_a1",
        lambda tree: {
            "person": "holder@example.vn",
            "role": "administrator",
            "valid_from": "01/01/2025",
        },
        "role",
    ),
    "grant_unknown_role": (
        "grant_add",
        "district_a1",
        lambda tree: {"person": "holder@example.vn", "role": "king", "valid_from": "01/01/2025"},
        "role",
    ),
    "grant_overlapping": (
        "grant_add",
        "district_a1",
        lambda tree: {"person": "holder@example.vn", "role": "viewer", "valid_from": "01/01/2025"},
        None,
    ),
}


@pytest.mark.parametrize(
    ("name", "position", "make_data", "field"),
    list(BAD_INPUT.values()),
    ids=list(BAD_INPUT),
)
def test_restructuring_with_bad_input_rerenders_the_form(
    officer_client, tree, name, position, make_data, field
):
    holder = UserFactory(email="holder@example.vn")
    RoleGrantFactory(user=holder, unit=tree.district_a1, role=Role.VIEWER)
    MembershipFactory(unit=tree.grassroots_a1x)
    unit = getattr(tree, position)
    before = _counts()
    paths = dict(Unit.objects.values_list("code", "path"))
    names = dict(Unit.objects.values_list("code", "name"))

    response = officer_client.post(_url(name, unit), make_data(tree))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    if field is not None:
        field = field.format(tree=tree)
        assert field in form.errors, form.errors
    assert _counts() == before
    assert dict(Unit.objects.values_list("code", "path")) == paths
    assert dict(Unit.objects.values_list("code", "name")) == names
    assert not Unit.objects.filter(is_active=False).exists()
    content = response.content.decode()
    for messages in form.errors.values():
        for message in messages:
            assert escape(message) in content


@pytest.mark.parametrize(
    ("last_day", "field"),
    [("31/02/2025", "last_day"), ("", "last_day"), ("31/12/2019", "last_day")],
)
def test_grant_end_with_bad_input_rerenders_the_form(officer_client, tree, last_day, field):
    grant = RoleGrantFactory(unit=tree.district_a1, role=Role.VIEWER)

    response = officer_client.post(
        _url("grant_end", tree.district_a1, grant_pk=grant.pk), {"last_day": last_day}
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    grant.refresh_from_db()
    assert grant.valid_to is None


def test_grant_end_of_an_ended_grant_rerenders_the_form(officer_client, tree):
    grant = RoleGrantFactory(
        unit=tree.district_a1, role=Role.VIEWER, valid_to=datetime.date(2021, 1, 1)
    )

    response = officer_client.post(
        _url("grant_end", tree.district_a1, grant_pk=grant.pk), {"last_day": "01/01/2025"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    grant.refresh_from_db()
    assert grant.valid_to == datetime.date(2021, 1, 1)


def test_grant_end_of_an_administrator_by_officer_is_forbidden(officer_client, tree):
    grant = RoleGrantFactory(unit=tree.district_a1, role=Role.ADMINISTRATOR)

    response = officer_client.post(
        _url("grant_end", tree.district_a1, grant_pk=grant.pk), {"last_day": "01/01/2025"}
    )

    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.valid_to is None


def test_unit_merge_with_another_source_outside_restructure_scope_changes_nothing(client, tree):
    # Seeing a unit is not enough to merge it away: CSB is visible here but not restructurable.
    person = _grant(tree.province_a, Role.OFFICER)
    RoleGrantFactory(user=person, unit=tree.province_b, role=Role.VIEWER)
    client.force_login(person)
    before = _counts()

    response = client.post(
        _url("unit_merge", tree.grassroots_a1x),
        {**RESTRUCTURE, "target": "CSY", "other_sources": "CSB"},
    )

    assert response.status_code == 200
    assert "other_sources" in response.context["form"].errors
    assert _counts() == before


# --- query counts --------------------------------------------------------------------------


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(unit: Unit, count: int, prefix: str) -> None:
    """Give ``unit`` ``count`` more union groups, members and role holders."""
    for number in range(count):
        make_unit(unit, name=f"Tổ công đoàn {prefix} {number:02d}", code=f"{prefix}{number:02d}")
        MembershipFactory(unit=unit)
        RoleGrantFactory(unit=unit, role=Role.VIEWER)


@pytest.mark.parametrize(
    "params",
    [
        pytest.param(lambda unit: {"parent": unit.pk}, id="children"),
        pytest.param(lambda unit: {"q": "to+cong+doan"}, id="search"),
        pytest.param(lambda unit: {"parent": unit.pk, "q": "to"}, id="search-under-parent"),
        pytest.param(lambda unit: {"kind": UnitKind.UNION_GROUP}, id="kind-filter"),
    ],
)
def test_unit_browse_queries_do_not_grow_with_rows(officer_client, tree, params):
    unit = tree.grassroots_a1x
    url = _browse(**params(unit))
    _grow(unit, 1, "A")
    officer_client.get(url)  # warm per-process caches (content types, site)

    with_one = _count_queries(officer_client, url)
    _grow(unit, 29, "B")
    with_thirty = _count_queries(officer_client, url)

    assert len(officer_client.get(url).context["page"].object_list) == 25
    assert with_thirty == with_one


def test_unit_browse_top_queries_do_not_grow_with_scope_roots(client, tree):
    person = _grant(tree.district_a1, Role.VIEWER)
    client.force_login(person)
    url = _browse()
    client.get(url)

    with_one = _count_queries(client, url)
    for unit in _add_children(tree.district_a2, 29, "R"):
        RoleGrantFactory(user=person, unit=unit, role=Role.VIEWER)
    with_thirty = _count_queries(client, url)

    assert len(client.get(url).context["page"].object_list) == 25
    assert with_thirty == with_one


def test_unit_detail_queries_do_not_grow_with_sub_units_and_members(officer_client, officer, tree):
    unit = tree.grassroots_a1x
    url = _url("unit_detail", unit)
    _grow(unit, 1, "A")
    services.unit_rename(
        unit=unit,
        name="Công đoàn cơ sở May Sông Hiếu",
        short_name="",
        effective_date=EFFECTIVE,
        actor=officer,
        note=NOTE,
    )
    officer_client.get(url)

    with_one = _count_queries(officer_client, url)
    _grow(unit, 29, "B")
    with_thirty = _count_queries(officer_client, url)

    response = officer_client.get(url)
    assert len(response.context["children"].object_list) == 25
    assert len(response.context["members"].object_list) == 25
    assert len(response.context["grants"]) == 30
    assert with_thirty == with_one


def test_unit_detail_queries_do_not_grow_with_history(officer_client, officer, tree):
    unit = tree.grassroots_a1x
    url = _url("unit_detail", unit)
    officer_client.get(url)

    with_one = _count_queries(officer_client, url)
    for number in range(1, 30):
        target = tree.district_a2 if number % 2 else tree.district_a1
        services.unit_move(
            unit=unit,
            new_parent=target,
            effective_date=EFFECTIVE + datetime.timedelta(days=number),
            actor=officer,
            note=f"{NOTE} lần {number}",
        )
    with_thirty = _count_queries(officer_client, url)

    assert len(re.findall("lần", officer_client.get(url).content.decode())) == 29
    assert with_thirty == with_one
