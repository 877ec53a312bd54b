"""The benefit of a recognised initiative: the panel on the dossier page (years recorded, claimed
and verified values, who verified and how, the evidence), the page recording a year's claim, the
verifier's page and the download of evidence.

Everything is reached through a dossier the user may read; the rules ``awards.claim_benefit`` and
``awards.verify_benefit`` decide what they may do with it. Anything else answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import private_file_response
from accounts.errors import ApplicationError
from awards.eligibility import format_vnd
from awards.enums import COUNTED_BENEFIT, BenefitStatus
from awards.forms import BenefitClaimForm, BenefitVerifyForm
from awards.models import BenefitRecord
from awards.selectors.benefits import benefit_records_of, benefit_records_visible_to
from awards.services.benefits import benefit_claim, benefit_evidence_add, benefit_verify
from awards.views import apply_error
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from initiatives.selectors import initiatives_visible_to

BADGES = {
    BenefitStatus.CLAIMED: "badge",
    BenefitStatus.VERIFIED: "badge badge-ok",
    BenefitStatus.ADJUSTED: "badge badge-ok",
    BenefitStatus.REJECTED: "badge badge-ended",
}


def _row(record: BenefitRecord) -> dict:
    return {
        "record": record,
        "claimed": format_vnd(record.claimed_vnd),
        "verified": format_vnd(record.verified_vnd)
        if record.status != BenefitStatus.CLAIMED
        else "",
        "badge": BADGES.get(record.status, "badge"),
    }


def _dossier_url(initiative_id: int) -> str:
    return reverse("initiatives:detail", args=[initiative_id]) + "#benefits"


def benefits_panel(request: HttpRequest, initiative: Initiative) -> str:
    """The section of the dossier page; empty until the initiative is recognised."""
    if initiative.status != InitiativeStatus.RECOGNISED:
        return ""
    user = request.user
    can_claim = user.has_perm("awards.claim_benefit", initiative)
    can_verify = user.has_perm("awards.verify_benefit", initiative)
    records = benefit_records_of(initiative)
    if not records and not (can_claim or can_verify):
        return ""
    form = None
    if can_claim:
        form = BenefitClaimForm(initiative=initiative, records=records, auto_id="id_benefit_%s")
        if not form.fields["year"].choices:
            form = None  # every year is verified
    total = sum(r.verified_vnd or 0 for r in records if r.status in COUNTED_BENEFIT)
    return render_to_string(
        "awards/_benefits_panel.html",
        {
            "initiative": initiative,
            "rows": [_row(record) for record in records],
            "verified_total": format_vnd(total) if total else "",
            "can_verify": can_verify,
            "claim_form": form,
        },
        request=request,
    )


def _visible_initiative(request: HttpRequest, pk: int) -> Initiative:
    return get_object_or_404(initiatives_visible_to(request.user), pk=pk)


@login_required
def benefit_claim_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Record (or correct, while unverified) a year's claimed benefit, with optional evidence."""
    initiative = _visible_initiative(request, pk)
    if not request.user.has_perm("awards.claim_benefit", initiative):
        raise Http404
    records = benefit_records_of(initiative)
    form = BenefitClaimForm(
        request.POST or None, request.FILES or None, initiative=initiative, records=records
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                record = benefit_claim(
                    initiative=initiative,
                    year=form.cleaned_data["year"],
                    claimed_vnd=form.cleaned_data["claimed_vnd"],
                    actor=request.user,
                )
                if form.cleaned_data.get("evidence"):
                    benefit_evidence_add(
                        record=record, upload=form.cleaned_data["evidence"], actor=request.user
                    )
        except ApplicationError as error:
            apply_error(form, _alias(error, "upload", "evidence"))
        else:
            messages.success(
                request,
                _("The benefit of %(year)s has been recorded.") % {"year": record.year},
            )
            return redirect(_dossier_url(initiative.pk))
    return render(
        request,
        "awards/benefits_claim.html",
        {"initiative": initiative, "form": form, "records": records},
        status=400 if request.method == "POST" else 200,
    )


def _alias(error: ApplicationError, field: str, alias: str) -> ApplicationError:
    if error.field == field:
        error.field = alias
    return error


def _visible_record(request: HttpRequest, pk: int) -> BenefitRecord:
    return get_object_or_404(benefit_records_visible_to(request.user), pk=pk)


@login_required
def benefit_verify_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The verifier's finding on one year: verified, adjusted or rejected, with the method, the
    date, the scope of influence and evidence."""
    record = _visible_record(request, pk)
    if not request.user.has_perm("awards.verify_benefit", record):
        raise Http404
    initial = {}
    if record.status != BenefitStatus.CLAIMED:
        initial = {
            "status": record.status,
            "verified_vnd": record.verified_vnd,
            "method": record.method,
            "scope": record.scope,
            "verified_on": record.verified_on,
        }
    form = BenefitVerifyForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                record = benefit_verify(
                    record=record,
                    actor=request.user,
                    status=data["status"],
                    method=data["method"],
                    verified_on=data["verified_on"],
                    verified_vnd=data.get("verified_vnd"),
                    scope=data.get("scope") or "",
                )
                if data.get("evidence"):
                    benefit_evidence_add(record=record, upload=data["evidence"], actor=request.user)
        except ApplicationError as error:
            apply_error(form, _alias(error, "upload", "evidence"))
        else:
            messages.success(
                request,
                _("The finding on the benefit of %(year)s has been saved.") % {"year": record.year},
            )
            return redirect(_dossier_url(record.initiative_id))
    evidence = list(record.evidence.all())
    return render(
        request,
        "awards/benefits_verify.html",
        {
            "record": record,
            "row": _row(record),
            "initiative": record.initiative,
            "evidence": evidence,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def benefit_evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """Stream a piece of evidence from the private storage to a reader of the dossier."""
    record = _visible_record(request, pk)
    if not request.user.has_perm("initiatives.view_initiative", record.initiative):
        raise Http404
    evidence = get_object_or_404(record.evidence.all(), pk=evidence_pk)
    return private_file_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
