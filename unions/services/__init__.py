"""Writes to the organisation tree, memberships and role grants.

Every restructuring is dated: it closes the unit's current ``UnitVersion`` and opens a new one,
records a ``UnitEvent`` per unit touched, and keeps predecessors pointing to their successors.
Errors are ``ApplicationError`` with a message for the user; nothing is saved when one is raised.
The employers (the "cơ sở" of Decree 13/2012/NĐ-CP) and their dated links to grassroots unions
are written by ``unions.services.employers``.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.errors import ApplicationError
from accounts.models import User
from unions.changes import units_changed
from unions.enums import GRASSROOTS_KINDS, UNIT_LEVELS, Role, UnitEventAction, UnitKind
from unions.models import Membership, RoleGrant, Unit, UnitEvent, UnitVersion
from unions.selectors import forget_scopes
from unions.successions import Succession, hand_over, subtree_moved


@dataclass(frozen=True)
class NewUnit:
    """The details of a unit a restructuring creates."""

    code: str
    name: str
    kind: str
    short_name: str = ""


# --- checks --------------------------------------------------------------------------------


def _reload(unit: Unit) -> Unit:
    return Unit.objects.select_for_update().get(pk=unit.pk)


def _check_not_future(effective_date: date) -> None:
    if effective_date > timezone.localdate():
        raise ApplicationError(
            _("The effective date cannot be in the future."), field="effective_date"
        )


def _open_version(unit: Unit) -> UnitVersion:
    return UnitVersion.objects.select_for_update().get(unit=unit, valid_to__isnull=True)


def _check_effective_date(unit: Unit, effective_date: date) -> None:
    _check_not_future(effective_date)
    current = _open_version(unit)
    if effective_date < current.valid_from:
        raise ApplicationError(
            _(
                "%(unit)s changed last on %(date)s; a new change must take effect on or after "
                "that date."
            )
            % {"unit": unit.name, "date": current.valid_from.strftime("%d/%m/%Y")},
            field="effective_date",
        )


def _check_active(unit: Unit, field: str | None = None) -> None:
    if not unit.is_active:
        raise ApplicationError(
            _("%(unit)s is no longer active.") % {"unit": unit.name}, field=field
        )


def _check_fits_under(kind: str, parent: Unit | None, field: str | None = None) -> None:
    if parent is None:
        if kind != UnitKind.NATIONAL_FEDERATION:
            raise ApplicationError(_("Only the national federation stands at the top of the tree."))
        return
    _check_active(parent, field)
    if UNIT_LEVELS[kind] <= UNIT_LEVELS[parent.kind]:
        raise ApplicationError(
            _("A %(kind)s cannot stand under a %(parent_kind)s.")
            % {"kind": UnitKind(kind).label, "parent_kind": UnitKind(parent.kind).label},
            field=field,
        )


def _check_new_unit(data: NewUnit, parent: Unit | None, field: str | None = None) -> None:
    if not data.code.strip() or not data.name.strip():
        raise ApplicationError(_("Each new unit needs a code and a full name."), field=field)
    if data.kind not in UnitKind.values:
        raise ApplicationError(_("Choose a valid kind of unit."), field=field)
    if Unit.objects.filter(code__iexact=data.code.strip()).exists():
        raise ApplicationError(
            _("The code %(code)s is already used by another unit.") % {"code": data.code},
            field=field,
        )
    _check_fits_under(data.kind, parent, field)


# --- versions and events -------------------------------------------------------------------


def _record_version(unit: Unit, effective_date: date, parent: Unit | None) -> None:
    """Close the open version of ``unit`` at ``effective_date`` and open one with its state."""
    current = _open_version(unit)
    values = {
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": parent,
    }
    if current.valid_from == effective_date:
        # Two changes on the same day: the later one replaces the day's state.
        for attribute, value in values.items():
            setattr(current, attribute, value)
        current.save()
        return
    current.valid_to = effective_date
    current.save(update_fields=["valid_to"])
    UnitVersion.objects.create(unit=unit, valid_from=effective_date, **values)


def _event(unit: Unit, action: str, effective_date: date, actor: User | None, note: str, **extra):
    return UnitEvent.objects.create(
        unit=unit,
        action=action,
        effective_date=effective_date,
        recorded_by=actor,
        note=note,
        **extra,
    )


def _parent_of(unit: Unit) -> Unit | None:
    return Unit.objects.filter(path=unit.parent_path).first() if unit.depth > 1 else None


def _place_under(unit: Unit, new_parent: Unit) -> Unit:
    """Move ``unit`` (with its subtree) to be the last child of ``new_parent``."""
    fresh = Unit.objects.get(pk=unit.pk)
    fresh.move(Unit.objects.get(pk=new_parent.pk), pos="last-child")
    return Unit.objects.get(pk=unit.pk)


def _move(
    unit: Unit, new_parent: Unit, effective_date: date, actor: User | None, note: str
) -> Unit:
    # Sub-units moved by a merge, split or dissolution must not have changed later, and no
    # unit can stand under a parent that did not exist yet.
    _check_effective_date(unit, effective_date)
    if effective_date < new_parent.valid_from:
        raise ApplicationError(
            _("%(parent)s was only established on %(date)s.")
            % {"parent": new_parent.name, "date": new_parent.valid_from.strftime("%d/%m/%Y")},
            field="effective_date",
        )
    old_parent = _parent_of(unit)
    moved = _place_under(unit, new_parent)
    subtree_moved(moved)
    _record_version(moved, effective_date, new_parent)
    _event(
        moved,
        UnitEventAction.MOVED,
        effective_date,
        actor,
        note,
        old_parent=old_parent,
        new_parent=new_parent,
    )
    return moved


def _end(unit: Unit, effective_date: date, actor: User | None = None) -> None:
    """Close a merged, split or dissolved unit: it stays in the tree as history."""
    unit.valid_to = effective_date
    unit.is_active = False
    unit.save(update_fields=["valid_to", "is_active"])
    current = _open_version(unit)
    current.valid_to = effective_date
    current.save(update_fields=["valid_to"])
    last_day = effective_date - timedelta(days=1)
    open_grants = RoleGrant.objects.select_for_update().filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=last_day), unit=unit
    )
    # Grants that would only have started once the unit was gone never take effect.
    open_grants.filter(valid_from__gt=last_day).delete()
    # The others end the day before; each keeps a history row saying so (issue 16).
    ending = list(open_grants)
    for grant in ending:
        grant.valid_to = last_day
    if ending:
        bulk_update_with_history(ending, RoleGrant, ["valid_to"], default_user=actor)


def _transfer_members(source: Unit, target: Unit, effective_date: date, memberships=None) -> int:
    """Close the current memberships of ``source`` and open them again in ``target``."""
    current = Membership.objects.select_for_update().filter(unit=source, valid_to__isnull=True)
    if memberships is not None:
        current = current.filter(pk__in=[m.pk for m in memberships])
    current = list(current)
    if current and target.kind not in GRASSROOTS_KINDS:
        raise ApplicationError(
            _("%(unit)s has members, so it must go into a grassroots union.")
            % {"unit": source.name}
        )
    for membership in current:
        _reopen_membership(membership, target, effective_date)
    return len(current)


def _reopen_membership(membership: Membership, unit: Unit, effective_date: date) -> Membership:
    if effective_date < membership.valid_from:
        raise ApplicationError(
            _("The change cannot take effect before %(name)s joined on %(date)s.")
            % {"name": membership.user, "date": membership.valid_from.strftime("%d/%m/%Y")}
        )
    membership.valid_to = effective_date
    membership.save(update_fields=["valid_to"])
    return Membership.objects.create(
        user=membership.user,
        unit=unit,
        valid_from=effective_date,
        card_number=membership.card_number,
        position=membership.position,
        qualification=membership.qualification,
        joined_on=membership.joined_on,
    )


def _active_children(unit: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1, is_active=True)
    )


# --- units ---------------------------------------------------------------------------------


@transaction.atomic
def unit_create(
    *,
    parent: Unit | None,
    code: str,
    name: str,
    kind: str,
    valid_from: date,
    short_name: str = "",
    actor: User | None = None,
    note: str = "",
) -> Unit:
    """Establish a unit under ``parent`` (or the national federation at the top).

    Raises ApplicationError for a used code, a kind that cannot stand under the parent or a
    date in the future.
    """
    data = NewUnit(code=code.strip(), name=name.strip(), kind=kind, short_name=short_name.strip())
    _check_not_future(valid_from)
    if parent is not None:
        parent = _reload(parent)
        if valid_from < parent.valid_from:
            raise ApplicationError(
                _("A unit cannot start before its parent unit."), field="valid_from"
            )
    _check_new_unit(data, parent)
    fields = {
        "code": data.code,
        "name": data.name,
        "short_name": data.short_name,
        "kind": data.kind,
        "valid_from": valid_from,
    }
    unit = parent.add_child(**fields) if parent is not None else Unit.add_root(**fields)
    UnitVersion.objects.create(
        unit=unit,
        valid_from=valid_from,
        name=unit.name,
        short_name=unit.short_name,
        kind=unit.kind,
        parent=parent,
    )
    _event(
        unit,
        UnitEventAction.CREATED,
        valid_from,
        actor,
        note,
        new_name=unit.name,
        new_parent=parent,
    )
    return unit


@transaction.atomic
def unit_rename(
    *,
    unit: Unit,
    name: str,
    short_name: str,
    effective_date: date,
    actor: User | None = None,
    note: str = "",
) -> Unit:
    """Give ``unit`` a new full and short name from ``effective_date``."""
    unit = _reload(unit)
    _check_active(unit)
    _check_effective_date(unit, effective_date)
    name, short_name = name.strip(), short_name.strip()
    if not name:
        raise ApplicationError(_("Enter the new full name."), field="name")
    if name == unit.name and short_name == unit.short_name:
        raise ApplicationError(_("The new name is the same as the current one."), field="name")
    old_name = unit.name
    unit.name, unit.short_name = name, short_name
    unit.save(update_fields=["name", "short_name"])
    _record_version(unit, effective_date, _parent_of(unit))
    _event(
        unit, UnitEventAction.RENAMED, effective_date, actor, note, old_name=old_name, new_name=name
    )
    return unit


@transaction.atomic
def unit_rename_revert(
    *, unit: Unit, event_id: int, previous_version: dict, name: str, short_name: str
) -> Unit:
    """Take back the rename recorded by the event ``event_id`` (an import undone): the unit
    gets ``name`` and ``short_name`` again, the version the rename opened is removed and the
    one it closed reopened (``previous_version``: its ``id``, ``valid_from``, ``name`` and
    ``short_name`` before the rename), and the rename's event is deleted, so the history reads
    as if it never happened rather than as a second rename. Raises ApplicationError when the
    unit changed after the rename (a later event or version)."""
    unit = _reload(unit)
    event = UnitEvent.objects.filter(pk=event_id, unit=unit, action=UnitEventAction.RENAMED).first()
    later = UnitEvent.objects.filter(unit=unit, pk__gt=event_id).exists()
    current = _open_version(unit)
    if event is None or later or (current.name, current.short_name) != (unit.name, unit.short_name):
        raise ApplicationError(
            _("%(unit)s has changed since; rename it on its page.") % {"unit": unit.name}
        )
    if current.pk != previous_version["id"]:
        # The rename opened a version: remove it and reopen the one it closed.
        if UnitVersion.objects.filter(unit=unit, valid_from__gt=current.valid_from).exists():
            raise ApplicationError(
                _("%(unit)s has changed since; rename it on its page.") % {"unit": unit.name}
            )
        current.delete()
        UnitVersion.objects.filter(pk=previous_version["id"]).update(valid_to=None)
    else:
        # A rename on the day the version began replaced the day's state: put it back.
        current.name, current.short_name = previous_version["name"], previous_version["short_name"]
        current.save(update_fields=["name", "short_name"])
    event.delete()
    unit.name, unit.short_name = name, short_name
    unit.save(update_fields=["name", "short_name"])
    return unit


@transaction.atomic
def unit_move(
    *,
    unit: Unit,
    new_parent: Unit,
    effective_date: date,
    actor: User | None = None,
    note: str = "",
) -> Unit:
    """Put ``unit`` and its whole subtree under ``new_parent`` from ``effective_date``."""
    units_changed(tree=True)
    unit = _reload(unit)
    new_parent = _reload(new_parent)
    _check_active(unit)
    _check_effective_date(unit, effective_date)
    if new_parent.path.startswith(unit.path):
        raise ApplicationError(
            _("A unit cannot move under itself or one of its own sub-units."), field="new_parent"
        )
    if unit.parent_path == new_parent.path:
        raise ApplicationError(
            _("The unit already stands under %(parent)s.") % {"parent": new_parent.name},
            field="new_parent",
        )
    _check_fits_under(unit.kind, new_parent, "new_parent")
    return _move(unit, new_parent, effective_date, actor, note)


@transaction.atomic
def unit_merge(
    *,
    sources: list[Unit],
    effective_date: date,
    target: Unit | None = None,
    new_unit: NewUnit | None = None,
    new_unit_parent: Unit | None = None,
    actor: User | None = None,
    note: str = "",
) -> Unit:
    """Merge ``sources`` into ``target`` (an existing unit) or into a new unit.

    Active sub-units and current members of each source move to the successor, registered
    handlers move open work, the sources end on ``effective_date`` and point to the successor.
    Returns the successor.
    """
    units_changed(tree=True)
    if (target is None) == (new_unit is None):
        raise ApplicationError(_("Choose an existing unit or describe a new one to merge into."))
    sources = [_reload(source) for source in {source.pk: source for source in sources}.values()]
    if not sources or (new_unit is not None and len(sources) < 2):
        raise ApplicationError(
            _(
                "Choose at least two units to merge into a new one, or one to merge into an "
                "existing unit."
            ),
            field="sources",
        )
    for source in sources:
        _check_active(source, "sources")
        _check_effective_date(source, effective_date)
        for other in sources:
            if other.pk != source.pk and other.path.startswith(source.path):
                raise ApplicationError(
                    _("%(inner)s stands inside %(outer)s; choose only one of them.")
                    % {"inner": other.name, "outer": source.name},
                    field="sources",
                )
    if target is not None:
        target = _reload(target)
        _check_active(target, "target")
        _check_effective_date(target, effective_date)
        for source in sources:
            if source.pk == target.pk:
                raise ApplicationError(_("A unit cannot be merged into itself."), field="sources")
            if target.path.startswith(source.path):
                raise ApplicationError(
                    _("%(target)s stands inside %(source)s and cannot take it over.")
                    % {"target": target.name, "source": source.name},
                    field="target",
                )
    else:
        if new_unit_parent is None:
            raise ApplicationError(_("Choose where the new unit stands."), field="new_unit_parent")
        target = unit_create(
            parent=new_unit_parent,
            code=new_unit.code,
            name=new_unit.name,
            short_name=new_unit.short_name,
            kind=new_unit.kind,
            valid_from=effective_date,
            actor=actor,
            note=note,
        )
    for source in sources:
        for child in _active_children(source):
            _check_fits_under(child.kind, target)
            _move(child, target, effective_date, actor, note)
        _transfer_members(source, target, effective_date)
        hand_over(Succession(source, target, effective_date, actor))
        _event(
            source, UnitEventAction.MERGED_INTO, effective_date, actor, note, related_unit=target
        )
        _event(target, UnitEventAction.ABSORBED, effective_date, actor, note, related_unit=source)
        _end(_reload(source), effective_date, actor)
    return _reload(target)


@transaction.atomic
def unit_split(
    *,
    unit: Unit,
    parts: list[NewUnit],
    effective_date: date,
    child_parts: dict[int, int] | None = None,
    member_parts: dict[int, int] | None = None,
    actor: User | None = None,
    note: str = "",
) -> list[Unit]:
    """Split ``unit`` into new units under the same parent.

    ``child_parts`` and ``member_parts`` map a sub-unit id or a membership id to the index of
    the part it goes to (the first part by default). The split unit ends and points to every
    part; open work goes to the first part.
    """
    units_changed(tree=True)
    unit = _reload(unit)
    _check_active(unit)
    _check_effective_date(unit, effective_date)
    if len(parts) < 2:
        raise ApplicationError(_("A split needs at least two new units."), field="parts")
    codes = [part.code.strip().lower() for part in parts]
    if len(set(codes)) != len(codes):
        raise ApplicationError(_("Each new unit needs its own code."), field="parts")
    parent = _parent_of(unit)
    child_parts = child_parts or {}
    member_parts = member_parts or {}
    for index in [*child_parts.values(), *member_parts.values()]:
        if not 0 <= index < len(parts):
            raise ApplicationError(_("Choose one of the new units for every sub-unit and member."))
    created = [
        unit_create(
            parent=parent,
            code=part.code,
            name=part.name,
            short_name=part.short_name,
            kind=part.kind,
            valid_from=effective_date,
            actor=actor,
            note=note,
        )
        for part in parts
    ]
    for child in _active_children(unit):
        destination = created[child_parts.get(child.pk, 0)]
        _check_fits_under(child.kind, destination)
        _move(child, destination, effective_date, actor, note)
    current = list(Membership.objects.filter(unit=unit, valid_to__isnull=True))
    for index, destination in enumerate(created):
        chosen = [m for m in current if member_parts.get(m.pk, 0) == index]
        if chosen:
            _transfer_members(unit, destination, effective_date, chosen)
    for destination in created:
        _event(
            unit, UnitEventAction.SPLIT_INTO, effective_date, actor, note, related_unit=destination
        )
        _event(
            destination, UnitEventAction.SPLIT_FROM, effective_date, actor, note, related_unit=unit
        )
    hand_over(Succession(unit, created[0], effective_date, actor))
    _end(_reload(unit), effective_date, actor)
    return [_reload(part) for part in created]


@transaction.atomic
def unit_dissolve(
    *,
    unit: Unit,
    effective_date: date,
    receiver: Unit | None = None,
    actor: User | None = None,
    note: str = "",
) -> Unit:
    """Dissolve ``unit``: its active sub-units move under ``receiver``, memberships end.

    A unit with active sub-units cannot be dissolved without a receiver.
    """
    units_changed(tree=True)
    unit = _reload(unit)
    _check_active(unit)
    _check_effective_date(unit, effective_date)
    children = _active_children(unit)
    if receiver is not None:
        receiver = _reload(receiver)
        _check_active(receiver, "receiver")
        if receiver.path.startswith(unit.path):
            raise ApplicationError(
                _("The receiving unit cannot stand inside the unit being dissolved."),
                field="receiver",
            )
    if children and receiver is None:
        raise ApplicationError(
            _("%(unit)s still has active sub-units: choose the unit that takes them over.")
            % {"unit": unit.name},
            field="receiver",
        )
    for child in children:
        _check_fits_under(child.kind, receiver, "receiver")
        _move(child, receiver, effective_date, actor, note)
    for membership in Membership.objects.select_for_update().filter(
        unit=unit, valid_to__isnull=True
    ):
        membership.valid_to = max(effective_date, membership.valid_from)
        membership.save(update_fields=["valid_to"])
    if receiver is not None:
        hand_over(Succession(unit, receiver, effective_date, actor))
    _event(unit, UnitEventAction.DISSOLVED, effective_date, actor, note, new_parent=receiver)
    _end(_reload(unit), effective_date, actor)
    return _reload(unit)


# --- memberships ---------------------------------------------------------------------------


def _check_grassroots(unit: Unit) -> None:
    _check_active(unit, "unit")
    if unit.kind not in GRASSROOTS_KINDS:
        raise ApplicationError(
            _("Members belong to a grassroots union; %(unit)s is a %(kind)s.")
            % {"unit": unit.name, "kind": unit.get_kind_display()},
            field="unit",
        )


def check_card_number(card_number: str, user: User | None = None) -> str:
    """The card number stripped; raises ApplicationError when another person holds or held it
    (card numbers are unique across the country)."""
    card_number = (card_number or "").strip()
    if not card_number:
        return ""
    holders = Membership.objects.filter(card_number__iexact=card_number)
    if user is not None and user.pk:
        holders = holders.exclude(user=user)
    if holders.exists():
        raise ApplicationError(
            _("Another member already holds the card number %(card)s.") % {"card": card_number},
            field="card_number",
        )
    return card_number


@transaction.atomic
def membership_start(
    *,
    user: User,
    unit: Unit,
    valid_from: date,
    card_number: str = "",
    position: str = "",
    qualification: str = "",
    actor: User | None = None,
) -> Membership:
    """Register ``user`` as a member of the grassroots ``unit`` from ``valid_from``."""
    unit = _reload(unit)
    _check_grassroots(unit)
    _check_not_future(valid_from)
    if valid_from < unit.valid_from:
        raise ApplicationError(
            _("Membership cannot start before %(unit)s was established.") % {"unit": unit.name},
            field="valid_from",
        )
    existing = (
        Membership.objects.select_for_update()
        .filter(user=user, valid_to__isnull=True)
        .select_related("unit")
        .first()
    )
    if existing is not None:
        raise ApplicationError(
            _("%(name)s is already a member of %(unit)s; move the membership instead.")
            % {"name": user, "unit": existing.unit.name}
        )
    return Membership.objects.create(
        user=user,
        unit=unit,
        valid_from=valid_from,
        card_number=check_card_number(card_number, user),
        recorded_by=actor,
        position=position.strip(),
        qualification=qualification.strip(),
    )


@transaction.atomic
def membership_move(
    *, membership: Membership, unit: Unit, effective_date: date, actor: User | None = None
) -> Membership:
    """Move a member to another grassroots unit; the old membership is kept as history."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.valid_to is not None:
        raise ApplicationError(_("This membership has already ended."))
    if membership.unit_id == unit.pk:
        raise ApplicationError(_("The member already belongs to this unit."), field="unit")
    unit = _reload(unit)
    _check_grassroots(unit)
    _check_not_future(effective_date)
    return _reopen_membership(membership, unit, effective_date)


# --- role grants ---------------------------------------------------------------------------


@transaction.atomic
def role_grant(
    *,
    user: User,
    unit: Unit,
    role: str,
    valid_from: date,
    valid_to: date | None = None,
    granted_by: User | None = None,
) -> RoleGrant:
    """Give ``user`` ``role`` on ``unit`` and its subtree for the period."""
    if role not in Role.values:
        raise ApplicationError(_("Choose a valid role."), field="role")
    unit = _reload(unit)
    _check_active(unit, "unit")
    if valid_to is not None and valid_to < valid_from:
        raise ApplicationError(_("A grant cannot end before it starts."), field="valid_to")
    overlapping = RoleGrant.objects.filter(user=user, unit=unit, role=role).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    if overlapping.exists():
        raise ApplicationError(
            _("%(name)s already holds this role on %(unit)s for part of that period.")
            % {"name": user, "unit": unit.name},
            field="user",
        )
    grant = RoleGrant(
        user=user,
        unit=unit,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        granted_by=granted_by,
    )
    grant._history_user = granted_by
    grant.save(force_insert=True)
    forget_scopes(user)
    return grant


@transaction.atomic
def role_grant_end(*, grant: RoleGrant, last_day: date, actor: User | None = None) -> RoleGrant:
    """End a grant after ``last_day`` (today ends it tonight)."""
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.valid_to is not None and grant.valid_to < timezone.localdate():
        raise ApplicationError(_("This grant has already ended."))
    if last_day < grant.valid_from:
        raise ApplicationError(
            _("The last day cannot be before the grant starts."), field="last_day"
        )
    grant.valid_to = last_day
    grant._history_user = actor
    grant.save(update_fields=["valid_to"])
    forget_scopes(grant.user)
    return grant
