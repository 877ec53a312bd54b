"""Pages of emulation blocks: the list of the blocks a user sees, a block's members, its chair
and vice-chair by year and its pledges, and the forms that change them.

A block outside the user's sight answers 404; a person who sees it but may not change it gets
403 on the forms.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import get_visible_or_404
from accounts.errors import ApplicationError
from accounts.query_params import year_param
from emulation.enums import PledgeStatus
from emulation.forms.pledges import (
    BlockCreateForm,
    BlockEditForm,
    LeadershipForm,
    MemberAddForm,
    MemberLeaveForm,
)
from emulation.models import BlockMember, EmulationBlock, Pledge
from emulation.selectors.pledges import (
    block_leaderships,
    block_list,
    block_members,
    block_pledges,
    blocks_visible_to,
    current_member_units,
)
from emulation.services import blocks as block_services

PAGE_SIZE = 25


def visible_block(request: HttpRequest, pk: int) -> EmulationBlock:
    """The block ``pk`` if the user sees it; 404 otherwise."""
    return get_visible_or_404(
        blocks_visible_to(request.user).select_related("managing_unit"),
        request.user,
        "emulation.view_block",
        pk=pk,
    )


def managed_block(request: HttpRequest, pk: int) -> EmulationBlock:
    block = visible_block(request, pk)
    if not request.user.has_perm("emulation.manage_block", block):
        raise PermissionDenied
    return block


def apply_error(form, error: ApplicationError) -> None:
    """Attach a service's error to the field it names, or to the whole form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _year(value: str | None) -> int | None:
    return year_param(value)


def may_start_pledge(user, block: EmulationBlock, year: int) -> bool:
    return user.has_perm("emulation.manage_pledge", Pledge(block=block, year=year))


@login_required
def block_list_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = _year(request.GET.get("year")) or timezone.localdate().year
    query = (request.GET.get("q") or "").strip()[:100]
    show_all = request.GET.get("all") == "1"
    blocks = block_list(user, year=year, query=query, active_only=not show_all)
    page = Paginator(blocks, PAGE_SIZE).get_page(request.GET.get("page"))
    for block in page.object_list:
        block.pledge_status_label = (
            PledgeStatus(block.pledge_status).label if block.pledge_status else ""
        )
    return render(
        request,
        "emulation/pledges/block_list.html",
        {
            "page": page,
            "year": year,
            "query": query,
            "show_all": show_all,
            "can_create": user.has_perm("emulation.manage_block"),
        },
    )


@login_required
def block_create_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("emulation.manage_block"):
        raise PermissionDenied
    initial = {"managing_unit": request.GET.get("unit", "")[:32]}
    form = BlockCreateForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            block = block_services.block_create(actor=user, **form.cleaned_data)
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The block has been created. Add its member units."))
            return redirect("pledges:block_detail", pk=block.pk)
    return render(
        request,
        "emulation/pledges/block_form.html",
        {"form": form, "emulation_block": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def block_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    block = visible_block(request, pk)
    this_year = timezone.localdate().year
    pledges = list(block_pledges(block))
    pledge_years = {pledge.year for pledge in pledges}
    start_years = [
        year
        for year in (this_year, this_year + 1)
        if year not in pledge_years and may_start_pledge(user, block, year)
    ]
    return render(
        request,
        "emulation/pledges/block_detail.html",
        {
            "emulation_block": block,
            "members": list(block_members(block)),
            "leaderships": list(block_leaderships(block)),
            "pledges": pledges,
            "can_manage": user.has_perm("emulation.manage_block", block),
            "can_start_pledge": bool(start_years) and block.is_active,
            "this_year": this_year,
        },
    )


@login_required
def block_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    block = managed_block(request, pk)
    initial = {
        "name": block.name,
        "kind": block.kind,
        "description": block.description,
        "is_active": block.is_active,
    }
    form = BlockEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            block_services.block_update(block=block, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The block has been saved."))
            return redirect("pledges:block_detail", pk=block.pk)
    return render(
        request,
        "emulation/pledges/block_form.html",
        {"form": form, "emulation_block": block},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def member_add_page(request: HttpRequest, pk: int) -> HttpResponse:
    block = managed_block(request, pk)
    form = MemberAddForm(request.POST or None, block=block)
    if request.method == "POST" and form.is_valid():
        try:
            member = block_services.block_member_add(
                block=block, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request, _("%(unit)s has joined the block.") % {"unit": member.unit.name}
            )
            if "another" in request.POST:
                return redirect("pledges:member_add", pk=block.pk)
            return redirect("pledges:block_detail", pk=block.pk)
    return render(
        request,
        "emulation/pledges/member_form.html",
        {"form": form, "emulation_block": block, "member": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def member_leave_page(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    block = managed_block(request, pk)
    member = get_object_or_404(
        BlockMember.objects.select_related("unit"), pk=member_pk, block=block
    )
    form = MemberLeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            block_services.block_member_remove(
                member=member, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request, _("%(unit)s has left the block.") % {"unit": member.unit.name}
            )
            return redirect("pledges:block_detail", pk=block.pk)
    return render(
        request,
        "emulation/pledges/member_form.html",
        {"form": form, "emulation_block": block, "member": member},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def leadership_page(request: HttpRequest, pk: int) -> HttpResponse:
    block = managed_block(request, pk)
    year = _year(request.GET.get("year")) or timezone.localdate().year
    current = block.leaderships.filter(year=year).first()
    initial = {"year": year}
    if current is not None:
        initial.update(chair=current.chair_id, vice_chair=current.vice_chair_id)
    form = LeadershipForm(
        request.POST or None, members=current_member_units(block), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            leadership = block_services.block_leadership_set(
                block=block, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _("%(unit)s chairs the block in %(year)s.")
                % {"unit": leadership.chair.name, "year": leadership.year},
            )
            return redirect("pledges:block_detail", pk=block.pk)
    return render(
        request,
        "emulation/pledges/leadership_form.html",
        {"form": form, "emulation_block": block},
        status=400 if request.method == "POST" else 200,
    )
