"""The lifecycles of movements, registrations and pledges as pure tables: action → allowed
sources → target → permission.

No database here (the machinery is ``accounts.workflow``). Each table has one service that
applies it through ``accounts.transitions`` (``movement_transition``,
``registration_transition``, ``pledge_transition`` in ``emulation.services``); pages ask
``actions_from`` which buttons to show.
"""

from django.utils.translation import gettext_lazy as _

from accounts.workflow import Transition
from accounts.workflow import transition_table as _table
from emulation.enums import MovementStatus, PledgeStatus, RegistrationStatus

M = MovementStatus
R = RegistrationStatus
P = PledgeStatus


MOVEMENT_TRANSITIONS = _table(
    Transition(
        "launch", frozenset({M.PLANNED}), M.RUNNING, "emulation.manage_movement", _("Launch")
    ),
    Transition(
        "close",
        frozenset({M.RUNNING}),
        M.CLOSED,
        "emulation.manage_movement",
        _("Close the movement"),
    ),
    Transition(
        "reopen",
        frozenset({M.CLOSED}),
        M.RUNNING,
        "emulation.manage_movement",
        _("Reopen"),
        note_required=True,
    ),
)

REGISTRATION_TRANSITIONS = _table(
    Transition(
        "send",
        frozenset({R.NOT_SENT, R.RETURNED}),
        R.AWAITING_APPROVAL,
        "emulation.edit_registration",
        _("Send for approval"),
    ),
    Transition(
        "approve",
        frozenset({R.AWAITING_APPROVAL}),
        R.APPROVED,
        "emulation.approve_registration",
        _("Approve"),
    ),
    Transition(
        "return",
        frozenset({R.AWAITING_APPROVAL}),
        R.RETURNED,
        "emulation.approve_registration",
        _("Return with reasons"),
        note_required=True,
    ),
    Transition(
        "reopen",
        frozenset({R.APPROVED}),
        R.RETURNED,
        "emulation.approve_registration",
        _("Reopen for changes"),
        note_required=True,
    ),
)

PLEDGE_TRANSITIONS = _table(
    Transition(
        "sign", frozenset({P.DRAFT}), P.SIGNED, "emulation.manage_pledge", _("Record signing")
    ),
    Transition(
        "close",
        frozenset({P.SIGNED}),
        P.CLOSED,
        "emulation.score_pledge",
        _("Close the year and fix the ranking"),
    ),
)

# Registrations whose targets and titles the registrant may still change.
REGISTRATION_EDITABLE = frozenset({R.NOT_SENT, R.RETURNED})
# Movements that take registrations and reports.
MOVEMENT_OPEN = frozenset({M.RUNNING})
# Pledges whose indicators and signatories may still change.
PLEDGE_EDITABLE = frozenset({P.DRAFT})
# Pledges that take reports and scores.
PLEDGE_REPORTING = frozenset({P.SIGNED})
