"""Permission predicates of movements, registrations, blocks, pledges and titles, built on the
organisation's capability predicates (``unions.rules``)."""

from functools import reduce
from operator import or_

import rules
from django.db.models import Q

from emulation.enums import MovementStatus
from unions.enums import Capability
from unions.models import Unit
from unions.rules import can_view_unit, has_capability
from unions.selectors import has_capability_on, scope_paths

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
