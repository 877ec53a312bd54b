"""Award decisions for officers: the list of decisions of their units, writing a draft (issuer,
award, date, signer, grounds, recipients with their eligibility), issuing it, following the
generation of its certificates, downloading them, and revoking a certificate or the whole
decision. The holder of a certificate downloads their own.

Objects outside the user's scope answer 404; a viewer reads what an officer may change.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_visible_or_404, private_file_response
from accounts.errors import ApplicationError
from accounts.query_params import int_param
from awards.certificates import certificate_filename, certificate_progress, generate_certificates
from awards.enums import AwardDecisionStatus
from awards.forms import (
    AwardDecisionForm,
    IssueForm,
    RecipientPersonForm,
    RecipientUnitForm,
    RevocationForm,
)
from awards.models import AwardDecision, AwardType, Certificate
from awards.selectors.decisions import (
    INITIATIVE_MATCHES,
    award_decision_list,
    award_decisions_visible_to,
    award_types_issuable_by,
    certificates_visible_to,
    closed_rounds_under,
    decision_recipients,
    decision_revocations,
    initiative_search,
    initiatives_under,
    recipients_eligibility,
    units_under,
)
from awards.services import honours as services
from awards.views import apply_error
from unions.enums import Capability
from unions.selectors import own_unit, units_visible_to

PAGE_SIZE = 25


def visible_decision(request: HttpRequest, pk: int) -> AwardDecision:
    """The decision ``pk`` if the user may read it; 404 otherwise."""
    return get_visible_or_404(
        award_decisions_visible_to(request.user),
        request.user,
        "awards.view_award_decision",
        pk=pk,
    )


def _changeable(request: HttpRequest, pk: int) -> AwardDecision:
    """The decision, for someone who may issue awards of its unit (403 for a mere reader)."""
    decision = visible_decision(request, pk)
    if not request.user.has_perm("awards.issue_award", decision):
        raise PermissionDenied
    return decision


# --- the list and a new draft --------------------------------------------------------------


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.has_perm("awards.view_award_decision") or user.has_perm("awards.issue_award")):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in AwardDecisionStatus.values:
        status = ""
    year = int_param(request.GET.get("year", ""))
    award_type = int_param(request.GET.get("award_type", ""))
    decisions = award_decision_list(user, status=status, year=year, award_type_id=award_type)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/award_list.html",
        {
            "page": page,
            "statuses": AwardDecisionStatus.choices,
            "status": status,
            "year": year or "",
            "award_types": list(AwardType.objects.order_by("sort_order", "name")),
            "award_type": award_type,
            "can_create": user.has_perm("awards.issue_award"),
        },
    )


@login_required
def decision_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("awards.issue_award"):
        raise PermissionDenied
    issuers = units_visible_to(user, Capability.ISSUE_AWARDS).filter(is_active=True)
    code = (request.POST.get("issuer") or request.GET.get("issuer") or "").strip()
    if not code and request.method != "POST":
        # The officer's own unit to start with.
        own = own_unit(user, Capability.ISSUE_AWARDS, issuers)
        code = own.code if own is not None else ""
    issuer = issuers.filter(code=code).first() if code else None
    if issuer is not None:
        kinds = {issuer.kind}
        rounds = closed_rounds_under(issuer)
    else:
        kinds = set(issuers.order_by().values_list("kind", flat=True).distinct())
        rounds = closed_rounds_under(issuers)
    form = AwardDecisionForm(
        request.POST or None,
        issuers=issuers,
        award_types=award_types_issuable_by(kinds),
        rounds=rounds,
        initial={"issuer": code} if code else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.award_decision_create(
                issuer=form.cleaned_data["issuer"], actor=user, **form.values()
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request, _("The draft decision has been saved. Add its recipients, then issue it.")
            )
            return redirect("honours:decision_detail", pk=decision.pk)
    return render(
        request,
        "awards/award_form.html",
        {"form": form, "decision": None, "issuer": issuer},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _changeable(request, pk)
    if decision.is_issued:
        messages.error(request, _("An issued decision cannot change; revoke it instead."))
        return redirect("honours:decision_detail", pk=pk)
    initial = {
        name: getattr(decision, name)
        for name in ("decided_on", "signer_name", "signer_title", "grounds")
    }
    form = AwardDecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_decision_update(
                decision=decision, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The draft decision has been saved."))
            return redirect("honours:decision_detail", pk=pk)
    return render(
        request,
        "awards/award_form.html",
        {"form": form, "decision": decision, "issuer": decision.issuer},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _changeable(request, pk)
    try:
        services.award_decision_delete(decision=decision, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("honours:decision_detail", pk=pk)
    messages.success(request, _("The draft decision has been deleted."))
    return redirect("honours:decision_list")


# --- the decision page ---------------------------------------------------------------------


def _certificate_of(recipient):
    return getattr(recipient, "certificate", None)


def _decision_context(request: HttpRequest, decision: AwardDecision, **forms) -> dict:
    user = request.user
    can_change = user.has_perm("awards.issue_award", decision)
    recipients = list(decision_recipients(decision))
    eligibility = recipients_eligibility(decision, recipients)
    revocations = list(decision_revocations(decision))
    whole = next((r for r in revocations if r.certificate_id is None), None)
    by_certificate = {}
    for revocation in revocations:
        if revocation.certificate_id is not None:
            by_certificate.setdefault(revocation.certificate_id, revocation)
    for recipient in recipients:
        recipient.eligibility = eligibility[recipient.pk]
        certificate = _certificate_of(recipient)
        recipient.cert = certificate
        own = by_certificate.get(certificate.pk) if certificate else None
        acts = [act for act in (own, whole) if act is not None]
        recipient.revocation = min(acts, key=lambda act: (act.revoked_on, act.pk)) if acts else None
        recipient.can_download = bool(
            certificate
            and certificate.file
            and user.has_perm("awards.download_certificate", certificate)
        )
    context = {
        "decision": decision,
        "recipients": recipients,
        "has_rules": any(r.eligibility.checks for r in recipients),
        "revocations": revocations,
        "whole_revocation": whole,
        "can_change": can_change and not decision.is_issued,
    }
    if not decision.is_issued:
        if can_change:
            context.update(_draft_forms(request, decision, forms))
        return context
    progress = certificate_progress(decision)
    context["progress"] = progress
    context["can_regenerate"] = can_change and progress["ready"] < progress["total"]
    can_revoke = whole is None and user.has_perm("awards.revoke_award", decision)
    if can_revoke:
        revoked = [r.certificate_id for r in revocations if r.certificate_id]
        certificates = (
            Certificate.objects.filter(recipient__decision=decision)
            .exclude(pk__in=revoked)
            .select_related("recipient")
        )
        context["revoke_form"] = forms.get("revoke_form") or RevocationForm(
            certificates=certificates
        )
    return context


def _initiative_matches(request: HttpRequest, decision: AwardDecision) -> tuple[str, list, bool]:
    """The search for the initiative a person is rewarded for (``initiative_q``, in the
    query string of the page or posted with the form): the query, the dossiers of the issuer's
    subtree it found, and whether there were more than shown."""
    query = (request.GET.get("initiative_q") or request.POST.get("initiative_q") or "").strip()
    query = query[:200]
    found = initiative_search(decision.issuer, query) if query else []
    return query, found[:INITIATIVE_MATCHES], len(found) > INITIATIVE_MATCHES


def _draft_forms(request: HttpRequest, decision: AwardDecision, forms: dict) -> dict:
    allowed = decision.award_type.recipient_kind
    context = {
        "issue_form": forms.get("issue_form") or IssueForm(auto_id="id_issue_%s"),
        "can_add_from_round": decision.source_round_id is not None and allowed != "collective",
    }
    if allowed != "collective":
        query, matches, more = _initiative_matches(request, decision)
        context["initiative_query"] = query
        context["initiative_matches"] = len(matches)
        context["initiative_more"] = more
        context["person_form"] = forms.get("person_form") or RecipientPersonForm(
            initiatives=initiatives_under(decision.issuer),
            matches=matches,
            auto_id="id_person_%s",
        )
    if allowed != "individual":
        context["unit_form"] = forms.get("unit_form") or RecipientUnitForm(
            units=units_under(decision.issuer), auto_id="id_unit_%s"
        )
    return context


def _render_decision(request: HttpRequest, decision: AwardDecision, status=200, **forms):
    context = _decision_context(request, decision, **forms)
    return render(request, "awards/award_detail.html", context, status=status)


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_decision(request, visible_decision(request, pk))


# --- recipients of a draft -----------------------------------------------------------------


@login_required
@require_POST
def recipient_add_person(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _changeable(request, pk)
    _query, matches, _more = _initiative_matches(request, decision)
    form = RecipientPersonForm(
        request.POST,
        initiatives=initiatives_under(decision.issuer),
        matches=matches,
        auto_id="id_person_%s",
    )
    if form.is_valid():
        try:
            recipient = services.recipient_add_person(
                decision=decision,
                actor=request.user,
                name=form.cleaned_data["name"],
                user=form.cleaned_data["person"],
                initiative=form.cleaned_data["initiative"],
                tier=form.cleaned_data["tier"],
                direct_production=form.cleaned_data["direct_production"],
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request, _("%(name)s has been added to the recipients.") % {"name": recipient.name}
            )
            return redirect("honours:decision_detail", pk=pk)
    return _render_decision(request, decision, status=400, person_form=form)


@login_required
@require_POST
def recipient_add_unit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _changeable(request, pk)
    form = RecipientUnitForm(request.POST, units=units_under(decision.issuer), auto_id="id_unit_%s")
    if form.is_valid():
        try:
            recipient = services.recipient_add_unit(
                decision=decision, actor=request.user, unit=form.cleaned_data["unit"]
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request, _("%(name)s has been added to the recipients.") % {"name": recipient.name}
            )
            return redirect("honours:decision_detail", pk=pk)
    return _render_decision(request, decision, status=400, unit_form=form)


@login_required
@require_POST
def recipients_from_round(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _changeable(request, pk)
    try:
        added = services.recipients_from_round(decision=decision, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if added:
            messages.success(
                request,
                _("%(count)s authors of the round's recognised initiatives have been added.")
                % {"count": added},
            )
        else:
            messages.info(
                request, _("Every author of the round's recognised initiatives is a recipient.")
            )
    return redirect("honours:decision_detail", pk=pk)


@login_required
@require_POST
def recipient_remove(request: HttpRequest, pk: int, recipient_pk: int) -> HttpResponse:
    decision = _changeable(request, pk)
    recipient = get_object_or_404(decision.recipients.all(), pk=recipient_pk)
    try:
        services.recipient_remove(recipient=recipient, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s has been removed from the recipients.") % {"name": recipient.name}
        )
    return redirect("honours:decision_detail", pk=pk)


@login_required
@require_POST
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _changeable(request, pk)
    form = IssueForm(request.POST, auto_id="id_issue_%s")
    if form.is_valid():
        try:
            decision = services.award_decision_issue(
                decision=decision, actor=request.user, base_url=request.build_absolute_uri("/")
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _("Decision No. %(number)s has been issued; its certificates are being made.")
                % {"number": decision.number},
            )
            return redirect("honours:decision_detail", pk=pk)
    return _render_decision(request, decision, status=400, issue_form=form)


# --- an issued decision: certificates and revocations --------------------------------------


@login_required
@require_POST
def certificates_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the certificates that have no PDF yet (after a failure of the task worker)."""
    decision = _changeable(request, pk)
    if not decision.is_issued:
        raise Http404
    base_url = request.build_absolute_uri("/")
    transaction.on_commit(lambda: generate_certificates.enqueue(decision.pk, base_url))
    messages.success(request, _("The missing certificates are being made."))
    return redirect("honours:decision_detail", pk=pk)


@login_required
@require_POST
def decision_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    decision = visible_decision(request, pk)
    if not request.user.has_perm("awards.revoke_award", decision):
        raise PermissionDenied
    certificates = Certificate.objects.filter(recipient__decision=decision).select_related(
        "recipient"
    )
    form = RevocationForm(request.POST, certificates=certificates)
    if form.is_valid():
        try:
            services.certificate_revoke(decision=decision, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            apply_error(form, error)
        else:
            if form.cleaned_data["certificate"] is None:
                text = _("The whole decision has been revoked.")
            else:
                text = _("The certificate of %(name)s has been revoked.") % {
                    "name": form.cleaned_data["certificate"].recipient.name
                }
            messages.success(request, text)
            return redirect("honours:decision_detail", pk=pk)
    return _render_decision(request, decision, status=400, revoke_form=form)


@login_required
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF of a certificate, for officers and viewers of the issuer and for its holder."""
    certificate = get_visible_or_404(
        certificates_visible_to(request.user),
        request.user,
        "awards.download_certificate",
        pk=pk,
    )
    if not certificate.file:
        raise Http404
    return private_file_response(
        certificate.file, filename=certificate_filename(certificate), content_type="application/pdf"
    )
