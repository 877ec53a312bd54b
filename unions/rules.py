"""Permission predicates: "has capability X on a unit that contains this object".

An object takes part by exposing ``scope_unit`` (units return themselves). Grants hold for the
unit they are given on and its whole subtree, between their validity dates.
"""

import rules

from unions.enums import Capability, Role
from unions.models import RoleGrant, Unit
from unions.selectors import has_capability_on
from unions.selectors.employers import has_capability_on_employer


def scope_unit_of(obj) -> Unit | None:
    if obj is None:
        return None
    return getattr(obj, "scope_unit", None)


def has_capability(capability: str) -> rules.Predicate:
    """Predicate: the user holds ``capability`` on the unit of the object (or anywhere, when
    there is no object)."""

    def check(user, obj=None) -> bool:
        unit = scope_unit_of(obj)
        if obj is not None and unit is None:
            return False
        return has_capability_on(user, capability, unit)

    return rules.predicate(check, name=f"has_capability:{capability}")


def has_capability_on_parent(capability: str) -> rules.Predicate:
    """Predicate: the user holds ``capability`` on the parent of the unit (restructuring a unit
    is decided one level up)."""

    def check(user, unit=None) -> bool:
        if unit is None:
            return has_capability_on(user, capability, None)
        if unit.depth <= 1:
            return bool(user.is_active and user.is_superuser)
        parent_stub = Unit(path=unit.parent_path, depth=unit.depth - 1)
        return has_capability_on(user, capability, parent_stub)

    return rules.predicate(check, name=f"has_capability_on_parent:{capability}")


@rules.predicate
def is_active_unit(user, unit=None) -> bool:
    return unit is None or bool(unit.is_active)


@rules.predicate
def grant_is_not_administrator(user, grant: RoleGrant | None = None) -> bool:
    return grant is None or grant.role != Role.ADMINISTRATOR


def has_capability_on_employer_units(capability: str) -> rules.Predicate:
    """Predicate: the user holds ``capability`` on a unit linked, now or before, to the
    employer (or anywhere, when there is no employer)."""

    def check(user, employer=None) -> bool:
        if employer is None:
            return has_capability_on(user, capability, None)
        return has_capability_on_employer(user, capability, employer)

    return rules.predicate(check, name=f"has_capability_on_employer_units:{capability}")


@rules.predicate
def is_active_employer(user, employer=None) -> bool:
    return employer is None or bool(employer.is_active)


can_view_unit = has_capability(Capability.VIEW_UNIT)
can_view_members = has_capability(Capability.VIEW_MEMBERS)
can_manage_members = has_capability(Capability.MANAGE_MEMBERS)
can_restructure_unit = has_capability_on_parent(Capability.RESTRUCTURE_UNIT) & is_active_unit
can_add_sub_unit = has_capability(Capability.RESTRUCTURE_UNIT) & is_active_unit
can_manage_grants = has_capability(Capability.MANAGE_GRANTS)
can_end_grant = has_capability(Capability.MANAGE_GRANTS) & (
    grant_is_not_administrator | has_capability(Capability.GRANT_ADMINISTRATOR)
)
can_edit_cms = has_capability(Capability.EDIT_CMS)

rules.add_perm("unions.view_unit", can_view_unit)
rules.add_perm("unions.view_members", can_view_members)
rules.add_perm("unions.manage_members", can_manage_members)
# Clearing a member's failed sign-ins: whoever keeps the member's record, administrators too.
rules.add_perm("unions.unlock_sign_in", can_manage_members)
rules.add_perm("unions.restructure_unit", can_restructure_unit)
rules.add_perm("unions.add_sub_unit", can_add_sub_unit)
rules.add_perm("unions.manage_grants", can_manage_grants)
rules.add_perm("unions.end_grant", can_end_grant)
rules.add_perm("unions.grant_administrator", has_capability(Capability.GRANT_ADMINISTRATOR))
rules.add_perm("unions.edit_cms", can_edit_cms)
# Employers (the "cơ sở" of Decree 13/2012/NĐ-CP): seen through the units linked to them, kept
# by those who may restructure such a unit (creating one: the unit it is linked to).
rules.add_perm("unions.view_employer", has_capability_on_employer_units(Capability.VIEW_UNIT))
rules.add_perm(
    "unions.manage_employer",
    has_capability_on_employer_units(Capability.RESTRUCTURE_UNIT) & is_active_employer,
)
rules.add_perm("unions.add_employer", can_add_sub_unit)
# Editors reach the Wagtail admin through their grant, not through a group; officers reach it
# to configure the scoring rubrics.
rules.add_perm(
    "wagtailadmin.access_admin", can_edit_cms | has_capability(Capability.MANAGE_RUBRICS)
)
