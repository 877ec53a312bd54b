"""A certificate as its public check finds it: by the code on it, and the act revoking it."""

from django.db.models import Q

from awards.codes import is_token, normalise_short_code
from awards.models import Certificate, Revocation


def revocation_of(certificate: Certificate) -> Revocation | None:
    """The act revoking the certificate, directly or with its whole decision; None if valid."""
    return (
        Revocation.objects.filter(
            Q(certificate=certificate)
            | Q(decision_id=certificate.recipient.decision_id, certificate__isnull=True)
        )
        .order_by("revoked_on", "pk")
        .first()
    )


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate behind a QR token or a typed short code; None when unknown."""
    code = (code or "").strip()
    if not code or len(code) > 64:
        return None
    queryset = Certificate.objects.select_related(
        "recipient__decision__issuer",
        "recipient__decision__round_decision__employer",
        "recipient__decision__award_type",
        "recipient__initiative",
    )
    if is_token(code):
        found = queryset.filter(token=code).first()
        if found is not None:
            return found
    return queryset.filter(short_code=normalise_short_code(code)).first()
