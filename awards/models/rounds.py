"""Review rounds: one call at one unit, for one purpose, with its council, its dossiers and the
decision that ends it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.enums import (
    AssignmentMode,
    CouncilRole,
    DecisionNumbering,
    Outcome,
    RoundEventAction,
    RoundPurpose,
    RoundStatus,
    VoteBasis,
)
from awards.models.rubrics import RubricVersion
from initiatives.models import Initiative
from unions.models import Employer, Unit


class ReviewRound(models.Model):
    """A review round. ``status`` changes only through ``awards.services``."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="review_rounds",
        verbose_name=_("deciding unit"),
    )
    title = models.CharField(_("title"), max_length=255)
    purpose = models.CharField(_("purpose"), max_length=20, choices=RoundPurpose.choices)
    # Decree 13/2012/NĐ-CP Art. 7 and Circular 18/2013/TT-BKHCN Art. 8: the employer (cơ sở)
    # recognises initiatives through the council its head establishes; the union officer runs
    # that council in the registry on the employer's behalf. Set for recognition rounds only.
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_rounds",
        verbose_name=_("employer"),
        help_text=_("The employer whose initiative council this recognition round is."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    intake_closes = models.DateField(_("dossiers accepted until"))
    scoring_closes = models.DateField(_("scoring closes on"))
    rubric_version = models.ForeignKey(
        RubricVersion,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("rubric"),
    )
    assignment_mode = models.CharField(
        _("who scores"),
        max_length=20,
        choices=AssignmentMode.choices,
        default=AssignmentMode.EVERYONE,
    )
    forward_quota = models.PositiveSmallIntegerField(
        _("forwarding quota"),
        null=True,
        blank=True,
        help_text=_("How many recognised dossiers may be nominated upward. Empty: no limit."),
    )
    # The council's rule, so it sits on the round that seats the council (not on the rubric,
    # which is about scoring and frozen once used). Circular 18/2013/TT-BKHCN Art. 8.1: "ít
    # nhất 2/3 ý kiến đồng ý của các thành viên Hội đồng", counted on the whole council.
    vote_basis = models.CharField(
        _("share of votes counted on"),
        max_length=20,
        choices=VoteBasis.choices,
        default=VoteBasis.WHOLE_COUNCIL,
        help_text=_(
            "Recognition needs the share of votes in favour set in the review rules, counted "
            "on the whole council (Circular 18/2013/TT-BKHCN, Art. 8) or only on the members "
            "without a conflict of interest."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-year", "-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="round_period_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(scoring_closes__gte=F("intake_closes")),
                name="round_deadline_order",
                violation_error_message=_("Scoring cannot close before the intake closes."),
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="round_unit_status_idx"),
            # The round list's order, so its first page is read from the index (issue 14).
            models.Index(fields=["-year", "-period_start", "-id"], name="round_list_order_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_unit(self) -> Unit:
        return self.unit

    @property
    def is_closed(self) -> bool:
        return self.status == RoundStatus.CLOSED

    @property
    def values_revealed(self) -> bool:
        """Scores are visible to officers and the whole council once scoring has closed."""
        return self.status in (RoundStatus.DELIBERATION, RoundStatus.CLOSED)


class CouncilMember(models.Model):
    """A seat on a round's council: an officer, a member or an outside expert with an account."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="council")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="council_seats",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role on the council"), max_length=24, choices=CouncilRole.choices)
    position = models.CharField(_("position and workplace"), max_length=255, blank=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="council_seat_unique"),
            models.UniqueConstraint(
                fields=["round", "role"],
                condition=Q(role__in=["chair", "secretary"]),
                name="council_single_seat_roles",
                violation_error_message=_("The council already has someone in this role."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def scope_unit(self) -> Unit:
        return self.round.unit


class RoundEntry(models.Model):
    """A dossier in a round: how it came in, the council's vote and the outcome."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="entries")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="round_entries"
    )
    nominated_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("nominated from"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_reason = models.TextField(_("reasons"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("in favour"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstaining"), null=True, blank=True)
    vote_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vote_recorded_at = models.DateTimeField(_("vote recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier in a round")
        verbose_name_plural = _("dossiers in a round")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "initiative"], name="round_entry_unique"),
        ]
        indexes = [models.Index(fields=["initiative", "round"], name="round_entry_ladder_idx")]

    def __str__(self) -> str:
        return f"{self.round}: {self.initiative}"

    @property
    def scope_unit(self) -> Unit:
        return self.round.unit


class Decision(models.Model):
    """The numbered, dated and signed decision that closes a round."""

    round = models.OneToOneField(ReviewRound, on_delete=models.PROTECT, related_name="decision")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="decisions")
    # The recognition decision of an employer's council is the employer's act, signed by its
    # head (Decree 13/2012/NĐ-CP Art. 7; Circular 18/2013/TT-BKHCN, form of the decision).
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("employer"),
    )
    numbering = models.CharField(
        _("numbered by"),
        max_length=10,
        choices=DecisionNumbering.choices,
        default=DecisionNumbering.UNIT,
        help_text=_("Whose sequence of numbers the decision's number belongs to."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("decision number"), max_length=64)
    decided_on = models.DateField(_("date of the decision"))
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_title = models.CharField(_("title of the signer"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "sequence"],
                condition=Q(numbering="unit"),
                name="decision_number_unique",
            ),
            models.UniqueConstraint(
                fields=["employer", "year", "sequence"],
                condition=Q(numbering="employer"),
                name="decision_employer_number_unique",
            ),
            models.CheckConstraint(
                condition=~Q(numbering="employer") | Q(employer__isnull=False),
                name="decision_employer_numbering_has_employer",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_employers(self) -> bool:
        """Numbered and signed as the employer's act (its PDF names the employer)."""
        return self.numbering == DecisionNumbering.EMPLOYER and self.employer_id is not None

    @property
    def scope_unit(self) -> Unit:
        return self.unit


class RoundEvent(models.Model):
    """The round's history: every step, who took it, when and why."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="events")
    entry = models.ForeignKey(
        RoundEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("action"), max_length=24, choices=RoundEventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("round event")
        verbose_name_plural = _("round events")
        ordering = ["round", "at", "pk"]
        indexes = [models.Index(fields=["round", "at"], name="round_event_history_idx")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.action}"
