"""The economic benefit of a recognised initiative, year by year: what was claimed and, kept
apart, what a verifier found."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.enums import BenefitStatus, Scope
from initiatives.models import Initiative


class BenefitRecord(models.Model):
    """The benefit of one year of application. ``status`` and the verified fields change only
    through ``awards.benefits`` services."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="benefit_records"
    )
    year = models.PositiveSmallIntegerField(_("year of application"))
    claimed_vnd = models.BigIntegerField(_("claimed benefit (VND)"))
    status = models.CharField(
        _("status"), max_length=12, choices=BenefitStatus.choices, default=BenefitStatus.CLAIMED
    )
    verified_vnd = models.BigIntegerField(_("verified benefit (VND)"), null=True, blank=True)
    scope = models.CharField(
        _("scope of influence"), max_length=12, choices=Scope.choices, blank=True
    )
    method = models.TextField(_("method of verification"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Field-level history, shown with the dossier's changes (issue 16).
    history = HistoricalRecords(user_related_name="+")

    class Meta:
        verbose_name = _("benefit of a year")
        verbose_name_plural = _("benefits by year")
        ordering = ["initiative", "year"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "year"], name="benefit_year_unique"),
            models.CheckConstraint(
                condition=Q(claimed_vnd__gte=0), name="benefit_claimed_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(verified_vnd__isnull=True) | Q(verified_vnd__gte=0),
                name="benefit_verified_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} – {self.year}"

    @property
    def scope_unit(self):
        return self.initiative.unit


def _private_storage():
    return storages["private"]


def _evidence_path(instance: "BenefitEvidence", filename: str) -> str:
    return f"benefits/{instance.record_id}/{uuid.uuid4().hex}"


class BenefitEvidence(models.Model):
    record = models.ForeignKey(BenefitRecord, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), storage=_private_storage, upload_to=_evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence of benefit")
        verbose_name_plural = _("evidence of benefit")
        ordering = ["record", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def scope_unit(self):
        return self.record.initiative.unit
