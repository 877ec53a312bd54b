"""Pages of employers (the "cơ sở" of Decree 13/2012/NĐ-CP): the list of those linked to units in
one's scope, an employer's page with its unions and history, and the forms that record it,
change it with a date, link and unlink grassroots unions, merge, split and dissolve it."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import get_visible_or_404
from accounts.errors import ApplicationError
from accounts.query_params import int_param
from unions import forms
from unions.filters import EmployerFilter
from unions.models import Employer, EmployerUnion, Unit
from unions.selectors.employers import (
    employer_history,
    employer_links,
    employer_list,
    employer_predecessors,
    employer_successors,
    employer_versions,
    employers_managed_by,
    employers_visible_to,
)
from unions.services import employers as employer_services
from unions.views import PAGE_SIZE, _apply_error, _require, _visible_unit


def _visible_employer(request: HttpRequest, pk: int) -> Employer:
    return get_visible_or_404(
        employers_visible_to(request.user), request.user, "unions.view_employer", pk=pk
    )


@login_required
def employer_browse(request: HttpRequest) -> HttpResponse:
    _require(request, "unions.view_employer")
    employer_filter = EmployerFilter(request.GET, queryset=employer_list(request.user))
    page = Paginator(employer_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    data = request.GET
    return render(
        request,
        "unions/employer_browse.html",
        {
            "filter": employer_filter,
            "page": page,
            "searching": bool((data.get("q") or "").strip() or data.get("kind")),
            "can_add": request.user.has_perm("unions.add_employer"),
        },
    )


@login_required
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = _visible_employer(request, pk)
    user = request.user
    links = list(employer_links(employer))
    for link in links:
        link.unit_visible = user.has_perm("unions.view_unit", link.unit)
        link.can_unlink = (
            link.valid_to is None
            and employer.is_active
            and user.has_perm("unions.add_employer", link.unit)
        )
    can_manage = employer.is_active and user.has_perm("unions.manage_employer", employer)
    return render(
        request,
        "unions/employer_detail.html",
        {
            "employer": employer,
            "current_links": [link for link in links if link.valid_to is None],
            "past_links": [link for link in links if link.valid_to is not None],
            "versions": employer_versions(employer),
            "history": employer_history(employer),
            "predecessors": employer_predecessors(employer),
            "successors": employer_successors(employer),
            "can_manage": can_manage,
            "can_link": employer.is_active and user.has_perm("unions.add_employer"),
        },
    )


def _employer_page(
    request: HttpRequest,
    employer: Employer | None,
    form,
    *,
    heading: str,
    explanation: str,
    submit: str,
    unit: Unit | None = None,
) -> HttpResponse:
    return render(
        request,
        "unions/employer_form.html",
        {
            "employer": employer,
            "unit": unit,
            "form": form,
            "heading": heading,
            "explanation": explanation,
            "submit": submit,
        },
    )


def _employer_action(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type,
    perform: Callable[[Employer, object], Employer | list[Employer]],
    success: str,
    heading: str,
    explanation: str,
    submit: str,
    form_kwargs: Callable[[Employer], dict] | None = None,
    initial: Callable[[Employer], dict] | None = None,
) -> HttpResponse:
    employer = _visible_employer(request, pk)
    _require(request, "unions.manage_employer", employer)
    extra = form_kwargs(employer) if form_kwargs else {}
    form = form_class(
        request.POST or None,
        user=request.user,
        initial=initial(employer) if initial else None,
        **extra,
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = perform(employer, form)
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, success)
            landing = result[0] if isinstance(result, list) else result
            return redirect("unions:employer_detail", pk=landing.pk)
    return _employer_page(
        request, employer, form, heading=heading, explanation=explanation, submit=submit
    )


def _managed_active_employers(request: HttpRequest):
    return employers_managed_by(request.user).filter(is_active=True)


@login_required
def employer_create(request: HttpRequest) -> HttpResponse:
    _require(request, "unions.add_employer")
    unit = None
    unit_pk = int_param(request.GET.get("unit"))
    if unit_pk is not None:
        unit = _visible_unit(request, unit_pk)
    form = forms.EmployerForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if not request.user.has_perm("unions.add_employer", data["unit"]):
                raise ApplicationError(
                    _("You may not link an employer to %(unit)s.") % {"unit": data["unit"].name},
                    field="unit",
                )
            employer = employer_services.employer_create(
                data=form.employer_data(code=data.get("code") or ""),
                valid_from=data["effective_date"],
                unit=data["unit"],
                actor=request.user,
                note=data["note"],
            )
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The employer has been recorded."))
            return redirect("unions:employer_detail", pk=employer.pk)
    return _employer_page(
        request,
        None,
        form,
        unit=unit,
        heading=_("Record an employer"),
        explanation=_(
            "The agency, public service unit or enterprise where a grassroots union sits. "
            "Initiatives created or applied there are addressed to it, and its head recognises "
            "them (Decree 13/2012/NĐ-CP)."
        ),
        submit=_("Save"),
    )


@login_required
def employer_update(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(employer: Employer, form) -> Employer:
        return employer_services.employer_update(
            employer=employer,
            data=form.employer_data(),
            effective_date=form.cleaned_data["effective_date"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )

    return _employer_action(
        request,
        pk,
        form_class=forms.EmployerUpdateForm,
        perform=perform,
        success=_("The change has been recorded."),
        heading=_("Change the employer's details"),
        explanation=_(
            "A new name, kind, head or address takes effect on the date given; the previous "
            "details stay in the employer's history and on dossiers made before."
        ),
        submit=_("Save"),
        initial=forms.EmployerUpdateForm.initial_for,
    )


@login_required
def employer_link(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(employer: Employer, form) -> Employer:
        unit = form.cleaned_data["unit"]
        if not request.user.has_perm("unions.add_employer", unit):
            raise ApplicationError(
                _("You may not link an employer to %(unit)s.") % {"unit": unit.name},
                field="unit",
            )
        employer_services.employer_link_union(
            employer=employer,
            unit=unit,
            valid_from=form.cleaned_data["effective_date"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
        return employer

    employer = _visible_employer(request, pk)
    if not (employer.is_active and request.user.has_perm("unions.add_employer")):
        raise PermissionDenied
    form = forms.EmployerLinkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            perform(employer, form)
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The grassroots union has been linked."))
            return redirect("unions:employer_detail", pk=employer.pk)
    return _employer_page(
        request,
        employer,
        form,
        heading=_("Link a grassroots union"),
        explanation=_(
            "A grassroots union is at one employer at a time; an employer may have several."
        ),
        submit=_("Link"),
    )


@login_required
def employer_unlink(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    employer = _visible_employer(request, pk)
    link = get_object_or_404(
        EmployerUnion.objects.select_related("unit"),
        pk=link_pk,
        employer=employer,
        valid_to__isnull=True,
    )
    _require(request, "unions.add_employer", link.unit)
    form = forms.EmployerUnlinkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            employer_services.employer_unlink_union(
                employer=employer,
                unit=link.unit,
                effective_date=form.cleaned_data["effective_date"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The link has been ended."))
            return redirect("unions:employer_detail", pk=employer.pk)
    return _employer_page(
        request,
        employer,
        form,
        heading=_("End the link with %(unit)s") % {"unit": link.unit.name},
        explanation=_("The link stays in the history of the employer and of the union."),
        submit=_("End the link"),
    )


@login_required
def employer_merge(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(employer: Employer, form) -> Employer:
        data = form.cleaned_data
        new_employer = form.employer_data() if data.get("name") else None
        return employer_services.employer_merge(
            sources=[employer, *data["other_sources"]],
            target=data.get("target"),
            new_employer=new_employer,
            effective_date=data["effective_date"],
            actor=request.user,
            note=data["note"],
        )

    return _employer_action(
        request,
        pk,
        form_class=forms.EmployerMergeForm,
        perform=perform,
        success=_("The employers have been merged."),
        heading=_("Merge employers"),
        explanation=_(
            "This employer, and any others you list, end on the effective date. Their "
            "grassroots unions move to the employer that takes over, which you either choose "
            "by code or describe as a new employer."
        ),
        submit=_("Merge"),
        form_kwargs=lambda employer: {
            "employers": _managed_active_employers(request).exclude(pk=employer.pk)
        },
    )


@login_required
def employer_split(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(employer: Employer, form) -> list[Employer]:
        return employer_services.employer_split(
            employer=employer,
            parts=form.parts(),
            union_parts=form.union_parts(),
            effective_date=form.cleaned_data["effective_date"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )

    return _employer_action(
        request,
        pk,
        form_class=forms.EmployerSplitForm,
        perform=perform,
        success=_("The employer has been split."),
        heading=_("Split the employer"),
        explanation=_(
            "The employer ends on the effective date and each of its grassroots unions moves "
            "to the new employer chosen for it."
        ),
        submit=_("Split"),
        form_kwargs=lambda employer: {
            "links": list(employer_links(employer).filter(valid_to__isnull=True))
        },
    )


@login_required
def employer_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(employer: Employer, form) -> Employer:
        return employer_services.employer_dissolve(
            employer=employer,
            receiver=form.cleaned_data.get("receiver"),
            effective_date=form.cleaned_data["effective_date"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )

    return _employer_action(
        request,
        pk,
        form_class=forms.EmployerDissolveForm,
        perform=perform,
        success=_("The employer has been dissolved."),
        heading=_("Dissolve the employer"),
        explanation=_(
            "The employer ends on the effective date. Its grassroots unions move to the "
            "employer you name, or stop being at an employer."
        ),
        submit=_("Dissolve"),
        form_kwargs=lambda employer: {
            "employers": _managed_active_employers(request).exclude(pk=employer.pk)
        },
    )


@login_required
def unit_employer_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link this grassroots union to an employer already in the registry, found by its code
    or its organisation or tax code."""
    unit = _visible_unit(request, pk)
    if not unit.is_grassroots:
        raise Http404
    _require(request, "unions.add_employer", unit)
    form = forms.UnitEmployerLinkForm(
        request.POST or None,
        user=request.user,
        unit=unit,
        employers=Employer.objects.filter(is_active=True),
    )
    if request.method == "POST" and form.is_valid():
        try:
            employer_services.employer_link_union(
                employer=form.cleaned_data["employer"],
                unit=unit,
                valid_from=form.cleaned_data["effective_date"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The grassroots union has been linked."))
            return redirect("unions:unit_detail", pk=unit.pk)
    return _employer_page(
        request,
        None,
        form,
        unit=unit,
        heading=_("Link an employer"),
        explanation=_(
            "Choose the employer by its code or its organisation or tax code. If it is not in "
            "the registry yet, record it instead."
        ),
        submit=_("Link"),
    )
