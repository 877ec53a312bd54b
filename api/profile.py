"""The API app's section of the profile page: the person's personal access tokens."""

from django.utils.translation import gettext as _

from accounts.profile import ProfileSection
from api.forms import TokenForm
from api.selectors import tokens_of

SHOWN_TOKENS = 50


def tokens_section(user, form: TokenForm | None = None) -> ProfileSection:
    return ProfileSection(
        title=_("API access tokens"),
        template_name="api/tokens_section.html",
        context={"tokens": list(tokens_of(user)[:SHOWN_TOKENS]), "form": form or TokenForm()},
        order=90,
    )
