import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.enums import (
    AWAITING_DECISION_STATUSES,
    InitiativeField,
    InitiativeKind,
    InitiativeStatus,
    WorkType,
)
from unions.levels import Level
from unions.models import Employer, Unit


class Initiative(models.Model):
    """An application for recognition of an initiative (Decree 13/2012, Circular 18/2013).

    Fields follow the order of the legal form. ``status`` changes only through
    ``initiatives.services.initiative_transition``.
    """

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("unit asked to recognise it"),
    )
    unit_name_snapshot = models.CharField(
        _("name of the unit when submitted"), max_length=255, blank=True
    )
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("employer where it was created or applied"),
        help_text=_(
            "The agency, public service unit or enterprise asked to recognise the initiative "
            "(Decree 13/2012/NĐ-CP Art. 5.1)."
        ),
    )
    employer_name_snapshot = models.CharField(
        _("name of the employer when submitted"), max_length=255, blank=True
    )
    owner_name = models.CharField(
        _("owner or investor, if not the author"), max_length=255, blank=True
    )
    owner_address = models.CharField(_("address of the owner"), max_length=255, blank=True)
    title = models.CharField(_("title"), max_length=300)
    field = models.CharField(
        _("field of application"), max_length=32, choices=InitiativeField.choices, blank=True
    )
    kind = models.CharField(_("kind"), max_length=32, choices=InitiativeKind.choices, blank=True)
    work_type = models.CharField(
        _("kind of work"),
        max_length=16,
        choices=WorkType.choices,
        default=WorkType.INITIATIVE,
        help_text=_(
            "An initiative (Decree 13/2012/NĐ-CP), an experience initiative or a scientific "
            "research topic: the union's figures count them apart."
        ),
    )
    first_applied_on = models.DateField(
        _("date first applied or trial-applied"), null=True, blank=True
    )
    previous_state = models.TextField(_("previous state and its weaknesses"), blank=True)
    solution_purpose = models.TextField(_("purpose of the solution"), blank=True)
    solution_steps = models.TextField(_("steps of the solution"), blank=True)
    solution_novelty = models.TextField(_("what is new"), blank=True)
    application_conditions = models.TextField(_("conditions needed to apply it"), blank=True)
    other_applicants = models.TextField(_("who else could apply it"), blank=True)
    confidential_info = models.TextField(_("information to keep confidential"), blank=True)
    benefit_claimed = models.BigIntegerField(
        _("economic benefit claimed (VND per year)"), null=True, blank=True
    )
    benefit_basis = models.TextField(_("basis of calculation of the benefit"), blank=True)
    social_benefits = models.TextField(_("social benefits"), blank=True)
    first_application_participants = models.TextField(
        _("people who took part in the first application"), blank=True
    )

    status = models.CharField(
        _("status"), max_length=20, choices=InitiativeStatus.choices, default=InitiativeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="initiatives_created",
        verbose_name=_("entered by"),
    )
    entered_on_behalf = models.BooleanField(
        _("entered by an officer on a member's behalf"), default=False
    )
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    receipt_year = models.PositiveIntegerField(_("receipt year"), null=True, blank=True)
    receipt_sequence = models.PositiveIntegerField(_("receipt sequence"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=32, blank=True)
    decision_due = models.DateField(_("decision due by"), null=True, blank=True)
    late_acceptance_reason = models.TextField(
        _("reason for accepting after the one-year limit"), blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_document = models.TextField(
        _("search text"),
        blank=True,
        default="",
        editable=False,
        help_text=_(
            "Title, receipt number, unit, employer, authors and description without diacritics, "
            "kept by the services for the search box."
        ),
    )
    # What the public bank sorts and filters on (issue 14 §4), written by the services when the
    # dossier is recognised, when a round that recognised it closes and when the employer's own
    # decision is confirmed (``initiatives.standing.initiative_bank_standing_set``).
    recognised_year = models.PositiveSmallIntegerField(
        _("year recognised"), null=True, blank=True, editable=False
    )
    highest_level = models.PositiveSmallIntegerField(
        _("highest level reached"), choices=Level.choices, null=True, blank=True, editable=False
    )
    province = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        db_index=False,  # the bank's index (province, year, id) serves it
        related_name="+",
        verbose_name=_("province or central sector"),
    )
    # Who changed which field and when (issue 16), read on the dossier's change history page
    # (``initiatives.selectors.dossier_changes``). Left out: what the services derive (search
    # text, bank standing) and the save time the history row carries anyway.
    history = HistoricalRecords(
        excluded_fields=[
            "search_document",
            "recognised_year",
            "highest_level",
            "province",
            "updated_at",
        ],
        user_related_name="+",
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(benefit_claimed__isnull=True) | Q(benefit_claimed__gte=0),
                name="initiative_benefit_not_negative",
                violation_error_message=_("The benefit cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["unit", "receipt_year", "receipt_sequence"],
                condition=Q(receipt_sequence__isnull=False),
                name="initiative_receipt_unique_per_unit_year",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="initiative_unit_status_idx"),
            models.Index(fields=["status", "decision_due"], name="initiative_due_idx"),
            models.Index(fields=["created_by", "-updated_at"], name="initiative_creator_idx"),
            # One index per sort of the inbox: PostgreSQL only, migration 0011 (SQLite
            # cannot index NULLS LAST).
            # The public bank: recognised dossiers, newest recognition first, alone or within
            # a province or a level (issue 14 §4).
            models.Index(
                fields=["-recognised_year", "-id"],
                condition=Q(status=InitiativeStatus.RECOGNISED),
                name="initiative_bank_idx",
            ),
            models.Index(
                fields=["province", "-recognised_year", "-id"],
                condition=Q(status=InitiativeStatus.RECOGNISED),
                name="initiative_bank_province_idx",
            ),
            models.Index(
                fields=["highest_level", "-recognised_year", "-id"],
                condition=Q(status=InitiativeStatus.RECOGNISED),
                name="initiative_bank_level_idx",
            ),
            # The field and kind filters; the field's also serves the search, where a word
            # may name a field ("dien" finds the electrical field) beside the trigram index.
            models.Index(
                fields=["field", "-recognised_year", "-id"],
                condition=Q(status=InitiativeStatus.RECOGNISED),
                name="initiative_bank_field_idx",
            ),
            models.Index(
                fields=["kind", "-recognised_year", "-id"],
                condition=Q(status=InitiativeStatus.RECOGNISED),
                name="initiative_bank_kind_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def awaits_decision(self) -> bool:
        """Accepted or under review: the decision is still due (a decided dossier's due date
        no longer matters)."""
        return self.status in AWAITING_DECISION_STATUSES

    @property
    def addressee_name(self) -> str:
        """Whom the application is addressed to ("Kính gửi", Circular 18/2013/TT-BKHCN
        Appendix I): the employer as named when submitted, else its name today; dossiers from
        before employers were recorded fall back to the unit."""
        if self.employer_name_snapshot:
            return self.employer_name_snapshot
        if self.employer_id is not None:
            return self.employer.name
        return self.unit.name

    @property
    def scope_unit(self) -> Unit:
        return self.unit


class InitiativeAuthor(models.Model):
    """One author row: a registered member or an outside person, with a contribution share."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiative_authorships",
        verbose_name=_("registered member"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    job_title = models.CharField(_("position"), max_length=150, blank=True)
    qualification = models.CharField(_("qualification"), max_length=150, blank=True)
    contribution = models.DecimalField(_("contribution (%)"), max_digits=5, decimal_places=2)
    history = HistoricalRecords(user_related_name="+")

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["initiative", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contribution__gt=0) & Q(contribution__lte=100),
                name="author_contribution_range",
                violation_error_message=_("A contribution lies between 0 and 100%."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def scope_unit(self) -> Unit:
        return self.initiative.unit


def _private_storage():
    return storages["private"]


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never reuses the uploaded one: no path tricks, no guessable names.
    return f"initiatives/{instance.initiative_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), storage=_private_storage, upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    is_public = models.BooleanField(
        _("public in the initiative bank"),
        default=False,
        help_text=_(
            "Anyone may download this file from the public bank once the initiative is "
            "recognised. Leave it off for files holding personal or confidential information."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["initiative", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def scope_unit(self) -> Unit:
        return self.initiative.unit


class InitiativeTransition(models.Model):
    """One step of the lifecycle: who, when, from, to and why."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(
        _("from"), max_length=20, choices=InitiativeStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=InitiativeStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("initiative transition")
        verbose_name_plural = _("initiative transitions")
        ordering = ["initiative", "at", "pk"]
        indexes = [models.Index(fields=["initiative", "at"], name="transition_history_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="transition_moves"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_status} → {self.to_status}"


class SimilarInitiative(models.Model):
    """A dossier found alike when ``initiative`` was submitted or its title changed.

    Computed once by ``initiatives.services.similar_refresh`` through the trigram index, read
    back (in both directions) on the dossier page and the preview, so no page compares titles.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="similar_found"
    )
    other = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="similar_to")
    similarity = models.FloatField(_("similarity"))

    class Meta:
        verbose_name = _("similar initiative")
        verbose_name_plural = _("similar initiatives")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "other"], name="similar_pair_once"),
            models.CheckConstraint(condition=~Q(initiative=F("other")), name="similar_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} ~ {self.other_id} ({self.similarity:.2f})"

    @property
    def scope_unit(self) -> Unit:
        return self.initiative.unit
