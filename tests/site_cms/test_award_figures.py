"""The public site counts awards with the awards vocabulary: the statistics page every issued
recipient, the honour board, the home page and an exemplary person's page only standing awards
without round certificates."""

import pytest

from awards.models import Recipient
from emulation.rollup import figures_rebuild
from site_cms.selectors.exemplary_people import public_achievements
from site_cms.selectors.honours import latest_awards, public_award_decisions
from site_cms.selectors.statistics import figures_by_level, union_figures
from tests.factories.awards import award_cases


@pytest.fixture
def cases(tree):
    return award_cases(tree)


def test_the_statistics_page_counts_every_issued_recipient(cases):
    issued = Recipient.objects.issued().count()
    assert issued == 5  # every case but the draft
    figures_rebuild()

    assert union_figures().awards == issued
    assert sum(row.awards for row in figures_by_level()) == issued


def test_the_honour_board_shows_standing_recipients_without_round_certificates(cases):
    shown = {
        recipient.pk
        for decision in public_award_decisions()
        for recipient in decision.public_recipients
    }

    assert shown == {cases["kept"].pk}
    assert shown == set(
        Recipient.objects.standing().without_round_certificates().values_list("pk", flat=True)
    )


def test_the_home_page_lists_standing_awards_without_round_certificates(cases):
    assert [award.recipient_name for award in latest_awards()] == [cases["kept"].name]


@pytest.mark.parametrize(
    ("case", "shown"),
    [
        ("kept", True),
        ("revoked_alone", False),
        ("revoked_whole", False),
        ("round_certificate", False),
        ("manual_certificate", False),
        ("draft", False),
    ],
)
def test_an_exemplary_person_shows_standing_awards_without_round_certificates(cases, case, shown):
    awards = [award for year in public_achievements(cases[case].user) for award in year.awards]
    assert bool(awards) == shown
