"""The subtree over a period follows the tree as it stood on each day: moves, merges, splits and
dissolutions during the period, and moves after it (which change today's paths)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MembershipFactory, make_unit
from unions.enums import UnitKind
from unions.models import Membership, Unit
from unions.selectors.history import Relocation, subtree_window
from unions.services import NewUnit, unit_dissolve, unit_merge, unit_move, unit_split

START = date(2025, 1, 1)
END = date(2025, 12, 31)
AFTER = date(2026, 1, 1)
REFORM = date(2025, 7, 1)


def fresh(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def event(unit: Unit, day: date) -> Membership:
    """A dated row at ``unit``: a membership starting on ``day`` stands for any event."""
    return MembershipFactory(unit=unit, valid_from=day)


def counted(unit: Unit, start: date = START, end: date = END) -> set[int]:
    window = subtree_window(fresh(unit), start, end)
    return set(
        Membership.objects.filter(window.q(unit_field="unit", date_field="valid_from")).values_list(
            "pk", flat=True
        )
    )


def standing(unit: Unit, day: date, start: date = START, end: date = END) -> set[int]:
    window = subtree_window(fresh(unit), start, end)
    return set(Unit.objects.filter(window.on_q(day, unit_field="")).values_list("pk", flat=True))


def ids(*rows) -> set[int]:
    return {row.pk for row in rows}


# --- nothing moved -------------------------------------------------------------------------


def test_window_without_changes_is_the_subtree_by_path_in_one_query(tree):
    with CaptureQueriesContext(connection) as queries:
        window = subtree_window(tree.district_a1, START, END)
    assert len(queries) == 1
    assert window.exceptions == {}
    assert window.relocations == []
    assert window.contains(tree.grassroots_a1x, date(2025, 5, 5))
    assert not window.contains(tree.grassroots_b1x, date(2025, 5, 5))
    assert not window.contains(tree.grassroots_a1x, date(2026, 5, 5))


def test_events_on_the_first_and_last_day_count_and_outside_days_do_not(tree):
    first = event(tree.grassroots_a1x, START)
    last = event(tree.grassroots_a1y, END)
    event(tree.grassroots_a1x, date(2024, 12, 31))
    event(tree.grassroots_a1x, AFTER)
    event(tree.grassroots_b1x, date(2025, 6, 1))  # another branch
    itself = event(tree.district_a1, date(2025, 6, 1))

    assert counted(tree.district_a1) == ids(first, last, itself)
    assert counted(tree.grassroots_a1x) == ids(first)


def test_renames_change_nothing(tree):
    from unions.services import unit_rename

    unit_rename(
        unit=tree.grassroots_a1x,
        name="Công đoàn Công ty May mới",
        short_name="",
        effective_date=REFORM,
    )
    before = event(tree.grassroots_a1x, date(2025, 3, 1))
    district = fresh(tree.district_a1)
    with CaptureQueriesContext(connection) as queries:
        window = subtree_window(district, START, END)
    assert len(queries) == 1 and window.exceptions == {}
    assert counted(tree.district_a1) == ids(before)


# --- a move during the period --------------------------------------------------------------


@pytest.fixture
def moved_mid_year(tree):
    """grassroots_a1x (with a union group beneath it) moves from district_a1 to district_a2 on
    1 July 2025; one event on each side of the move, one on the day itself."""
    group = make_unit(tree.grassroots_a1x, name="Tổ công đoàn phân xưởng 1", code="TO1")
    rows = {
        "march": event(tree.grassroots_a1x, date(2025, 3, 10)),
        "eve": event(tree.grassroots_a1x, date(2025, 6, 30)),
        "day": event(tree.grassroots_a1x, REFORM),
        "october": event(tree.grassroots_a1x, date(2025, 10, 1)),
        "group_may": event(group, date(2025, 5, 1)),
        "group_nov": event(group, date(2025, 11, 1)),
        "stays": event(tree.grassroots_a1y, date(2025, 8, 1)),
    }
    unit_move(unit=tree.grassroots_a1x, new_parent=tree.district_a2, effective_date=REFORM)
    return group, rows


def test_a_move_splits_the_counts_by_date(tree, moved_mid_year):
    group, rows = moved_mid_year

    assert counted(tree.district_a1) == ids(
        rows["march"], rows["eve"], rows["group_may"], rows["stays"]
    )
    assert counted(tree.district_a2) == ids(rows["day"], rows["october"], rows["group_nov"])
    # The province held the union the whole year.
    assert counted(tree.province_a) == ids(*rows.values())
    assert counted(tree.province_b) == set()


def test_a_move_is_recorded_as_exceptions_with_half_open_ranges(tree, moved_mid_year):
    group, _rows = moved_mid_year
    old = subtree_window(fresh(tree.district_a1), START, END)
    new = subtree_window(fresh(tree.district_a2), START, END)
    province = subtree_window(fresh(tree.province_a), START, END)

    assert old.exceptions == {
        tree.grassroots_a1x.pk: [(START, REFORM)],
        group.pk: [(START, REFORM)],
    }
    assert new.exceptions == {
        tree.grassroots_a1x.pk: [(REFORM, AFTER)],
        group.pk: [(REFORM, AFTER)],
    }
    assert province.exceptions == {} and province.relocations == []
    assert old.contains(fresh(tree.grassroots_a1x), date(2025, 6, 30))
    assert not old.contains(fresh(tree.grassroots_a1x), REFORM)
    assert new.contains(fresh(group), REFORM)


def test_a_move_names_the_units_as_they_were_called_that_day(tree, moved_mid_year):
    window = subtree_window(fresh(tree.district_a2), START, END)
    assert window.relocations == [
        Relocation(
            unit_name=tree.grassroots_a1x.name,
            on=REFORM,
            old_parent_name=tree.district_a1.name,
            new_parent_name=tree.district_a2.name,
        )
    ]


def test_a_period_before_the_move_ignores_later_events(tree, moved_mid_year):
    _group, rows = moved_mid_year
    spring = (date(2025, 1, 1), date(2025, 6, 30))
    assert counted(tree.district_a1, *spring) == ids(rows["march"], rows["eve"], rows["group_may"])
    assert counted(tree.district_a2, *spring) == set()


def test_units_standing_on_a_day_follow_the_move(tree, moved_mid_year):
    group, _rows = moved_mid_year
    assert tree.grassroots_a1x.pk in standing(tree.district_a1, date(2025, 6, 30))
    assert tree.grassroots_a1x.pk not in standing(tree.district_a1, END)
    assert {tree.grassroots_a1x.pk, group.pk} <= standing(tree.district_a2, END)
    assert standing(tree.district_a2, date(2026, 2, 1)) == set()  # outside the period


def test_a_move_elsewhere_in_the_tree_is_not_mentioned(tree, moved_mid_year):
    window = subtree_window(fresh(tree.province_b), START, END)
    assert window.exceptions == {} and window.relocations == []


# --- moves that are not in the period ------------------------------------------------------


def test_a_move_after_the_period_keeps_the_period_where_it_was(tree):
    spring = event(tree.grassroots_a1x, date(2025, 4, 1))
    unit_move(
        unit=tree.grassroots_a1x, new_parent=tree.district_a2, effective_date=date(2026, 3, 1)
    )

    # Today's path says district_a2, but in 2025 the union stood under district_a1.
    assert counted(tree.district_a1) == ids(spring)
    assert counted(tree.district_a2) == set()
    window = subtree_window(fresh(tree.district_a1), START, END)
    assert window.exceptions == {tree.grassroots_a1x.pk: [(START, AFTER)]}
    assert [r.on for r in window.relocations] == [date(2026, 3, 1)]


def test_a_move_before_the_period_or_on_its_first_day_is_the_tree_of_the_period(tree):
    unit_move(unit=tree.grassroots_a1x, new_parent=tree.district_a2, effective_date=START)
    row = event(tree.grassroots_a1x, date(2025, 2, 1))

    window = subtree_window(fresh(tree.district_a2), START, END)
    assert window.exceptions == {}
    assert counted(tree.district_a2) == ids(row)
    assert counted(tree.district_a1) == set()


def test_a_move_and_a_move_back_leave_a_hole(tree):
    spring = event(tree.grassroots_a1x, date(2025, 2, 1))
    summer = event(tree.grassroots_a1x, date(2025, 8, 1))
    winter = event(tree.grassroots_a1x, date(2025, 11, 15))
    unit_move(
        unit=tree.grassroots_a1x, new_parent=tree.district_a2, effective_date=date(2025, 6, 1)
    )
    unit_move(
        unit=tree.grassroots_a1x, new_parent=tree.district_a1, effective_date=date(2025, 10, 1)
    )

    window = subtree_window(fresh(tree.district_a1), START, END)
    assert window.exceptions == {
        tree.grassroots_a1x.pk: [(START, date(2025, 6, 1)), (date(2025, 10, 1), AFTER)]
    }
    assert counted(tree.district_a1) == ids(spring, winter)
    assert counted(tree.district_a2) == ids(summer)
    assert [r.on for r in window.relocations] == [date(2025, 6, 1), date(2025, 10, 1)]


# --- moves of units higher up --------------------------------------------------------------


def test_a_district_moving_to_another_province_takes_its_subtree(tree):
    before = event(tree.grassroots_a1y, date(2025, 5, 1))
    after = event(tree.grassroots_a1y, date(2025, 9, 1))
    unit_move(unit=tree.district_a1, new_parent=tree.province_b, effective_date=REFORM)

    assert counted(tree.province_a) == ids(before)
    assert counted(tree.province_b) == ids(after)
    assert counted(tree.district_a1) == ids(before, after)
    assert counted(tree.national) == ids(before, after)
    window = subtree_window(fresh(tree.province_b), START, END)
    assert set(window.exceptions) == {
        tree.district_a1.pk,
        tree.grassroots_a1x.pk,
        tree.grassroots_a1y.pk,
    }


def test_provinces_merged_into_a_new_one(tree):
    a_before = event(tree.grassroots_a1x, date(2025, 6, 30))
    b_before = event(tree.grassroots_b1x, date(2025, 2, 1))
    a_after = event(tree.grassroots_a1x, REFORM)
    b_after = event(tree.grassroots_b1x, END)
    merged = unit_merge(
        sources=[tree.province_a, tree.province_b],
        new_unit=NewUnit(
            code="QTR-PTO", name="Liên đoàn Lao động tỉnh mới", kind=UnitKind.PROVINCIAL_FEDERATION
        ),
        new_unit_parent=tree.national,
        effective_date=REFORM,
    )

    assert counted(tree.province_a) == ids(a_before)
    assert counted(tree.province_b) == ids(b_before)
    assert counted(merged) == ids(a_after, b_after)
    assert counted(tree.national) == ids(a_before, b_before, a_after, b_after)
    window = subtree_window(fresh(merged), START, END)
    assert {r.old_parent_name for r in window.relocations} == {
        tree.province_a.name,
        tree.province_b.name,
    }
    assert {r.new_parent_name for r in window.relocations} == {"Liên đoàn Lao động tỉnh mới"}


def test_a_grassroots_union_merged_into_another_branch(tree):
    """The merged union's own events stay where it stood; what comes after is the target's."""
    before = event(tree.grassroots_a1y, date(2025, 3, 3))
    target_row = event(tree.grassroots_b1x, date(2025, 9, 9))
    unit_merge(sources=[tree.grassroots_a1y], target=tree.grassroots_b1x, effective_date=REFORM)
    moved_member = Membership.objects.filter(unit=tree.grassroots_b1x, valid_from=REFORM).count()

    assert counted(tree.district_a1) == ids(before)
    assert before.pk not in counted(tree.district_b1)
    assert target_row.pk in counted(tree.district_b1)
    assert moved_member == 1  # the member was carried over to the target on the day


def test_a_split_sends_the_union_groups_to_the_new_units(tree):
    group_1 = make_unit(tree.grassroots_a1x, code="TO-A")
    group_2 = make_unit(tree.grassroots_a1x, code="TO-B")
    early = event(group_2, date(2025, 2, 2))
    parts = unit_split(
        unit=tree.grassroots_a1x,
        parts=[
            NewUnit(code="CS-A", name="Công đoàn Xí nghiệp A", kind=UnitKind.GRASSROOTS_UNION),
            NewUnit(code="CS-B", name="Công đoàn Xí nghiệp B", kind=UnitKind.GRASSROOTS_UNION),
        ],
        effective_date=REFORM,
        child_parts={group_1.pk: 0, group_2.pk: 1},
    )
    late = event(group_2, date(2025, 12, 1))

    assert counted(tree.grassroots_a1x) == ids(early)
    assert counted(parts[1]) == ids(late)
    assert counted(parts[0]) == set()
    assert counted(tree.district_a1) == ids(early, late)
    window = subtree_window(fresh(parts[1]), START, END)
    assert window.exceptions == {group_2.pk: [(REFORM, AFTER)]}


def test_a_dissolved_district_hands_its_unions_to_the_province(tree):
    before = event(tree.grassroots_a1x, date(2025, 4, 4))
    after = event(tree.grassroots_a1x, date(2025, 8, 8))
    unit_dissolve(unit=tree.district_a1, receiver=tree.province_a, effective_date=REFORM)

    assert counted(tree.district_a1) == ids(before)
    assert counted(tree.province_a) == ids(before, after)
    assert counted(tree.district_a2) == set()


def test_history_queries_do_not_depend_on_the_number_of_units(tree):
    unit_move(unit=tree.grassroots_a1x, new_parent=tree.district_a2, effective_date=REFORM)
    district = fresh(tree.district_a1)
    with CaptureQueriesContext(connection) as few:
        subtree_window(district, START, END)
    for number in range(6):
        make_unit(tree.grassroots_a1x, code=f"TO-{number}")
    with CaptureQueriesContext(connection) as many:
        subtree_window(district, START, END)
    assert len(many) == len(few)


def test_a_successor_named_like_its_predecessor_is_told_apart(tree):
    merged = unit_merge(
        sources=[tree.province_a, tree.province_b],
        new_unit=NewUnit(
            code="QTR-MOI",
            name=tree.province_a.name,
            short_name="LĐLĐ Quảng Trị (mới)",
            kind=UnitKind.PROVINCIAL_FEDERATION,
        ),
        new_unit_parent=tree.national,
        effective_date=REFORM,
    )
    window = subtree_window(fresh(merged), START, END)
    names = {(r.old_parent_name, r.new_parent_name) for r in window.relocations}
    assert names == {
        (tree.province_a.name, "LĐLĐ Quảng Trị (mới)"),
        (tree.province_b.name, tree.province_a.name),
    }


def test_explanations_list_five_moves_and_count_the_rest(tree):
    from django.utils import translation

    from emulation.indicators import explain

    for number in range(7):
        union = make_unit(tree.district_a1, code=f"CS-M{number}")
        unit_move(unit=union, new_parent=tree.district_a2, effective_date=REFORM)
    window = subtree_window(fresh(tree.district_a2), START, END)
    assert len(window.relocations) == 7
    with translation.override("en"):
        text = explain(window, "Counted.")
    assert text.startswith("Counted. The tree changed: ")
    assert text.count(" moved from ") == 5
    assert "; and 2 more moves." in text
