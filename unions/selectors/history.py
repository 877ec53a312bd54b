"""Which units made up a subtree over a period, when the tree changed during it (or since).

Figures of a subtree for a period (pledge indicators, movement dashboards) count each event
where its unit stood on the day it happened: a grassroots union moved from one district to
another on 1 July counts for the first district before that day and for the second from it.

Units whose place did not change from the start of the period until today are matched by their
tree path (the tree as it stands now), in one condition. A unit that changed its parent after
the period began — during the period, or later, since a move after the period changes today's
paths too — gets, with every unit beneath it, per-period conditions built from the dated
versions of the tree.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q

from unions.models import Unit, UnitVersion


@dataclass(frozen=True)
class Relocation:
    """A unit whose parent changed after the period began, as shown in explanations. Names are
    the ones the units bore on that day."""

    unit_name: str
    on: date
    old_parent_name: str
    new_parent_name: str


@dataclass
class SubtreeWindow:
    """The subtree of ``unit`` over ``[start, end]`` (both days included)."""

    unit: Unit
    start: date
    end: date
    # unit id → half-open date ranges [from, to) when it stood in the subtree during the
    # period, for the units under a unit that moved; every other unit is in the subtree for the
    # whole period iff its path lies under ``unit``'s.
    exceptions: dict[int, list[tuple[date, date]]] = field(default_factory=dict)
    # Moves that change what the subtree held, oldest first.
    relocations: list[Relocation] = field(default_factory=list)

    def _stable(self, unit_field: str) -> Q:
        stable = Q(**{_lookup(unit_field, "path__startswith"): self.unit.path})
        if self.exceptions:
            stable &= ~Q(**{_lookup(unit_field, "pk__in"): list(self.exceptions)})
        return stable

    def q(self, unit_field: str = "unit", date_field: str = "date") -> Q:
        """Rows whose ``date_field`` lies in the period and whose ``unit_field`` (a foreign key
        to Unit; empty for units themselves) stood in the subtree on that date. ``date_field``
        may go through a datetime (``submitted_at__date``) or a relation
        (``round__decision__decided_on``)."""
        in_period = Q(**{f"{date_field}__gte": self.start, f"{date_field}__lte": self.end})
        parts = [self._stable(unit_field) & in_period]
        for unit_id, ranges in self.exceptions.items():
            for begin, until in ranges:
                parts.append(
                    Q(
                        **{
                            _lookup(unit_field, "pk"): unit_id,
                            f"{date_field}__gte": begin,
                            f"{date_field}__lt": until,
                        }
                    )
                )
        return reduce(or_, parts)

    def on_q(self, day: date, unit_field: str = "unit") -> Q:
        """Rows whose ``unit_field`` stood in the subtree on ``day`` (inside the period), for
        figures taken at one moment (members on the last day)."""
        if not self.start <= day <= self.end:
            return Q(pk__in=[])
        inside = [
            unit_id
            for unit_id, ranges in self.exceptions.items()
            if any(begin <= day < until for begin, until in ranges)
        ]
        condition = self._stable(unit_field)
        if inside:
            condition |= Q(**{_lookup(unit_field, "pk__in"): inside})
        return condition

    def contains(self, unit: Unit, on: date) -> bool:
        """Whether ``unit`` stood in the subtree on ``on`` (inside the period)."""
        if not self.start <= on <= self.end:
            return False
        if unit.pk in self.exceptions:
            return any(begin <= on < until for begin, until in self.exceptions[unit.pk])
        return unit.path.startswith(self.unit.path)


def _lookup(unit_field: str, lookup: str) -> str:
    return f"{unit_field}__{lookup}" if unit_field else lookup


History = dict[int, list[UnitVersion]]


def subtree_window(unit: Unit, start: date, end: date) -> SubtreeWindow:
    """The subtree of ``unit`` over ``[start, end]``, following moves, merges and splits.

    Merges, splits and dissolutions move the sub-units of the units they end, and a merged or
    dissolved unit keeps its place in the tree, so moves are all there is to follow.

    Queries: one to find the units whose parent changed after ``start``; when there are some,
    one for the units now beneath them and one per level of history to load the versions of
    their ancestors.
    """
    window = SubtreeWindow(unit=unit, start=start, end=end)
    after_end = end + timedelta(days=1)
    # A version that starts after ``start`` with another parent than the version it follows.
    moved = set(
        UnitVersion.objects.filter(valid_from__gt=start)
        .filter(
            Exists(
                UnitVersion.objects.filter(
                    unit_id=OuterRef("unit_id"), valid_to=OuterRef("valid_from")
                ).exclude(parent_id=OuterRef("parent_id"))
            )
        )
        .values_list("unit_id", flat=True)
    )
    if not moved:
        return window
    paths = dict(Unit.objects.filter(pk__in=moved).values_list("pk", "path"))
    affected = dict(
        Unit.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths.values())))
        .values_list("pk", "path")
        .order_by()
    )
    versions: History = {}
    pending = set(affected)
    # The versions of every affected unit and, level by level, of every unit it stood under.
    while pending:
        _load_versions(versions, pending, start)
        pending = {
            v.parent_id for unit_id in pending for v in versions[unit_id] if v.parent_id
        } - set(versions)
    boundaries = sorted(
        {start, after_end}
        | {
            day
            for history in versions.values()
            for v in history
            for day in (v.valid_from, v.valid_to)
            if day is not None and start < day < after_end
        }
    )
    segments = list(zip(boundaries, boundaries[1:], strict=False))
    for pk, path in affected.items():
        ranges: list[tuple[date, date]] = []
        for begin, until in segments:
            if _stood_under(pk, unit.pk, begin, versions):
                if ranges and ranges[-1][1] == begin:
                    ranges[-1] = (ranges[-1][0], until)
                else:
                    ranges.append((begin, until))
        currently = path.startswith(unit.path)
        if ranges != ([(start, after_end)] if currently else []):
            window.exceptions[pk] = ranges
    if window.exceptions:
        window.relocations = _relocations(moved, paths, window.exceptions, affected, versions)
    return window


def _load_versions(versions: History, unit_ids: set[int], start: date) -> None:
    """The versions of ``unit_ids`` from the one in force on ``start`` until today."""
    missing = unit_ids - set(versions)
    if not missing:
        return
    rows = (
        UnitVersion.objects.filter(unit_id__in=missing)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .select_related("unit")
        .order_by("unit_id", "valid_from")
    )
    for unit_id in missing:
        versions[unit_id] = []
    for version in rows:
        versions[version.unit_id].append(version)


def _version_on(history: list[UnitVersion], day: date) -> UnitVersion | None:
    for version in history:
        if version.valid_from <= day and (version.valid_to is None or day < version.valid_to):
            return version
    return None


def _stood_under(unit_id: int, root_id: int, day: date, versions: History) -> bool:
    current: int | None = unit_id
    seen: set[int] = set()
    while current is not None and current not in seen:
        if current == root_id:
            return True
        seen.add(current)
        version = _version_on(versions.get(current, []), day)
        if version is None:
            return False
        current = version.parent_id
    return False


def _version_near(unit_id: int | None, day: date, versions: History) -> UnitVersion | None:
    if unit_id is None:
        return None
    history = versions.get(unit_id, [])
    # A parent that ended that very day (merged) is named as it last stood.
    return _version_on(history, day) or (history[-1] if history else None)


def _parent_names(before: UnitVersion | None, after: UnitVersion | None) -> tuple[str, str]:
    """The names of the old and the new parent, told apart when a merged unit handed its name
    to its successor (the old and the new provincial federation of the same province)."""
    names = [version.name if version else "" for version in (before, after)]
    if before is not None and after is not None and names[0] == names[1]:
        names = [version.short_name or version.name for version in (before, after)]
        if names[0] == names[1]:
            names = [
                f"{name} ({version.unit.code})"
                for name, version in zip(names, (before, after), strict=True)
            ]
    return names[0], names[1]


def _relocations(
    moved: set[int],
    paths: dict[int, str],
    exceptions: dict[int, list[tuple[date, date]]],
    affected: dict[int, str],
    versions: History,
) -> list[Relocation]:
    """The moves of units that took something into or out of the subtree."""
    touched = [affected[pk] for pk in exceptions]
    result = []
    for unit_id in moved:
        if not any(path.startswith(paths[unit_id]) for path in touched):
            continue
        history = versions[unit_id]
        for before, after in zip(history, history[1:], strict=False):
            if before.parent_id != after.parent_id:
                day = after.valid_from
                old_name, new_name = _parent_names(
                    _version_near(before.parent_id, day - timedelta(days=1), versions),
                    _version_near(after.parent_id, day, versions),
                )
                result.append(
                    Relocation(
                        unit_name=after.name,
                        on=day,
                        old_parent_name=old_name,
                        new_parent_name=new_name,
                    )
                )
    return sorted(result, key=lambda r: (r.on, r.unit_name))
