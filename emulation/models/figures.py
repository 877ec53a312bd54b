from django.db import models
from django.utils.translation import gettext_lazy as _

from unions.models import Unit

ALL_YEARS = 0


class UnitFigure(models.Model):
    """One figure of the registry for one unit and one year, kept by ``emulation.rollup``.

    ``name`` is the figure's dotted place in ``registry_figures`` (``initiatives.by_status.
    recognised``, ``awards.verified_benefit_vnd``…) or an internal part of one (names starting
    with ``_``); ``year`` is the year asked for, 0 for all years. ``own_value`` counts the
    records of the unit itself, ``subtree_value`` those of its whole subtree (itself included):
    a unit's, a province's and the nation's figures are each one indexed read.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("figure"), max_length=150)
    own_value = models.BigIntegerField(_("value of the unit itself"), default=0)
    subtree_value = models.BigIntegerField(_("value of the subtree"), default=0)

    class Meta:
        verbose_name = _("unit figure")
        verbose_name_plural = _("unit figures")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "name"], name="unit_figure_key"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.name}={self.subtree_value}"


class FigureRefresh(models.Model):
    """The one row that every refresh and rebuild of the figures locks first, so that two of
    them never apply the same change twice; it says when the figures were last brought up to
    date."""

    refreshed_at = models.DateTimeField(_("refreshed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("figure refresh")
        verbose_name_plural = _("figure refreshes")

    def __str__(self) -> str:
        return f"{self.refreshed_at}"
