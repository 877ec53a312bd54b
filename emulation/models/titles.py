"""Individual emulation titles of the year (Lao động tiên tiến, Chiến sĩ thi đua cơ sở): the
employer's decision as the union records it, with the facts the rules read, and the rules'
figures as data with their legal source."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation.enums import ConferringBody, IndividualTitle, TitleRuleKind, UnionTitle
from emulation.models.registrations import Registration
from unions.models.employers import Employer
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
    conferring_body = models.CharField(
        _("decided by"),
        max_length=12,
        choices=ConferringBody.choices,
        default=ConferringBody.EMPLOYER,
    )
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="titles_conferred",
        verbose_name=_("employer"),
        help_text=_("Whose head signed the decision (Luật Thi đua, khen thưởng 2022, Điều 80)."),
    )
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_title = models.CharField(_("title of the signer"), max_length=200, blank=True)
    months_worked = models.PositiveSmallIntegerField(
        _("months worked in the year"), null=True, blank=True
    )
    disciplined = models.BooleanField(_("disciplined in the year"), null=True, blank=True)
    leave_days = models.PositiveSmallIntegerField(
        _("days of leave in the year"), null=True, blank=True
    )
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


class TitleRule(models.Model):
    """A figure of the rules of a year-end title (10 months worked, fewer than 40 days of
    leave, the share of Chiến sĩ thi đua cơ sở among the advanced workers …) with the document
    and article it comes from. Inactive rows are not checked."""

    title = models.CharField(_("title"), max_length=30, choices=IndividualTitle.choices)
    kind = models.CharField(_("condition"), max_length=32, choices=TitleRuleKind.choices)
    value = models.DecimalField(_("figure"), max_digits=7, decimal_places=2, null=True, blank=True)
    legal_source = models.CharField(
        _("legal source"),
        max_length=255,
        help_text=_("The document number and article this condition comes from."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("rule of a title")
        verbose_name_plural = _("rules of the titles")
        ordering = ["title", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["title", "kind"], name="title_rule_once"),
            models.CheckConstraint(
                condition=models.Q(kind="not_disciplined") | models.Q(value__isnull=False),
                name="title_rule_has_figure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display()}: {self.get_kind_display()}"


class UnionTitleConferral(models.Model):
    """One of the union's own titles for a year ("Đoàn viên công đoàn xuất sắc" on a member,
    "Công đoàn cơ sở vững mạnh" on a grassroots union), conferred by the union on the strength
    of the registration that aimed for it."""

    title = models.CharField(_("title"), max_length=30, choices=UnionTitle.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    registration = models.ForeignKey(
        Registration,
        on_delete=models.PROTECT,
        related_name="union_titles",
        verbose_name=_("registration"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="union_titles",
        verbose_name=_("person"),
    )
    recipient_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="union_titles_received",
        verbose_name=_("union honoured"),
    )
    conferring_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="union_titles_conferred",
        verbose_name=_("conferring union"),
    )
    decision_number = models.CharField(_("decision number"), max_length=64)
    decided_on = models.DateField(_("date of the decision"))
    legal_source = models.CharField(_("legal source"), max_length=255, blank=True)
    conferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("union title")
        verbose_name_plural = _("union titles")
        ordering = ["-year", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "title", "year"], name="union_title_once_a_year"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(title="excellent_member", person__isnull=False)
                    & models.Q(recipient_unit__isnull=True)
                )
                | (
                    models.Q(title="strong_union", recipient_unit__isnull=False)
                    & models.Q(person__isnull=True)
                ),
                name="union_title_person_or_union",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display()} {self.year}"

    @property
    def scope_unit(self) -> Unit:
        return self.conferring_unit
