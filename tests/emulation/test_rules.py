"""Permission matrix: role × object position relative to the grant × grant state.

Grants hold on their unit and its whole subtree between their validity dates; restructuring a
unit is decided on its parent. Expected answers come from ``ROLE_CAPABILITIES``, so the table
below only states where each position stands.
"""

from datetime import date, timedelta

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.models import User
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory
from unions import selectors
from unions.enums import ROLE_CAPABILITIES, Capability, Role
from unions.models import Unit
from unions.services import role_grant, role_grant_end, unit_merge

PERMISSIONS = {
    # permission: (capability, checked on the parent of the unit rather than the unit)
    "unions.view_unit": (Capability.VIEW_UNIT, False),
    "unions.restructure_unit": (Capability.RESTRUCTURE_UNIT, True),
    "unions.add_sub_unit": (Capability.RESTRUCTURE_UNIT, False),
    "unions.manage_grants": (Capability.MANAGE_GRANTS, False),
    "unions.view_members": (Capability.VIEW_MEMBERS, False),
}

# The grant is held on district_a1. For each position: the unit checked, whether that unit lies
# in the grant's subtree, and whether its parent does.
POSITIONS = {
    "same_unit": ("district_a1", True, False),
    "descendant": ("grassroots_a1x", True, True),
    "ancestor": ("province_a", False, False),
    "sibling": ("district_a2", False, False),
    "other_branch": ("grassroots_b1x", False, False),
}


def grant_period(state: str) -> tuple[date, date | None]:
    today = timezone.localdate()
    return {
        "active": (today - timedelta(days=30), None),
        "expired": (today - timedelta(days=30), today - timedelta(days=1)),
        "not_yet_started": (today + timedelta(days=1), None),
    }[state]


def expected(role: str, position: str, state: str, permission: str) -> bool:
    capability, on_parent = PERMISSIONS[permission]
    _, unit_in_scope, parent_in_scope = POSITIONS[position]
    in_scope = parent_in_scope if on_parent else unit_in_scope
    return state == "active" and in_scope and capability in ROLE_CAPABILITIES[role]


@pytest.mark.parametrize("permission", list(PERMISSIONS))
@pytest.mark.parametrize("state", ["active", "expired", "not_yet_started"])
@pytest.mark.parametrize("position", list(POSITIONS))
@pytest.mark.parametrize("role", list(Role.values))
def test_permission_matrix_follows_role_capabilities(tree, role, position, state, permission):
    user = UserFactory()
    valid_from, valid_to = grant_period(state)
    RoleGrantFactory(
        user=user, unit=tree.district_a1, role=role, valid_from=valid_from, valid_to=valid_to
    )
    unit = getattr(tree, POSITIONS[position][0])

    assert user.has_perm(permission, unit) is expected(role, position, state, permission)


def test_permission_matrix_expectations_are_not_trivial():
    """The table above must exercise both answers for every role that has the capability."""
    for permission in PERMISSIONS:
        answers = {
            expected(role, position, state, permission)
            for role in Role.values
            for position in POSITIONS
            for state in ("active", "expired", "not_yet_started")
        }
        assert answers == {True, False}, permission


@pytest.mark.parametrize("role", list(Role.values))
def test_grant_on_its_first_and_last_day_holds(tree, role):
    today = timezone.localdate()
    starts_today = UserFactory()
    ends_today = UserFactory()
    RoleGrantFactory(user=starts_today, unit=tree.district_a1, role=role, valid_from=today)
    RoleGrantFactory(
        user=ends_today,
        unit=tree.district_a1,
        role=role,
        valid_from=today - timedelta(days=365),
        valid_to=today,
    )

    assert starts_today.has_perm("unions.view_unit", tree.grassroots_a1x)
    assert ends_today.has_perm("unions.view_unit", tree.grassroots_a1x)


@pytest.mark.parametrize("permission", [*PERMISSIONS, "unions.manage_members"])
@pytest.mark.parametrize(
    "unit_name", ["national", "province_a", "district_a1", "grassroots_a1x", "grassroots_b1x"]
)
def test_superuser_has_every_permission_everywhere(tree, permission, unit_name):
    superuser = UserFactory(is_superuser=True, is_staff=True)

    assert superuser.has_perm(permission, getattr(tree, unit_name))


def test_superuser_alone_restructures_the_national_federation(tree):
    officer = UserFactory()
    administrator = UserFactory()
    RoleGrantFactory(user=officer, unit=tree.national, role=Role.OFFICER)
    RoleGrantFactory(user=administrator, unit=tree.national, role=Role.ADMINISTRATOR)
    superuser = UserFactory(is_superuser=True)

    assert officer.has_perm("unions.add_sub_unit", tree.national)
    assert not officer.has_perm("unions.restructure_unit", tree.national)
    assert not administrator.has_perm("unions.restructure_unit", tree.national)
    assert administrator.has_perm("unions.restructure_unit", tree.province_a)
    assert superuser.has_perm("unions.restructure_unit", tree.national)


@pytest.mark.parametrize("permission", [*PERMISSIONS, "wagtailadmin.access_admin"])
def test_anonymous_user_has_no_permission(tree, permission):
    anonymous = AnonymousUser()

    assert not anonymous.has_perm(permission, tree.grassroots_a1x)
    assert not anonymous.has_perm(permission)
    assert selectors.scope_paths(anonymous, Capability.VIEW_UNIT) == []


@pytest.mark.parametrize("permission", [*PERMISSIONS, "wagtailadmin.access_admin"])
def test_inactive_user_with_grant_has_no_permission(tree, permission):
    user = UserFactory(is_active=False)
    RoleGrantFactory(user=user, unit=tree.national, role=Role.ADMINISTRATOR)
    inactive_superuser = UserFactory(is_active=False, is_superuser=True)

    assert not user.has_perm(permission, tree.grassroots_a1x)
    assert not user.has_perm(permission)
    assert not inactive_superuser.has_perm(permission, tree.grassroots_a1x)
    assert not selectors.units_visible_to(user).exists()


def test_ended_unit_cannot_be_restructured(tree):
    officer = UserFactory()
    RoleGrantFactory(user=officer, unit=tree.province_a, role=Role.OFFICER)
    unit_merge(sources=[tree.district_a1], target=tree.district_a2, effective_date=date(2022, 1, 1))
    district_a1 = Unit.objects.get(pk=tree.district_a1.pk)

    assert not district_a1.is_active
    assert not officer.has_perm("unions.restructure_unit", district_a1)
    assert not officer.has_perm("unions.add_sub_unit", district_a1)
    assert officer.has_perm("unions.view_unit", district_a1)
    assert officer.has_perm("unions.restructure_unit", tree.district_a2)
    # The rule itself refuses a superuser too; only Django's superuser shortcut says yes.
    superuser = UserFactory(is_superuser=True)
    assert not rules.has_perm("unions.restructure_unit", superuser, district_a1)
    assert not rules.has_perm("unions.add_sub_unit", superuser, district_a1)


def test_merge_ends_the_scope_of_grants_on_the_merged_unit(tree):
    officer = UserFactory()
    RoleGrantFactory(user=officer, unit=tree.district_a1, role=Role.OFFICER)

    unit_merge(
        sources=[tree.district_a1], target=tree.district_a2, effective_date=timezone.localdate()
    )

    assert not officer.has_perm("unions.view_unit", tree.grassroots_a1x)
    assert not officer.has_perm("unions.view_unit", tree.district_a1)


def test_grants_on_several_units_combine(tree):
    user = UserFactory()
    RoleGrantFactory(user=user, unit=tree.province_a, role=Role.VIEWER)
    RoleGrantFactory(user=user, unit=tree.district_a1, role=Role.OFFICER)

    assert user.has_perm("unions.view_unit", tree.district_a2)
    assert user.has_perm("unions.view_members", tree.district_a2)
    assert not user.has_perm("unions.add_sub_unit", tree.district_a2)
    assert user.has_perm("unions.add_sub_unit", tree.grassroots_a1x)
    assert user.has_perm("unions.restructure_unit", tree.grassroots_a1x)
    assert not user.has_perm("unions.restructure_unit", tree.district_a1)
    assert not user.has_perm("unions.view_unit", tree.province_b)
    assert selectors.scope_paths(user, Capability.VIEW_UNIT) == [tree.province_a.path]
    assert sorted(selectors.units_visible_to(user).values_list("code", flat=True)) == sorted(
        ["QTR", "DHA", "GLI", "CSX", "CSY"]
    )


def test_permission_without_object_asks_for_the_capability_anywhere(tree):
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.grassroots_b1x, role=Role.VIEWER)
    nobody = UserFactory()

    assert viewer.has_perm("unions.view_unit")
    assert viewer.has_perm("unions.view_members")
    assert not viewer.has_perm("unions.manage_grants")
    assert not nobody.has_perm("unions.view_unit")


def test_permission_on_object_follows_its_scope_unit(tree):
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.district_a1, role=Role.VIEWER)
    inside = MembershipFactory(unit=tree.grassroots_a1y)
    outside = MembershipFactory(unit=tree.grassroots_b1x)

    assert viewer.has_perm("unions.view_members", inside)
    assert not viewer.has_perm("unions.view_members", outside)
    assert not viewer.has_perm("unions.view_members", object())


@pytest.mark.parametrize("role", list(Role.values))
def test_wagtail_admin_access_follows_cms_capability(tree, role):
    active = UserFactory()
    expired = UserFactory()
    RoleGrantFactory(user=active, unit=tree.district_b1, role=role)
    RoleGrantFactory(
        user=expired,
        unit=tree.district_b1,
        role=role,
        valid_from=date(2020, 1, 1),
        valid_to=date(2021, 1, 1),
    )
    can_edit = Capability.EDIT_CMS in ROLE_CAPABILITIES[role]
    # Officers open the admin too, for the scoring rubrics.
    can_open_admin = can_edit or Capability.MANAGE_RUBRICS in ROLE_CAPABILITIES[role]

    assert active.has_perm("wagtailadmin.access_admin") is can_open_admin
    assert active.has_perm("unions.edit_cms") is can_edit
    assert not expired.has_perm("wagtailadmin.access_admin")


def test_only_administrators_end_administrator_grants(tree):
    officer = UserFactory()
    administrator = UserFactory()
    RoleGrantFactory(user=officer, unit=tree.province_a, role=Role.OFFICER)
    RoleGrantFactory(user=administrator, unit=tree.province_a, role=Role.ADMINISTRATOR)
    admin_grant = RoleGrantFactory(unit=tree.district_a1, role=Role.ADMINISTRATOR)
    officer_grant = RoleGrantFactory(unit=tree.district_a1, role=Role.OFFICER)
    elsewhere = RoleGrantFactory(unit=tree.district_b1, role=Role.OFFICER)

    assert officer.has_perm("unions.end_grant", officer_grant)
    assert not officer.has_perm("unions.end_grant", admin_grant)
    assert not officer.has_perm("unions.grant_administrator", tree.district_a1)
    assert administrator.has_perm("unions.end_grant", admin_grant)
    assert administrator.has_perm("unions.grant_administrator", tree.district_a1)
    assert not administrator.has_perm("unions.end_grant", elsewhere)


def test_scope_cache_is_cleared_by_grant_services(tree):
    user = UserFactory()
    assert not user.has_perm("unions.view_unit", tree.district_a1)

    grant = role_grant(
        user=user, unit=tree.province_a, role=Role.VIEWER, valid_from=date(2020, 1, 1)
    )
    assert user.has_perm("unions.view_unit", tree.district_a1)

    role_grant_end(grant=grant, last_day=timezone.localdate() - timedelta(days=1))
    assert not User.objects.get(pk=user.pk).has_perm("unions.view_unit", tree.district_a1)


def test_scope_cache_holds_until_forgotten(tree):
    user = UserFactory()
    assert not user.has_perm("unions.view_unit", tree.district_a1)
    RoleGrantFactory(user=user, unit=tree.province_a, role=Role.VIEWER)

    assert not user.has_perm("unions.view_unit", tree.district_a1)
    selectors.forget_scopes(user)
    assert user.has_perm("unions.view_unit", tree.district_a1)
