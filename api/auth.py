"""Personal access tokens as the API's authentication: ``Authorization: Bearer <token>``.

A token acts as its owner, with exactly their permissions. Unknown, expired and revoked tokens
answer 401; a read-only token may not write (403). Every accepted request is logged."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from api.limits import check_token_rate
from api.models import AccessToken
from api.problems import ApiProblem
from api.selectors import token_for_secret
from api.services import token_use_record
from awards.services.verification import client_hash

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _unauthorized(detail: str) -> ApiProblem:
    return ApiProblem("unauthorized", detail, headers={"WWW-Authenticate": "Bearer"})


def client_of(request: HttpRequest) -> str:
    # The proxy in front of the app sets REMOTE_ADDR (as for the verification page).
    return client_hash(request.META.get("REMOTE_ADDR", ""))


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> AccessToken:
        found = token_for_secret(token)
        if found is None:
            raise _unauthorized(_("This access token is not known."))
        if found.revoked_at is not None:
            raise _unauthorized(_("This access token has been revoked."))
        if found.expires_at <= timezone.now():
            raise _unauthorized(_("This access token has expired."))
        if not found.owner.is_active:
            raise _unauthorized(_("The account of this access token is disabled."))
        check_token_rate(found.pk)
        if found.read_only and request.method not in SAFE_METHODS:
            raise ApiProblem("forbidden", _("This access token may only read."))
        token_use_record(
            token=found,
            method=request.method or "",
            path=request.path,
            client_hash=client_of(request),
        )
        request.user = found.owner
        return found


token_auth = TokenAuth()
