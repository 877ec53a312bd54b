"""The main navigation: every link of the registry, in order, with who may see it.

The emulation app sits on top of the registry's apps, so it names their pages directly. Without
an object the rules ask whether the user holds the capability anywhere.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@dataclass(frozen=True)
class NavigationLink:
    label: str | Promise
    url_name: str
    visible: Callable[[User], bool]


def _everyone(user: User) -> bool:
    # The context processor draws the navigation for signed-in users only.
    return True


def _permission(*names: str) -> Callable[[User], bool]:
    return lambda user: any(user.has_perm(name) for name in names)


LINKS: tuple[NavigationLink, ...] = (
    NavigationLink(_("My initiatives"), "initiatives:mine", _everyone),
    NavigationLink(
        _("Dossier inbox"),
        "initiatives:inbox",
        _permission("initiatives.view_initiative", "initiatives.receive_initiative"),
    ),
    NavigationLink(_("Review rounds"), "awards:round_list", _permission("awards.view_round")),
    NavigationLink(
        _("Awards"),
        "honours:decision_list",
        _permission("awards.issue_award", "awards.view_award_decision"),
    ),
    NavigationLink(
        _("My council work"), "awards:my_reviews", lambda user: user.council_seats.exists()
    ),
    # Running movements are announced to everyone signed in (``emulation.view_movement``).
    NavigationLink(_("Emulation"), "movements:movement_list", _everyone),
    NavigationLink(_("Units"), "unions:unit_browse", _permission("unions.view_unit")),
    NavigationLink(_("Employers"), "unions:employer_list", _permission("unions.view_employer")),
    NavigationLink(
        _("Members' register"), "unions:member_list", _permission("unions.view_members")
    ),
    NavigationLink(_("Import from Excel"), "imports:start", _permission("imports.use")),
    NavigationLink(_("Emulation blocks"), "pledges:block_list", _permission("unions.view_unit")),
    NavigationLink(_("Individual titles"), "titles:index", _permission("emulation.confer_title")),
    NavigationLink(
        _("Site content"), "wagtailadmin_home", _permission("wagtailadmin.access_admin")
    ),
    NavigationLink(_("My profile"), "profile", _everyone),
)


def navigation_links(user: User) -> list[dict]:
    """The links ``user`` may see, in order, as ``{"label", "url"}``."""
    return [
        {"label": str(link.label), "url": reverse(link.url_name)}
        for link in LINKS
        if link.visible(user)
    ]
