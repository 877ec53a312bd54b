"""The transition table, checked exhaustively and without a database.

The expected table is written out here by hand from the legal lifecycle (DESIGN.md §4), not
read back from ``initiatives.workflow``, so a change to the table has to change this file too.
"""

import pytest

from accounts import workflow
from accounts.workflow import TransitionNotAllowed
from initiatives.enums import EDITABLE_STATUSES, UNDECIDED_STATUSES, InitiativeStatus
from initiatives.workflow import (
    DOSSIER_PAGE_ACTIONS,
    TRANSITIONS,
    actions_from,
)

S = InitiativeStatus
ALL_STATUSES = list(S.values)


def transition_for(action: str, status: str):
    return workflow.transition_for(TRANSITIONS, action, status)


# action: (allowed sources, target, permission)
EXPECTED = {
    "submit": ({S.DRAFT}, S.SUBMITTED, "initiatives.submit_initiative"),
    "resubmit": ({S.RETURNED}, S.RESUBMITTED, "initiatives.submit_initiative"),
    "return": ({S.SUBMITTED, S.RESUBMITTED}, S.RETURNED, "initiatives.receive_initiative"),
    "accept": ({S.SUBMITTED, S.RESUBMITTED}, S.ACCEPTED, "initiatives.receive_initiative"),
    "refuse": ({S.SUBMITTED, S.RESUBMITTED}, S.REFUSED, "initiatives.receive_initiative"),
    "withdraw": (
        {S.SUBMITTED, S.RETURNED, S.RESUBMITTED, S.ACCEPTED, S.UNDER_REVIEW},
        S.WITHDRAWN,
        "initiatives.withdraw_initiative",
    ),
    "start_review": ({S.ACCEPTED}, S.UNDER_REVIEW, "initiatives.review_initiative"),
    "recognise": ({S.UNDER_REVIEW}, S.RECOGNISED, "initiatives.review_initiative"),
    "not_recognise": ({S.UNDER_REVIEW}, S.NOT_RECOGNISED, "initiatives.review_initiative"),
    # The council returns a dossier for clarification; it comes back once answered, or the
    # officers take it out of the round before scoring.
    "return_for_clarification": ({S.UNDER_REVIEW}, S.RETURNED, "initiatives.review_initiative"),
    "resume_review": ({S.RESUBMITTED}, S.UNDER_REVIEW, "initiatives.review_initiative"),
    "stop_review": ({S.UNDER_REVIEW}, S.ACCEPTED, "initiatives.review_initiative"),
    # The employer's own decision, recorded and checked by an officer (issue 13 §2).
    "confirm_external_recognition": (
        {S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED},
        S.RECOGNISED,
        "initiatives.receive_initiative",
    ),
}

# What the dossier page offers in each status, in the order of the buttons.
EXPECTED_PAGE_ACTIONS = {
    S.DRAFT: ["submit"],
    S.SUBMITTED: ["return", "accept", "refuse", "withdraw"],
    S.RETURNED: ["resubmit", "withdraw"],
    S.RESUBMITTED: ["return", "accept", "refuse", "withdraw"],
    S.ACCEPTED: ["withdraw"],
    S.REFUSED: [],
    S.WITHDRAWN: [],
    S.UNDER_REVIEW: ["withdraw"],
    S.RECOGNISED: [],
    S.NOT_RECOGNISED: [],
}

FINAL_STATUSES = {S.REFUSED, S.WITHDRAWN, S.RECOGNISED, S.NOT_RECOGNISED}
DECISIONS = {S.RECOGNISED, S.NOT_RECOGNISED, S.REFUSED}


def test_table_has_exactly_the_expected_actions():
    assert set(TRANSITIONS) == set(EXPECTED)
    assert all(TRANSITIONS[action].action == action for action in TRANSITIONS)


@pytest.mark.parametrize("status", ALL_STATUSES)
@pytest.mark.parametrize("action", list(EXPECTED))
def test_transition_for_allows_exactly_the_table_sources(action, status):
    sources, target, permission = EXPECTED[action]

    if status in sources:
        transition = transition_for(action, status)
        assert transition.target == target
        assert transition.permission == permission
    else:
        with pytest.raises(TransitionNotAllowed) as raised:
            transition_for(action, status)
        assert raised.value.action == action
        assert raised.value.source == status


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_unknown_action_is_never_allowed(status):
    with pytest.raises(TransitionNotAllowed):
        transition_for("publish", status)


def test_unknown_status_allows_nothing():
    for action in EXPECTED:
        with pytest.raises(TransitionNotAllowed):
            transition_for(action, "archived")
    assert actions_from("archived") == []


@pytest.mark.parametrize("action", list(EXPECTED))
def test_every_source_and_target_is_a_status(action):
    transition = TRANSITIONS[action]

    assert transition.target in ALL_STATUSES
    assert transition.sources <= set(ALL_STATUSES)
    assert transition.target not in transition.sources
    assert str(transition.label)


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_actions_from_lists_the_allowed_page_actions_in_order(status):
    assert [t.action for t in actions_from(status)] == EXPECTED_PAGE_ACTIONS[status]


def test_dossier_page_actions_leave_the_review_to_review_rounds():
    assert DOSSIER_PAGE_ACTIONS == ("submit", "resubmit", "return", "accept", "refuse", "withdraw")


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_actions_from_every_action_lists_the_table_in_the_given_order(status):
    order = list(reversed(EXPECTED))

    listed = [t.action for t in actions_from(status, actions=order)]

    assert listed == [action for action in order if status in EXPECTED[action][0]]


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_final_statuses_have_no_way_out(status):
    way_out = workflow.actions_from(TRANSITIONS, status)

    assert (way_out == []) is (status in FINAL_STATUSES)


def test_every_status_but_draft_is_reachable():
    targets = {t.target for t in TRANSITIONS.values()}

    assert targets == set(ALL_STATUSES) - {S.DRAFT}


def test_notes_are_required_to_return_refuse_and_not_recognise():
    required = {action for action, t in TRANSITIONS.items() if t.note_required}

    assert required == {
        "return",
        "refuse",
        "not_recognise",
        "return_for_clarification",
        "confirm_external_recognition",
    }


def test_withdraw_only_before_a_decision():
    withdraw = TRANSITIONS["withdraw"]

    assert withdraw.sources == UNDECIDED_STATUSES
    assert not withdraw.sources & DECISIONS
    assert S.DRAFT not in withdraw.sources  # a draft is deleted, not withdrawn
    assert S.WITHDRAWN not in withdraw.sources


def test_authors_edit_only_drafts_and_returned_dossiers():
    assert frozenset({S.DRAFT, S.RETURNED}) == EDITABLE_STATUSES
    assert {t.action for t in actions_from(S.RETURNED)} == {"resubmit", "withdraw"}
