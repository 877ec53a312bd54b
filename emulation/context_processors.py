from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts.selectors import unread_notification_count
from emulation.navigation import navigation_links


def navigation(request):
    """Links of the main navigation, by what the signed-in user may do, then the
    notifications with the number unread."""

    def build() -> list[dict]:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        links = navigation_links(user)
        unread = unread_notification_count(user)
        links.append(
            {
                "label": _("Notifications (%(count)s)") % {"count": unread}
                if unread
                else _("Notifications"),
                "url": reverse("accounts:notifications"),
            }
        )
        return links

    return {"main_navigation": SimpleLazyObject(build)}
