from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from emulation.demo import register_demo_step
        from initiatives.demo import seed_initiatives

        register_demo_step(seed_initiatives)
