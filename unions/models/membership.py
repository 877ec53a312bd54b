from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from unions.models.units import Unit


class Membership(models.Model):
    """A person's membership of one grassroots unit over a period; moving opens a new row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    valid_from = models.DateField(_("member since"))
    valid_to = models.DateField(_("member until"), null=True, blank=True)
    card_number = models.CharField(_("member card number"), max_length=32, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    qualification = models.CharField(_("qualification"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(valid_to__isnull=True), name="one_current_membership"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="membership_valid_period",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "valid_to"], name="membership_unit_idx")]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit}"

    @property
    def scope_unit(self) -> Unit:
        return self.unit
