"""The lifecycle of a review round as a pure table: action → allowed sources → target →
permission.

No database here. ``awards.services.round_transition`` applies it (``round_close`` for the
last step, which also issues the decision); the round page asks ``round_actions_from`` which
buttons to show.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from awards.enums import RoundStatus

R = RoundStatus


@dataclass(frozen=True)
class RoundTransition:
    action: str
    sources: frozenset[str]
    target: str
    permission: str
    label: str | Promise
    note_required: bool = False


ROUND_TRANSITIONS: dict[str, RoundTransition] = {
    t.action: t
    for t in [
        RoundTransition(
            "open", frozenset({R.DRAFT}), R.OPEN, "awards.run_round", _("Open for dossiers")
        ),
        RoundTransition(
            "start_scoring",
            frozenset({R.OPEN}),
            R.SCORING,
            "awards.run_round",
            _("Start scoring"),
        ),
        RoundTransition(
            "close_scoring",
            frozenset({R.SCORING}),
            R.DELIBERATION,
            "awards.run_round",
            _("Close scoring"),
        ),
        RoundTransition(
            "reopen_scoring",
            frozenset({R.DELIBERATION}),
            R.SCORING,
            "awards.run_round",
            _("Reopen scoring"),
            note_required=True,
        ),
        RoundTransition(
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


class RoundTransitionNotAllowed(Exception):
    def __init__(self, action: str, status: str) -> None:
        super().__init__(f"{action} is not allowed from {status}")
        self.action = action
        self.source = status


def round_transition_for(action: str, status: str) -> RoundTransition:
    """The transition ``action`` from ``status``; raises RoundTransitionNotAllowed otherwise."""
    transition = ROUND_TRANSITIONS.get(action)
    if transition is None or status not in transition.sources:
        raise RoundTransitionNotAllowed(action, status)
    return transition


def round_actions_from(status: str) -> list[RoundTransition]:
    """Transitions allowed from ``status``, in the order of the table."""
    return [t for t in ROUND_TRANSITIONS.values() if status in t.sources]
