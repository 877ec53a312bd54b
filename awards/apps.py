from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Review rounds and awards")

    def ready(self) -> None:
        from accounts.profile import register_profile_section
        from awards import selectors, services
        from awards.profile import achievements_section
        from awards.statistics import award_figures, review_figures
        from awards.views.benefits import benefits_panel
        from awards.views.ladder import ladder_panel
        from emulation.navigation import register_navigation_link
        from initiatives.reviews import register_decider, register_dossier_panel, register_reviewer
        from initiatives.statistics import register_figures
        from unions.successions import register_succession_handler

        register_reviewer(scope=selectors.reviewer_scope, check=selectors.is_reviewer_of)
        register_decider(selectors.is_decider_of)
        register_dossier_panel(ladder_panel)
        register_dossier_panel(benefits_panel)
        register_figures("reviews", review_figures)
        register_figures("awards", award_figures)
        register_succession_handler(services.rounds_follow_successor)

        from awards.services.flags import flag_proposal_create, flag_proposal_url
        from emulation.flags import register_flag_proposer

        register_flag_proposer(flag_proposal_create, link=flag_proposal_url)

        from awards.indicator_sources import register_award_sources
        from emulation.records import register_recognition_provider

        register_award_sources()
        register_recognition_provider(selectors.recognitions_by_person)
        register_profile_section(achievements_section)
        register_navigation_link(
            label=_("Review rounds"),
            url_name="awards:round_list",
            order=30,
            visible=lambda user: user.has_perm("awards.view_round"),
        )
        register_navigation_link(
            label=_("Awards"),
            url_name="honours:decision_list",
            order=40,
            visible=lambda user: (
                user.has_perm("awards.issue_award") or user.has_perm("awards.view_award_decision")
            ),
        )
        register_navigation_link(
            label=_("My council work"),
            url_name="awards:my_reviews",
            order=50,
            visible=lambda user: user.council_seats.exists(),
        )
