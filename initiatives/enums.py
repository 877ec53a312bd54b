from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("initiative status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("initiative status", "Submitted")
    RETURNED = "returned", pgettext_lazy("initiative status", "Returned for completion")
    RESUBMITTED = "resubmitted", pgettext_lazy("initiative status", "Resubmitted")
    ACCEPTED = "accepted", pgettext_lazy("initiative status", "Accepted")
    REFUSED = "refused", pgettext_lazy("initiative status", "Refused at intake")
    WITHDRAWN = "withdrawn", pgettext_lazy("initiative status", "Withdrawn")
    UNDER_REVIEW = "under_review", pgettext_lazy("initiative status", "Under review")
    RECOGNISED = "recognised", pgettext_lazy("initiative status", "Recognised")
    NOT_RECOGNISED = "not_recognised", pgettext_lazy("initiative status", "Not recognised")


class InitiativeKind(models.TextChoices):
    TECHNICAL = "technical", _("Technical solution")
    MANAGEMENT = "management", _("Management solution")
    OPERATIONAL = "operational", _("Operational solution")
    TECHNICAL_ADVANCE = "technical_advance", _("Application of a technical advance")


class WorkType(models.TextChoices):
    """The kinds of work the union's figures count: initiatives under Decree 13/2012/NĐ-CP,
    and beside them experience initiatives (sáng kiến kinh nghiệm, common in schools and
    public service units) and scientific research topics (đề tài nghiên cứu khoa học)."""

    INITIATIVE = "initiative", _("Initiative")
    EXPERIENCE = "experience", _("Experience initiative")
    RESEARCH = "research", _("Scientific research topic")


class InitiativeField(models.TextChoices):
    MECHANICAL = "mechanical", _("Mechanical engineering and manufacturing")
    ELECTRICAL = "electrical", _("Electricity, electronics and energy")
    DIGITAL = "digital", _("Information technology and digital transformation")
    CONSTRUCTION = "construction", _("Construction and transport")
    MINING = "mining", _("Mining, oil and gas")
    AGRICULTURE = "agriculture", _("Agriculture, forestry and fisheries")
    HEALTH = "health", _("Health care")
    EDUCATION = "education", _("Education and training")
    ADMINISTRATION = "administration", _("Administration and management")
    SAFETY = "safety", _("Occupational safety and the environment")
    BUSINESS = "business", _("Business, finance and services")
    OTHER = "other", _("Other fields")


# Statuses in which the dossier has not been decided yet and the author may still withdraw.
UNDECIDED_STATUSES = frozenset(
    {
        InitiativeStatus.SUBMITTED,
        InitiativeStatus.RETURNED,
        InitiativeStatus.RESUBMITTED,
        InitiativeStatus.ACCEPTED,
        InitiativeStatus.UNDER_REVIEW,
    }
)
# Statuses in which the authors may change the dossier.
EDITABLE_STATUSES = frozenset({InitiativeStatus.DRAFT, InitiativeStatus.RETURNED})
# Statuses that count as "waiting for a decision" for due dates.
AWAITING_DECISION_STATUSES = frozenset({InitiativeStatus.ACCEPTED, InitiativeStatus.UNDER_REVIEW})
