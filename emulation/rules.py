"""Permission predicates: "has capability X on a unit that contains this object".

An object takes part by exposing ``scope_unit`` (units return themselves). Grants hold for the
unit they are given on and its whole subtree, between their validity dates.
"""

from functools import reduce
from operator import or_

import rules
from django.db.models import Q

from emulation.enums import MovementStatus
from unions.enums import Capability, Role
from unions.models import RoleGrant, Unit
from unions.selectors import has_capability_on, scope_paths


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
rules.add_perm("unions.restructure_unit", can_restructure_unit)
rules.add_perm("unions.add_sub_unit", can_add_sub_unit)
rules.add_perm("unions.manage_grants", can_manage_grants)
rules.add_perm("unions.end_grant", can_end_grant)
rules.add_perm("unions.grant_administrator", has_capability(Capability.GRANT_ADMINISTRATOR))
rules.add_perm("unions.edit_cms", can_edit_cms)
# Editors reach the Wagtail admin through their grant, not through a group; officers reach it
# to configure the scoring rubrics.
rules.add_perm(
    "wagtailadmin.access_admin", can_edit_cms | has_capability(Capability.MANAGE_RUBRICS)
)


# --- movements, registrations, blocks, pledges and titles --------------------------------
#
# Objects: Movement (scope: launching unit), Registration (scope: the registering unit or the
# person's grassroots union), EmulationBlock and Pledge (scope: the block's managing unit),
# PledgeReport (scope: the reporting unit), Unit (for titles).


def _unit_stub(path: str) -> Unit:
    return Unit(path=path, depth=len(path) // Unit.steplen)


@rules.predicate
def movement_is_public(user, movement=None) -> bool:
    """Running and closed movements are announced to everyone signed in; planned ones only to
    the people of the launching unit's subtree."""
    return movement is None or movement.status != MovementStatus.PLANNED


@rules.predicate
def is_registrant(user, registration=None) -> bool:
    return registration is not None and registration.person_id == user.pk


@rules.predicate
def is_personal_registration(user, registration=None) -> bool:
    return registration is not None and registration.is_personal


@rules.predicate
def approves_registration(user, registration=None) -> bool:
    """A unit's registration is approved by the unit above it; a person's by their grassroots
    union (never by the person themself)."""
    if registration is None:
        return has_capability_on(user, Capability.MANAGE_EMULATION, None)
    if registration.is_personal:
        if registration.person_id == user.pk:
            return False
        return has_capability_on(user, Capability.MANAGE_EMULATION, registration.unit)
    unit = registration.unit
    if unit.depth <= 1:
        return bool(user.is_active and user.is_superuser)
    return has_capability_on(user, Capability.MANAGE_EMULATION, _unit_stub(unit.parent_path))


def _pledge_of(obj):
    return getattr(obj, "pledge", obj)


@rules.predicate
def chairs_pledge_block(user, obj=None) -> bool:
    """The user runs the unit that chairs the pledge's block in the pledge's year."""
    if obj is None:
        return False
    pledge = _pledge_of(obj)
    leadership = pledge.block.leaderships.filter(year=pledge.year).select_related("chair").first()
    return leadership is not None and has_capability_on(
        user, Capability.MANAGE_EMULATION, leadership.chair
    )


@rules.predicate
def sees_block_as_member(user, obj=None) -> bool:
    """The user can see one of the block's member units (pledges and rankings are shared
    among the block's members)."""
    if obj is None:
        return False
    block = getattr(_pledge_of(obj), "block", obj)
    paths = scope_paths(user, Capability.VIEW_UNIT)
    if not paths:
        return False
    units = Unit.objects.filter(block_memberships__block=block)
    return units.filter(reduce(or_, (Q(path__startswith=p) for p in paths))).exists()


manages_emulation = has_capability(Capability.MANAGE_EMULATION)
can_view_movement = rules.is_authenticated & (movement_is_public | can_view_unit)
can_manage_movement = manages_emulation
can_view_registration = is_registrant | can_view_unit
can_edit_registration = (is_personal_registration & is_registrant) | manages_emulation
can_view_block = can_view_unit | sees_block_as_member

rules.add_perm("emulation.view_movement", can_view_movement)
rules.add_perm("emulation.manage_movement", can_manage_movement)
rules.add_perm("emulation.view_movement_dashboard", can_view_unit)
rules.add_perm("emulation.view_registration", can_view_registration)
rules.add_perm("emulation.edit_registration", can_edit_registration)
rules.add_perm("emulation.approve_registration", approves_registration)
rules.add_perm("emulation.view_block", can_view_block)
rules.add_perm("emulation.manage_block", manages_emulation)
rules.add_perm("emulation.view_pledge", can_view_block)
rules.add_perm("emulation.manage_pledge", manages_emulation | chairs_pledge_block)
rules.add_perm("emulation.report_pledge", manages_emulation)
rules.add_perm("emulation.score_pledge", manages_emulation | chairs_pledge_block)
rules.add_perm("emulation.confer_title", manages_emulation)
