"""The public checks of certificates (/xac-minh/): each one is logged with a salted hash of
the client, never its address, and each client may make a limited number a minute
(``settings.VERIFICATION_RATE_PER_MINUTE``), counted atomically per clock minute."""

import hashlib

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from awards.models import Certificate, VerificationCheck, VerificationRate
from awards.selectors.certificates import certificate_by_code


class TooManyChecks(ApplicationError):
    """The client has used up its checks for this minute; nothing was looked up or logged."""


def client_hash(address: str) -> str:
    """The client as the check log keeps it: its address hashed with the site's secret."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def _count_request(client: str) -> int:
    """Count one more request of ``client`` in the current minute and return the count, in a
    single INSERT … ON CONFLICT DO UPDATE … RETURNING (PostgreSQL and SQLite ≥ 3.35): the row
    is locked while it is counted, so parallel requests each get their own number. The rows of
    past minutes are deleted on the way (every time, so that a check costs the same queries
    whenever it comes)."""
    minute = timezone.now().replace(second=0, microsecond=0)
    table = connection.ops.quote_name(VerificationRate._meta.db_table)
    client_column, minute_column, requests_column = (
        connection.ops.quote_name(name) for name in ("client_hash", "minute", "requests")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({client_column}, {minute_column}, {requests_column}) "
            f"VALUES (%s, %s, 1) ON CONFLICT ({client_column}, {minute_column}) "
            f"DO UPDATE SET {requests_column} = {table}.{requests_column} + 1 "
            f"RETURNING {requests_column}",
            [client, connection.ops.adapt_datetimefield_value(minute)],
        )
        (count,) = cursor.fetchone()
    VerificationRate.objects.filter(minute__lt=minute).delete()
    return count


def verification_record(*, code: str, client_address: str) -> Certificate | None:
    """Look up the certificate a public visitor asks about and log the check.

    ``code`` is the short code or the token of the QR code; ``client_address`` the visitor's
    address, kept only as ``client_hash``. Returns the certificate of an issued decision, or
    None (unknown code, or a draft's certificate: it does not exist for the public). Raises
    TooManyChecks, logging nothing, when the client already made the allowed number of checks
    in this clock minute. Each write is one statement, atomic by itself (the count is an
    upsert): no transaction is opened, so a public page costs no savepoint.
    """
    client = client_hash(client_address)
    if _count_request(client) > settings.VERIFICATION_RATE_PER_MINUTE:
        raise TooManyChecks(
            _("You have checked many codes in a short time. Wait a minute, then try again.")
        )
    found = certificate_by_code(code)
    if found is not None and not found.recipient.decision.is_issued:
        found = None
    VerificationCheck.objects.create(certificate=found, found=found is not None, client_hash=client)
    return found
