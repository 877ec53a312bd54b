"""The council's scores brought together: pure arithmetic, no database.

Criteria are plain ``CriterionSpec`` values; sheets are dicts criterion pk → points.
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from awards.aggregation import (
    CriterionSpec,
    EntryResult,
    Figures,
    entry_result,
    figures,
    rank,
    vote_passes,
)
from initiatives.selectors import review_rules

D = Decimal
NOVELTY = CriterionSpec(pk=1, name="Tính mới", max_points=D(30), eliminatory=True)
APPLICABILITY = CriterionSpec(pk=2, name="Khả năng áp dụng", max_points=D(30))
BENEFIT = CriterionSpec(pk=3, name="Hiệu quả", max_points=D(40))
CRITERIA = [NOVELTY, APPLICABILITY, BENEFIT]
MARGIN = 20  # per cent of the maximum, the configured default
THRESHOLD = D(50)


def sheet(novelty, applicability, benefit) -> dict[int, Decimal]:
    return {1: D(novelty), 2: D(applicability), 3: D(benefit)}


def result(sheets, criteria=CRITERIA, threshold=THRESHOLD, margin=MARGIN, entry_id=1):
    return entry_result(entry_id, sheets, criteria, threshold=threshold, margin_percent=margin)


@pytest.mark.django_db
def test_seeded_review_rules_are_the_documented_defaults():
    rules = review_rules()
    assert rules.spread_margin_percent == MARGIN
    assert Fraction(2, 3) == rules.vote_share
    assert rules.decision_months == 3
    assert "18/2013/TT-BKHCN" in rules.vote_share_source
    assert "13/2012/NĐ-CP" in rules.decision_months_source


def test_figures_mean_median_and_spread():
    values = [D(10), D(20), D(24)]

    assert figures(values, D(30), MARGIN) == Figures(
        mean=D("18.00"), median=D("20.00"), spread=D("14.00"), disagreement=True
    )


def test_figures_median_of_an_even_count_is_the_middle_of_the_two():
    assert figures([D(10), D(20), D(12), D(30)], D(40), MARGIN).median == D("16.00")


def test_figures_round_half_up_to_two_places():
    # (10 + 10.01) / 2 = 10.005
    assert figures([D(10), D("10.01")], D(30), MARGIN).mean == D("10.01")
    assert figures([D(10), D(10), D(11)], D(30), MARGIN).mean == D("10.33")


def test_figures_single_value_has_no_spread():
    single = figures([D(17)], D(30), MARGIN)

    assert (single.mean, single.median, single.spread) == (D(17), D(17), D(0))
    assert not single.disagreement


@pytest.mark.parametrize(
    ("values", "flagged"),
    [
        ([D(20), D(26)], False),  # spread 6 = 20% of 30: at the margin, not beyond it
        ([D(20), D("26.01")], True),  # just beyond
        ([D(20), D(27)], True),
        ([D(25), D(25), D(25)], False),
    ],
)
def test_figures_flag_disagreement_beyond_the_margin(values, flagged):
    assert figures(values, D(30), MARGIN).disagreement is flagged


def test_figures_margin_follows_the_given_percentage():
    assert figures([D(20), D(26)], D(30), 10).disagreement
    assert not figures([D(20), D(26)], D(30), 30).disagreement


def test_entry_result_per_criterion_and_total():
    outcome = result([sheet(25, 20, 30), sheet(27, 22, 34), sheet(20, 21, 32)])

    assert outcome.sheet_count == 3 and outcome.scored
    assert outcome.criteria[1] == Figures(D("24.00"), D("25.00"), D("7.00"), True)
    assert outcome.criteria[2] == Figures(D("21.00"), D("21.00"), D("2.00"), False)
    assert outcome.criteria[3] == Figures(D("32.00"), D("32.00"), D("4.00"), False)
    # Totals 75, 83, 73: spread 10 of 100 is within 20%.
    assert outcome.total == Figures(D("77.00"), D("75.00"), D("10.00"), False)
    assert outcome.passed and not outcome.eliminated
    assert outcome.rank is None  # ranking is a separate step


def test_entry_result_total_disagreement_uses_the_maximum_total():
    outcome = result([sheet(30, 30, 40), sheet(10, 10, 20)])

    assert outcome.total.spread == D(60)
    assert outcome.total.disagreement


def test_entry_result_without_sheets_is_not_scored():
    outcome = result([])

    assert outcome == EntryResult(entry_id=1, sheet_count=0)
    assert not outcome.scored and outcome.total is None
    assert not outcome.passed and not outcome.eliminated


def test_entry_result_eliminatory_criterion_with_median_zero_eliminates():
    # Mean total 70, well above the threshold, but two of three members gave no novelty.
    outcome = result([sheet(0, 30, 40), sheet(0, 30, 40), sheet(30, 20, 30)])

    assert outcome.criteria[1].median == 0
    assert outcome.total.mean >= D(50)
    assert outcome.eliminated
    assert not outcome.passed


def test_entry_result_eliminatory_zero_from_one_member_only_does_not_eliminate():
    outcome = result([sheet(0, 25, 30), sheet(15, 25, 30), sheet(20, 25, 30)])

    assert outcome.criteria[1].median == D(15)
    assert not outcome.eliminated
    assert outcome.passed


def test_entry_result_zero_median_on_an_ordinary_criterion_does_not_eliminate():
    outcome = result([sheet(30, 0, 40), sheet(30, 0, 40)])

    assert outcome.criteria[2].median == 0
    assert not outcome.eliminated
    assert outcome.passed  # 70 ≥ 50


@pytest.mark.parametrize(
    ("sheets", "passed"),
    [
        ([sheet(15, 15, 20)], True),  # exactly the threshold, 50
        ([sheet(15, 15, "19.99")], False),
        ([sheet(15, 15, 20), sheet(15, 15, 19)], False),  # mean 49.5
        ([sheet(15, 15, 20), sheet(15, 15, 21)], True),  # mean 50.5
    ],
)
def test_entry_result_passes_when_the_mean_total_reaches_the_threshold(sheets, passed):
    assert result(sheets).passed is passed


def test_entry_result_threshold_is_the_rubric_s():
    sheets = [sheet(20, 20, 30)]  # 70

    assert result(sheets, threshold=D(70)).passed
    assert not result(sheets, threshold=D("70.01")).passed


def test_entry_result_weights_multiply_points_in_the_total():
    weighted = [
        CriterionSpec(pk=1, name="Tính mới", max_points=D(10), weight=D(3)),
        CriterionSpec(pk=2, name="Hiệu quả", max_points=D(20), weight=D("0.5")),
    ]

    outcome = result([{1: D(8), 2: D(10)}, {1: D(6), 2: D(20)}], criteria=weighted)

    # 8×3 + 10×0.5 = 29; 6×3 + 20×0.5 = 28
    assert outcome.total.mean == D("28.50")
    assert outcome.total.spread == D(1)
    # Per-criterion figures stay in the criterion's own points.
    assert outcome.criteria[1].mean == D(7)
    assert outcome.criteria[2].mean == D(15)
    assert not result([{1: D(8), 2: D(10)}], criteria=weighted, threshold=D(30)).passed


def test_entry_result_weighted_maximum_sets_the_disagreement_margin():
    weighted = [CriterionSpec(pk=1, name="Tính mới", max_points=D(10), weight=D(3))]

    # Maximum total 30: a spread of 6 (2 points × 3) is at 20%, 9 is beyond.
    assert not result([{1: D(5)}, {1: D(7)}], criteria=weighted).total.disagreement
    assert result([{1: D(5)}, {1: D(8)}], criteria=weighted).total.disagreement


def test_entry_result_missing_criterion_counts_as_zero():
    outcome = result([{2: D(20), 3: D(30)}])

    assert outcome.criteria[1].mean == 0
    assert outcome.total.mean == D(50)
    assert outcome.eliminated


def test_rank_orders_by_mean_total_and_ties_share_a_rank():
    results = [
        result([sheet(20, 20, 40)], entry_id=1),  # 80
        result([sheet(30, 30, 30)], entry_id=2),  # 90
        result([sheet(25, 25, 30)], entry_id=3),  # 80
        result([], entry_id=4),  # not scored
        result([sheet(20, 20, 30)], entry_id=5),  # 70
    ]

    ranked = rank(results)

    assert ranked is results  # in place, order kept
    assert {r.entry_id: r.rank for r in ranked} == {1: 2, 2: 1, 3: 2, 4: None, 5: 4}


def test_rank_puts_eliminated_dossiers_after_all_the_others():
    results = [
        result([sheet(0, 30, 40)], entry_id=1),  # 70 but eliminated
        result([sheet(10, 10, 10)], entry_id=2),  # 30, below the threshold, still ranked
        result([sheet(20, 20, 20)], entry_id=3),  # 60
        result([sheet(0, 30, 40)], entry_id=4),  # tied with 1
        result([sheet(0, 10, 10)], entry_id=5),  # 20, eliminated
    ]

    ranked = {r.entry_id: r.rank for r in rank(results)}

    assert ranked == {3: 1, 2: 2, 1: 3, 4: 3, 5: 5}


def test_rank_of_nothing_is_nothing():
    assert rank([]) == []


def test_rank_all_tied_share_the_first_place():
    results = [result([sheet(20, 20, 20)], entry_id=i) for i in range(3)]

    assert [r.rank for r in rank(results)] == [1, 1, 1]


TWO_THIRDS = Fraction(2, 3)


@pytest.mark.parametrize(
    ("votes_for", "council", "passes"),
    [
        (6, 9, True),  # exactly two thirds
        (5, 9, False),  # e.g. 5 for, 1 against, 3 abstaining: abstentions count against
        (7, 9, True),
        (2, 3, True),
        (1, 3, False),
        (3, 3, True),
        (1, 1, True),
        (0, 1, False),
        (3, 5, False),  # 60%
        (4, 5, True),
        (0, 0, False),  # no council, no decision
    ],
)
def test_vote_passes_two_thirds_of_the_council(votes_for, council, passes):
    assert vote_passes(votes_for, council, TWO_THIRDS) is passes


def test_vote_passes_follows_the_configured_share():
    assert vote_passes(5, 9, Fraction(1, 2))
    assert not vote_passes(8, 9, Fraction(1, 1))
    assert vote_passes(6, 9, TWO_THIRDS)
