from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Emulation and organisation")

    def ready(self) -> None:
        from accounts.profile import register_profile_section
        from unions.profile import roles_and_memberships

        register_profile_section(roles_and_memberships)

        from emulation import statistics  # noqa: F401  (registers the "emulation" figures)
        from emulation.indicator_sources import register_emulation_sources

        register_emulation_sources()

        from emulation.navigation import register_navigation_link
        from emulation.views.movements import emulation_link_visible

        register_navigation_link(
            label=_("Emulation"),
            url_name="movements:movement_list",
            order=60,
            visible=emulation_link_visible,
        )

        register_navigation_link(
            label=_("Emulation blocks"),
            url_name="pledges:block_list",
            order=65,
            visible=lambda user: user.has_perm("unions.view_unit"),
        )

        register_navigation_link(
            label=_("Individual titles"),
            url_name="titles:index",
            order=68,
            visible=lambda user: user.has_perm("emulation.confer_title"),
        )
