"""Emulation blocks: who organises them, who may be a member, the dated membership, the chair
and vice-chair of each year, and who sees which block."""

import datetime

import pytest

from accounts.errors import ApplicationError
from emulation.models import BlockLeadership, BlockMember, EmulationBlock
from emulation.selectors.pledges import block_leaderships, block_members, blocks_visible_to
from emulation.services.pledges import (
    block_create,
    block_leadership_set,
    block_member_add,
    block_member_remove,
    block_update,
)
from tests.factories.movements import officer_of
from tests.factories.pledges import make_block
from unions.enums import Role
from unions.services import unit_dissolve

JOINED = datetime.date(2025, 1, 1)


@pytest.fixture
def block(tree, officer):
    return make_block(
        tree.province_a,
        [tree.district_a1, tree.district_a2],
        chair=tree.district_a1,
        year=2025,
        name="Cụm thi đua các LĐLĐ huyện",
        joined_on=JOINED,
        actor=officer,
    )


# --- creating and changing a block ---------------------------------------------------------


def test_block_create_by_an_officer_of_the_managing_unit(tree, officer):
    block = block_create(managing_unit=tree.province_a, name="  Khối doanh nghiệp ", actor=officer)
    assert block.name == "Khối doanh nghiệp"
    assert block.managing_unit == tree.province_a


def test_block_create_refused_outside_the_actors_scope(tree):
    district_officer = officer_of(tree.district_a1)
    with pytest.raises(ApplicationError):
        block_create(managing_unit=tree.province_a, name="Khối A", actor=district_officer)
    viewer = officer_of(tree.province_a, Role.VIEWER)
    with pytest.raises(ApplicationError):
        block_create(managing_unit=tree.province_a, name="Khối A", actor=viewer)
    assert not EmulationBlock.objects.exists()


def test_block_create_an_ancestor_officer_organises_blocks_below(tree):
    national_officer = officer_of(tree.national)
    block = block_create(managing_unit=tree.province_b, name="Khối B", actor=national_officer)
    assert block.managing_unit == tree.province_b


def test_block_create_refuses_a_name_taken_at_the_same_unit(tree, officer):
    block_create(managing_unit=tree.province_a, name="Khối A", actor=officer)
    with pytest.raises(ApplicationError) as error:
        block_create(managing_unit=tree.province_a, name="khối a", actor=officer)
    assert error.value.field == "name"
    with pytest.raises(ApplicationError) as error:
        block_create(managing_unit=tree.province_a, name="   ", actor=officer)
    assert error.value.field == "name"


def test_block_update_renames_and_retires(block, officer):
    block_update(block=block, actor=officer, name="Cụm mới", kind="cluster", is_active=False)
    block.refresh_from_db()
    assert (block.name, block.kind, block.is_active) == ("Cụm mới", "cluster", False)


# --- members -------------------------------------------------------------------------------


def test_block_member_add_only_units_beneath_the_managing_unit(tree, block, officer):
    with pytest.raises(ApplicationError) as error:
        block_member_add(block=block, unit=tree.district_b1, joined_on=JOINED, actor=officer)
    assert error.value.field == "unit"
    with pytest.raises(ApplicationError):
        block_member_add(block=block, unit=tree.province_a, joined_on=JOINED, actor=officer)
    member = block_member_add(
        block=block, unit=tree.grassroots_a1x, joined_on=JOINED, actor=officer
    )
    assert member.left_on is None


def test_block_member_add_refuses_a_current_member_and_a_future_date(tree, block, officer):
    with pytest.raises(ApplicationError):
        block_member_add(block=block, unit=tree.district_a1, joined_on=JOINED, actor=officer)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ApplicationError) as error:
        block_member_add(block=block, unit=tree.grassroots_a1x, joined_on=tomorrow, actor=officer)
    assert error.value.field == "joined_on"


def test_block_member_add_refuses_a_dissolved_unit(tree, block, officer):
    unit_dissolve(
        unit=tree.grassroots_a1y,
        receiver=tree.district_a1,
        effective_date=datetime.date(2025, 3, 1),
        actor=None,
    )
    tree.grassroots_a1y.refresh_from_db()
    with pytest.raises(ApplicationError):
        block_member_add(block=block, unit=tree.grassroots_a1y, joined_on=JOINED, actor=officer)


def test_block_member_add_by_someone_of_a_member_unit_is_refused(tree, block):
    member_officer = officer_of(tree.district_a1)
    with pytest.raises(ApplicationError):
        block_member_add(
            block=block, unit=tree.grassroots_a1x, joined_on=JOINED, actor=member_officer
        )


def test_block_member_remove_keeps_the_history_and_allows_rejoining_later(tree, block, officer):
    member = BlockMember.objects.get(block=block, unit=tree.district_a2)
    block_member_remove(member=member, left_on=datetime.date(2025, 6, 30), actor=officer)
    member.refresh_from_db()
    assert member.left_on == datetime.date(2025, 6, 30)
    with pytest.raises(ApplicationError) as error:
        block_member_add(
            block=block, unit=tree.district_a2, joined_on=datetime.date(2025, 6, 1), actor=officer
        )
    assert error.value.field == "joined_on"
    block_member_add(
        block=block, unit=tree.district_a2, joined_on=datetime.date(2025, 9, 1), actor=officer
    )
    assert BlockMember.objects.filter(block=block, unit=tree.district_a2).count() == 2
    rows = list(block_members(block))
    assert [(row.unit, row.left_on) for row in rows][-1] == (
        tree.district_a2,
        datetime.date(2025, 6, 30),
    )


def test_block_member_remove_refuses_bad_dates_and_a_leading_unit(tree, block, officer):
    member = BlockMember.objects.get(block=block, unit=tree.district_a2)
    with pytest.raises(ApplicationError):
        block_member_remove(member=member, left_on=datetime.date(2024, 12, 31), actor=officer)
    chair = BlockMember.objects.get(block=block, unit=tree.district_a1)
    with pytest.raises(ApplicationError) as error:
        block_member_remove(member=chair, left_on=datetime.date(2025, 8, 1), actor=officer)
    assert "2025" in str(error.value)
    assert BlockMember.objects.get(pk=chair.pk).left_on is None


# --- chair and vice-chair per year ---------------------------------------------------------


def test_block_leadership_rotates_one_record_per_year(tree, block, officer):
    block_leadership_set(
        block=block, year=2026, chair=tree.district_a2, vice_chair=tree.district_a1, actor=officer
    )
    rows = [(row.year, row.chair, row.vice_chair) for row in block_leaderships(block)]
    assert rows == [
        (2026, tree.district_a2, tree.district_a1),
        (2025, tree.district_a1, None),
    ]
    # Correcting a year replaces its record.
    block_leadership_set(block=block, year=2026, chair=tree.district_a1, actor=officer)
    assert BlockLeadership.objects.filter(block=block).count() == 2
    assert BlockLeadership.objects.get(block=block, year=2026).chair == tree.district_a1


def test_block_leadership_refuses_non_members_and_the_same_unit_twice(tree, block, officer):
    with pytest.raises(ApplicationError) as error:
        block_leadership_set(block=block, year=2026, chair=tree.grassroots_a1x, actor=officer)
    assert error.value.field == "chair"
    with pytest.raises(ApplicationError) as error:
        block_leadership_set(
            block=block,
            year=2026,
            chair=tree.district_a1,
            vice_chair=tree.district_a1,
            actor=officer,
        )
    assert error.value.field == "vice_chair"
    with pytest.raises(ApplicationError):
        block_leadership_set(block=block, year=1999, chair=tree.district_a1, actor=officer)


def test_block_leadership_is_set_by_the_managing_unit_not_the_chair(tree, block):
    chair_officer = officer_of(tree.district_a1)
    with pytest.raises(ApplicationError):
        block_leadership_set(block=block, year=2026, chair=tree.district_a1, actor=chair_officer)


# --- who sees which block ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("position", "role", "sees"),
    [
        ("province_a", Role.OFFICER, True),  # managing unit
        ("national", Role.VIEWER, True),  # above the managing unit
        ("district_a1", Role.OFFICER, True),  # a member
        ("grassroots_a1x", Role.VIEWER, False),  # below a member, not a member itself
        ("province_b", Role.OFFICER, False),  # other branch
    ],
)
def test_blocks_visible_to_matrix(tree, block, position, role, sees):
    user = officer_of(getattr(tree, position), role)
    assert (block in blocks_visible_to(user)) is sees
    assert user.has_perm("emulation.view_block", block) is sees


def test_blocks_visible_to_a_former_member(tree, block, officer):
    member = BlockMember.objects.get(block=block, unit=tree.district_a2)
    block_member_remove(member=member, left_on=datetime.date(2025, 6, 30), actor=officer)
    former = officer_of(tree.district_a2)
    assert block in blocks_visible_to(former)


def test_blocks_visible_to_nobody_signed_out(block):
    from django.contrib.auth.models import AnonymousUser

    assert not blocks_visible_to(AnonymousUser()).exists()
