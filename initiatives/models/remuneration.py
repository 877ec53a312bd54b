"""Author remuneration (thù lao) recorded where it was paid: Decree 13/2012/NĐ-CP Art. 10 lets
the owner of a recognised initiative that applies it pay its authors (and those who took part
in the first application) a share of the benefit. The registry keeps what was paid, by whom
and when, per dossier and, where the payment went to one author, for that author."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives.models.dossier import Initiative, InitiativeAuthor


class Remuneration(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="remunerations"
    )
    author = models.ForeignKey(
        InitiativeAuthor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="remunerations",
        verbose_name=_("author"),
        help_text=_("Empty: paid to the authors together."),
    )
    # The author's name as it was when the payment was recorded.
    author_name = models.CharField(_("paid to"), max_length=200, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("amount (đồng)"))
    paid_on = models.DateField(_("paid on"))
    payer = models.CharField(_("paid by"), max_length=255)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("author remuneration")
        verbose_name_plural = _("author remunerations")
        ordering = ["initiative", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_vnd__gt=0), name="remuneration_amount_positive"
            ),
            models.CheckConstraint(condition=~Q(payer=""), name="remuneration_has_payer"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} – {self.amount_vnd}"
