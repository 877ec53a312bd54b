from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from emulation.navigation import register_navigation_link
        from initiatives.indicator_sources import register_initiative_sources

        register_initiative_sources()
        register_navigation_link(
            label=_("My initiatives"),
            url_name="initiatives:mine",
            order=10,
            visible=lambda user: True,
        )
        # Without an object the rules ask whether the user holds the capability anywhere.
        register_navigation_link(
            label=_("Dossier inbox"),
            url_name="initiatives:inbox",
            order=20,
            visible=lambda user: (
                user.has_perm("initiatives.view_initiative")
                or user.has_perm("initiatives.receive_initiative")
            ),
        )
