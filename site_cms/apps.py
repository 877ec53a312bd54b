from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteCmsConfig(AppConfig):
    name = "site_cms"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from site_cms import caching

        caching.connect_signals()
