"""A finished import: who ran it, when, on which file, with what counts, and the rows it wrote
(so that it can be undone while nothing depends on them)."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _private():
    return storages["private"]


class ImportKind(models.TextChoices):
    UNITS = "units", _("Units")
    MEMBERS = "members", _("Members")
    INITIATIVES = "initiatives", _("Past initiatives")
    AWARDS = "awards", _("Past awards")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("import status", "Waiting")
    RUNNING = "running", pgettext_lazy("import status", "Running")
    DONE = "done", pgettext_lazy("import status", "Finished")
    FAILED = "failed", pgettext_lazy("import status", "Failed")


class ImportBatch(models.Model):
    """One run of an import on one file: a check (dry run) or an import. An import that wrote
    rows can be undone while nothing depends on them."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.DONE
    )
    dry_run = models.BooleanField(_("check only"), default=False)
    valid_only = models.BooleanField(_("import only the valid rows"), default=False)
    scope = models.ForeignKey(
        "unions.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only under"),
    )
    # The uploaded file and the rejected rows stay private, like dossier attachments.
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", storage=_private, blank=True)
    rejected_file = models.FileField(
        _("rejected rows"), upload_to="imports/%Y/%m/", storage=_private, blank=True
    )
    checked_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    written_rows = models.PositiveIntegerField(_("rows written"), default=0)
    rows_to_write = models.PositiveIntegerField(_("rows to write"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    recorded = models.BooleanField(_("rows written"), default=False)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.file_name}"


class ImportedRow(models.Model):
    """One object an import created or changed; ``previous`` holds the values it replaced."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="written")
    model = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()
    created = models.BooleanField(default=False)
    previous = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id}"
