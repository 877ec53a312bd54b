"""Score sheets, one per council member and dossier, and the conflicts that keep a member away
from a dossier."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.enums import ConflictKind, SheetStatus
from awards.models.rounds import CouncilMember, RoundEntry
from awards.models.rubrics import Criterion, RubricVersion
from unions.models import Unit


class ScoreSheet(models.Model):
    """A member's scores for one dossier. It exists once the member is to score the dossier;
    submitted, it is locked unless the chair reopens it."""

    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="sheets")
    rubric_version = models.ForeignKey(
        RubricVersion, on_delete=models.PROTECT, related_name="sheets"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    overall_comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["entry", "member"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "member"], name="score_sheet_unique"),
        ]
        indexes = [models.Index(fields=["member", "status"], name="score_sheet_member_idx")]

    def __str__(self) -> str:
        return f"{self.member} – {self.entry.initiative}"

    @property
    def scope_unit(self) -> Unit:
        return self.entry.round.unit

    @property
    def is_submitted(self) -> bool:
        return self.status == SheetStatus.SUBMITTED


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sheet", "criterion__sort_order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_unique"),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0), name="score_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class Conflict(models.Model):
    """A member who may not score a dossier: automatic (author, same grassroots union) or
    declared with a reason."""

    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("kind"), max_length=12, choices=ConflictKind.choices)
    reason = models.TextField(_("reason"), blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["entry", "member"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "member"], name="conflict_unique"),
            models.CheckConstraint(
                condition=~Q(kind="declared") | ~Q(reason=""),
                name="declared_conflict_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_kind_display()}"
