"""The lifecycle of a review round as a pure table: action → allowed sources → target →
permission.

No database here. ``awards.services.round_transition`` applies it through
``accounts.transitions`` (``round_close`` for the last step, which also issues the decision);
the round page asks ``round_actions_from`` which buttons to show.
"""

from django.utils.translation import gettext_lazy as _

from accounts import workflow
from accounts.workflow import Transition
from awards.enums import RoundStatus

R = RoundStatus


ROUND_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "open", frozenset({R.DRAFT}), R.OPEN, "awards.run_round", _("Open for dossiers")
        ),
        Transition(
            "start_scoring",
            frozenset({R.OPEN}),
            R.SCORING,
            "awards.run_round",
            _("Start scoring"),
        ),
        Transition(
            "close_scoring",
            frozenset({R.SCORING}),
            R.DELIBERATION,
            "awards.run_round",
            _("Close scoring"),
        ),
        Transition(
            "reopen_scoring",
            frozenset({R.DELIBERATION}),
            R.SCORING,
            "awards.run_round",
            _("Reopen scoring"),
            note_required=True,
        ),
        Transition(
            "close",
            frozenset({R.DELIBERATION}),
            R.CLOSED,
            "awards.close_round",
            _("Close the round and issue the decision"),
        ),
    ]
}

# Statuses in which the round's dossiers and council may still change.
COUNCIL_EDITABLE = frozenset({R.DRAFT, R.OPEN})
ENTRIES_EDITABLE = frozenset({R.DRAFT, R.OPEN})
# Statuses in which a round receives nominations from below.
RECEIVES_NOMINATIONS = frozenset({R.OPEN})


def round_actions_from(status: str) -> list[Transition]:
    """Transitions allowed from ``status``, in the order of the table."""
    return workflow.actions_from(ROUND_TRANSITIONS, status)
