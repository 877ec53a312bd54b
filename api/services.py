"""Writes of the API app: personal access tokens (create, revoke) and the log of their uses."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from api.models import AccessToken, AccessTokenUse

TOKEN_START = "dkt"  # "đăng ký thi đua": tells a leaked token apart in logs and scanners
PREFIX_BYTES = 6
SECRET_BYTES = 32
MAX_LIFETIME_DAYS = 366
MAX_ACTIVE_TOKENS = 20


def token_hash(token: str) -> str:
    """What the database keeps of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class CreatedToken:
    """A new token and its only showing in clear."""

    token: AccessToken
    secret: str


@transaction.atomic
def token_create(*, owner: User, name: str, expires_on: date, read_only: bool) -> CreatedToken:
    """Create a personal access token for ``owner``, valid until the end of ``expires_on``
    (local time), read-only or read-write. Returns the token in clear, to show once; only its
    prefix and hash are stored. Raises ApplicationError on a blank name, a past day, a day
    more than a year away or too many active tokens."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the token a name."), field="name")
    today = timezone.localdate()
    if expires_on <= today:
        raise ApplicationError(_("The expiry date must be after today."), field="expires_on")
    if expires_on > today + timedelta(days=MAX_LIFETIME_DAYS):
        raise ApplicationError(_("A token may last one year at most."), field="expires_on")
    User.objects.select_for_update().filter(pk=owner.pk).first()
    now = timezone.now()
    active = AccessToken.objects.filter(
        owner=owner, revoked_at__isnull=True, expires_at__gt=now
    ).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise ApplicationError(
            _("You already have %(count)s active tokens: revoke one first.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    prefix = secrets.token_hex(PREFIX_BYTES)
    secret = f"{TOKEN_START}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    expires_at = timezone.make_aware(datetime.combine(expires_on + timedelta(days=1), time.min))
    token = AccessToken.objects.create(
        owner=owner,
        name=name[:100],
        prefix=prefix,
        secret_hash=token_hash(secret),
        read_only=read_only,
        created_at=now,
        expires_at=expires_at,
    )
    return CreatedToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, token: AccessToken, actor: User) -> AccessToken:
    """Revoke ``token`` now. Only its owner may; revoking twice changes nothing."""
    token = AccessToken.objects.select_for_update().get(pk=token.pk)
    if token.owner_id != actor.pk:
        raise ApplicationError(_("You may only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_use_record(
    *, token: AccessToken, method: str, path: str, client_hash: str
) -> AccessTokenUse:
    """Log one request made with ``token`` and remember when it was last used. Two
    statements, no transaction: each is atomic by itself and the log is best kept even when
    the request fails later."""
    now = timezone.now()
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    return AccessTokenUse.objects.create(
        token=token, at=now, method=method[:8], path=path[:255], client_hash=client_hash
    )
