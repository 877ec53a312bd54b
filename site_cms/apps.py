from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteCmsConfig(AppConfig):
    name = "site_cms"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from site_cms import caching

        caching.connect_signals()

        from emulation.demo import register_demo_step
        from site_cms.demo import seed_site

        # After every step of the registry (movements 90, pledges 91, titles 92).
        register_demo_step(seed_site, order=200)
