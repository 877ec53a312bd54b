from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# --- movements, registrations, pledges and titles -----------------------------------------


class MovementKind(models.TextChoices):
    MOVEMENT = "movement", pgettext_lazy("movement kind", "Emulation movement")
    CAMPAIGN = "campaign", pgettext_lazy("movement kind", "Campaign")


class MovementStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("movement status", "Planned")
    RUNNING = "running", pgettext_lazy("movement status", "Running")
    CLOSED = "closed", pgettext_lazy("movement status", "Closed")


class BlockKind(models.TextChoices):
    BLOCK = "block", pgettext_lazy("block kind", "Emulation block")
    CLUSTER = "cluster", pgettext_lazy("block kind", "Emulation cluster")


class RegistrantKind(models.TextChoices):
    UNIT = "unit", pgettext_lazy("registrant", "Unit")
    PERSON = "person", pgettext_lazy("registrant", "Individual")


class RegistrationStatus(models.TextChoices):
    NOT_SENT = "not_sent", pgettext_lazy("registration status", "Not sent")
    AWAITING_APPROVAL = (
        "awaiting_approval",
        pgettext_lazy("registration status", "Awaiting approval"),
    )
    APPROVED = "approved", pgettext_lazy("registration status", "Approved")
    RETURNED = "returned", pgettext_lazy("registration status", "Returned")


class EmulationTitle(models.TextChoices):
    """Titles a registration may aim for; the first two are conferred in the registry itself."""

    ADVANCED_WORKER = "advanced_worker", _("Advanced worker (Lao động tiên tiến)")
    GRASSROOTS_FIGHTER = (
        "grassroots_fighter",
        _("Grassroots emulation fighter (Chiến sĩ thi đua cơ sở)"),
    )
    GOOD_WORK_CREATIVE_WORK = (
        "good_work_creative_work",
        _("Good work, creative work (Lao động giỏi, lao động sáng tạo)"),
    )
    ADVANCED_COLLECTIVE = (
        "advanced_collective",
        _("Advanced collective (Tập thể lao động tiên tiến)"),
    )
    EXCELLENT_COLLECTIVE = (
        "excellent_collective",
        _("Excellent collective (Tập thể lao động xuất sắc)"),
    )
    STRONG_UNION = "strong_union", _("Strong and comprehensive union (Công đoàn cơ sở vững mạnh)")
    EXCELLENT_MEMBER = (
        "excellent_member",
        _("Excellent union member (Đoàn viên công đoàn xuất sắc)"),
    )
    CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Certificate of merit (Giấy khen)")
    DIPLOMA_OF_MERIT = "diploma_of_merit", _("Diploma of merit (Bằng khen)")
    EMULATION_FLAG = "emulation_flag", _("Emulation flag (Cờ thi đua)")


PERSONAL_TITLES = frozenset(
    {
        EmulationTitle.EXCELLENT_MEMBER,
        EmulationTitle.ADVANCED_WORKER,
        EmulationTitle.GRASSROOTS_FIGHTER,
        EmulationTitle.GOOD_WORK_CREATIVE_WORK,
        EmulationTitle.CERTIFICATE_OF_MERIT,
        EmulationTitle.DIPLOMA_OF_MERIT,
    }
)
COLLECTIVE_TITLES = frozenset(
    {
        EmulationTitle.ADVANCED_COLLECTIVE,
        EmulationTitle.EXCELLENT_COLLECTIVE,
        EmulationTitle.STRONG_UNION,
        EmulationTitle.CERTIFICATE_OF_MERIT,
        EmulationTitle.DIPLOMA_OF_MERIT,
        EmulationTitle.EMULATION_FLAG,
    }
)


class IndividualTitle(models.TextChoices):
    """Titles a grassroots union confers on its members at year end."""

    ADVANCED_WORKER = EmulationTitle.ADVANCED_WORKER.value, EmulationTitle.ADVANCED_WORKER.label
    GRASSROOTS_FIGHTER = (
        EmulationTitle.GRASSROOTS_FIGHTER.value,
        EmulationTitle.GRASSROOTS_FIGHTER.label,
    )


class UnionTitle(models.TextChoices):
    """The union's own titles, conferred by the union itself (not by the employer): on a member
    by their grassroots union, on a grassroots union by the union directly above it."""

    EXCELLENT_MEMBER = EmulationTitle.EXCELLENT_MEMBER.value, EmulationTitle.EXCELLENT_MEMBER.label
    STRONG_UNION = EmulationTitle.STRONG_UNION.value, EmulationTitle.STRONG_UNION.label


class ConferringBody(models.TextChoices):
    """Who decided a title. Lao động tiên tiến and Chiến sĩ thi đua cơ sở are conferred by the
    head of the employer (Luật Thi đua, khen thưởng 06/2022/QH15, Điều 80); the union proposes
    and records the employer's decision. Titles recorded before employers were kept say so."""

    EMPLOYER = "employer", _("Decision of the head of the employer")
    UNION = "union", _("Recorded by the union before the employer was kept")


class TitleRuleKind(models.TextChoices):
    """Conditions of the year-end titles that the rules set as figures, kept as data."""

    MIN_MONTHS_WORKED = "min_months_worked", _("Months worked in the year, at least")
    MAX_LEAVE_DAYS = "max_leave_days", _("Days of leave in the year, fewer than")
    NOT_DISCIPLINED = "not_disciplined", _("Not disciplined in the year")
    MAX_SHARE_OF_ADVANCED = (
        "max_share_of_advanced",
        _("Share of the advanced workers of the same employer and year, at most (%)"),
    )


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("pledge status", "Draft")
    SIGNED = "signed", pgettext_lazy("pledge status", "Signed")
    CLOSED = "closed", pgettext_lazy("pledge status", "Scored and closed")


class IndicatorDirection(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class IndicatorSourceKind(models.TextChoices):
    REPORTED = "reported", _("Reported by the units")
    COMPUTED = "computed", _("Computed from the registry")


class ReportPeriod(models.TextChoices):
    MID_YEAR = "mid_year", pgettext_lazy("report period", "Mid-year")
    YEAR_END = "year_end", pgettext_lazy("report period", "Year end")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    SCORED = "scored", pgettext_lazy("report status", "Scored")
