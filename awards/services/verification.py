"""The public checks of certificates (/xac-minh/): each one is logged with a salted hash of
the client, never its address, and each client may make a limited number a minute
(``settings.VERIFICATION_RATE_PER_MINUTE``)."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from awards.models import Certificate, VerificationCheck
from awards.selectors.certificates import certificate_by_code


class TooManyChecks(ApplicationError):
    """The client has used up its checks for this minute; nothing was looked up or logged."""


def client_hash(address: str) -> str:
    """The client as the check log keeps it: its address hashed with the site's secret."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def verification_record(*, code: str, client_address: str) -> Certificate | None:
    """Look up the certificate a public visitor asks about and log the check.

    ``code`` is the short code or the token of the QR code; ``client_address`` the visitor's
    address, kept only as ``client_hash``. Returns the certificate of an issued decision, or
    None (unknown code, or a draft's certificate: it does not exist for the public). Raises
    TooManyChecks, logging nothing, when the client already made the allowed number of checks
    in the last minute. The one write is a single INSERT, atomic by itself: no transaction is
    opened, so a public page costs no savepoint.
    """
    client = client_hash(client_address)
    since = timezone.now() - timedelta(minutes=1)
    recent = VerificationCheck.objects.filter(client_hash=client, at__gte=since).count()
    if recent >= settings.VERIFICATION_RATE_PER_MINUTE:
        raise TooManyChecks(
            _("You have checked many codes in a short time. Wait a minute, then try again.")
        )
    found = certificate_by_code(code)
    if found is not None and not found.recipient.decision.is_issued:
        found = None
    VerificationCheck.objects.create(certificate=found, found=found is not None, client_hash=client)
    return found
