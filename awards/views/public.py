"""The public verification of certificates, without sign-in: a form to type the short code, and
the page a QR code leads to. It shows the holder's name, the award, the issuer, the decision's
number and date, the initiative's title where there is one, and whether the certificate is
valid or was revoked (with the date) — nothing else. Every check is logged with a hash of the
client, and each client may check a limited number of codes a minute."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from awards.codes import normalise_short_code
from awards.forms import VerificationForm
from awards.models import VerificationCheck
from awards.selectors.certificates import certificate_by_code, revocation_of


def _client_hash(request: HttpRequest) -> str:
    # The proxy in front of the app sets REMOTE_ADDR (or X-Forwarded-For, trusted there).
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def _too_many(client: str) -> bool:
    since = timezone.now() - timedelta(minutes=1)
    recent = VerificationCheck.objects.filter(client_hash=client, at__gte=since).count()
    return recent >= settings.VERIFICATION_RATE_PER_MINUTE


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
    client = _client_hash(request)
    if _too_many(client):
        return _slow_down(request)
    found = certificate_by_code(code)
    if found is not None and not found.recipient.decision.is_issued:
        found = None  # a draft's certificate does not exist for the public
    VerificationCheck.objects.create(certificate=found, found=found is not None, client_hash=client)
    if found is None:
        raise Http404
    recipient = found.recipient
    decision = recipient.decision
    context = {
        "holder": recipient.name,
        "award": decision.award_type.name,
        "issuer": decision.issuer.name,
        "number": decision.number,
        "decided_on": decision.decided_on,
        "initiative_title": recipient.initiative.title if recipient.initiative else "",
        "revocation": revocation_of(found),
        "short_code": found.short_code,
    }
    response = render(request, "awards/verification_result.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
