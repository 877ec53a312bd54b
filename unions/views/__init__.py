"""Pages where officers browse their part of the tree and restructure it."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import get_visible_or_404
from accounts.errors import ApplicationError
from accounts.query_params import int_param
from unions import forms as unit_forms
from unions import services
from unions.filters import UnitFilter
from unions.models import RoleGrant, Unit
from unions.selectors import (
    attach_parents,
    grant_change_rows,
    grant_changes,
    subtree_member_count,
    unit_breadcrumbs,
    unit_children,
    unit_current_members,
    unit_grants,
    unit_history,
    unit_list,
    unit_predecessors,
    unit_successors,
    units_visible_to,
)
from unions.selectors.employers import unit_employer_links

PAGE_SIZE = 25


def _visible_unit(request: HttpRequest, pk: int) -> Unit:
    return get_visible_or_404(
        units_visible_to(request.user), request.user, "unions.view_unit", pk=pk
    )


def _require(request: HttpRequest, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _apply_error(form, error: ApplicationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@login_required
def unit_browse(request: HttpRequest) -> HttpResponse:
    _require(request, "unions.view_unit")
    parent = None
    parent_pk = int_param(request.GET.get("parent"))
    if parent_pk is not None:
        parent = _visible_unit(request, parent_pk)
    probe = UnitFilter(request.GET)
    searching = probe.is_searching
    unit_filter = UnitFilter(
        request.GET, queryset=unit_list(request.user, parent=parent, whole_subtree=searching)
    )
    page = Paginator(unit_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    if searching:
        attach_parents(page.object_list)
    return render(
        request,
        "unions/unit_browse.html",
        {
            "filter": unit_filter,
            "page": page,
            "parent": parent,
            "searching": searching,
            "breadcrumbs": unit_breadcrumbs(request.user, parent) if parent else [],
        },
    )


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    user = request.user
    children = Paginator(unit_children(unit), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "breadcrumbs": unit_breadcrumbs(user, unit),
        "children": children,
        "grants": unit_grants(unit),
        "history": unit_history(unit),
        "predecessors": unit_predecessors(unit),
        "successors": unit_successors(unit),
        # Superusers pass every rule, so the state check is repeated here for the buttons.
        "can_restructure": unit.is_active and user.has_perm("unions.restructure_unit", unit),
        "can_add_sub_unit": unit.is_active and user.has_perm("unions.add_sub_unit", unit),
        "can_manage_grants": user.has_perm("unions.manage_grants", unit),
        "can_view_members": user.has_perm("unions.view_members", unit),
    }
    if unit.is_grassroots:
        links = list(unit_employer_links(unit))
        context["employer_links"] = links
        context["current_employer_link"] = next(
            (link for link in links if link.valid_to is None), None
        )
        context["can_link_employer"] = unit.is_active and user.has_perm("unions.add_employer", unit)
    if context["can_view_members"]:
        if unit.is_grassroots:
            context["members"] = Paginator(unit_current_members(unit), PAGE_SIZE).get_page(
                request.GET.get("members_page")
            )
        else:
            context["subtree_members"] = subtree_member_count(unit)
    return render(request, "unions/unit_detail.html", context)


def _restructure(
    request: HttpRequest,
    pk: int,
    *,
    permission: str,
    form_class: type,
    template: str,
    perform: Callable[[Unit, dict], Unit | list[Unit]],
    success: str,
    form_kwargs: Callable[[Unit], dict] | None = None,
) -> HttpResponse:
    unit = _visible_unit(request, pk)
    _require(request, permission, unit)
    extra = form_kwargs(unit) if form_kwargs else {}
    form = form_class(request.POST or None, user=request.user, unit=unit, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            result = perform(unit, form.cleaned_data)
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, success)
            landing = result[0] if isinstance(result, list) else result
            return redirect("unions:unit_detail", pk=landing.pk)
    return render(
        request,
        template,
        {"unit": unit, "form": form, "breadcrumbs": unit_breadcrumbs(request.user, unit)},
    )


@login_required
def unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(unit: Unit, data: dict) -> Unit:
        return services.unit_create(
            parent=unit,
            code=data["code"],
            name=data["name"],
            short_name=data["short_name"],
            kind=data["kind"],
            valid_from=data["effective_date"],
            actor=request.user,
            note=data["note"],
        )

    return _restructure(
        request,
        pk,
        permission="unions.add_sub_unit",
        form_class=unit_forms.UnitCreateForm,
        template="unions/unit_create.html",
        perform=perform,
        success=_("The new unit has been established."),
    )


@login_required
def unit_rename(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(unit: Unit, data: dict) -> Unit:
        return services.unit_rename(
            unit=unit,
            name=data["name"],
            short_name=data["short_name"],
            effective_date=data["effective_date"],
            actor=request.user,
            note=data["note"],
        )

    return _restructure(
        request,
        pk,
        permission="unions.restructure_unit",
        form_class=unit_forms.UnitRenameForm,
        template="unions/unit_rename.html",
        perform=perform,
        success=_("The unit has been renamed."),
    )


@login_required
def unit_move(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(unit: Unit, data: dict) -> Unit:
        return services.unit_move(
            unit=unit,
            new_parent=data["new_parent"],
            effective_date=data["effective_date"],
            actor=request.user,
            note=data["note"],
        )

    return _restructure(
        request,
        pk,
        permission="unions.restructure_unit",
        form_class=unit_forms.UnitMoveForm,
        template="unions/unit_move.html",
        perform=perform,
        success=_("The unit has been moved."),
    )


@login_required
def unit_merge(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(unit: Unit, data: dict) -> Unit:
        for other in data["other_sources"]:
            if not request.user.has_perm("unions.restructure_unit", other):
                raise ApplicationError(
                    _("You may not restructure %(unit)s.") % {"unit": other.name},
                    field="other_sources",
                )
        new_unit = None
        if data.get("new_code"):
            new_unit = services.NewUnit(
                code=data["new_code"],
                name=data["new_name"],
                short_name=data["new_short_name"],
                kind=data["new_kind"],
            )
        return services.unit_merge(
            sources=[unit, *data["other_sources"]],
            target=data.get("target"),
            new_unit=new_unit,
            new_unit_parent=data.get("new_parent"),
            effective_date=data["effective_date"],
            actor=request.user,
            note=data["note"],
        )

    return _restructure(
        request,
        pk,
        permission="unions.restructure_unit",
        form_class=unit_forms.UnitMergeForm,
        template="unions/unit_merge.html",
        perform=perform,
        success=_("The units have been merged."),
    )


@login_required
def unit_split(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(unit: Unit, data: dict) -> list[Unit]:
        numbers = data["part_numbers"]
        parts = [
            services.NewUnit(
                code=data[f"part{number}_code"],
                name=data[f"part{number}_name"],
                short_name=data[f"part{number}_short_name"],
                kind=data[f"part{number}_kind"],
            )
            for number in numbers
        ]
        position = {number: index for index, number in enumerate(numbers)}
        child_parts = {
            int(key.removeprefix("child_")): position[value]
            for key, value in data.items()
            if key.startswith("child_")
        }
        member_parts = {
            int(key.removeprefix("member_")): position[value]
            for key, value in data.items()
            if key.startswith("member_")
        }
        return services.unit_split(
            unit=unit,
            parts=parts,
            child_parts=child_parts,
            member_parts=member_parts,
            effective_date=data["effective_date"],
            actor=request.user,
            note=data["note"],
        )

    return _restructure(
        request,
        pk,
        permission="unions.restructure_unit",
        form_class=unit_forms.UnitSplitForm,
        template="unions/unit_split.html",
        perform=perform,
        success=_("The unit has been split."),
        form_kwargs=lambda unit: {
            "children": unit_children(unit).filter(is_active=True),
            "memberships": unit_current_members(unit),
        },
    )


@login_required
def unit_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(unit: Unit, data: dict) -> Unit:
        return services.unit_dissolve(
            unit=unit,
            receiver=data.get("receiver"),
            effective_date=data["effective_date"],
            actor=request.user,
            note=data["note"],
        )

    return _restructure(
        request,
        pk,
        permission="unions.restructure_unit",
        form_class=unit_forms.UnitDissolveForm,
        template="unions/unit_dissolve.html",
        perform=perform,
        success=_("The unit has been dissolved."),
    )


@login_required
def grant_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    _require(request, "unions.manage_grants", unit)
    can_grant_admin = request.user.has_perm("unions.grant_administrator", unit)
    form = unit_forms.RoleGrantForm(request.POST or None, can_grant_administrator=can_grant_admin)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant(
                user=form.cleaned_data["person"],
                unit=unit,
                role=form.cleaned_data["role"],
                valid_from=form.cleaned_data["valid_from"],
                valid_to=form.cleaned_data["valid_to"],
                granted_by=request.user,
            )
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The role has been granted."))
            return redirect("unions:unit_detail", pk=unit.pk)
    return render(
        request,
        "unions/grant_add.html",
        {"unit": unit, "form": form, "breadcrumbs": unit_breadcrumbs(request.user, unit)},
    )


@login_required
def grant_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who granted or ended which role on the unit, and when (issue 16), for those who manage
    its grants; newest first, 25 to a page. Queries do not grow with the changes on a page."""
    unit = _visible_unit(request, pk)
    _require(request, "unions.manage_grants", unit)
    page = Paginator(grant_change_rows(unit), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = grant_changes(list(page.object_list))
    return render(
        request,
        "unions/grant_history.html",
        {"unit": unit, "page": page, "breadcrumbs": unit_breadcrumbs(request.user, unit)},
    )


@login_required
def grant_end(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    grant = get_object_or_404(RoleGrant.objects.select_related("user"), pk=grant_pk, unit=unit)
    _require(request, "unions.end_grant", grant)
    form = unit_forms.RoleGrantEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant_end(
                grant=grant, last_day=form.cleaned_data["last_day"], actor=request.user
            )
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The grant has been ended."))
            return redirect("unions:unit_detail", pk=unit.pk)
    return render(
        request,
        "unions/grant_end.html",
        {
            "unit": unit,
            "grant": grant,
            "form": form,
            "breadcrumbs": unit_breadcrumbs(request.user, unit),
        },
    )
