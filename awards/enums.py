from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundPurpose(models.TextChoices):
    RECOGNITION = "recognition", _("Recognition of initiatives at grassroots level")
    NOMINATION = "nomination", _("Selection of nominees for the level above")
    AWARD = "award", _("Selection for an award")


class DecisionNumbering(models.TextChoices):
    """Whose sequence a round decision's number is drawn from."""

    UNIT = "unit", _("The deciding union unit")
    EMPLOYER = "employer", _("The employer")


class RecognitionKind(models.TextChoices):
    """How an initiative came to be recognised at the base (issue 13 §2)."""

    EMPLOYER_COUNCIL = "employer_council", _("Council run in the registry")
    EMPLOYER_RECORDED = "employer_recorded", _("Decision recorded from outside")


class ExternalRecognitionStatus(models.TextChoices):
    RECORDED = "recorded", pgettext_lazy("external recognition status", "Waiting for confirmation")
    CONFIRMED = "confirmed", pgettext_lazy("external recognition status", "Confirmed")
    REJECTED = "rejected", pgettext_lazy("external recognition status", "Rejected")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("round status", "Draft")
    OPEN = "open", pgettext_lazy("round status", "Open for dossiers")
    SCORING = "scoring", pgettext_lazy("round status", "Scoring")
    DELIBERATION = "deliberation", pgettext_lazy("round status", "Deliberation")
    CLOSED = "closed", pgettext_lazy("round status", "Closed")


class AssignmentMode(models.TextChoices):
    EVERYONE = "everyone", _("Every council member scores every dossier")
    PER_DOSSIER = "per_dossier", _("Officers assign members to each dossier")


class CouncilRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("council role", "Chair")
    VICE_CHAIR = "vice_chair", pgettext_lazy("council role", "Vice-chair")
    SECRETARY = "secretary", pgettext_lazy("council role", "Secretary")
    MEMBER = "member", pgettext_lazy("council role", "Member")
    UNION_REPRESENTATIVE = (
        "union_representative",
        pgettext_lazy("council role", "Union representative"),
    )


# Roles a council holds at most once.
SINGLE_SEAT_ROLES = frozenset({CouncilRole.CHAIR, CouncilRole.SECRETARY})


class ConflictKind(models.TextChoices):
    AUTHOR = "author", _("Author of the initiative")
    # No longer recorded: colleagues of the authors sit on base councils (TT 18/2013 Art. 8).
    # Rows of closed or deliberating rounds keep it as the record of what was decided then.
    SAME_UNIT = "same_unit", _("Member of the author's grassroots union (former automatic rule)")
    DECLARED = "declared", _("Declared conflict of interest")


class VoteBasis(models.TextChoices):
    """Whom the share of votes for recognition is counted on."""

    WHOLE_COUNCIL = "whole_council", _("The whole council")
    UNCONFLICTED = "unconflicted", _("Members without a conflict of interest")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("score sheet status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("score sheet status", "Submitted")


class Outcome(models.TextChoices):
    PENDING = "pending", pgettext_lazy("outcome", "Not decided yet")
    RECOGNISED = "recognised", pgettext_lazy("outcome", "Recognised")
    NOT_RECOGNISED = "not_recognised", pgettext_lazy("outcome", "Not recognised")
    RETURNED = "returned", pgettext_lazy("outcome", "Returned for clarification")
    WITHDRAWN = "withdrawn", pgettext_lazy("outcome", "Withdrawn by the author")


class RoundEventAction(models.TextChoices):
    CREATED = "created", pgettext_lazy("round event", "Round created")
    UPDATED = "updated", pgettext_lazy("round event", "Round details changed")
    OPENED = "open", pgettext_lazy("round event", "Opened for dossiers")
    SCORING_STARTED = "start_scoring", pgettext_lazy("round event", "Scoring started")
    SCORING_CLOSED = "close_scoring", pgettext_lazy("round event", "Scoring closed")
    SCORING_REOPENED = "reopen_scoring", pgettext_lazy("round event", "Scoring reopened")
    CLOSED = "close", pgettext_lazy("round event", "Round closed with a decision")
    MEMBER_ADDED = "member_added", pgettext_lazy("round event", "Council member added")
    MEMBER_REMOVED = "member_removed", pgettext_lazy("round event", "Council member removed")
    ENTRY_ADDED = "entry_added", pgettext_lazy("round event", "Dossier entered")
    ENTRY_REMOVED = "entry_removed", pgettext_lazy("round event", "Dossier taken out")
    ENTRY_REENTERED = "entry_reentered", pgettext_lazy("round event", "Dossier re-entered")
    ASSIGNED = "assigned", pgettext_lazy("round event", "Scorers assigned")
    CONFLICT_DECLARED = "conflict_declared", pgettext_lazy("round event", "Conflict declared")
    SHEET_SUBMITTED = "sheet_submitted", pgettext_lazy("round event", "Score sheet submitted")
    SHEET_REOPENED = "sheet_reopened", pgettext_lazy("round event", "Score sheet reopened")
    VOTE_RECORDED = "vote_recorded", pgettext_lazy("round event", "Vote recorded")
    NOMINATED = "nominated", pgettext_lazy("round event", "Nominated to a higher round")


# --- awards and certificates ---------------------------------------------------------------


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuals")
    COLLECTIVE = "collective", _("Collectives (units)")
    BOTH = "both", _("Individuals or collectives")


class Periodicity(models.TextChoices):
    ANY_TIME = "any_time", _("Whenever earned")
    YEARLY = "yearly", _("Once a year")
    FIVE_YEARLY = "five_yearly", _("Every five years")


class RuleKind(models.TextChoices):
    MIN_BENEFIT = "min_benefit", _("One initiative with at least this verified benefit")
    MIN_BENEFIT_OVER_YEARS = (
        "min_benefit_over_years",
        _("Verified benefit over consecutive years of at least"),
    )
    TOTAL_BENEFIT_IN_YEAR = (
        "total_benefit_in_year",
        _("All the person's solutions of one year together bring at least"),
    )
    TOTAL_BENEFIT_CONSECUTIVE = (
        "total_benefit_consecutive",
        _("A solution in each of consecutive years, together at least"),
    )
    DIRECT_PRODUCTION = "direct_production", _("Works directly in production")
    NOT_HELD_BEFORE = "not_held_before", _("Has not received this award before")
    SCOPE = "scope", _("Scope of influence at least")
    PRIOR_AWARD = "prior_award", _("Holds an earlier award")
    PRIOR_TITLE = "prior_title", _("Holds an emulation title")


class QualificationTier(models.TextChoices):
    """The groups the VGCL rules of Bằng Lao động sáng tạo set different thresholds for, by
    qualification and position."""

    COLLEGE_OR_LOWER = (
        "college_or_lower",
        _("College level or lower, no leadership post"),
    )
    UNIVERSITY_OR_LEADER = (
        "university_or_leader",
        _("University level or higher, or holding a leadership post"),
    )


# Rule kinds that read the verified benefit of the person's solutions.
BENEFIT_RULES = frozenset(
    {
        "min_benefit",
        "min_benefit_over_years",
        "total_benefit_in_year",
        "total_benefit_consecutive",
    }
)


class Scope(models.TextChoices):
    """Phạm vi ảnh hưởng of an initiative, narrowest first."""

    UNIT = "unit", _("Within the unit")
    PROVINCE = "province", _("Province or sector")
    NATIONWIDE = "nationwide", _("Nationwide")


SCOPE_ORDER = {Scope.UNIT: 1, Scope.PROVINCE: 2, Scope.NATIONWIDE: 3}


class BenefitStatus(models.TextChoices):
    CLAIMED = "claimed", pgettext_lazy("benefit status", "Claimed, not verified")
    VERIFIED = "verified", pgettext_lazy("benefit status", "Verified")
    ADJUSTED = "adjusted", pgettext_lazy("benefit status", "Verified at another value")
    REJECTED = "rejected", pgettext_lazy("benefit status", "Rejected")


# Statuses whose verified value counts for eligibility and statistics.
COUNTED_BENEFIT = frozenset({BenefitStatus.VERIFIED, BenefitStatus.ADJUSTED})


class AwardDecisionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("award decision status", "Draft")
    ISSUED = "issued", pgettext_lazy("award decision status", "Issued")


class RecipientType(models.TextChoices):
    PERSON = "person", _("Person")
    UNIT = "unit", _("Unit")
