from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from unions.enums import MembershipEndReason
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
    # The day the person joined the trade union (Ngày vào công đoàn), which may be long before
    # this row began; a move copies it. Empty: the start of the person's first row.
    joined_on = models.DateField(_("joined the union on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason the membership ended"),
        max_length=20,
        choices=MembershipEndReason.choices,
        blank=True,
        help_text=_("Empty when the membership ended by a move to another unit."),
    )
    end_note = models.CharField(_("note on the end"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        # The table keeps the name it had when the organisation lived in the emulation app.
        db_table = "emulation_membership"
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(valid_to__isnull=True), name="one_current_membership"
            ),
            # A card number belongs to one person across the country; their earlier rows keep
            # it too, so the database checks the current rows and the service the rest.
            models.UniqueConstraint(
                fields=["card_number"],
                condition=Q(valid_to__isnull=True) & ~Q(card_number=""),
                name="current_card_number_unique",
                violation_error_message=_("Another member already holds this card number."),
            ),
            models.CheckConstraint(
                condition=Q(end_reason="") | Q(valid_to__isnull=False),
                name="membership_end_reason_needs_end",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="membership_valid_period",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "valid_to"], name="membership_unit_idx"),
            models.Index(fields=["card_number"], name="membership_card_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit}"

    @property
    def scope_unit(self) -> Unit:
        return self.unit
