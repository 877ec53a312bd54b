"""The lifecycles of movements, registrations and pledges, checked exhaustively and without a
database.

The expected tables are written out here by hand from DESIGN.md §7, not read back from
``emulation.workflow``, so a change to a table has to change this file too.
"""

import pytest

from accounts.workflow import TransitionNotAllowed, actions_from, transition_for
from emulation.enums import MovementStatus, PledgeStatus, RegistrationStatus
from emulation.workflow import (
    MOVEMENT_TRANSITIONS,
    PLEDGE_TRANSITIONS,
    REGISTRATION_EDITABLE,
    REGISTRATION_TRANSITIONS,
)

M, R, P = MovementStatus, RegistrationStatus, PledgeStatus

# action: (allowed sources, target, permission, reason required)
MOVEMENTS = {
    "launch": ({M.PLANNED}, M.RUNNING, "emulation.manage_movement", False),
    "close": ({M.RUNNING}, M.CLOSED, "emulation.manage_movement", False),
    "reopen": ({M.CLOSED}, M.RUNNING, "emulation.manage_movement", True),
}
REGISTRATIONS = {
    "send": ({R.NOT_SENT, R.RETURNED}, R.AWAITING_APPROVAL, "emulation.edit_registration", False),
    "approve": ({R.AWAITING_APPROVAL}, R.APPROVED, "emulation.approve_registration", False),
    "return": ({R.AWAITING_APPROVAL}, R.RETURNED, "emulation.approve_registration", True),
    "reopen": ({R.APPROVED}, R.RETURNED, "emulation.approve_registration", True),
}
PLEDGES = {
    "sign": ({P.DRAFT}, P.SIGNED, "emulation.manage_pledge", False),
    "close": ({P.SIGNED}, P.CLOSED, "emulation.score_pledge", False),
}
TABLES = [
    (MOVEMENT_TRANSITIONS, MOVEMENTS, M.values),
    (REGISTRATION_TRANSITIONS, REGISTRATIONS, R.values),
    (PLEDGE_TRANSITIONS, PLEDGES, P.values),
]


@pytest.mark.parametrize("table, expected, statuses", TABLES)
def test_each_table_allows_exactly_the_expected_steps(table, expected, statuses):
    assert set(table) == set(expected)
    for action, (sources, target, permission, note_required) in expected.items():
        for status in statuses:
            if status in sources:
                step = transition_for(table, action, status)
                assert (step.target, step.permission, step.note_required) == (
                    target,
                    permission,
                    note_required,
                )
                assert str(step.label)
            else:
                with pytest.raises(TransitionNotAllowed):
                    transition_for(table, action, status)


@pytest.mark.parametrize("table, expected, statuses", TABLES)
def test_buttons_follow_the_table(table, expected, statuses):
    for status in statuses:
        allowed = [action for action, (sources, *_rest) in expected.items() if status in sources]
        assert [step.action for step in actions_from(table, status)] == allowed


def test_only_unsent_or_returned_registrations_can_change():
    assert {R.NOT_SENT, R.RETURNED} == REGISTRATION_EDITABLE
