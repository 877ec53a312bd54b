"""Tree services keep history: every restructuring is dated, versioned and evented, and a
refused change saves nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.errors import ApplicationError
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory, make_unit
from unions import successions
from unions.enums import Role, UnitEventAction, UnitKind
from unions.models import Membership, RoleGrant, Unit, UnitEvent, UnitVersion
from unions.selectors import (
    current_successors,
    unit_current_members,
    unit_predecessors,
    unit_snapshot,
    unit_successors,
)
from unions.services import (
    NewUnit,
    membership_move,
    membership_start,
    role_grant,
    role_grant_end,
    unit_create,
    unit_dissolve,
    unit_merge,
    unit_move,
    unit_rename,
    unit_split,
)

CREATED = date(2000, 1, 1)  # when every unit of the ``tree`` fixture was established


def fresh(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def versions(unit: Unit) -> list[tuple]:
    return list(
        UnitVersion.objects.filter(unit=unit)
        .order_by("valid_from")
        .values_list("valid_from", "valid_to", "name", "parent_id")
    )


def actions(unit: Unit) -> list[str]:
    return list(
        UnitEvent.objects.filter(unit=unit)
        .order_by("effective_date", "id")
        .values_list("action", flat=True)
    )


def database_state() -> dict:
    """Everything a refused service could have touched."""
    return {
        "units": list(
            Unit.objects.order_by("pk").values_list(
                "pk", "path", "numchild", "name", "short_name", "is_active", "valid_to"
            )
        ),
        "versions": list(UnitVersion.objects.order_by("pk").values_list("pk", "valid_to", "name")),
        "events": UnitEvent.objects.count(),
        "memberships": list(
            Membership.objects.order_by("pk").values_list("pk", "unit_id", "valid_to")
        ),
        "grants": list(RoleGrant.objects.order_by("pk").values_list("pk", "valid_to")),
    }


@pytest.fixture
def members(tree):
    """Two current members of grassroots_a1x and one of grassroots_a1y."""
    return {
        "lan": MembershipFactory(
            unit=tree.grassroots_a1x, user=UserFactory(first_name="Lan"), card_number="DV-LAN"
        ),
        "minh": MembershipFactory(unit=tree.grassroots_a1x, user=UserFactory(first_name="Minh")),
        "hoa": MembershipFactory(unit=tree.grassroots_a1y, user=UserFactory(first_name="Hoa")),
    }


# --- create --------------------------------------------------------------------------------


def test_unit_create_records_first_version_and_event(tree):
    unit = unit_create(
        parent=tree.district_a2,
        code="CSGL",
        name="Công đoàn cơ sở Trường THPT Gio Linh",
        short_name="CĐCS THPT Gio Linh",
        kind=UnitKind.GRASSROOTS_UNION,
        valid_from=date(2010, 9, 1),
    )

    assert fresh(unit).path.startswith(tree.district_a2.path)
    assert fresh(tree.district_a2).numchild == 1
    assert versions(unit) == [
        (date(2010, 9, 1), None, "Công đoàn cơ sở Trường THPT Gio Linh", tree.district_a2.pk)
    ]
    event = UnitEvent.objects.get(unit=unit)
    assert event.action == UnitEventAction.CREATED
    assert event.new_parent == tree.district_a2
    assert event.new_name == "Công đoàn cơ sở Trường THPT Gio Linh"


def test_unit_create_before_parent_existed_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_create(
            parent=tree.district_a2,
            code="CSCU",
            name="Công đoàn cơ sở cũ",
            kind=UnitKind.GRASSROOTS_UNION,
            valid_from=date(1999, 12, 31),
        )

    assert database_state() == before


# --- rename --------------------------------------------------------------------------------


def test_unit_rename_keeps_old_name_in_version_and_event(tree):
    old_name = tree.district_a1.name

    renamed = unit_rename(
        unit=tree.district_a1,
        name="Liên đoàn Lao động khu vực Đông Hà",
        short_name="LĐLĐ Đông Hà",
        effective_date=date(2020, 3, 1),
        note="Quyết định số 12/QĐ-LĐLĐ",
    )

    assert renamed.name == "Liên đoàn Lao động khu vực Đông Hà"
    assert fresh(tree.district_a1).short_name == "LĐLĐ Đông Hà"
    assert versions(tree.district_a1) == [
        (CREATED, date(2020, 3, 1), old_name, tree.province_a.pk),
        (date(2020, 3, 1), None, "Liên đoàn Lao động khu vực Đông Hà", tree.province_a.pk),
    ]
    event = UnitEvent.objects.get(unit=tree.district_a1, action=UnitEventAction.RENAMED)
    assert (event.old_name, event.new_name) == (old_name, "Liên đoàn Lao động khu vực Đông Hà")
    assert event.effective_date == date(2020, 3, 1)
    assert event.note == "Quyết định số 12/QĐ-LĐLĐ"


def test_unit_snapshot_before_rename_shows_old_name(tree):
    old_name = tree.district_a1.name
    unit_rename(
        unit=tree.district_a1,
        name="Liên đoàn Lao động khu vực Đông Hà",
        short_name="",
        effective_date=date(2020, 3, 1),
    )

    before = unit_snapshot(tree.district_a1, date(2020, 2, 29))
    after = unit_snapshot(tree.district_a1, date(2020, 3, 1))
    child_before = unit_snapshot(tree.grassroots_a1x, date(2020, 2, 29))
    child_after = unit_snapshot(tree.grassroots_a1x, date(2020, 3, 1))

    assert before.name == old_name
    assert after.name == "Liên đoàn Lao động khu vực Đông Hà"
    assert child_before.path_names[2] == old_name
    assert child_after.path_names[2] == "Liên đoàn Lao động khu vực Đông Hà"
    assert child_after.name == tree.grassroots_a1x.name


def test_unit_rename_twice_on_one_day_keeps_one_version_for_the_day(tree):
    unit_rename(
        unit=tree.district_a2, name="Tên tạm", short_name="", effective_date=date(2021, 5, 5)
    )
    unit_rename(
        unit=tree.district_a2, name="Tên chính thức", short_name="", effective_date=date(2021, 5, 5)
    )

    assert [row[2] for row in versions(tree.district_a2)] == [
        "Liên đoàn Lao động huyện Gio Linh",
        "Tên chính thức",
    ]
    assert actions(tree.district_a2) == [UnitEventAction.CREATED, "renamed", "renamed"]
    assert unit_snapshot(tree.district_a2, date(2021, 5, 5)).name == "Tên chính thức"


def test_unit_rename_to_same_name_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_rename(
            unit=tree.district_a2,
            name=tree.district_a2.name,
            short_name=tree.district_a2.short_name,
            effective_date=date(2021, 1, 1),
        )

    assert database_state() == before


# --- move ----------------------------------------------------------------------------------


def test_unit_move_carries_subtree_under_new_parent(tree):
    moved = unit_move(
        unit=tree.district_a1, new_parent=tree.province_b, effective_date=date(2021, 7, 1)
    )

    province_b = fresh(tree.province_b)
    assert moved.path.startswith(province_b.path)
    assert moved.depth == 3
    children = list(moved.get_children().order_by("code"))
    assert [c.code for c in children] == ["CSX", "CSY"]
    assert all(c.path.startswith(moved.path) and c.depth == 4 for c in children)
    assert [c.code for c in fresh(tree.province_a).get_children()] == ["GLI"]
    assert fresh(tree.province_a).numchild == 1
    assert province_b.numchild == 2
    assert Unit.find_problems() == ([], [], [], [], [])
    assert versions(tree.district_a1)[-2:] == [
        (CREATED, date(2021, 7, 1), tree.district_a1.name, tree.province_a.pk),
        (date(2021, 7, 1), None, tree.district_a1.name, tree.province_b.pk),
    ]
    event = UnitEvent.objects.get(unit=tree.district_a1, action=UnitEventAction.MOVED)
    assert (event.old_parent, event.new_parent) == (tree.province_a, tree.province_b)


def test_unit_move_changes_path_labels_and_keeps_past_ones(tree):
    unit_move(unit=tree.district_a1, new_parent=tree.province_b, effective_date=date(2021, 7, 1))

    past = unit_snapshot(tree.grassroots_a1x, date(2021, 6, 30))
    now = unit_snapshot(tree.grassroots_a1x, timezone.localdate())

    assert past.path_names == (
        "Tổng Liên đoàn Lao động Việt Nam",
        "Liên đoàn Lao động tỉnh Quảng Trị",
        "Liên đoàn Lao động thành phố Đông Hà",
        "Công đoàn cơ sở Công ty May Sông Hiếu",
    )
    assert now.path_label == (
        "Tổng Liên đoàn Lao động Việt Nam › Liên đoàn Lao động tỉnh Phú Thọ › "
        "Liên đoàn Lao động thành phố Đông Hà › Công đoàn cơ sở Công ty May Sông Hiếu"
    )
    assert unit_snapshot(tree.district_a1, date(2021, 6, 30)).path_names[1] == (
        "Liên đoàn Lao động tỉnh Quảng Trị"
    )


def test_unit_move_under_own_descendant_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_move(
            unit=tree.province_a, new_parent=tree.district_a1, effective_date=date(2021, 1, 1)
        )
    with pytest.raises(ApplicationError):
        unit_move(
            unit=tree.district_a1, new_parent=tree.district_a1, effective_date=date(2021, 1, 1)
        )

    assert database_state() == before


def test_unit_move_under_same_level_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError) as error:
        unit_move(
            unit=tree.district_a1, new_parent=tree.district_b1, effective_date=date(2021, 1, 1)
        )

    assert error.value.field == "new_parent"
    assert database_state() == before


def test_unit_move_under_current_parent_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_move(
            unit=tree.district_a1, new_parent=tree.province_a, effective_date=date(2021, 1, 1)
        )

    assert database_state() == before


def test_unit_move_under_parent_established_later_raises(tree):
    new_province = make_unit(
        tree.national, code="QTR2", name="Liên đoàn Lao động tỉnh mới", valid_from=date(2025, 7, 1)
    )
    before = database_state()

    with pytest.raises(ApplicationError) as error:
        unit_move(unit=tree.district_a1, new_parent=new_province, effective_date=date(2024, 1, 1))

    assert error.value.field == "effective_date"
    assert database_state() == before


# --- dates ---------------------------------------------------------------------------------


def test_unit_change_in_future_raises(tree):
    tomorrow = timezone.localdate() + timedelta(days=1)
    before = database_state()

    with pytest.raises(ApplicationError) as error:
        unit_rename(unit=tree.district_a1, name="Tên mới", short_name="", effective_date=tomorrow)
    with pytest.raises(ApplicationError):
        unit_move(unit=tree.district_a1, new_parent=tree.province_b, effective_date=tomorrow)
    with pytest.raises(ApplicationError):
        unit_merge(sources=[tree.district_a1], target=tree.district_a2, effective_date=tomorrow)
    with pytest.raises(ApplicationError):
        unit_dissolve(unit=tree.grassroots_b1x, effective_date=tomorrow)
    with pytest.raises(ApplicationError):
        unit_create(
            parent=tree.district_a2,
            code="MOI",
            name="Công đoàn cơ sở mới",
            kind=UnitKind.GRASSROOTS_UNION,
            valid_from=tomorrow,
        )

    assert error.value.field == "effective_date"
    assert database_state() == before


def test_unit_change_dated_before_last_change_raises(tree):
    unit_rename(
        unit=tree.district_a1, name="Tên mới", short_name="", effective_date=date(2020, 1, 1)
    )
    before = database_state()

    with pytest.raises(ApplicationError) as error:
        unit_move(
            unit=tree.district_a1, new_parent=tree.province_b, effective_date=date(2019, 12, 31)
        )
    with pytest.raises(ApplicationError):
        unit_rename(
            unit=tree.district_a1, name="Tên khác", short_name="", effective_date=date(2019, 1, 1)
        )
    with pytest.raises(ApplicationError):
        unit_merge(
            sources=[tree.district_a2], target=tree.district_a1, effective_date=date(2019, 6, 1)
        )

    assert error.value.field == "effective_date"
    assert "01/01/2020" in error.value.message
    assert database_state() == before


# --- create errors -------------------------------------------------------------------------


def test_unit_create_with_used_code_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError) as error:
        unit_create(
            parent=tree.province_a,
            code="dha",
            name="Liên đoàn Lao động thị xã Quảng Trị",
            kind=UnitKind.DISTRICT_FEDERATION,
            valid_from=date(2010, 1, 1),
        )

    assert "dha" in error.value.message
    assert database_state() == before


@pytest.mark.parametrize(
    ("parent_name", "kind"),
    [
        ("district_a1", UnitKind.PROVINCIAL_FEDERATION),
        ("district_a1", UnitKind.DISTRICT_FEDERATION),
        ("grassroots_a1x", UnitKind.GRASSROOTS_UNION),
        ("province_a", UnitKind.NATIONAL_FEDERATION),
        # A corporation union directly under the VGCL is level 2: not under a province.
        ("province_a", UnitKind.CORPORATION_UNION),
        ("district_a1", UnitKind.PROVINCIAL_CORPORATION_UNION),
        ("district_a1", UnitKind.SPECIAL_ZONE_UNION),
    ],
)
def test_unit_create_under_wrong_level_raises(tree, parent_name, kind):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_create(
            parent=getattr(tree, parent_name),
            code="SAI",
            name="Đơn vị sai cấp",
            kind=kind,
            valid_from=date(2010, 1, 1),
        )

    assert database_state() == before


@pytest.mark.parametrize(
    ("parent_name", "kind"),
    [
        ("national", UnitKind.CORPORATION_UNION),
        ("province_a", UnitKind.PROVINCIAL_CORPORATION_UNION),
        ("province_a", UnitKind.SPECIAL_ZONE_UNION),
    ],
)
def test_unit_create_corporation_and_special_zone_unions_at_their_level(tree, parent_name, kind):
    unit = unit_create(
        parent=getattr(tree, parent_name),
        code="MOI",
        name="Công đoàn mới",
        kind=kind,
        valid_from=date(2025, 7, 1),
    )
    grassroots = unit_create(
        parent=unit,
        code="MOI-CS",
        name="Công đoàn cơ sở Công ty thành viên",
        kind=UnitKind.GRASSROOTS_UNION,
        valid_from=date(2025, 7, 1),
    )

    assert grassroots.parent_path == unit.path


def test_unit_create_at_top_other_than_national_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_create(
            parent=None,
            code="GOC",
            name="Liên đoàn Lao động tỉnh mồ côi",
            kind=UnitKind.PROVINCIAL_FEDERATION,
            valid_from=date(2010, 1, 1),
        )

    assert database_state() == before


# --- merge ---------------------------------------------------------------------------------


def test_unit_merge_into_existing_unit_moves_sub_units(tree):
    successor = unit_merge(
        sources=[tree.district_a1],
        target=tree.district_a2,
        effective_date=date(2022, 1, 1),
        note="Nghị quyết sắp xếp",
    )

    assert successor == tree.district_a2
    assert sorted(c.code for c in successor.get_children()) == ["CSX", "CSY"]
    assert fresh(tree.grassroots_a1x).path.startswith(successor.path)
    district_a1 = fresh(tree.district_a1)
    assert district_a1.is_active is False
    assert district_a1.valid_to == date(2022, 1, 1)
    assert district_a1.get_children().count() == 0
    assert not UnitVersion.objects.filter(unit=district_a1, valid_to__isnull=True).exists()
    assert Unit.find_problems() == ([], [], [], [], [])


def test_unit_merge_records_events_and_successors(tree):
    unit_merge(sources=[tree.district_a1], target=tree.district_a2, effective_date=date(2022, 1, 1))

    merged = UnitEvent.objects.get(unit=tree.district_a1, action=UnitEventAction.MERGED_INTO)
    absorbed = UnitEvent.objects.get(unit=tree.district_a2, action=UnitEventAction.ABSORBED)
    assert merged.related_unit == tree.district_a2
    assert absorbed.related_unit == tree.district_a1
    assert merged.effective_date == absorbed.effective_date == date(2022, 1, 1)
    moved = UnitEvent.objects.get(unit=tree.grassroots_a1x, action=UnitEventAction.MOVED)
    assert (moved.old_parent, moved.new_parent) == (tree.district_a1, tree.district_a2)
    assert unit_successors(fresh(tree.district_a1)) == [tree.district_a2]
    assert unit_predecessors(tree.district_a2) == [tree.district_a1]
    assert current_successors(fresh(tree.district_a1)) == [tree.district_a2]
    assert current_successors(tree.district_a2) == [tree.district_a2]


def test_unit_merge_of_grassroots_moves_current_members(tree, members):
    old_lan = members["lan"]
    ended_long_ago = MembershipFactory(
        unit=tree.grassroots_a1x, valid_from=date(2001, 1, 1), valid_to=date(2005, 1, 1)
    )

    unit_merge(
        sources=[tree.grassroots_a1x], target=tree.grassroots_a1y, effective_date=date(2022, 1, 1)
    )

    old_lan.refresh_from_db()
    assert old_lan.valid_to == date(2022, 1, 1)
    new_lan = Membership.objects.get(user=old_lan.user, valid_to__isnull=True)
    assert new_lan.unit == tree.grassroots_a1y
    assert new_lan.valid_from == date(2022, 1, 1)
    assert (new_lan.card_number, new_lan.position) == ("DV-LAN", old_lan.position)
    assert sorted(m.user.first_name for m in unit_current_members(tree.grassroots_a1y)) == [
        "Hoa",
        "Lan",
        "Minh",
    ]
    assert not unit_current_members(tree.grassroots_a1x).exists()
    ended_long_ago.refresh_from_db()
    assert (ended_long_ago.unit, ended_long_ago.valid_to) == (tree.grassroots_a1x, date(2005, 1, 1))
    assert Membership.objects.filter(user=ended_long_ago.user).count() == 1


def test_unit_merge_into_new_unit_creates_successor(tree, members):
    successor = unit_merge(
        sources=[tree.district_a1, tree.district_a2],
        new_unit=NewUnit(
            code="DHGL",
            name="Liên đoàn Lao động khu vực Đông Hà - Gio Linh",
            kind=UnitKind.DISTRICT_FEDERATION,
            short_name="LĐLĐ Đông Hà - Gio Linh",
        ),
        new_unit_parent=tree.province_a,
        effective_date=date(2025, 7, 1),
    )

    assert successor.code == "DHGL"
    assert successor.valid_from == date(2025, 7, 1)
    assert successor.path.startswith(fresh(tree.province_a).path)
    assert sorted(c.code for c in successor.get_children()) == ["CSX", "CSY"]
    assert [c.code for c in fresh(tree.province_a).get_children().filter(is_active=True)] == [
        "DHGL"
    ]
    assert actions(successor) == [
        UnitEventAction.CREATED,
        UnitEventAction.ABSORBED,
        UnitEventAction.ABSORBED,
    ]
    assert set(unit_predecessors(successor)) == {tree.district_a1, tree.district_a2}
    for source in (tree.district_a1, tree.district_a2):
        source = fresh(source)
        assert (source.is_active, source.valid_to) == (False, date(2025, 7, 1))
        assert current_successors(source) == [successor]
    # Members of the grassroots units stay where they are: their unit moved, not them.
    assert Membership.objects.get(pk=members["lan"].pk).valid_to is None
    assert unit_snapshot(tree.grassroots_a1x, date(2025, 7, 1)).path_names[2] == (
        "Liên đoàn Lao động khu vực Đông Hà - Gio Linh"
    )
    assert unit_snapshot(tree.grassroots_a1x, date(2025, 6, 30)).path_names[2] == (
        "Liên đoàn Lao động thành phố Đông Hà"
    )
    assert Unit.find_problems() == ([], [], [], [], [])


def test_unit_merge_ends_grants_on_predecessor(tree):
    officer = RoleGrantFactory(unit=tree.district_a1, valid_from=date(2020, 1, 1))
    viewer = RoleGrantFactory(
        unit=tree.district_a1,
        role=Role.VIEWER,
        valid_from=date(2020, 1, 1),
        valid_to=date(2030, 1, 1),
    )
    already_ended = RoleGrantFactory(
        unit=tree.district_a1, valid_from=date(2010, 1, 1), valid_to=date(2015, 12, 31)
    )
    on_target = RoleGrantFactory(unit=tree.district_a2, valid_from=date(2020, 1, 1))

    unit_merge(sources=[tree.district_a1], target=tree.district_a2, effective_date=date(2022, 1, 1))

    for grant in (officer, viewer, already_ended, on_target):
        grant.refresh_from_db()
    assert officer.valid_to == date(2021, 12, 31)
    assert viewer.valid_to == date(2021, 12, 31)
    assert already_ended.valid_to == date(2015, 12, 31)
    assert on_target.valid_to is None


def test_unit_merge_chain_follows_to_current_successor(tree):
    unit_merge(
        sources=[tree.grassroots_a1x], target=tree.grassroots_a1y, effective_date=date(2020, 1, 1)
    )
    unit_merge(sources=[tree.district_a1], target=tree.district_a2, effective_date=date(2021, 1, 1))
    unit_merge(
        sources=[tree.grassroots_a1y], target=tree.grassroots_b1x, effective_date=date(2022, 1, 1)
    )

    assert current_successors(fresh(tree.grassroots_a1x)) == [tree.grassroots_b1x]
    assert unit_successors(fresh(tree.grassroots_a1x)) == [tree.grassroots_a1y]


def test_unit_merge_into_itself_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError) as error:
        unit_merge(
            sources=[tree.district_a1, tree.district_a2],
            target=tree.district_a1,
            effective_date=date(2022, 1, 1),
        )

    assert error.value.field == "sources"
    assert database_state() == before


def test_unit_merge_into_own_sub_unit_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError) as error:
        unit_merge(
            sources=[tree.district_a1], target=tree.grassroots_a1x, effective_date=date(2022, 1, 1)
        )

    assert error.value.field == "target"
    assert database_state() == before


def test_unit_merge_of_unit_with_its_own_ancestor_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_merge(
            sources=[tree.province_a, tree.district_a1],
            target=tree.province_b,
            effective_date=date(2022, 1, 1),
        )

    assert database_state() == before


def test_unit_merge_into_new_unit_with_one_source_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_merge(
            sources=[tree.district_a1],
            new_unit=NewUnit(code="MOI", name="Mới", kind=UnitKind.DISTRICT_FEDERATION),
            new_unit_parent=tree.province_a,
            effective_date=date(2022, 1, 1),
        )

    assert database_state() == before


def test_unit_merge_into_new_unit_with_used_code_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_merge(
            sources=[tree.district_a1, tree.district_a2],
            new_unit=NewUnit(code="VTR", name="Trùng mã", kind=UnitKind.DISTRICT_FEDERATION),
            new_unit_parent=tree.province_a,
            effective_date=date(2022, 1, 1),
        )

    assert database_state() == before


def test_unit_merge_of_ended_unit_raises(tree):
    unit_merge(sources=[tree.district_a1], target=tree.district_a2, effective_date=date(2022, 1, 1))
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_merge(
            sources=[tree.district_a1], target=tree.district_b1, effective_date=date(2023, 1, 1)
        )
    with pytest.raises(ApplicationError):
        unit_merge(
            sources=[tree.district_b1], target=tree.district_a1, effective_date=date(2023, 1, 1)
        )

    assert database_state() == before


def test_unit_merge_failing_on_a_later_source_saves_nothing(tree, members):
    """The first source is merged before the second fails: the whole merge rolls back."""
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_merge(
            sources=[tree.grassroots_a1x, tree.district_b1],
            target=tree.grassroots_a1y,
            effective_date=date(2022, 1, 1),
        )

    assert database_state() == before
    assert fresh(tree.grassroots_a1x).is_active


def test_unit_merge_of_members_into_non_grassroots_raises(tree, members):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_merge(
            sources=[tree.grassroots_a1x], target=tree.district_a2, effective_date=date(2022, 1, 1)
        )

    assert database_state() == before


def test_unit_merge_when_sub_unit_changed_after_date_raises(tree):
    unit_rename(
        unit=tree.grassroots_a1x, name="Tên mới", short_name="", effective_date=date(2023, 1, 1)
    )
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_merge(
            sources=[tree.district_a1], target=tree.district_a2, effective_date=date(2022, 1, 1)
        )

    assert database_state() == before


def test_unit_merge_before_member_joined_raises(tree):
    MembershipFactory(unit=tree.grassroots_a1x, valid_from=date(2023, 1, 1))
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_merge(
            sources=[tree.grassroots_a1x],
            target=tree.grassroots_a1y,
            effective_date=date(2022, 1, 1),
        )

    assert database_state() == before


# --- succession hooks ----------------------------------------------------------------------


@pytest.fixture
def handed_over(monkeypatch):
    """Register a recording handler for the length of one test."""
    monkeypatch.setattr(successions, "_handlers", [])
    calls: list[successions.Succession] = []
    successions.register_succession_handler(calls.append)
    return calls


def test_unit_merge_calls_succession_handlers(tree, handed_over):
    actor = UserFactory()

    unit_merge(
        sources=[tree.district_a1, tree.district_b1],
        target=tree.district_a2,
        effective_date=date(2022, 1, 1),
        actor=actor,
    )

    assert [(s.predecessor, s.successor, s.effective_date, s.actor) for s in handed_over] == [
        (tree.district_a1, tree.district_a2, date(2022, 1, 1), actor),
        (tree.district_b1, tree.district_a2, date(2022, 1, 1), actor),
    ]


def test_unit_split_and_dissolve_call_succession_handlers(tree, handed_over):
    parts = unit_split(
        unit=tree.district_a2,
        parts=[
            NewUnit(code="GL1", name="Gio Linh 1", kind=UnitKind.DISTRICT_FEDERATION),
            NewUnit(code="GL2", name="Gio Linh 2", kind=UnitKind.DISTRICT_FEDERATION),
        ],
        effective_date=date(2022, 1, 1),
    )
    unit_dissolve(unit=tree.district_a1, receiver=parts[1], effective_date=date(2023, 1, 1))
    unit_dissolve(unit=tree.grassroots_b1x, effective_date=date(2023, 1, 1))

    assert [(s.predecessor, s.successor) for s in handed_over] == [
        (tree.district_a2, parts[0]),
        (tree.district_a1, parts[1]),
    ]


def test_unit_merge_refused_by_succession_handler_saves_nothing(tree, monkeypatch):
    monkeypatch.setattr(successions, "_handlers", [])

    def refuse(succession):
        raise ApplicationError("Hồ sơ đang chấm điểm chưa thể chuyển.")

    successions.register_succession_handler(refuse)
    before = database_state()

    with pytest.raises(ApplicationError, match="Hồ sơ đang chấm điểm"):
        unit_merge(
            sources=[tree.district_a1], target=tree.district_a2, effective_date=date(2022, 1, 1)
        )

    assert database_state() == before


def test_register_succession_handler_twice_keeps_one(monkeypatch):
    monkeypatch.setattr(successions, "_handlers", [])

    def handler(succession):
        pass

    successions.register_succession_handler(handler)
    successions.register_succession_handler(handler)

    assert successions._handlers == [handler]


# --- split ---------------------------------------------------------------------------------


def split_parts(kind: str = UnitKind.DISTRICT_FEDERATION) -> list[NewUnit]:
    return [
        NewUnit(code="DHB", name="Liên đoàn Lao động khu vực Đông Hà Bắc", kind=kind),
        NewUnit(code="DHN", name="Liên đoàn Lao động khu vực Đông Hà Nam", kind=kind),
    ]


def test_unit_split_distributes_sub_units_per_mapping(tree):
    north, south = unit_split(
        unit=tree.district_a1,
        parts=split_parts(),
        child_parts={tree.grassroots_a1y.pk: 1},
        effective_date=date(2022, 4, 1),
    )

    assert [c.code for c in north.get_children()] == ["CSX"]
    assert [c.code for c in south.get_children()] == ["CSY"]
    province_a = fresh(tree.province_a)
    assert north.path.startswith(province_a.path) and south.path.startswith(province_a.path)
    assert (north.valid_from, south.valid_from) == (date(2022, 4, 1), date(2022, 4, 1))
    district_a1 = fresh(tree.district_a1)
    assert (district_a1.is_active, district_a1.valid_to) == (False, date(2022, 4, 1))
    assert Unit.find_problems() == ([], [], [], [], [])


def test_unit_split_records_events_and_successors(tree):
    north, south = unit_split(
        unit=tree.district_a1, parts=split_parts(), effective_date=date(2022, 4, 1)
    )

    split_into = UnitEvent.objects.filter(
        unit=tree.district_a1, action=UnitEventAction.SPLIT_INTO
    ).order_by("id")
    assert [e.related_unit for e in split_into] == [north, south]
    for part in (north, south):
        assert actions(part) == [UnitEventAction.CREATED, UnitEventAction.SPLIT_FROM]
        assert unit_predecessors(part) == [tree.district_a1]
    district_a1 = fresh(tree.district_a1)
    assert set(unit_successors(district_a1)) == {north, south}
    assert set(current_successors(district_a1)) == {north, south}


def test_unit_split_distributes_members_per_mapping(tree, members):
    first, second = unit_split(
        unit=tree.grassroots_a1x,
        parts=[
            NewUnit(code="CSX1", name="Công đoàn cơ sở Nhà máy May 1", kind="grassroots_union"),
            NewUnit(code="CSX2", name="Công đoàn cơ sở Nhà máy May 2", kind="grassroots_union"),
        ],
        member_parts={members["minh"].pk: 1},
        effective_date=date(2022, 4, 1),
    )

    assert [m.user.first_name for m in unit_current_members(first)] == ["Lan"]
    assert [m.user.first_name for m in unit_current_members(second)] == ["Minh"]
    assert not unit_current_members(tree.grassroots_a1x).exists()
    assert Membership.objects.get(pk=members["minh"].pk).valid_to == date(2022, 4, 1)
    assert Membership.objects.filter(user=members["minh"].user).count() == 2
    assert unit_current_members(tree.grassroots_a1y).count() == 1


def test_unit_split_into_one_part_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_split(unit=tree.district_a1, parts=split_parts()[:1], effective_date=date(2022, 1, 1))

    assert database_state() == before


def test_unit_split_with_repeated_code_raises(tree):
    parts = split_parts()
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_split(
            unit=tree.district_a1,
            parts=[parts[0], NewUnit(code="dhb", name="Khác", kind=parts[0].kind)],
            effective_date=date(2022, 1, 1),
        )

    assert database_state() == before


def test_unit_split_with_unknown_part_index_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_split(
            unit=tree.district_a1,
            parts=split_parts(),
            child_parts={tree.grassroots_a1x.pk: 2},
            effective_date=date(2022, 1, 1),
        )

    assert database_state() == before


def test_unit_split_where_sub_units_do_not_fit_saves_nothing(tree):
    """The new units are created before the sub-units are found not to fit under them."""
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_split(
            unit=tree.district_a1,
            parts=split_parts(kind=UnitKind.GRASSROOTS_UNION),
            effective_date=date(2022, 1, 1),
        )

    assert database_state() == before


# --- dissolve ------------------------------------------------------------------------------


def test_unit_dissolve_hands_sub_units_to_receiver(tree):
    dissolved = unit_dissolve(
        unit=tree.district_a1,
        receiver=tree.district_a2,
        effective_date=date(2023, 3, 1),
        note="Giải thể theo Kết luận 127",
    )

    assert (dissolved.is_active, dissolved.valid_to) == (False, date(2023, 3, 1))
    assert sorted(c.code for c in fresh(tree.district_a2).get_children()) == ["CSX", "CSY"]
    event = UnitEvent.objects.get(unit=tree.district_a1, action=UnitEventAction.DISSOLVED)
    assert event.new_parent == tree.district_a2
    assert event.note == "Giải thể theo Kết luận 127"
    assert unit_snapshot(tree.grassroots_a1y, date(2023, 2, 28)).path_names[2] == (
        "Liên đoàn Lao động thành phố Đông Hà"
    )
    assert unit_snapshot(tree.grassroots_a1y, date(2023, 3, 1)).path_names[2] == (
        "Liên đoàn Lao động huyện Gio Linh"
    )
    assert Unit.find_problems() == ([], [], [], [], [])


def test_unit_dissolve_ends_memberships(tree, members):
    dissolved = unit_dissolve(unit=tree.grassroots_a1x, effective_date=date(2023, 3, 1))

    ended = Membership.objects.filter(unit=tree.grassroots_a1x).order_by("pk")
    assert [m.valid_to for m in ended] == [date(2023, 3, 1), date(2023, 3, 1)]
    assert not Membership.objects.filter(user=members["lan"].user, valid_to__isnull=True).exists()
    assert Membership.objects.get(pk=members["hoa"].pk).valid_to is None
    assert dissolved.is_active is False
    assert unit_successors(dissolved) == []
    assert current_successors(dissolved) == []


def test_unit_dissolve_with_active_sub_units_and_no_receiver_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError) as error:
        unit_dissolve(unit=tree.district_a1, effective_date=date(2023, 3, 1))

    assert error.value.field == "receiver"
    assert database_state() == before


def test_unit_dissolve_into_own_sub_unit_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_dissolve(
            unit=tree.province_a, receiver=tree.district_a2, effective_date=date(2023, 3, 1)
        )

    assert database_state() == before


def test_unit_dissolve_into_receiver_of_wrong_level_raises(tree):
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_dissolve(
            unit=tree.district_a1, receiver=tree.grassroots_b1x, effective_date=date(2023, 3, 1)
        )

    assert database_state() == before


def test_unit_dissolve_twice_raises(tree):
    unit_dissolve(unit=tree.grassroots_b1x, effective_date=date(2023, 3, 1))
    before = database_state()

    with pytest.raises(ApplicationError):
        unit_dissolve(unit=tree.grassroots_b1x, effective_date=date(2023, 4, 1))

    assert database_state() == before


# --- snapshots -----------------------------------------------------------------------------


def test_unit_snapshot_answers_for_each_period(tree):
    unit = make_unit(
        tree.district_a2,
        code="CSTH",
        name="Công đoàn cơ sở Trường Tiểu học Gio Linh",
        valid_from=date(2010, 1, 1),
    )
    unit_rename(
        unit=unit,
        name="Công đoàn cơ sở Trường TH Gio Linh",
        short_name="",
        effective_date=date(2015, 1, 1),
    )
    unit_rename(
        unit=tree.province_a,
        name="Liên đoàn Lao động tỉnh Quảng Trị (mới)",
        short_name="",
        effective_date=date(2016, 1, 1),
    )
    unit_move(unit=unit, new_parent=tree.district_b1, effective_date=date(2018, 1, 1))
    unit_rename(
        unit=unit,
        name="Công đoàn cơ sở Trường TH Việt Trì",
        short_name="",
        effective_date=date(2020, 1, 1),
    )
    unit_merge(sources=[unit], target=tree.grassroots_b1x, effective_date=date(2024, 1, 1))

    def snapshot(on):
        found = unit_snapshot(unit, on)
        return None if found is None else (found.name, found.path_names[1:-1])

    assert unit_snapshot(unit, date(2009, 12, 31)) is None
    assert snapshot(date(2010, 1, 1)) == (
        "Công đoàn cơ sở Trường Tiểu học Gio Linh",
        ("Liên đoàn Lao động tỉnh Quảng Trị", "Liên đoàn Lao động huyện Gio Linh"),
    )
    assert snapshot(date(2015, 6, 1)) == (
        "Công đoàn cơ sở Trường TH Gio Linh",
        ("Liên đoàn Lao động tỉnh Quảng Trị", "Liên đoàn Lao động huyện Gio Linh"),
    )
    assert snapshot(date(2017, 12, 31)) == (
        "Công đoàn cơ sở Trường TH Gio Linh",
        ("Liên đoàn Lao động tỉnh Quảng Trị (mới)", "Liên đoàn Lao động huyện Gio Linh"),
    )
    assert snapshot(date(2018, 1, 1)) == (
        "Công đoàn cơ sở Trường TH Gio Linh",
        ("Liên đoàn Lao động tỉnh Phú Thọ", "Liên đoàn Lao động thành phố Việt Trì"),
    )
    assert snapshot(date(2023, 12, 31)) == (
        "Công đoàn cơ sở Trường TH Việt Trì",
        ("Liên đoàn Lao động tỉnh Phú Thọ", "Liên đoàn Lao động thành phố Việt Trì"),
    )
    assert unit_snapshot(unit, date(2024, 1, 1)) is None
    first = unit_snapshot(unit, date(2010, 1, 1))
    assert (first.unit_id, first.code, first.kind, first.on) == (
        unit.pk,
        "CSTH",
        UnitKind.GRASSROOTS_UNION,
        date(2010, 1, 1),
    )
    assert first.path_names[0] == "Tổng Liên đoàn Lao động Việt Nam"


def test_unit_snapshot_of_national_federation_is_its_own_path(tree):
    snapshot = unit_snapshot(tree.national, date(2020, 1, 1))

    assert snapshot.path_label == "Tổng Liên đoàn Lao động Việt Nam"


# --- memberships ---------------------------------------------------------------------------


def test_membership_start_registers_member(tree, user):
    membership = membership_start(
        user=user,
        unit=tree.grassroots_a1x,
        valid_from=date(2019, 5, 1),
        card_number=" DV-001 ",
        position="Tổ trưởng",
    )

    assert (membership.unit, membership.valid_from, membership.valid_to) == (
        tree.grassroots_a1x,
        date(2019, 5, 1),
        None,
    )
    assert membership.card_number == "DV-001"
    assert list(unit_current_members(tree.grassroots_a1x)) == [membership]


def test_membership_start_with_current_membership_raises(tree, user):
    membership_start(user=user, unit=tree.grassroots_a1x, valid_from=date(2019, 5, 1))
    before = database_state()

    with pytest.raises(ApplicationError) as error:
        membership_start(user=user, unit=tree.grassroots_a1y, valid_from=date(2020, 5, 1))

    assert tree.grassroots_a1x.name in error.value.message
    assert database_state() == before


@pytest.mark.parametrize("unit_name", ["national", "province_a", "district_a1"])
def test_membership_start_in_non_grassroots_unit_raises(tree, user, unit_name):
    before = database_state()

    with pytest.raises(ApplicationError) as error:
        membership_start(user=user, unit=getattr(tree, unit_name), valid_from=date(2019, 5, 1))

    assert error.value.field == "unit"
    assert database_state() == before


def test_membership_start_in_ended_unit_or_future_raises(tree, user):
    unit_dissolve(unit=tree.grassroots_b1x, effective_date=date(2023, 1, 1))
    before = database_state()

    with pytest.raises(ApplicationError):
        membership_start(user=user, unit=tree.grassroots_b1x, valid_from=date(2022, 5, 1))
    with pytest.raises(ApplicationError):
        membership_start(
            user=user,
            unit=tree.grassroots_a1x,
            valid_from=timezone.localdate() + timedelta(days=1),
        )

    assert database_state() == before


def test_membership_start_after_membership_ended_is_allowed(tree, user):
    membership_start(user=user, unit=tree.grassroots_b1x, valid_from=date(2019, 5, 1))
    unit_dissolve(unit=tree.grassroots_b1x, effective_date=date(2023, 1, 1))

    membership = membership_start(user=user, unit=tree.grassroots_a1x, valid_from=date(2023, 2, 1))

    assert [(m.unit.code, m.valid_to) for m in user.memberships.order_by("valid_from")] == [
        ("CSB", date(2023, 1, 1)),
        ("CSX", None),
    ]
    assert membership.valid_to is None


def test_membership_move_keeps_history(tree, members):
    old = members["lan"]

    new = membership_move(membership=old, unit=tree.grassroots_b1x, effective_date=date(2024, 2, 1))

    old.refresh_from_db()
    assert (old.unit, old.valid_to) == (tree.grassroots_a1x, date(2024, 2, 1))
    assert (new.unit, new.valid_from, new.valid_to) == (tree.grassroots_b1x, date(2024, 2, 1), None)
    assert (new.card_number, new.position, new.qualification) == (
        old.card_number,
        old.position,
        old.qualification,
    )
    assert [m.user.first_name for m in unit_current_members(tree.grassroots_b1x)] == ["Lan"]
    assert [m.user.first_name for m in unit_current_members(tree.grassroots_a1x)] == ["Minh"]
    assert [
        m.user.first_name for m in unit_current_members(tree.grassroots_a1x, date(2024, 1, 31))
    ] == ["Lan", "Minh"]


def test_membership_move_refuses_bad_moves(tree, members):
    membership = members["lan"]
    before = database_state()

    with pytest.raises(ApplicationError):
        membership_move(
            membership=membership, unit=tree.grassroots_a1x, effective_date=date(2024, 2, 1)
        )
    with pytest.raises(ApplicationError):
        membership_move(
            membership=membership, unit=tree.district_a2, effective_date=date(2024, 2, 1)
        )
    with pytest.raises(ApplicationError):
        membership_move(
            membership=membership, unit=tree.grassroots_a1y, effective_date=date(2014, 12, 31)
        )
    with pytest.raises(ApplicationError):
        membership_move(
            membership=membership,
            unit=tree.grassroots_a1y,
            effective_date=timezone.localdate() + timedelta(days=1),
        )

    assert database_state() == before


def test_membership_move_of_ended_membership_raises(tree, members):
    membership_move(
        membership=members["lan"], unit=tree.grassroots_a1y, effective_date=date(2024, 2, 1)
    )
    before = database_state()

    with pytest.raises(ApplicationError):
        membership_move(
            membership=members["lan"], unit=tree.grassroots_b1x, effective_date=date(2024, 3, 1)
        )

    assert database_state() == before


# --- role grants ---------------------------------------------------------------------------


def test_role_grant_creates_grant(tree, user):
    granter = UserFactory()

    grant = role_grant(
        user=user,
        unit=tree.province_a,
        role=Role.OFFICER,
        valid_from=date(2024, 1, 1),
        granted_by=granter,
    )

    assert RoleGrant.objects.get(pk=grant.pk).granted_by == granter
    assert (grant.unit, grant.role, grant.valid_to) == (tree.province_a, Role.OFFICER, None)


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        ((date(2020, 1, 1), None), (date(2024, 1, 1), None)),
        ((date(2020, 1, 1), None), (date(2010, 1, 1), date(2020, 1, 1))),
        ((date(2020, 1, 1), date(2020, 12, 31)), (date(2020, 12, 31), None)),
        ((date(2020, 1, 1), date(2020, 12, 31)), (date(2019, 1, 1), date(2021, 1, 1))),
        ((date(2020, 1, 1), date(2020, 12, 31)), (date(2020, 3, 1), date(2020, 4, 1))),
    ],
)
def test_role_grant_overlapping_same_role_raises(tree, user, existing, new):
    RoleGrantFactory(user=user, unit=tree.province_a, valid_from=existing[0], valid_to=existing[1])
    before = database_state()

    with pytest.raises(ApplicationError) as error:
        role_grant(
            user=user, unit=tree.province_a, role=Role.OFFICER, valid_from=new[0], valid_to=new[1]
        )

    assert error.value.field == "user"
    assert database_state() == before


def test_role_grant_next_to_earlier_period_or_other_role_is_allowed(tree, user):
    RoleGrantFactory(
        user=user, unit=tree.province_a, valid_from=date(2020, 1, 1), valid_to=date(2020, 12, 31)
    )

    role_grant(user=user, unit=tree.province_a, role=Role.OFFICER, valid_from=date(2021, 1, 1))
    role_grant(user=user, unit=tree.province_a, role=Role.VIEWER, valid_from=date(2020, 6, 1))
    role_grant(user=user, unit=tree.province_b, role=Role.OFFICER, valid_from=date(2020, 6, 1))

    assert sorted(
        RoleGrant.objects.filter(user=user).values_list("unit__code", "role", "valid_from")
    ) == [
        ("PTO", "officer", date(2020, 6, 1)),
        ("QTR", "officer", date(2020, 1, 1)),
        ("QTR", "officer", date(2021, 1, 1)),
        ("QTR", "viewer", date(2020, 6, 1)),
    ]


def test_role_grant_refuses_bad_requests(tree, user):
    unit_dissolve(unit=tree.grassroots_b1x, effective_date=date(2023, 1, 1))
    before = database_state()

    with pytest.raises(ApplicationError):
        role_grant(user=user, unit=tree.province_a, role="chairman", valid_from=date(2024, 1, 1))
    with pytest.raises(ApplicationError):
        role_grant(
            user=user, unit=tree.grassroots_b1x, role=Role.OFFICER, valid_from=date(2024, 1, 1)
        )
    with pytest.raises(ApplicationError):
        role_grant(
            user=user,
            unit=tree.province_a,
            role=Role.OFFICER,
            valid_from=date(2024, 1, 1),
            valid_to=date(2023, 12, 31),
        )

    assert database_state() == before


def test_role_grant_end_sets_last_day(tree, user):
    grant = RoleGrantFactory(user=user, unit=tree.province_a, valid_from=date(2020, 1, 1))
    yesterday = timezone.localdate() - timedelta(days=1)

    ended = role_grant_end(grant=grant, last_day=yesterday)

    grant.refresh_from_db()
    assert ended.valid_to == grant.valid_to == yesterday


def test_role_grant_end_today_keeps_grant_until_tonight(tree, user):
    grant = RoleGrantFactory(user=user, unit=tree.province_a, valid_from=date(2020, 1, 1))
    today = timezone.localdate()

    role_grant_end(grant=grant, last_day=today)

    assert user.has_perm("unions.view_unit", tree.province_a)
    assert RoleGrant.objects.get(pk=grant.pk).valid_to == today


def test_role_grant_end_refuses_ended_grant_or_day_before_start(tree, user):
    ended = RoleGrantFactory(
        user=user, unit=tree.province_a, valid_from=date(2020, 1, 1), valid_to=date(2021, 1, 1)
    )
    current = RoleGrantFactory(
        user=user, unit=tree.province_b, valid_from=date(2022, 1, 1), valid_to=None
    )
    before = database_state()

    with pytest.raises(ApplicationError):
        role_grant_end(grant=ended, last_day=date(2021, 6, 1))
    with pytest.raises(ApplicationError) as error:
        role_grant_end(grant=current, last_day=date(2021, 12, 31))

    assert error.value.field == "last_day"
    assert database_state() == before


def test_unit_merge_withdraws_grants_that_had_not_started(tree):
    import datetime as dt

    from django.utils import timezone

    from tests.factories import RoleGrantFactory
    from unions import services as unit_services
    from unions.models import RoleGrant

    today = timezone.localdate()
    current = RoleGrantFactory(unit=tree.district_a2, valid_from=dt.date(2020, 1, 1))
    RoleGrantFactory(unit=tree.district_a2, valid_from=today)
    unit_services.unit_merge(
        sources=[tree.district_a2], target=tree.district_a1, effective_date=today
    )
    remaining = RoleGrant.objects.filter(unit=tree.district_a2)
    assert list(remaining.values_list("pk", flat=True)) == [current.pk]
    assert remaining.get().valid_to == today - dt.timedelta(days=1)
