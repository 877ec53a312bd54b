"""Writes to emulation blocks: the block itself, its member units (a dated row per membership)
and the unit chairing it each year. Who may: ``emulation.manage_block`` on the block (its
managing unit). Errors are ``ApplicationError``; nothing is saved when one is raised."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from emulation.enums import (
    BlockKind,
    PledgeStatus,
)
from emulation.models import (
    BlockLeadership,
    BlockMember,
    EmulationBlock,
    Pledge,
)
from emulation.services.checks import (
    check_year,
    clean_text,
    current_members,
    is_current_member,
    require,
    today_local,
)
from unions.models import Unit

P = PledgeStatus


def locked_block(block: EmulationBlock) -> EmulationBlock:
    return (
        EmulationBlock.objects.select_for_update().select_related("managing_unit").get(pk=block.pk)
    )


def _clean_block_name(managing_unit: Unit, name: str, exclude_pk: int | None = None) -> str:
    name = clean_text(name)
    if not name:
        raise ApplicationError(_("Give the block a name."), field="name")
    same = EmulationBlock.objects.filter(managing_unit=managing_unit, name__iexact=name)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ApplicationError(
            _("%(unit)s already has a block named “%(name)s”.")
            % {"unit": managing_unit.name, "name": name},
            field="name",
        )
    return name


@transaction.atomic
def block_create(
    *,
    managing_unit: Unit,
    name: str,
    actor: User,
    kind: str = BlockKind.BLOCK,
    description: str = "",
) -> EmulationBlock:
    """A new block organised by ``managing_unit``. Raises ApplicationError when the actor does
    not run emulation at that unit, the unit has ended, or the name is empty or taken."""
    require(
        actor,
        "emulation.manage_block",
        managing_unit,
        _("You may only organise blocks of units where you run emulation."),
    )
    if not managing_unit.is_active:
        raise ApplicationError(
            _("%(unit)s is no longer active.") % {"unit": managing_unit.name},
            field="managing_unit",
        )
    if kind not in BlockKind.values:
        raise ApplicationError(_("Choose a kind from the list."), field="kind")
    name = _clean_block_name(managing_unit, name)
    try:
        with transaction.atomic():
            return EmulationBlock.objects.create(
                managing_unit=managing_unit,
                name=name,
                kind=kind,
                description=clean_text(description),
            )
    except IntegrityError:
        raise ApplicationError(
            _("%(unit)s already has a block named “%(name)s”.")
            % {"unit": managing_unit.name, "name": name},
            field="name",
        ) from None


@transaction.atomic
def block_update(
    *,
    block: EmulationBlock,
    actor: User,
    name: str,
    kind: str,
    description: str = "",
    is_active: bool = True,
) -> EmulationBlock:
    """Rename, describe, or retire a block (a retired block takes no new pledge)."""
    block = locked_block(block)
    require(actor, "emulation.manage_block", block)
    if kind not in BlockKind.values:
        raise ApplicationError(_("Choose a kind from the list."), field="kind")
    block.name = _clean_block_name(block.managing_unit, name, exclude_pk=block.pk)
    block.kind = kind
    block.description = clean_text(description)
    block.is_active = bool(is_active)
    block.save(update_fields=["name", "kind", "description", "is_active"])
    return block


@transaction.atomic
def block_member_add(
    *, block: EmulationBlock, unit: Unit, joined_on: date, actor: User
) -> BlockMember:
    """``unit`` joins the block on ``joined_on``. The unit must be active and lie beneath the
    managing unit; a unit is a current member once at a time."""
    block = locked_block(block)
    require(actor, "emulation.manage_block", block)
    managing = block.managing_unit
    if unit.pk == managing.pk or not unit.path.startswith(managing.path):
        raise ApplicationError(
            _("Only units beneath %(unit)s can be members of its blocks.")
            % {"unit": managing.name},
            field="unit",
        )
    if not unit.is_active:
        raise ApplicationError(
            _("%(unit)s is no longer active.") % {"unit": unit.name}, field="unit"
        )
    if joined_on > today_local():
        raise ApplicationError(_("The date cannot be in the future."), field="joined_on")
    if BlockMember.objects.filter(current_members(block), unit=unit).exists():
        raise ApplicationError(
            _("%(unit)s is already a member of this block.") % {"unit": unit.name}, field="unit"
        )
    last_left = (
        BlockMember.objects.filter(block=block, unit=unit)
        .aggregate(last=Max("left_on"))
        .get("last")
    )
    if last_left is not None and joined_on < last_left:
        raise ApplicationError(
            _("%(unit)s left this block on %(date)s; it can only rejoin from that day.")
            % {"unit": unit.name, "date": last_left.strftime("%d/%m/%Y")},
            field="joined_on",
        )
    return BlockMember.objects.create(block=block, unit=unit, joined_on=joined_on)


@transaction.atomic
def block_member_remove(*, member: BlockMember, left_on: date, actor: User) -> BlockMember:
    """End a unit's membership on ``left_on`` (kept as history). Refused while the unit chairs
    or vice-chairs the block in that year or later: record another chair first."""
    block = locked_block(member.block)
    require(actor, "emulation.manage_block", block)
    member = BlockMember.objects.select_for_update().select_related("unit").get(pk=member.pk)
    if member.left_on is not None:
        raise ApplicationError(_("This unit has already left the block."))
    if left_on < member.joined_on:
        raise ApplicationError(
            _("A unit cannot leave before it joined (%(date)s).")
            % {"date": member.joined_on.strftime("%d/%m/%Y")},
            field="left_on",
        )
    if left_on > today_local():
        raise ApplicationError(_("The date cannot be in the future."), field="left_on")
    leading = (
        BlockLeadership.objects.filter(block=block, year__gte=left_on.year)
        .filter(Q(chair=member.unit) | Q(vice_chair=member.unit))
        .order_by("year")
        .first()
    )
    if leading is not None:
        raise ApplicationError(
            _("%(unit)s leads the block in %(year)s; record another chair or vice-chair first.")
            % {"unit": member.unit.name, "year": leading.year},
            field="left_on",
        )
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    return member


@transaction.atomic
def block_leadership_set(
    *,
    block: EmulationBlock,
    year: int,
    chair: Unit,
    actor: User,
    vice_chair: Unit | None = None,
) -> BlockLeadership:
    """Record who chairs (and vice-chairs) the block in ``year``; one record per year keeps the
    rotation. Both must be current members and different units; a year whose pledge is closed
    keeps its chair."""
    block = locked_block(block)
    require(actor, "emulation.manage_block", block)
    check_year(year)
    if vice_chair is not None and vice_chair.pk == chair.pk:
        raise ApplicationError(
            _("The chair and the vice-chair must be different units."), field="vice_chair"
        )
    for unit, field in ((chair, "chair"), (vice_chair, "vice_chair")):
        if unit is not None and not is_current_member(block, unit):
            raise ApplicationError(
                _("%(unit)s is not a current member of the block.") % {"unit": unit.name},
                field=field,
            )
    if Pledge.objects.filter(block=block, year=year, status=P.CLOSED).exists():
        raise ApplicationError(
            _("The pledge of %(year)s is closed; its chair can no longer change.") % {"year": year},
            field="year",
        )
    leadership, _created = BlockLeadership.objects.update_or_create(
        block=block, year=year, defaults={"chair": chair, "vice_chair": vice_chair}
    )
    return leadership
