"""The emulation app's part of a person's profile page: memberships and roles."""

from django.utils.translation import gettext as _

from accounts.profile import ProfileSection
from unions.selectors import grants_with_units, user_memberships


def roles_and_memberships(user) -> ProfileSection | None:
    memberships = list(user_memberships(user))
    grants = list(grants_with_units(user))
    if not memberships and not grants:
        return None
    return ProfileSection(
        title=_("Union membership and roles"),
        template_name="unions/profile_section.html",
        context={"memberships": memberships, "grants": grants},
        order=10,
    )
