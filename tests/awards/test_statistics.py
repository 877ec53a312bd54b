"""The "reviews" section of the registry figures (awards/statistics.py) and of the
``registry_stats`` command: dossiers recognised per level and year, rounds under way and
dossiers still waiting for scores."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards.enums import Outcome, RoundPurpose, RoundStatus
from awards.models import Decision, ReviewRound
from awards.services import entry_nominate, round_transition
from awards.statistics import review_figures
from emulation.rollup import figures_rebuild
from emulation.statistics import FIGURE_SECTIONS, registry_figures
from tests.factories.awards import (
    close,
    make_council,
    make_round,
    make_round_in,
    record_vote,
    score,
)
from unions.statistics import FigureScope

R = RoundStatus
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def reviews(tree):
    """Across the tree:

    - grassroots_a1x: a closed round, two dossiers recognised and one not, the first of them
      nominated to province_a's nomination round, which recognised it and closed too;
    - grassroots_a1y: a round open for dossiers and a round in scoring with every sheet in;
    - grassroots_b1x: a round in scoring, two dossiers, one of them fully scored;
    - district_b1: a round in deliberation; grassroots_b1x again: a draft (not under way).
    """
    a1x = make_round_in(R.DELIBERATION, tree.grassroots_a1x, dossiers=3)
    for entry in a1x.entries[:2]:
        record_vote(entry)
    record_vote(a1x.entries[2], Outcome.NOT_RECOGNISED)
    close(a1x.round)
    a1x.reload()
    province = make_round(tree.province_a, purpose=RoundPurpose.NOMINATION)
    officer = province.created_by
    round_transition(review_round=province, action="open", actor=officer)
    nominated = entry_nominate(entry=a1x.entries[0], target=province, actor=a1x.officer)
    make_council(province)
    round_transition(review_round=province, action="start_scoring", actor=officer)
    for sheet in nominated.sheets.all():
        score(sheet)
    round_transition(review_round=province, action="close_scoring", actor=officer)
    record_vote(nominated)
    close(province)

    make_round_in(R.OPEN, tree.grassroots_a1y)
    make_round_in(R.SCORING, tree.grassroots_a1y, submitted=True)
    b1x = make_round_in(R.SCORING, tree.grassroots_b1x, dossiers=2)
    for sheet in b1x.sheets(b1x.entries[0]):
        score(sheet)
    make_round_in(R.DELIBERATION, tree.district_b1, dossier_unit=tree.grassroots_b1x)
    make_round(tree.grassroots_b1x)
    figures_rebuild()
    return a1x


def empty_levels() -> dict:
    return {"national": {}, "provincial": {}, "upper_direct": {}, "grassroots": {}}


def test_reviews_are_a_section_of_the_registry_figures(db):
    assert "reviews" in FIGURE_SECTIONS


def test_review_figures_for_the_whole_registry(reviews):
    figures = registry_figures()["reviews"]

    assert figures["recognised_by_level_and_year"] == {
        **empty_levels(),
        "provincial": {str(THIS_YEAR): 1},
        "grassroots": {str(THIS_YEAR): 2},
    }
    assert figures["rounds_open"] == 4
    assert figures["rounds_by_status"] == {"open": 1, "scoring": 2, "deliberation": 1}
    # b1x's second dossier; a1y's scoring round has every sheet in.
    assert figures["dossiers_awaiting_scores"] == 1


def test_review_figures_for_a_subtree(reviews, tree):
    province_a = registry_figures(unit=tree.province_a)["reviews"]
    province_b = registry_figures(unit=tree.province_b)["reviews"]
    a1x = registry_figures(unit=tree.grassroots_a1x)["reviews"]

    assert province_a["recognised_by_level_and_year"]["grassroots"] == {str(THIS_YEAR): 2}
    assert province_a["recognised_by_level_and_year"]["provincial"] == {str(THIS_YEAR): 1}
    assert province_a["rounds_by_status"] == {"open": 1, "scoring": 1, "deliberation": 0}
    assert province_a["dossiers_awaiting_scores"] == 0
    assert province_b["recognised_by_level_and_year"] == empty_levels()
    assert province_b["rounds_by_status"] == {"open": 0, "scoring": 1, "deliberation": 1}
    assert province_b["dossiers_awaiting_scores"] == 1
    # The province's decision is not the grassroots union's.
    assert a1x["recognised_by_level_and_year"] == {
        **empty_levels(),
        "grassroots": {str(THIS_YEAR): 2},
    }
    assert a1x["rounds_open"] == 0


def test_review_figures_count_recognitions_in_the_year_of_their_decision(reviews, tree):
    Decision.objects.filter(round=reviews.round).update(year=THIS_YEAR - 1)
    ReviewRound.objects.filter(unit=tree.grassroots_b1x).update(year=THIS_YEAR - 1)

    last_year = review_figures(FigureScope(year=THIS_YEAR - 1))
    this_year = review_figures(FigureScope(year=THIS_YEAR))

    assert last_year["recognised_by_level_and_year"]["grassroots"] == {str(THIS_YEAR - 1): 2}
    assert last_year["recognised_by_level_and_year"]["provincial"] == {}
    assert last_year["rounds_by_status"] == {"open": 0, "scoring": 1, "deliberation": 0}
    assert this_year["recognised_by_level_and_year"]["grassroots"] == {}
    assert this_year["recognised_by_level_and_year"]["provincial"] == {str(THIS_YEAR): 1}
    assert this_year["rounds_open"] == 3
    whole = review_figures(FigureScope())["recognised_by_level_and_year"]["grassroots"]
    assert whole == {str(THIS_YEAR - 1): 2}


def test_review_figures_of_an_empty_registry(db):
    figures = review_figures(FigureScope())

    assert figures == {
        "recognised_by_level_and_year": empty_levels(),
        "rounds_open": 0,
        "rounds_by_status": {"open": 0, "scoring": 0, "deliberation": 0},
        "dossiers_awaiting_scores": 0,
    }


def test_review_figures_take_the_same_queries_whatever_the_number_of_rows(tree):
    make_round_in(R.SCORING, tree.grassroots_a1x)
    with CaptureQueriesContext(connection) as few:
        review_figures(FigureScope(unit=tree.province_a))
    make_round_in(R.CLOSED, tree.grassroots_a1x, dossiers=3)
    make_round_in(R.SCORING, tree.grassroots_a1y, dossiers=2)
    with CaptureQueriesContext(connection) as many:
        review_figures(FigureScope(unit=tree.province_a))

    assert len(many) == len(few) <= 4


def run(*args) -> str:
    out = StringIO()
    call_command("registry_stats", *args, stdout=out)
    return out.getvalue()


def test_registry_stats_command_prints_the_review_figures_as_json(reviews):
    figures = json.loads(run("--format", "json", "--unit", "QTR"))

    assert figures["reviews"]["recognised_by_level_and_year"]["grassroots"] == {str(THIS_YEAR): 2}
    assert figures["reviews"]["rounds_open"] == 2
    assert figures["reviews"]["dossiers_awaiting_scores"] == 0
    assert figures["initiatives"]["by_status"]["recognised"] == 2


def test_registry_stats_command_prints_the_review_figures_as_a_table(reviews):
    output = run()

    lines = {line.split()[0]: line.split()[-1] for line in output.splitlines() if line.strip()}
    assert "reviews" in lines
    assert lines[f"recognised_by_level_and_year.grassroots.{THIS_YEAR}"] == "2"
    assert lines[f"recognised_by_level_and_year.provincial.{THIS_YEAR}"] == "1"
    assert lines["rounds_open"] == "4"
    assert lines["rounds_by_status.scoring"] == "2"
    assert lines["dossiers_awaiting_scores"] == "1"
