"""The emulation app's part of a person's profile page: memberships and roles."""

from django.utils.translation import gettext as _

from accounts.profile import ProfileSection
from unions.selectors import current_membership, grants_with_units, user_memberships


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


def member_record(user) -> ProfileSection | None:
    """The person's own record in the members' register: what their union's officers see of
    them (the contact details are corrected on the profile's edit page)."""
    membership = current_membership(user)
    if membership is None:
        return None
    return ProfileSection(
        title=_("My record in the members' register"),
        template_name="unions/member_record_section.html",
        context={"membership": membership, "person": user},
        order=5,
    )
