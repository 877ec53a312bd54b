"""Scoring rubrics. A rubric keeps its versions; a version is frozen when its first score is
saved, so past scores always read against the criteria they were given under."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from unions.models import Unit


class Rubric(models.Model):
    """A named family of rubric versions, kept by a unit (none: shared by every unit)."""

    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rubrics",
        verbose_name=_("kept by"),
        help_text=_("Leave empty for a rubric every unit may use."),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self) -> Unit | None:
        return self.unit


class RubricVersion(ClusterableModel):
    """One version of a rubric: its criteria and its pass threshold."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="versions", verbose_name=_("rubric")
    )
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    pass_threshold = models.DecimalField(
        _("pass threshold (points)"), max_digits=6, decimal_places=2, default=Decimal("50")
    )
    note = models.CharField(_("what changed"), max_length=255, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("rubric version")
        verbose_name_plural = _("rubric versions")
        ordering = ["rubric__name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="rubric_version_unique"),
            models.CheckConstraint(
                condition=Q(pass_threshold__gte=0), name="rubric_threshold_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return _("%(rubric)s, version %(number)s") % {"rubric": self.rubric, "number": self.number}

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def scope_unit(self) -> Unit | None:
        return self.rubric.unit

    def max_total(self) -> Decimal:
        return sum((c.max_points * c.weight for c in self.criteria.all()), Decimal(0))


def validate_bands(value) -> None:
    if value in (None, ""):
        return
    if not isinstance(value, list) or not all(
        isinstance(b, dict) and {"min", "max"} <= set(b) for b in value
    ):
        raise ValidationError(_("Bands are a list of point ranges."))


class Criterion(models.Model):
    """One criterion: what is judged, how many points it is worth and how it counts."""

    version = ParentalKey(
        RubricVersion, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("version")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0, editable=False)
    name = models.CharField(_("criterion"), max_length=200)
    guidance = models.TextField(_("guidance for the council"), blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2, default=Decimal("1"))
    eliminatory = models.BooleanField(
        _("eliminatory"),
        default=False,
        help_text=_("A dossier whose median score on this criterion is 0 is eliminated."),
    )
    bands = models.JSONField(
        _("bands"), default=list, blank=True, validators=[validate_bands], editable=False
    )

    # Lets the admin's inline panel reorder the criteria.
    sort_order_field = "sort_order"

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["version", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def band_for(self, points: Decimal | None) -> dict | None:
        if points is None:
            return None
        for band in self.bands or []:
            if Decimal(str(band["min"])) <= points <= Decimal(str(band["max"])):
                return band
        return None
