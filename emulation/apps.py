from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Emulation and organisation")

    def ready(self) -> None:
        from accounts.profile import register_profile_section
        from emulation.profile import roles_and_memberships

        register_profile_section(roles_and_memberships)
