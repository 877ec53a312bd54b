"""Recognitions decided outside the registry (issue 13 §2): an officer records the employer's
decision for a dossier, a member registers a dossier the employer already recognised, and an
officer confirms or rejects it; the panel on the dossier page shows where it stands.

Dossiers outside the user's scope, and actions the user may not take, answer 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import private_file_response
from accounts.errors import ApplicationError
from awards.enums import ExternalRecognitionStatus
from awards.models import ExternalRecognition
from awards.recognition_forms import ExternalRecognitionForm, RejectRecognitionForm
from awards.selectors.recognitions import employers_under, recognition_of
from awards.services.recognitions import (
    RECORDABLE,
    REGISTRABLE,
    external_recognition_confirm,
    external_recognition_record,
    external_recognition_reject,
)
from awards.views import apply_error
from initiatives.models import Initiative
from initiatives.selectors import initiatives_visible_to
from unions.models import Employer
from unions.selectors.employers import employer_of

X = ExternalRecognitionStatus


def _dossier_url(pk: int) -> str:
    return reverse("initiatives:detail", args=[pk]) + "#recognition"


def _visible_initiative(request: HttpRequest, pk: int) -> Initiative:
    return get_object_or_404(initiatives_visible_to(request.user).select_related("unit"), pk=pk)


def _employers_for(initiative: Initiative) -> QuerySet[Employer]:
    """The employers the dossier may be recognised by: the one it is addressed to, else its
    grassroots union's, else any employer under its unit (none known: every active one)."""
    known = initiative.employer or employer_of(initiative.unit)
    if known is not None:
        return Employer.objects.filter(pk=known.pk)
    under = employers_under(initiative.unit)
    return under if under.exists() else Employer.objects.filter(is_active=True)


def _existing(initiative: Initiative) -> ExternalRecognition | None:
    return ExternalRecognition.objects.filter(initiative=initiative).first()


def _record_page(request: HttpRequest, pk: int, *, by_member: bool) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    permission = (
        "awards.register_external_recognition"
        if by_member
        else "awards.record_external_recognition"
    )
    if not request.user.has_perm(permission, initiative):
        raise Http404
    form = ExternalRecognitionForm(
        request.POST or None, request.FILES or None, employers=_employers_for(initiative)
    )
    if request.method == "POST" and form.is_valid():
        try:
            external_recognition_record(
                initiative=initiative,
                actor=request.user,
                data=form.data_for_service(),
                upload=form.cleaned_data["scan"],
                by_member=by_member,
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The employer's decision has been recorded. An officer of the union will "
                    "check it and confirm the recognition."
                ),
            )
            return redirect(_dossier_url(initiative.pk))
    return render(
        request,
        "awards/recognition_form.html",
        {"initiative": initiative, "form": form, "by_member": by_member},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def recognition_record(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer who receives dossiers records the employer's decision for a dossier."""
    return _record_page(request, pk, by_member=False)


@login_required
def recognition_register(request: HttpRequest, pk: int) -> HttpResponse:
    """An author registers a dossier the employer has already recognised, with the decision;
    a draft is submitted with it."""
    return _record_page(request, pk, by_member=True)


def _visible_record(request: HttpRequest, pk: int) -> ExternalRecognition:
    record = get_object_or_404(
        ExternalRecognition.objects.select_related("initiative__unit", "employer").filter(
            initiative__in=initiatives_visible_to(request.user)
        ),
        pk=pk,
    )
    return record


@login_required
@require_POST
def recognition_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    record = _visible_record(request, pk)
    if not request.user.has_perm("awards.confirm_external_recognition", record.initiative):
        raise Http404
    try:
        external_recognition_confirm(record=record, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The recognition is confirmed."))
    return redirect(_dossier_url(record.initiative_id))


@login_required
@require_POST
def recognition_reject(request: HttpRequest, pk: int) -> HttpResponse:
    record = _visible_record(request, pk)
    if not request.user.has_perm("awards.confirm_external_recognition", record.initiative):
        raise Http404
    form = RejectRecognitionForm(request.POST)
    if form.is_valid():
        try:
            external_recognition_reject(
                record=record, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The recorded decision has been rejected."))
    else:
        messages.error(request, _("Give the reasons."))
    return redirect(_dossier_url(record.initiative_id))


@login_required
def recognition_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """The scan of the employer's decision, for readers of the dossier."""
    record = _visible_record(request, pk)
    if not request.user.has_perm("initiatives.view_initiative", record.initiative):
        raise Http404
    if not record.scan:
        raise Http404
    return private_file_response(
        record.scan, filename=record.scan_name, content_type=record.scan_type
    )


def recognition_panel(request: HttpRequest, initiative: Initiative) -> str:
    """The section of the dossier page on the recognition at the base: who recognised it, the
    employer's decision waiting for confirmation (with the officer's buttons), a rejection, and
    the links to record or register the employer's decision."""
    user = request.user
    recognition = recognition_of(initiative) if initiative.status == "recognised" else None
    record = _existing(initiative)
    can_check = record is not None and user.has_perm(
        "awards.confirm_external_recognition", initiative
    )
    free = record is None or record.status == X.REJECTED
    can_record = (
        free
        and initiative.status in RECORDABLE
        and user.has_perm("awards.record_external_recognition", initiative)
    )
    can_register = (
        free
        and initiative.status in REGISTRABLE
        and user.has_perm("awards.register_external_recognition", initiative)
    )
    if not (recognition or record or can_record or can_register):
        return ""
    return render_to_string(
        "awards/_recognition_panel.html",
        {
            "initiative": initiative,
            "recognition": recognition,
            "record": record,
            "can_check": can_check and record.status == X.RECORDED,
            "can_record": can_record,
            "can_register": can_register,
            "reject_form": RejectRecognitionForm(auto_id="id_reject_%s"),
        },
        request=request,
    )
