from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        # The extension point of unions (README, "Architecture"): a dossier's stored
        # province follows its unit when the unit moves in the tree.
        from initiatives.standing import initiative_province_follow_move
        from unions.successions import register_move_handler

        register_move_handler(initiative_province_follow_move)
