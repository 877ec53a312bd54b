"""Reads of the organisation tree, always scoped to what the asking user may see."""

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.field_history import describe_changes
from accounts.models import User
from unions.enums import Capability, UnitEventAction, roles_with
from unions.models import Membership, RoleGrant, Unit, UnitEvent, UnitVersion

_CACHE_ATTR = "_unions_scope_cache"


def grants_active_on(on: date | None = None) -> Q:
    on = on or timezone.localdate()
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def scope_paths(user: User, capability: str) -> list[str]:
    """Tree paths under which ``user`` holds ``capability`` today, without nested duplicates.

    Cached on the user object for the length of a request; ``forget_scopes`` clears it.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        grants = list(
            RoleGrant.objects.filter(grants_active_on(), user=user).values_list(
                "role", "unit__path"
            )
        )
        cache = {"grants": grants, "paths": {}}
        setattr(user, _CACHE_ATTR, cache)
    if capability not in cache["paths"]:
        roles = set(roles_with(capability))
        paths = sorted({path for role, path in cache["grants"] if role in roles})
        minimal: list[str] = []
        for path in paths:
            if not any(path.startswith(kept) for kept in minimal):
                minimal.append(path)
        cache["paths"][capability] = minimal
    return cache["paths"][capability]


def forget_scopes(user: User) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_capability_on(user: User, capability: str, unit: Unit | None) -> bool:
    """True when ``user`` holds ``capability`` on ``unit`` or one of its ancestors today.

    With ``unit=None``: true when the user holds the capability anywhere.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    paths = scope_paths(user, capability)
    if unit is None:
        return bool(paths)
    return any(unit.path.startswith(path) for path in paths)


def _within(paths: list[str], field: str = "path") -> Q:
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def units_visible_to(user: User, capability: str = Capability.VIEW_UNIT) -> QuerySet[Unit]:
    """Every unit in the subtrees where ``user`` holds ``capability``."""
    units = Unit.objects.all()
    if user.is_authenticated and user.is_active and user.is_superuser:
        return units
    paths = scope_paths(user, capability)
    if not paths:
        return units.none()
    return units.filter(_within(paths))


def own_unit(user: User, capability: str, among: QuerySet[Unit]) -> Unit | None:
    """The unit a form about ``capability`` starts from: the first top unit of the user's
    scope for it that is among ``among`` (the units the form offers)."""
    return among.filter(pk__in=scope_roots(user, capability)).order_by("path").first()


def scope_roots(user: User, capability: str = Capability.VIEW_UNIT) -> QuerySet[Unit]:
    """The top units of the user's scope: where browsing starts."""
    if user.is_superuser:
        return Unit.get_root_nodes()
    return Unit.objects.filter(path__in=scope_paths(user, capability))


def unit_list(user: User, *, parent: Unit | None = None, whole_subtree: bool = False):
    """Units for the browse page, ordered by name: the children of ``parent`` (the scope's top
    units without one) or, with ``whole_subtree``, every unit beneath ``parent`` or in scope."""
    units = units_visible_to(user)
    if whole_subtree:
        if parent is not None:
            units = units.filter(path__startswith=parent.path).exclude(pk=parent.pk)
    elif parent is not None:
        units = units.filter(path__startswith=parent.path, depth=parent.depth + 1)
    else:
        units = units.filter(pk__in=scope_roots(user).values("pk"))
    return units.order_by("-is_active", "name", "pk")


def attach_parents(units: list[Unit]) -> list[Unit]:
    """Set ``unit.parent_unit`` on each unit of a page with one query."""
    parent_paths = {unit.parent_path for unit in units if unit.depth > 1}
    parents = {p.path: p for p in Unit.objects.filter(path__in=parent_paths)}
    for unit in units:
        unit.parent_unit = parents.get(unit.parent_path)
    return units


def unit_breadcrumbs(user: User, unit: Unit) -> list[Unit]:
    """Ancestors of ``unit`` that ``user`` may open, from the top down (one query)."""
    ancestor_paths = [unit.path[:end] for end in range(Unit.steplen, len(unit.path), Unit.steplen)]
    if not ancestor_paths:
        return []
    return list(units_visible_to(user).filter(path__in=ancestor_paths).order_by("depth"))


def unit_children(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by(
        "-is_active", "name", "pk"
    )


def unit_current_members(unit: Unit, on: date | None = None) -> QuerySet[Membership]:
    on = on or timezone.localdate()
    return (
        Membership.objects.filter(unit=unit, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def subtree_member_count(unit: Unit) -> int:
    return Membership.objects.filter(
        unit__path__startswith=unit.path, valid_to__isnull=True
    ).count()


def unit_grants(unit: Unit) -> QuerySet[RoleGrant]:
    """Grants held on ``unit`` itself that are in force today or later."""
    today = timezone.localdate()
    return (
        RoleGrant.objects.filter(unit=unit)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("user", "granted_by")
        .order_by("role", "user__first_name", "user__last_name")
    )


def grant_change_rows(unit: Unit) -> QuerySet:
    """The history rows of the grants held on ``unit`` itself (who granted or ended which
    role, when: django-simple-history), newest first, with the person and the author of each
    change; read through the history table's index on the unit."""
    return (
        RoleGrant.history.filter(unit_id=unit.pk)
        .select_related("user", "history_user")
        .order_by("-history_date", "-history_id")
    )


def grant_changes(rows) -> list:
    """One page of ``grant_change_rows`` told field by field (``accounts.field_history``):
    two queries for the rows before them, one per model that changed foreign keys name."""
    return describe_changes(
        rows,
        subject=lambda record: f"{record.get_role_display()} – {record.user or ''}",
        skip=("unit", "created_at"),
    )


def unit_history(unit: Unit) -> QuerySet[UnitEvent]:
    return UnitEvent.objects.filter(unit=unit).select_related(
        "old_parent", "new_parent", "related_unit", "recorded_by"
    )


def unit_successors(unit: Unit) -> list[Unit]:
    """Units that took over ``unit`` when it was merged or split."""
    events = UnitEvent.objects.filter(
        unit=unit, action__in=[UnitEventAction.MERGED_INTO, UnitEventAction.SPLIT_INTO]
    ).select_related("related_unit")
    return [event.related_unit for event in events if event.related_unit]


def unit_predecessors(unit: Unit) -> list[Unit]:
    """Units that were merged or split into ``unit``."""
    events = UnitEvent.objects.filter(
        unit=unit, action__in=[UnitEventAction.ABSORBED, UnitEventAction.SPLIT_FROM]
    ).select_related("related_unit")
    return [event.related_unit for event in events if event.related_unit]


def current_successors(unit: Unit) -> list[Unit]:
    """Today's active units that carry on ``unit``, following merges and splits to the end."""
    if unit.is_active:
        return [unit]
    result: list[Unit] = []
    for successor in unit_successors(unit):
        for current in current_successors(successor):
            if current not in result:
                result.append(current)
    return result


@dataclass(frozen=True)
class UnitSnapshot:
    """A unit as it stood on a date: its name and the names of its ancestors then."""

    unit_id: int
    on: date
    code: str
    name: str
    short_name: str
    kind: str
    path_names: tuple[str, ...]

    @property
    def path_label(self) -> str:
        return " › ".join(self.path_names)


def unit_snapshot(unit: Unit, on: date) -> UnitSnapshot | None:
    """What ``unit`` was called and where it stood on ``on``; None if it did not exist then."""
    names: list[str] = []
    first: UnitVersion | None = None
    current_id: int | None = unit.pk
    seen: set[int] = set()
    while current_id is not None and current_id not in seen:
        seen.add(current_id)
        version = (
            UnitVersion.objects.filter(unit_id=current_id, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
            .first()
        )
        if version is None:
            if first is None:
                return None
            break
        first = first or version
        names.append(version.name)
        current_id = version.parent_id
    assert first is not None
    return UnitSnapshot(
        unit_id=unit.pk,
        on=on,
        code=unit.code,
        name=first.name,
        short_name=first.short_name,
        kind=first.kind,
        path_names=tuple(reversed(names)),
    )


def user_memberships(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("unit").order_by("-valid_from")


def current_membership(person: User) -> Membership | None:
    """The person's current grassroots membership (at most one is open), with its unit."""
    return user_memberships(person).filter(valid_to__isnull=True).first()


def grants_with_units(user: User) -> QuerySet[RoleGrant]:
    return RoleGrant.objects.filter(user=user).select_related("unit").order_by("-valid_from")


def holds_capability_directly(user: User, capability: str, unit: Unit) -> bool:
    """True when ``user`` holds ``capability`` through a grant on ``unit`` itself (not an
    ancestor): the people of the unit that decides, for what only it may see."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return RoleGrant.objects.filter(
        grants_active_on(), user=user, unit=unit, role__in=roles_with(capability)
    ).exists()


def nearest_holders(unit: Unit, capability: str) -> QuerySet[User]:
    """Active people holding ``capability`` on the closest of ``unit`` and its ancestors that
    has any: the officers who look after the unit day to day."""
    ancestor_paths = [
        unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)
    ]
    grants = (
        RoleGrant.objects.filter(
            grants_active_on(),
            unit__path__in=ancestor_paths,
            role__in=roles_with(capability),
            user__is_active=True,
        )
        .order_by("-unit__depth")
        .values_list("unit__depth", "user_id")
    )
    rows = list(grants)
    if not rows:
        return User.objects.none()
    deepest = rows[0][0]
    return User.objects.filter(pk__in=[user_id for depth, user_id in rows if depth == deepest])
