from django.db import models
from django.utils.translation import gettext_lazy as _

from unions.models.units import Unit


class UnitChange(models.Model):
    """A unit whose records changed (a dossier, a round, a decision, a registration… counted
    under it), or, without a unit, a change of the tree itself (a unit moved, merged, split).

    An append-only log written by the services in the same transaction as the change
    (``unions.changes.units_changed``): whatever keeps figures derived from units' records
    reads it from the oldest row and deletes what it has taken into account. The log knows
    nobody who reads it.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit change")
        verbose_name_plural = _("unit changes")

    def __str__(self) -> str:
        return f"{self.unit_id or '*'} {self.recorded_at:%d/%m/%Y %H:%M}"
