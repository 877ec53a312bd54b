from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts.selectors import unread_notification_count
from emulation.navigation import navigation_links


def navigation(request):
    """Links of the main navigation, by what the signed-in user may do."""

    def build() -> list[dict]:
        user = getattr(request, "user", None)
        links = []
        if user is None or not user.is_authenticated:
            return links
        # Links of the apps above (registered in emulation.navigation) and this app's own,
        # by their order. Without an object the rules ask whether the user holds the
        # capability anywhere.
        own = []
        if user.has_perm("unions.view_unit"):
            own.append((60, {"label": _("Units"), "url": reverse("unions:unit_browse")}))
        if user.has_perm("wagtailadmin.access_admin"):
            own.append((70, {"label": _("Site content"), "url": reverse("wagtailadmin_home")}))
        own.append((80, {"label": _("My profile"), "url": reverse("accounts:profile")}))
        ordered = sorted([*navigation_links(user), *own], key=lambda item: item[0])
        links = [link for _order, link in ordered]
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
