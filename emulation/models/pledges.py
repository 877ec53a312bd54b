"""Emulation pledges (giao ước thi đua) of a block for a year: indicators with targets and
maximum scores, the signatory units, their self-reports with evidence, and the chair's scores."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation.enums import (
    IndicatorDirection,
    IndicatorSourceKind,
    PledgeStatus,
    ReportPeriod,
    ReportStatus,
)
from emulation.models.movements import EmulationBlock, Movement
from unions.models.units import Unit


class Pledge(models.Model):
    """A block's pledge for one year. Drafted by the block's managing unit or its chair, signed
    by the member units on ``signed_on``, reported on mid-year and at year end, then scored and
    closed; ``status`` changes only through the pledge services."""

    block = models.ForeignKey(
        EmulationBlock, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("block")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    movement = models.ForeignKey(
        Movement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("movement"),
    )
    title = models.CharField(_("title"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=PledgeStatus.choices, default=PledgeStatus.DRAFT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_at_place = models.CharField(_("signed at"), max_length=255, blank=True)
    signatories = models.ManyToManyField(
        Unit,
        through="PledgeSignatory",
        related_name="pledges_signed",
        blank=True,
        verbose_name=_("signatory units"),
    )
    flag_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit proposed for the emulation flag"),
    )
    flag_proposed_at = models.DateTimeField(_("flag proposed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("emulation pledge")
        verbose_name_plural = _("emulation pledges")
        ordering = ["-year", "block__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["block", "year"], name="pledge_per_year")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def scope_unit(self) -> Unit:
        return self.block.managing_unit


class PledgeIndicator(models.Model):
    """One shared indicator of a pledge. A computed one names a source registered in
    ``emulation.indicators``; a reported one is typed in by each unit."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("indicator"), max_length=255)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=2)
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=IndicatorDirection.choices,
        default=IndicatorDirection.HIGHER,
    )
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=IndicatorSourceKind.choices,
        default=IndicatorSourceKind.REPORTED,
    )
    computed_key = models.CharField(
        _("computed figure"),
        max_length=50,
        blank=True,
        help_text=_("Which registry figure a computed indicator uses."),
    )
    guidance = models.TextField(_("how it is measured"), blank=True)

    class Meta:
        verbose_name = _("pledge indicator")
        verbose_name_plural = _("pledge indicators")
        ordering = ["pledge", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gt=0), name="indicator_max_positive"),
            models.CheckConstraint(condition=Q(target__gte=0), name="indicator_target_positive"),
            models.CheckConstraint(
                condition=(
                    Q(source=IndicatorSourceKind.REPORTED, computed_key="")
                    | (Q(source=IndicatorSourceKind.COMPUTED) & ~Q(computed_key=""))
                ),
                name="indicator_computed_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self) -> Unit:
        return self.pledge.block.managing_unit

    @property
    def is_computed(self) -> bool:
        return self.source == IndicatorSourceKind.COMPUTED


class PledgeSignatory(models.Model):
    """A unit that signed the pledge."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="signatory_rows")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_title = models.CharField(_("title of the signer"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("signatory unit")
        verbose_name_plural = _("signatory units")
        ordering = ["pledge", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "unit"], name="pledge_signatory_once")
        ]

    def __str__(self) -> str:
        return f"{self.pledge} – {self.unit}"


class PledgeReport(models.Model):
    """A signatory unit's self-report for a period (mid-year or year end); the block chair
    cross-checks and scores its values once it is submitted."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="pledge_reports")
    period = models.CharField(_("period"), max_length=10, choices=ReportPeriod.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    as_of = models.DateField(
        _("figures as of"), help_text=_("The date the computed figures were counted up to.")
    )
    note = models.TextField(_("summary"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    total_score = models.DecimalField(
        _("total score"), max_digits=9, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("pledge report")
        verbose_name_plural = _("pledge reports")
        ordering = ["pledge", "period", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "unit", "period"], name="pledge_report_once")
        ]

    def __str__(self) -> str:
        return f"{self.pledge} – {self.unit} ({self.get_period_display()})"

    @property
    def scope_unit(self) -> Unit:
        return self.unit


class ReportValue(models.Model):
    """One indicator's value in a report: what the unit reported (or the registry computed,
    with how), and what the chair found on cross-checking and scored (never above the
    indicator's maximum)."""

    report = models.ForeignKey(PledgeReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(PledgeIndicator, on_delete=models.CASCADE, related_name="values")
    reported_value = models.DecimalField(
        _("reported value"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    explanation = models.TextField(_("how it was computed or measured"), blank=True)
    comment = models.TextField(_("comment of the unit"), blank=True)
    checked_value = models.DecimalField(
        _("value after cross-checking"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    score_note = models.TextField(_("note of the chair"), blank=True)

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        ordering = ["report", "indicator__position", "indicator__pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="report_value_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0), name="report_score_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.indicator}"


def _evidence_storage():
    return storages["private"]


def _evidence_path(instance: "ReportEvidence", filename: str) -> str:
    return f"pledges/{instance.report.pledge_id}/{instance.report_id}/{filename}"


class ReportEvidence(models.Model):
    """A document attached to a report as evidence (for one indicator, or the whole report).
    Kept in the private storage and served only through a permission-checked view."""

    report = models.ForeignKey(PledgeReport, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(
        PledgeIndicator, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file = models.FileField(_("file"), storage=_evidence_storage, upload_to=_evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def scope_unit(self) -> Unit:
        return self.report.unit


class PledgeEvent(models.Model):
    """One step of a pledge and its reports (signed, report submitted, scored, closed …)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="events")
    report = models.ForeignKey(
        PledgeReport, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("action"), max_length=30)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge event")
        verbose_name_plural = _("pledge events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pledge} {self.action}"


__all__ = [
    "Pledge",
    "PledgeEvent",
    "PledgeIndicator",
    "PledgeReport",
    "PledgeSignatory",
    "ReportEvidence",
    "ReportValue",
]
