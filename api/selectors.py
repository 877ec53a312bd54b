"""Reads of the API app: tokens, and the organisation tree as it stood on a day."""

import hmac
from datetime import date

from django.db.models import Q, QuerySet

from accounts.models import User
from api.models import AccessToken
from api.services import TOKEN_START, token_hash
from unions.models import Unit, UnitVersion


def tokens_of(user: User) -> QuerySet[AccessToken]:
    """The person's tokens, newest first."""
    return AccessToken.objects.filter(owner=user).order_by("-created_at", "-pk")


def token_for_secret(secret: str) -> AccessToken | None:
    """The token whose clear text is ``secret`` (usable or not), with its owner; None when
    no token matches. The hash is compared in constant time."""
    parts = (secret or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_START or not parts[1] or len(parts[1]) > 16:
        return None
    token = AccessToken.objects.select_related("owner").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, token_hash(secret.strip())):
        return None
    return token


def versions_on(on: date) -> Q:
    """Unit versions in force on ``on``."""
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def children_on(unit: Unit | None, on: date) -> QuerySet[UnitVersion]:
    """The versions in force on ``on`` of the units that stood directly under ``unit`` that
    day (the top of the tree without a unit), with their units."""
    versions = UnitVersion.objects.filter(versions_on(on)).select_related("unit")
    if unit is None:
        return versions.filter(parent__isnull=True)
    return versions.filter(parent=unit)
