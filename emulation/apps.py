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

        from emulation.demo import register_demo_step
        from emulation.demo_movements import seed_movements
        from emulation.navigation import register_navigation_link
        from emulation.views.movements import emulation_link_visible

        register_demo_step(seed_movements, order=90)
        register_navigation_link(
            label=_("Emulation"),
            url_name="movements:movement_list",
            order=60,
            visible=emulation_link_visible,
        )

        from emulation.demo_pledges import seed_pledges

        register_demo_step(seed_pledges, order=91)
        register_navigation_link(
            label=_("Emulation blocks"),
            url_name="pledges:block_list",
            order=65,
            visible=lambda user: user.has_perm("unions.view_unit"),
        )

        from emulation.demo_titles import seed_titles

        register_demo_step(seed_titles, order=92)
        register_navigation_link(
            label=_("Individual titles"),
            url_name="titles:index",
            order=68,
            visible=lambda user: user.has_perm("emulation.confer_title"),
        )
