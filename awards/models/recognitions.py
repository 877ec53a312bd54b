"""Recognitions decided outside the registry: the employer's paper decision (Quyết định công
nhận sáng kiến, Decree 13/2012/NĐ-CP Art. 7) recorded by an officer or registered by the
member, checked and confirmed by an officer of the union (issue 13 §2)."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.enums import ExternalRecognitionStatus, Scope
from initiatives.models import Initiative
from unions.models import Employer, Unit


def _private_storage():
    return storages["private"]


def _scan_path(instance: "ExternalRecognition", filename: str) -> str:
    return f"recognitions/{instance.initiative_id}/{uuid.uuid4().hex}"


class ExternalRecognition(models.Model):
    """The employer's own decision recognising a dossier. ``status`` changes only through
    ``awards.services.recognitions``."""

    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.CASCADE,
        related_name="external_recognition",
        verbose_name=_("initiative"),
    )
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="external_recognitions",
        verbose_name=_("employer"),
    )
    decision_number = models.CharField(_("decision number"), max_length=64)
    decided_on = models.DateField(_("date of the decision"))
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_title = models.CharField(_("title of the signer"), max_length=200)
    scope = models.CharField(_("scope of influence"), max_length=12, choices=Scope.choices)
    scan = models.FileField(
        _("scan of the decision"), storage=_private_storage, upload_to=_scan_path
    )
    scan_name = models.CharField(_("file name"), max_length=255)
    scan_type = models.CharField(_("type"), max_length=100)
    scan_size = models.PositiveBigIntegerField(_("size in bytes"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExternalRecognitionStatus.choices,
        default=ExternalRecognitionStatus.RECORDED,
    )
    by_member = models.BooleanField(_("registered by the member"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)

    class Meta:
        verbose_name = _("recognition recorded from outside")
        verbose_name_plural = _("recognitions recorded from outside")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="external_recognition_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "employer"], name="ext_recognition_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} – {self.employer}"

    @property
    def scope_unit(self) -> Unit:
        return self.initiative.unit

    @property
    def is_confirmed(self) -> bool:
        return self.status == ExternalRecognitionStatus.CONFIRMED
