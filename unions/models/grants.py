from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unions.enums import Role
from unions.models.units import Unit


class RoleGrant(models.Model):
    """A role held on a unit, valid for the unit and its whole subtree over a period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Last day the grant holds.")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Who granted or ended which role and when (issue 16), on the unit's grant history page.
    history = HistoricalRecords(user_related_name="+")

    class Meta:
        # The table keeps the name it had when the organisation lived in the emulation app.
        db_table = "emulation_rolegrant"
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["unit", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="grant_valid_period",
                violation_error_message=_("A grant cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_to"], name="grant_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"

    @property
    def scope_unit(self) -> Unit:
        return self.unit
