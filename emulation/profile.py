"""The sections of a person's profile page: their memberships and roles (``unions.profile``) and
a link to their achievement record with the number of recognitions, awards and individual
titles on it, for those who have any."""

from django.utils.translation import gettext as _

from accounts.profile import ProfileSection
from awards.enums import Outcome
from awards.models import Recipient, RoundEntry
from emulation.models import TitleConferral
from unions.profile import member_record, roles_and_memberships


def achievements_section(user) -> ProfileSection | None:
    awards = Recipient.objects.issued().filter(user=user).count()
    recognitions = (
        RoundEntry.objects.filter(outcome=Outcome.RECOGNISED, round__status="closed")
        .filter(initiative__authors__user=user)
        .values("initiative_id")
        .distinct()
        .count()
    )
    titles = TitleConferral.objects.filter(person=user).count()
    if not awards and not recognitions and not titles:
        return None
    return ProfileSection(
        title=_("Achievements"),
        template_name="emulation/achievements_section.html",
        context={
            "award_count": awards,
            "recognition_count": recognitions,
            "title_count": titles,
        },
        order=20,
    )


def profile_sections(user) -> list[ProfileSection]:
    """The sections ``user``'s profile page shows, in their order."""
    sections = [
        section
        for section in (
            member_record(user),
            roles_and_memberships(user),
            achievements_section(user),
        )
        if section is not None
    ]
    return sorted(sections, key=lambda section: section.order)
