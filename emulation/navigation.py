"""The main navigation: every link of the registry, in order, with who may see it.

The emulation app sits on top of the registry's apps, so it names their pages directly. Without
an object the rules ask whether the user holds the capability anywhere.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User

# The areas the header groups its links by, in order: each is a dropdown menu. The account's
# links sit in the menu under the person's name.
INITIATIVES = "initiatives"
REVIEWS = "reviews"
AWARDS = "awards"
EMULATION = "emulation"
UNITS = "units"
PORTAL = "portal"
ACCOUNT = "account"

GROUPS: dict[str, str | Promise] = {
    INITIATIVES: _("Initiatives"),
    REVIEWS: _("Reviews"),
    AWARDS: _("Awards"),
    EMULATION: pgettext_lazy("navigation group", "Emulation"),
    UNITS: _("Units & members"),
    PORTAL: _("Public portal"),
}


@dataclass(frozen=True)
class NavigationLink:
    label: str | Promise
    url_name: str
    visible: Callable[[User], bool]
    group: str


def _everyone(user: User) -> bool:
    # The context processor draws the navigation for signed-in users only.
    return True


def _permission(*names: str) -> Callable[[User], bool]:
    return lambda user: any(user.has_perm(name) for name in names)


LINKS: tuple[NavigationLink, ...] = (
    NavigationLink(_("My initiatives"), "initiatives:mine", _everyone, INITIATIVES),
    NavigationLink(
        _("Dossier inbox"),
        "initiatives:inbox",
        _permission("initiatives.view_initiative", "initiatives.receive_initiative"),
        INITIATIVES,
    ),
    NavigationLink(
        _("Review rounds"), "awards:round_list", _permission("awards.view_round"), REVIEWS
    ),
    NavigationLink(
        _("My council work"),
        "awards:my_reviews",
        lambda user: user.council_seats.exists(),
        REVIEWS,
    ),
    NavigationLink(
        _("Awards"),
        "honours:decision_list",
        _permission("awards.issue_award", "awards.view_award_decision"),
        AWARDS,
    ),
    NavigationLink(
        _("Individual titles"), "titles:index", _permission("emulation.confer_title"), AWARDS
    ),
    # Running movements are announced to everyone signed in (``emulation.view_movement``).
    NavigationLink(_("Emulation"), "movements:movement_list", _everyone, EMULATION),
    NavigationLink(
        _("Emulation blocks"), "pledges:block_list", _permission("unions.view_unit"), EMULATION
    ),
    NavigationLink(_("Units"), "unions:unit_browse", _permission("unions.view_unit"), UNITS),
    NavigationLink(
        _("Employers"), "unions:employer_list", _permission("unions.view_employer"), UNITS
    ),
    NavigationLink(
        _("Members' register"), "unions:member_list", _permission("unions.view_members"), UNITS
    ),
    NavigationLink(_("Import from Excel"), "imports:start", _permission("imports.use"), UNITS),
    NavigationLink(
        _("Site content"),
        "wagtailadmin_home",
        _permission("wagtailadmin.access_admin"),
        PORTAL,
    ),
    NavigationLink(_("My profile"), "profile", _everyone, ACCOUNT),
)


def navigation_links(user: User) -> list[dict]:
    """The links ``user`` may see, in order, as ``{"label", "url", "group"}``."""
    return [
        {"label": str(link.label), "url": reverse(link.url_name), "group": link.group}
        for link in LINKS
        if link.visible(user)
    ]


def navigation_groups(links: list[dict]) -> list[dict]:
    """``links`` grouped by area, in the order of ``GROUPS``, as ``{"key", "label", "links"}``;
    areas without a link are left out, and so are the account's links."""
    return [
        {
            "key": key,
            "label": str(label),
            "links": [link for link in links if link["group"] == key],
        }
        for key, label in GROUPS.items()
        if any(link["group"] == key for link in links)
    ]
