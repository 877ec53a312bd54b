from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitKind(models.TextChoices):
    NATIONAL_FEDERATION = "national_federation", _("National federation of labour")
    PROVINCIAL_FEDERATION = "provincial_federation", _("Provincial federation of labour")
    CENTRAL_SECTOR_UNION = "central_sector_union", _("Central sector union")
    DISTRICT_FEDERATION = "district_federation", _("District federation of labour")
    LOCAL_SECTOR_UNION = "local_sector_union", _("Local sector union")
    INDUSTRIAL_ZONE_UNION = "industrial_zone_union", _("Industrial zone union")
    COMMUNE_UNION = "commune_union", _("Commune or ward union")
    UPPER_DIRECT_UNION = "upper_direct_union", _("Other upper-direct union")
    GRASSROOTS_UNION = "grassroots_union", _("Grassroots union")
    PROFESSIONAL_UNION = "professional_union", _("Professional union")
    DEPARTMENT_UNION = "department_union", _("Department union")
    UNION_GROUP = "union_group", _("Union group")


# Level of each kind in the federation: a unit sits strictly below its parent's level.
UNIT_LEVELS: dict[str, int] = {
    UnitKind.NATIONAL_FEDERATION: 1,
    UnitKind.PROVINCIAL_FEDERATION: 2,
    UnitKind.CENTRAL_SECTOR_UNION: 2,
    UnitKind.DISTRICT_FEDERATION: 3,
    UnitKind.LOCAL_SECTOR_UNION: 3,
    UnitKind.INDUSTRIAL_ZONE_UNION: 3,
    UnitKind.COMMUNE_UNION: 3,
    UnitKind.UPPER_DIRECT_UNION: 3,
    UnitKind.GRASSROOTS_UNION: 4,
    UnitKind.PROFESSIONAL_UNION: 4,
    UnitKind.DEPARTMENT_UNION: 5,
    UnitKind.UNION_GROUP: 6,
}

# Members belong to units of these kinds.
GRASSROOTS_KINDS = frozenset({UnitKind.GRASSROOTS_UNION, UnitKind.PROFESSIONAL_UNION})


class UnitEventAction(models.TextChoices):
    CREATED = "created", pgettext_lazy("unit event", "Established")
    RENAMED = "renamed", pgettext_lazy("unit event", "Renamed")
    MOVED = "moved", pgettext_lazy("unit event", "Moved")
    MERGED_INTO = "merged_into", pgettext_lazy("unit event", "Merged into another unit")
    ABSORBED = "absorbed", pgettext_lazy("unit event", "Took in a merged unit")
    SPLIT_INTO = "split_into", pgettext_lazy("unit event", "Split")
    SPLIT_FROM = "split_from", pgettext_lazy("unit event", "Established by a split")
    DISSOLVED = "dissolved", pgettext_lazy("unit event", "Dissolved")


class Role(models.TextChoices):
    OFFICER = "officer", pgettext_lazy("role", "Officer")
    VIEWER = "viewer", pgettext_lazy("role", "Viewer")
    EDITOR = "editor", pgettext_lazy("role", "Editor")
    ADMINISTRATOR = "administrator", pgettext_lazy("role", "Administrator")


class Capability(models.TextChoices):
    VIEW_UNIT = "unit.view", _("See units and their records")
    RESTRUCTURE_UNIT = (
        "unit.restructure",
        _("Create, rename, move, merge, split and dissolve units"),
    )
    VIEW_MEMBERS = "member.view", _("See members")
    MANAGE_MEMBERS = "member.manage", _("Register and move members")
    MANAGE_GRANTS = "grant.manage", _("Grant and end roles")
    GRANT_ADMINISTRATOR = "grant.administrator", _("Grant the administrator role")
    EDIT_CMS = "cms.edit", _("Edit news and pages of the public site")
    VIEW_INITIATIVES = "initiative.view", _("Read initiative dossiers")
    RECEIVE_INITIATIVES = "initiative.receive", _("Receive, return, accept and refuse dossiers")
    RUN_ROUNDS = "round.run", _("Run review rounds and their councils")
    MANAGE_RUBRICS = "rubric.manage", _("Configure scoring rubrics")
    ISSUE_AWARDS = "award.issue", _("Issue and revoke award decisions, verify benefits")
    MANAGE_EMULATION = (
        "emulation.manage",
        _("Run movements, blocks, pledges and registrations; confer titles"),
    )


# What each role may do on the unit it is granted on and every unit beneath it.
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset(
        {
            Capability.VIEW_UNIT,
            Capability.RESTRUCTURE_UNIT,
            Capability.VIEW_MEMBERS,
            Capability.MANAGE_MEMBERS,
            Capability.MANAGE_GRANTS,
            Capability.VIEW_INITIATIVES,
            Capability.RECEIVE_INITIATIVES,
            Capability.RUN_ROUNDS,
            Capability.MANAGE_RUBRICS,
            Capability.ISSUE_AWARDS,
            Capability.MANAGE_EMULATION,
        }
    ),
    Role.VIEWER: frozenset(
        {Capability.VIEW_UNIT, Capability.VIEW_MEMBERS, Capability.VIEW_INITIATIVES}
    ),
    Role.EDITOR: frozenset({Capability.VIEW_UNIT, Capability.EDIT_CMS}),
    Role.ADMINISTRATOR: frozenset(Capability.values),
}


def roles_with(capability: str) -> list[str]:
    return [role for role, capabilities in ROLE_CAPABILITIES.items() if capability in capabilities]


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
    CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Certificate of merit (Giấy khen)")
    DIPLOMA_OF_MERIT = "diploma_of_merit", _("Diploma of merit (Bằng khen)")
    EMULATION_FLAG = "emulation_flag", _("Emulation flag (Cờ thi đua)")


PERSONAL_TITLES = frozenset(
    {
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
