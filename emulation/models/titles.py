"""Individual emulation titles conferred at year end by a grassroots union on its members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation.enums import IndividualTitle
from emulation.models.registrations import Registration
from unions.models.units import Unit


class TitleConferral(models.Model):
    """A title (Lao động tiên tiến, Chiến sĩ thi đua cơ sở) conferred on a member for a year.

    ``checks`` keeps the rules as they were evaluated when it was conferred (rule, figure found,
    passed), so the record explains itself later. ``exception_reason`` records why a title was
    conferred although a rule failed (for example a recognised research topic instead of an
    initiative).
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="emulation_titles",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="titles_conferred",
        verbose_name=_("conferring unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=30, choices=IndividualTitle.choices)
    registration = models.ForeignKey(
        Registration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="titles_conferred",
        verbose_name=_("registration"),
    )
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decided_on = models.DateField(_("date of the decision"))
    checks = models.JSONField(_("rules checked"), default=list, blank=True)
    exception_reason = models.TextField(_("reason for the exception"), blank=True)
    conferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("individual title")
        verbose_name_plural = _("individual titles")
        ordering = ["-year", "unit__path", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year", "title"], name="title_once_a_year")
        ]
        indexes = [models.Index(fields=["unit", "year"], name="title_unit_year_idx")]

    def __str__(self) -> str:
        return f"{self.get_title_display()} {self.year} – {self.person}"

    @property
    def scope_unit(self) -> Unit:
        return self.unit
