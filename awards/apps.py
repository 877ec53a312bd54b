from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Review rounds and awards")

    def ready(self) -> None:
        # The extension points of the apps below (README, "Architecture"): the dossier learns
        # who reviews and decides it and shows the review ladder and benefits; a restructured
        # unit hands its open rounds to its successor.
        from awards import services
        from awards.selectors.council import is_decider_of, is_reviewer_of, reviewer_scope
        from awards.views.benefits import benefits_panel
        from awards.views.changes import changes_panel
        from awards.views.ladder import ladder_panel
        from awards.views.recognitions import recognition_panel
        from initiatives.reviews import register_decider, register_dossier_panel, register_reviewer
        from unions.successions import register_succession_handler

        register_reviewer(scope=reviewer_scope, check=is_reviewer_of)
        register_decider(is_decider_of)
        register_dossier_panel(recognition_panel)
        register_dossier_panel(ladder_panel)
        register_dossier_panel(benefits_panel)
        register_dossier_panel(changes_panel)
        register_succession_handler(services.rounds_follow_successor)
