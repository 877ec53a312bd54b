"""The review round's transition table, checked exhaustively and without a database.

The expected table is written out here by hand from the round's lifecycle (DESIGN.md §5), not
read back from ``awards.workflow``, so a change to the table has to change this file too.
"""

import pytest

from accounts.workflow import TransitionNotAllowed, transition_for
from awards.enums import RoundStatus
from awards.workflow import (
    COUNCIL_EDITABLE,
    ENTRIES_EDITABLE,
    RECEIVES_NOMINATIONS,
    ROUND_TRANSITIONS,
    round_actions_from,
)

R = RoundStatus
ALL_STATUSES = list(R.values)


def round_transition_for(action: str, status: str):
    return transition_for(ROUND_TRANSITIONS, action, status)


# action: (allowed sources, target, permission)
EXPECTED = {
    "open": ({R.DRAFT}, R.OPEN, "awards.run_round"),
    "start_scoring": ({R.OPEN}, R.SCORING, "awards.run_round"),
    "close_scoring": ({R.SCORING}, R.DELIBERATION, "awards.run_round"),
    "reopen_scoring": ({R.DELIBERATION}, R.SCORING, "awards.run_round"),
    "close": ({R.DELIBERATION}, R.CLOSED, "awards.close_round"),
}

# What the round page offers in each status, in the order of the buttons.
EXPECTED_ACTIONS = {
    R.DRAFT: ["open"],
    R.OPEN: ["start_scoring"],
    R.SCORING: ["close_scoring"],
    R.DELIBERATION: ["reopen_scoring", "close"],
    R.CLOSED: [],
}


def test_round_table_has_exactly_the_expected_actions():
    assert set(ROUND_TRANSITIONS) == set(EXPECTED)
    assert all(ROUND_TRANSITIONS[action].action == action for action in ROUND_TRANSITIONS)


@pytest.mark.parametrize("status", ALL_STATUSES)
@pytest.mark.parametrize("action", list(EXPECTED))
def test_round_transition_for_allows_exactly_the_table_sources(action, status):
    sources, target, permission = EXPECTED[action]

    if status in sources:
        transition = round_transition_for(action, status)
        assert transition.target == target
        assert transition.permission == permission
    else:
        with pytest.raises(TransitionNotAllowed) as raised:
            round_transition_for(action, status)
        assert raised.value.action == action
        assert raised.value.source == status
        assert action in str(raised.value) and status in str(raised.value)


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_round_unknown_action_is_never_allowed(status):
    with pytest.raises(TransitionNotAllowed):
        round_transition_for("archive", status)


def test_round_unknown_status_allows_nothing():
    for action in EXPECTED:
        with pytest.raises(TransitionNotAllowed):
            round_transition_for(action, "cancelled")
    assert round_actions_from("cancelled") == []


@pytest.mark.parametrize("action", list(EXPECTED))
def test_round_every_source_and_target_is_a_status(action):
    transition = ROUND_TRANSITIONS[action]

    assert transition.target in ALL_STATUSES
    assert transition.sources <= set(ALL_STATUSES)
    assert transition.target not in transition.sources
    assert str(transition.label)


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_round_actions_from_lists_the_allowed_actions_in_order(status):
    assert [t.action for t in round_actions_from(status)] == EXPECTED_ACTIONS[status]


def test_round_closed_is_final_and_every_other_status_is_reachable():
    targets = {t.target for t in ROUND_TRANSITIONS.values()}

    assert targets == set(ALL_STATUSES) - {R.DRAFT}
    assert round_actions_from(R.CLOSED) == []


def test_round_only_reopening_the_scoring_needs_a_note():
    required = {action for action, t in ROUND_TRANSITIONS.items() if t.note_required}

    assert required == {"reopen_scoring"}


def test_round_council_and_dossiers_change_only_before_scoring():
    assert frozenset({R.DRAFT, R.OPEN}) == COUNCIL_EDITABLE
    assert frozenset({R.DRAFT, R.OPEN}) == ENTRIES_EDITABLE
    assert frozenset({R.OPEN}) == RECEIVES_NOMINATIONS
