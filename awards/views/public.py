"""The public verification of certificates, without sign-in: a form to type the short code, and
the page a QR code leads to. It shows the holder's name, the award, the issuer, the decision's
number and date, the initiative's title where there is one, and whether the certificate is
valid or was revoked (with the date) — nothing else. Every check is logged with a hash of the
client, and each client may check a limited number of codes a minute: the service
``awards.services.verification.verification_record`` does both."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.client_address import client_address
from awards.codes import normalise_short_code
from awards.forms import VerificationForm
from awards.selectors.certificates import revocation_of
from awards.services.verification import TooManyChecks, verification_record


def _slow_down(request: HttpRequest) -> HttpResponse:
    response = render(request, "awards/verification_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


@never_cache
@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """The form; a typed code goes to its page."""
    form = VerificationForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect(
            "verification:certificate", code=normalise_short_code(form.cleaned_data["code"])
        )
    return render(request, "awards/verification_lookup.html", {"form": form})


@never_cache
@require_GET
def certificate(request: HttpRequest, code: str) -> HttpResponse:
    try:
        found = verification_record(code=code, client_address=client_address(request))
    except TooManyChecks:
        return _slow_down(request)
    if found is None:
        raise Http404
    recipient = found.recipient
    decision = recipient.decision
    context = {
        "holder": recipient.name,
        "award": decision.award_type.name,
        "issuer": (
            decision.round_decision.employer.name
            if decision.round_decision is not None and decision.round_decision.is_employers
            else decision.issuer.name
        ),
        "number": decision.number,
        "decided_on": decision.decided_on,
        "initiative_title": recipient.initiative.title if recipient.initiative else "",
        "revocation": revocation_of(found),
        "short_code": found.short_code,
    }
    response = render(request, "awards/verification_result.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
