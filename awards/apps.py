from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Review rounds and awards")

    def ready(self) -> None:
        from awards import selectors, services
        from awards.demo import seed_reviews
        from awards.statistics import review_figures
        from awards.views.ladder import ladder_panel
        from emulation.demo import register_demo_step
        from emulation.successions import register_succession_handler
        from initiatives.reviews import register_decider, register_dossier_panel, register_reviewer
        from initiatives.statistics import register_figures

        register_reviewer(scope=selectors.reviewer_scope, check=selectors.is_reviewer_of)
        register_decider(selectors.is_decider_of)
        register_dossier_panel(ladder_panel)
        register_figures("reviews", review_figures)
        register_succession_handler(services.rounds_follow_successor)
        register_demo_step(seed_reviews)
