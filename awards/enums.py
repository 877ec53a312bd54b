from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundPurpose(models.TextChoices):
    RECOGNITION = "recognition", _("Recognition of initiatives at grassroots level")
    NOMINATION = "nomination", _("Selection of nominees for the level above")
    AWARD = "award", _("Selection for an award")


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
    SAME_UNIT = "same_unit", _("Member of the author's grassroots union")
    DECLARED = "declared", _("Declared conflict of interest")


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
