"""Choices of the organisation tree: unit kinds and levels, restructuring actions, roles and
the capabilities each role grants on a unit and its subtree."""

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
    SPECIAL_ZONE_UNION = "special_zone_union", _("Special zone union")
    # Công đoàn Tập đoàn / Tổng công ty: the same kind of body sits at two levels, so it is two
    # kinds, each with its fixed level (levels are read from the kind everywhere, in SQL too).
    CORPORATION_UNION = "corporation_union", _("Corporation union under the national federation")
    PROVINCIAL_CORPORATION_UNION = (
        "provincial_corporation_union",
        _("Corporation union under a provincial federation"),
    )
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
    UnitKind.CORPORATION_UNION: 2,
    UnitKind.DISTRICT_FEDERATION: 3,
    UnitKind.LOCAL_SECTOR_UNION: 3,
    UnitKind.INDUSTRIAL_ZONE_UNION: 3,
    UnitKind.COMMUNE_UNION: 3,
    UnitKind.SPECIAL_ZONE_UNION: 3,
    UnitKind.PROVINCIAL_CORPORATION_UNION: 3,
    UnitKind.UPPER_DIRECT_UNION: 3,
    UnitKind.GRASSROOTS_UNION: 4,
    UnitKind.PROFESSIONAL_UNION: 4,
    UnitKind.DEPARTMENT_UNION: 5,
    UnitKind.UNION_GROUP: 6,
}

# Members belong to units of these kinds.
GRASSROOTS_KINDS = frozenset({UnitKind.GRASSROOTS_UNION, UnitKind.PROFESSIONAL_UNION})


class MembershipEndReason(models.TextChoices):
    """Why a membership ended other than by a move to another grassroots union."""

    RETIRED = "retired", _("Retired")
    MOVED_AWAY = "moved_away", _("Moved away from the union's area")
    LEFT = "left", _("Left the union")
    DIED = "died", _("Died")


class MembershipStatus(models.TextChoices):
    CURRENT = "current", pgettext_lazy("membership status", "Current")
    ENDED = "ended", pgettext_lazy("membership status", "Ended")


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


class EmployerKind(models.TextChoices):
    """The kinds of "cơ sở" named by Decree 13/2012/NĐ-CP Art. 1 and 5: where an initiative is
    created or applied, and whose head recognises it."""

    STATE_AGENCY = "state_agency", _("State agency")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Public service unit")
    STATE_OWNED = "state_owned", _("State-owned enterprise")
    PRIVATE = "private", _("Private enterprise")
    FOREIGN_INVESTED = "foreign_invested", _("Foreign-invested enterprise")
    OTHER = "other", _("Other organisation")


class EmployerEventAction(models.TextChoices):
    CREATED = "created", pgettext_lazy("employer event", "Recorded")
    CHANGED = "changed", pgettext_lazy("employer event", "Details changed")
    MERGED_INTO = "merged_into", pgettext_lazy("employer event", "Merged into another employer")
    ABSORBED = "absorbed", pgettext_lazy("employer event", "Took in a merged employer")
    SPLIT_INTO = "split_into", pgettext_lazy("employer event", "Split")
    SPLIT_FROM = "split_from", pgettext_lazy("employer event", "Established by a split")
    DISSOLVED = "dissolved", pgettext_lazy("employer event", "Dissolved")
    UNION_LINKED = "union_linked", pgettext_lazy("employer event", "Grassroots union linked")
    UNION_UNLINKED = "union_unlinked", pgettext_lazy("employer event", "Grassroots union unlinked")
