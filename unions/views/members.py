"""The members' register: officers with the member capability list, search, filter and export
the members of the units in their scope, register new members (with or without a sign-in
account), correct their details, move them between grassroots unions and end memberships.

Date of birth, identity number, phone and e-mail appear only on these pages, which only people
holding the member capability on the member's unit reach.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.access import get_visible_or_404
from accounts.errors import ApplicationError
from accounts.pagination import SEARCH_COUNT_LIMIT, BoundedPaginator
from accounts.selectors import user_sign_in_locked
from accounts.services import user_sign_in_unlock
from accounts.spreadsheets import XLSX_CONTENT_TYPE, SheetTable, workbook_bytes
from unions import services
from unions.enums import Capability
from unions.filters import MemberFilter
from unions.member_columns import EXPORT_ONLY_COLUMNS, MEMBER_COLUMNS, SEX_CELLS
from unions.member_forms import (
    MemberCreateForm,
    MemberMoveForm,
    MembershipEndForm,
    MemberUpdateForm,
)
from unions.models import Membership
from unions.selectors import units_visible_to
from unions.selectors.members import member_history, member_units, members_visible_to
from unions.services import members as member_services
from unions.views import PAGE_SIZE, _apply_error, _require

EXPORT_LIMIT = 50_000


def _membership(request: HttpRequest, pk: int, permission: str = "unions.view_members"):
    return get_visible_or_404(members_visible_to(request.user), request.user, permission, pk=pk)


def _filter(request: HttpRequest) -> MemberFilter:
    user = request.user
    return MemberFilter(
        request.GET,
        queryset=members_visible_to(user),
        units=units_visible_to(user, Capability.VIEW_MEMBERS).order_by("name", "pk"),
    )


def export_headers() -> list[str]:
    return [str(label) for _key, label in MEMBER_COLUMNS + EXPORT_ONLY_COLUMNS]


def export_row(membership: Membership) -> list:
    person = membership.user
    return [
        person.get_full_name(),
        person.date_of_birth,
        SEX_CELLS.get(person.sex, ""),
        person.identity_number or "",
        person.phone or "",
        person.email or "",
        membership.unit.code,
        membership.card_number,
        getattr(membership, "joined_union_on", None) or membership.valid_from,
        membership.position,
        membership.unit.name,
        pgettext("membership status", "Current")
        if membership.valid_to is None
        else pgettext("membership status", "Ended"),
        membership.valid_to,
        membership.get_end_reason_display(),
    ]


def _export(member_filter: MemberFilter) -> HttpResponse:
    with translation.override(settings.LANGUAGE_CODE):
        rows = [export_row(m) for m in member_filter.qs[:EXPORT_LIMIT].iterator(chunk_size=2000)]
        content = workbook_bytes([SheetTable(_("Members"), export_headers(), rows)])
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"doan-vien-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    _require(request, "unions.view_members")
    member_filter = _filter(request)
    if request.GET.get("export") == "xlsx":
        return _export(member_filter)
    if (request.GET.get("q") or "").strip():
        # A search on a common name matches a share of the country: count ten pages at most,
        # so the count reads in the page's order and stops (issue 14).
        paginator = BoundedPaginator(member_filter.qs, PAGE_SIZE, limit=SEARCH_COUNT_LIMIT)
    else:
        paginator = Paginator(member_filter.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return render(
        request,
        "unions/member_list.html",
        {
            "filter": member_filter,
            "page": page,
            "searching": member_filter.is_searching,
            "export_query": query.urlencode(),
            "count_limit": SEARCH_COUNT_LIMIT,
            "can_add": request.user.has_perm("unions.manage_members"),
        },
    )


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    user = request.user
    can_manage = user.has_perm("unions.manage_members", membership)
    history = list(member_history(membership.user))
    return render(
        request,
        "unions/member_detail.html",
        {
            "membership": membership,
            "person": membership.user,
            "history": history,
            "is_current": membership.valid_to is None,
            "can_manage": can_manage,
            "sign_in_locked": user_sign_in_locked(membership.user),
            "can_unlock": user.has_perm("unions.unlock_sign_in", membership),
        },
    )


def _form_page(request, membership, form, *, heading: str, submit: str) -> HttpResponse:
    return render(
        request,
        "unions/member_form.html",
        {"membership": membership, "form": form, "heading": heading, "submit": submit},
    )


@login_required
def member_create(request: HttpRequest) -> HttpResponse:
    _require(request, "unions.manage_members")
    form = MemberCreateForm(request.POST or None, units=member_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = member_services.member_register(
                person=form.person(),
                unit=data["unit"],
                valid_from=data["valid_from"],
                card_number=data["card_number"],
                joined_on=data["joined_on"],
                position=data["position"],
                qualification=data["qualification"],
                with_account=data["with_account"],
                actor=request.user,
            )
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            if data["with_account"]:
                messages.success(
                    request, _("The member has been registered and invited to set a password.")
                )
            else:
                messages.success(request, _("The member has been registered."))
            return redirect("unions:member_detail", pk=membership.pk)
    return _form_page(request, None, form, heading=_("Register a member"), submit=_("Register"))


def _current(request: HttpRequest, pk: int) -> Membership:
    membership = _membership(request, pk, "unions.manage_members")
    if membership.valid_to is not None:
        messages.error(request, _("This membership has already ended."))
    return membership


@login_required
def member_update(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk, "unions.manage_members")
    person = membership.user
    initial = {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "sex": person.sex,
        "date_of_birth": person.date_of_birth,
        "identity_number": person.identity_number or "",
        "phone": person.phone or "",
        "email": person.email or "",
        "card_number": membership.card_number,
        "joined_on": membership.joined_on,
        "position": membership.position,
        "qualification": membership.qualification,
    }
    form = MemberUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member_services.member_update(
                membership=membership,
                person=form.person(),
                card_number=data["card_number"],
                joined_on=data["joined_on"],
                position=data["position"],
                qualification=data["qualification"],
                actor=request.user,
            )
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The member's details have been saved."))
            return redirect("unions:member_detail", pk=membership.pk)
    return _form_page(
        request, membership, form, heading=_("Correct the member's details"), submit=_("Save")
    )


@login_required
def member_move(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _current(request, pk)
    if membership.valid_to is not None:
        return redirect("unions:member_detail", pk=pk)
    units = member_units(request.user).exclude(pk=membership.unit_id)
    form = MemberMoveForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.membership_move(
                membership=membership,
                unit=form.cleaned_data["unit"],
                effective_date=form.cleaned_data["effective_date"],
                actor=request.user,
            )
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The member has been moved."))
            return redirect("unions:member_detail", pk=moved.pk)
    return _form_page(
        request, membership, form, heading=_("Move the member to another union"), submit=_("Move")
    )


@login_required
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _current(request, pk)
    if membership.valid_to is not None:
        return redirect("unions:member_detail", pk=pk)
    form = MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_services.membership_end(
                membership=membership,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The membership has ended."))
            return redirect("unions:member_detail", pk=membership.pk)
    return _form_page(
        request, membership, form, heading=_("End the membership"), submit=_("End membership")
    )


@login_required
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk, "unions.manage_members")
    if request.method != "POST":
        return redirect("unions:member_detail", pk=pk)
    try:
        if membership.user.is_active:
            member_services.member_invite(user=membership.user)
        else:
            member_services.member_account_open(user=membership.user, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("An invitation to set a password has been sent."))
    return redirect("unions:member_detail", pk=pk)


@login_required
def member_sign_in_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """Let a member whose sign-in was paused after failed attempts sign in again at once."""
    membership = _membership(request, pk, "unions.unlock_sign_in")
    if request.method == "POST":
        user_sign_in_unlock(user=membership.user, actor=request.user)
        messages.success(request, _("Signing in to this account is possible again."))
    return redirect("unions:member_detail", pk=pk)
