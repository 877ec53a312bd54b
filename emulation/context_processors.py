from django.utils.functional import SimpleLazyObject

from accounts.selectors import unread_notification_count
from emulation.navigation import ACCOUNT, PORTAL, navigation_groups, navigation_links


def navigation(request):
    """The header's menus for the signed-in user: the areas (``groups``) with the links they
    may see, the portal's own links (the public sections are added by the template), the
    account's links and the number of unread notifications."""

    def build() -> dict:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return {"groups": [], "portal": [], "account": [], "unread": 0}
        links = navigation_links(user)
        return {
            "groups": [
                group for group in navigation_groups(links) if group["key"] not in (PORTAL,)
            ],
            "portal": [link for link in links if link["group"] == PORTAL],
            "account": [link for link in links if link["group"] == ACCOUNT],
            "unread": unread_notification_count(user),
        }

    return {"main_navigation": SimpleLazyObject(build)}
