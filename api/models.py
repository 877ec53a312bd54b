"""Personal access tokens for the open API, and the log of their uses.

A token is shown once when it is created: the database keeps its prefix (to find it) and the
SHA-256 of the whole token (to check it), never the token itself."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_tokens",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(_("hash of the token"), max_length=64)
    read_only = models.BooleanField(_("read only"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="access_token_expires_after_creation",
            )
        ]
        indexes = [models.Index(fields=["owner", "-created_at"], name="access_token_owner_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and self.expires_at > at


class AccessTokenUse(models.Model):
    """One request made with a token: when, what and from which client (hashed)."""

    token = models.ForeignKey(
        AccessToken, on_delete=models.CASCADE, related_name="uses", verbose_name=_("token")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=255)
    client_hash = models.CharField(_("client"), max_length=64)

    class Meta:
        verbose_name = _("use of a token")
        verbose_name_plural = _("uses of tokens")
        indexes = [models.Index(fields=["token", "-at"], name="access_token_use_idx")]

    def __str__(self) -> str:
        return f"{self.token_id} {self.method} {self.path}"
