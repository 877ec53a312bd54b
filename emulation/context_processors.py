from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts.selectors import unread_notification_count


def navigation(request):
    """Links of the main navigation, by what the signed-in user may do."""

    def build() -> list[dict]:
        user = getattr(request, "user", None)
        links = []
        if user is None or not user.is_authenticated:
            return links
        links.append({"label": _("My initiatives"), "url": reverse("initiatives:mine")})
        # Without an object the rules ask whether the user holds the capability anywhere.
        if user.has_perm("initiatives.view_initiative") or user.has_perm(
            "initiatives.receive_initiative"
        ):
            links.append({"label": _("Dossier inbox"), "url": reverse("initiatives:inbox")})
        if user.has_perm("awards.view_round"):
            links.append({"label": _("Review rounds"), "url": reverse("awards:round_list")})
        if user.has_perm("awards.issue_award") or user.has_perm("awards.view_award_decision"):
            links.append({"label": _("Awards"), "url": reverse("honours:decision_list")})
        if user.council_seats.exists():
            links.append({"label": _("My council work"), "url": reverse("awards:my_reviews")})
        if user.has_perm("emulation.view_unit"):
            links.append({"label": _("Units"), "url": reverse("emulation:unit_browse")})
        if user.has_perm("wagtailadmin.access_admin"):
            links.append({"label": _("Site content"), "url": reverse("wagtailadmin_home")})
        links.append({"label": _("My profile"), "url": reverse("accounts:profile")})
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
