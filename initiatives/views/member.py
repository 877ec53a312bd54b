"""Pages where members write their dossiers and follow them: "My initiatives", the form in
the order of the legal application, its files, the preview before submitting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.errors import ApplicationError
from accounts.form_sections import first_section_to_visit
from initiatives import services
from initiatives.enums import EDITABLE_STATUSES, InitiativeStatus
from initiatives.forms import AuthorForm, AuthorFormSet, InitiativeForm
from initiatives.models import Initiative
from initiatives.selectors import initiatives_of_member, is_overdue
from initiatives.views import (
    PAGE_SIZE,
    apply_error,
    dossier_context,
    next_step,
    visible_initiative,
)
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.selectors import current_membership, units_visible_to
from unions.selectors.employers import employer_of

AUTHORS_PREFIX = "authors"
# Units offered in the unit field's list to an officer entering dossiers for members.
UNIT_CHOICES_LIMIT = 300


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(initiatives_of_member(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    for initiative in page.object_list:
        initiative.next_step = next_step(initiative)
        initiative.is_overdue = is_overdue(initiative)
    return render(
        request,
        "initiatives/mine.html",
        {
            "page": page,
            "can_enter_for_others": request.user.has_perm("initiatives.enter_on_behalf"),
        },
    )


def _unit_choices(request: HttpRequest, membership) -> list:
    """Units suggested in the unit field: the member's own union, and for officers the
    grassroots unions where they may enter dossiers for members."""
    choices = []
    if membership is not None and membership.unit.is_active and membership.unit.is_grassroots:
        choices.append(membership.unit)
    if request.user.has_perm("initiatives.enter_on_behalf"):
        scoped = (
            units_visible_to(request.user, Capability.RECEIVE_INITIATIVES)
            .filter(is_active=True, kind__in=GRASSROOTS_KINDS)
            .order_by("name")[:UNIT_CHOICES_LIMIT]
        )
        choices += [unit for unit in scoped if unit not in choices]
    return choices


def _new_dossier_initial(user, membership) -> tuple[dict, list[dict]]:
    """The form of a new dossier: the member's own union and the member as sole author."""
    initial = {}
    me = {
        "member": user.email or user.phone,
        "full_name": user.get_full_name(),
        "date_of_birth": user.date_of_birth,
        "contribution": 100,
    }
    if membership is not None:
        if membership.unit.is_active and membership.unit.is_grassroots:
            initial["unit"] = membership.unit.code
            employer = employer_of(membership.unit)
            if employer is not None:
                initial["employer"] = employer.pk
        me.update(
            workplace=membership.unit.name,
            job_title=membership.position,
            qualification=membership.qualification,
        )
    return initial, [me]


def _save(
    request: HttpRequest, form: InitiativeForm, formset, initiative: Initiative | None
) -> Initiative | None:
    """Save the draft and its new files in one transaction; on any error nothing is kept and
    the error is put on the form. Returns the saved dossier, or None."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    authors = []
    for author_form in formset.author_forms():
        member = author_form.cleaned_data.get("member")
        profile = current_membership(member) if member is not None else None
        authors.append(author_form.author_data(profile))
    try:
        saved = services.initiative_save_draft_with_files(
            actor=request.user,
            unit=form.cleaned_data["unit"],
            values=form.values(),
            authors=authors,
            uploads=form.cleaned_data["files"],
            files_description=form.cleaned_data["files_description"],
            files_public=form.cleaned_data.get("files_public", False),
            initiative=initiative,
            employer=form.cleaned_data.get("employer"),
        )
    except ApplicationError as error:
        if error.field == "authors":
            formset.non_form_errors().append(error.message)
        else:
            apply_error(form, error, aliases={"upload": "files"})
        return None
    return saved


def _form_page(
    request: HttpRequest, form, formset, initiative: Initiative | None, membership
) -> HttpResponse:
    sections = form.sections(formset)
    context = {
        "form": form,
        "formset": formset,
        "sections": sections,
        "current_section": first_section_to_visit(sections),
        "initiative": initiative,
        "unit_choices": _unit_choices(request, membership),
        "can_enter_for_others": request.user.has_perm("initiatives.enter_on_behalf"),
    }
    if initiative is not None:
        context.update(dossier_context(request, initiative, only_actions=()))
    return render(request, "initiatives/form.html", context)


def _back_to_top(initiative) -> HttpResponse:
    """The form again, at its top where the message saying it was saved shows (a browser
    keeps the scroll position of a long form reloaded at the same address)."""
    return redirect(reverse("initiatives:edit", args=[initiative.pk]) + "#messages")


@login_required
def create(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request.user)
    if request.method == "POST":
        form = InitiativeForm(request.POST, request.FILES, user=request.user)
        formset = AuthorFormSet(request.POST, prefix=AUTHORS_PREFIX)
        saved = _save(request, form, formset, None)
        if saved is not None:
            messages.success(request, _("The draft has been saved."))
            return _back_to_top(saved)
    else:
        initial, authors = _new_dossier_initial(request.user, membership)
        own_unit = membership.unit if membership is not None else None
        form = InitiativeForm(initial=initial, user=request.user, unit=own_unit)
        formset = AuthorFormSet(initial=authors, prefix=AUTHORS_PREFIX)
    return _form_page(request, form, formset, None, membership)


def _editable_initiative(request: HttpRequest, pk: int) -> Initiative | HttpResponse:
    initiative = visible_initiative(request, pk)
    if request.user.has_perm("initiatives.edit_initiative", initiative):
        return initiative
    if initiative.status not in EDITABLE_STATUSES:
        messages.info(
            request,
            _("The dossier can no longer be changed: it is %(status)s.")
            % {"status": initiative.get_status_display().lower()},
        )
        return redirect("initiatives:detail", pk=initiative.pk)
    raise PermissionDenied


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _editable_initiative(request, pk)
    if isinstance(initiative, HttpResponse):
        return initiative
    membership = current_membership(request.user)
    if request.method == "POST":
        form = InitiativeForm(request.POST, request.FILES, user=request.user)
        formset = AuthorFormSet(request.POST, prefix=AUTHORS_PREFIX)
        saved = _save(request, form, formset, initiative)
        if saved is not None:
            if saved.status == InitiativeStatus.RETURNED:
                messages.success(
                    request,
                    _("Your changes have been saved. Resubmit the dossier when it is complete."),
                )
            else:
                messages.success(request, _("The draft has been saved."))
            return _back_to_top(saved)
    else:
        form = InitiativeForm(
            initial=InitiativeForm.initial_for(initiative),
            user=request.user,
            unit=initiative.unit,
        )
        formset = AuthorFormSet(
            initial=[AuthorForm.initial_for(author) for author in initiative.authors.all()],
            prefix=AUTHORS_PREFIX,
        )
    return _form_page(request, form, formset, initiative, membership)


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _editable_initiative(request, pk)
    if isinstance(initiative, HttpResponse):
        return initiative
    if initiative.status != InitiativeStatus.DRAFT:
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.initiative_delete_draft(initiative=initiative, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("initiatives:detail", pk=initiative.pk)
        messages.success(request, _("The draft has been deleted."))
        return redirect("initiatives:mine")
    return render(request, "initiatives/delete.html", {"initiative": initiative})


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    initiative = visible_initiative(request, pk)
    attachment = get_object_or_404(initiative.attachments.all(), pk=attachment_pk)
    if not request.user.has_perm("initiatives.edit_initiative", initiative):
        raise PermissionDenied
    try:
        services.attachment_remove(attachment=attachment, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("“%(name)s” has been removed.") % {"name": attachment.original_name}
        )
    return redirect("initiatives:edit", pk=initiative.pk)


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier as the unit will receive it, with what still stops it from being submitted,
    the similar dossiers already in the registry and the button to submit it."""
    initiative = visible_initiative(request, pk)
    context = dossier_context(request, initiative, only_actions=("submit", "resubmit"))
    return render(request, "initiatives/preview.html", context)
