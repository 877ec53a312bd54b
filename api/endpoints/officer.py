"""Officer endpoints, with a personal access token: the inbox with the page's filters, the
organisation tree (as it stands, or as it stood on ``?date=``), the members of a unit and the
figures of ``registry_stats`` for a unit. Everything is scoped as the pages are: a unit outside
the token owner's scope answers 404."""

import datetime as dt
from datetime import date
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router

from api.auth import token_auth
from api.endpoints.public import CursorQuery
from api.pagination import Keyset, Page, paginate
from api.problems import ApiProblem
from api.schemas import DossierItem, MemberOut, UnitDetail, UnitOut
from api.selectors import children_on, versions_on
from api.serializers import dossier_item
from emulation.statistics import registry_figures
from initiatives.filters import InitiativeFilter
from initiatives.selectors import initiative_inbox, is_overdue
from unions.enums import Capability
from unions.models import Unit, UnitVersion
from unions.selectors import scope_roots, unit_children, unit_snapshot, units_visible_to
from unions.selectors.members import members_visible_to

router = Router(tags=["officers"], auth=token_auth)

SORTS = {
    "-submitted": Keyset("submitted_at", descending=True),
    "submitted": Keyset("submitted_at", descending=False),
    "due": Keyset("decision_due", descending=False),
    "-due": Keyset("decision_due", descending=True),
}


class InboxQuery(CursorQuery):
    q: str | None = Field(None, max_length=200)
    status: str | None = Field(None, max_length=32)
    unit: str | None = Field(None, max_length=32, description="Unit code: it and its subtree")
    field: str | None = Field(None, max_length=32)
    kind: str | None = Field(None, max_length=32)
    work_type: str | None = Field(None, max_length=32)
    year: int | None = Field(None, ge=1900, le=9999)
    overdue: bool | None = None
    sort: Literal["-submitted", "submitted", "due", "-due"] = "-submitted"


@router.get("/inbox", response=Page[DossierItem], summary="The officer's inbox")
def inbox(request: HttpRequest, filters: Query[InboxQuery]):
    """Dossiers of the units in the token owner's scope that left the draft stage, with the
    search (diacritics ignored) and the filters of the inbox page."""
    if not request.user.has_perm("initiatives.view_initiative"):
        raise PermissionDenied
    data = {
        name: ("true" if value else "false") if isinstance(value, bool) else str(value)
        for name, value in filters.dict(exclude={"cursor", "limit", "sort"}).items()
        if value is not None and value != ""
    }
    inbox_filter = InitiativeFilter(data, queryset=initiative_inbox(request.user))
    if not inbox_filter.is_valid():
        raise ApiProblem(
            "invalid-input",
            _("Correct the fields listed in “errors”."),
            errors={field: list(messages) for field, messages in inbox_filter.errors.items()},
        )
    today = timezone.localdate()
    return paginate(
        inbox_filter.qs,
        SORTS[filters.sort],
        cursor=filters.cursor,
        limit=filters.limit,
        serialize=lambda row: dossier_item(row, overdue=is_overdue(row, today)),
    )


# --- the organisation tree -----------------------------------------------------------------


def visible_unit(request: HttpRequest, unit_id: int, capability: str = Capability.VIEW_UNIT):
    unit = units_visible_to(request.user, capability).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def _unit_out(unit: Unit) -> dict:
    return {
        "id": unit.pk,
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "kind_label": str(unit.get_kind_display()),
        "is_active": unit.is_active,
        "parent_id": getattr(unit, "parent_id_now", None),
        "on": None,
    }


def _version_out(version: UnitVersion, on: date) -> dict:
    unit = version.unit
    return {
        "id": unit.pk,
        "code": unit.code,
        "name": version.name,
        "short_name": version.short_name,
        "kind": version.kind,
        "kind_label": str(version.get_kind_display()),
        "is_active": unit.is_active,
        "parent_id": version.parent_id,
        "on": on,
    }


class TreeQuery(CursorQuery):
    parent: int | None = Field(None, ge=1, le=2**62, description="Id of the parent unit")
    date: dt.date | None = Field(None, description="The tree as it stood on this day")


def _parents_of(rows: list[Unit]) -> None:
    paths = {unit.path[: -Unit.steplen] for unit in rows if unit.depth > 1}
    ids = dict(Unit.objects.filter(path__in=paths).values_list("path", "pk"))
    for unit in rows:
        unit.parent_id_now = ids.get(unit.path[: -Unit.steplen])


@router.get("/units", response=Page[UnitOut], summary="The organisation tree")
def units(request: HttpRequest, filters: Query[TreeQuery]):
    """The units directly under ``parent`` (the top units of the token owner's scope without
    one), by name; with ``date``, as they stood that day (names, kinds and places then)."""
    if not request.user.has_perm("unions.view_unit"):
        raise PermissionDenied
    visible = units_visible_to(request.user)
    parent = visible_unit(request, filters.parent) if filters.parent is not None else None
    if filters.date is not None:
        if parent is not None:
            versions = children_on(parent, filters.date).filter(unit__in=visible)
        else:
            versions = UnitVersion.objects.filter(
                versions_on(filters.date), unit__in=scope_roots(request.user)
            ).select_related("unit")
        return paginate(
            versions,
            Keyset("name", descending=False),
            cursor=filters.cursor,
            limit=filters.limit,
            serialize=lambda version: _version_out(version, filters.date),
        )
    rows = (
        unit_children(parent).filter(pk__in=visible.values("pk"))
        if parent is not None
        else scope_roots(request.user)
    )
    return paginate(
        rows,
        Keyset("name", descending=False),
        cursor=filters.cursor,
        limit=filters.limit,
        serialize=_unit_out,
        prepare=_parents_of,
    )


@router.get("/units/{unit_id}", response=UnitDetail, summary="A unit (on a date)")
def unit_get(request: HttpRequest, unit_id: int, date: date | None = None):
    """A unit in scope with the names of the units above it; with ``date``, as it stood that
    day (404 when it did not exist then)."""
    unit = visible_unit(request, unit_id)
    snapshot = unit_snapshot(unit, date or timezone.localdate())
    if snapshot is None:
        if date is not None:
            raise Http404
        ancestors = [unit.path[:end] for end in range(Unit.steplen, len(unit.path), Unit.steplen)]
        names = [
            *Unit.objects.filter(path__in=ancestors)
            .order_by("depth")
            .values_list("name", flat=True),
            unit.name,
        ]
        data = _unit_out(unit)
        data["path_names"] = names
        return data
    version = (
        UnitVersion.objects.filter(versions_on(snapshot.on), unit=unit).only("parent_id").first()
    )
    data = _unit_out(unit)
    data.update(
        name=snapshot.name,
        short_name=snapshot.short_name,
        kind=snapshot.kind,
        kind_label=str(dict(Unit._meta.get_field("kind").choices).get(snapshot.kind, "")),
        parent_id=version.parent_id if version else None,
        on=date,
        path_names=list(snapshot.path_names),
    )
    return data


@router.get("/units/{unit_id}/members", response=Page[MemberOut], summary="Members of a unit")
def unit_members(request: HttpRequest, unit_id: int, paging: Query[CursorQuery]):
    """The register rows of the unit (current members and those who left for a reason), for
    officers who may see its members."""
    unit = visible_unit(request, unit_id, Capability.VIEW_MEMBERS)
    if not request.user.has_perm("unions.view_members", unit):
        raise Http404
    rows = members_visible_to(request.user).filter(unit=unit)
    return paginate(
        rows,
        Keyset("user__first_name", descending=False),
        cursor=paging.cursor,
        limit=paging.limit,
        serialize=lambda row: {
            "id": row.pk,
            "member_id": row.user_id,
            "full_name": row.user.get_full_name(),
            "card_number": row.card_number,
            "position": row.position,
            "valid_from": row.valid_from,
            "valid_to": row.valid_to,
        },
    )


@router.get("/units/{unit_id}/figures", response=dict[str, Any], summary="The registry's figures")
def unit_figures(
    request: HttpRequest, unit_id: int, year: int | None = Query(None, ge=1900, le=9999)
):
    """Every section of ``manage.py registry_stats`` for the unit's subtree (all years, or
    ``year``), for officers who may read its dossiers."""
    unit = visible_unit(request, unit_id, Capability.VIEW_INITIATIVES)
    return registry_figures(unit=unit, year=year)
