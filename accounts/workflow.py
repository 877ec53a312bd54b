"""The shape every lifecycle of the registry shares: a pure table of transitions, action →
allowed sources → target → permission (a ``rules`` name), with the button's label and whether
the step needs a written reason.

No database here. Each app writes its own tables (``initiatives.workflow``,
``emulation.workflow``, ``awards.workflow``) with ``transition_table``; one service per table
applies it through ``accounts.transitions.transition_applied`` (lock, check, save, history,
notifications after commit), and pages ask ``actions_from`` which buttons to show.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    permission: str
    label: str | Promise
    note_required: bool = False


TransitionTable = dict[str, Transition]


class TransitionNotAllowed(Exception):
    def __init__(self, action: str, status: str) -> None:
        super().__init__(f"{action} is not allowed from {status}")
        self.action = action
        self.source = status


def transition_table(*transitions: Transition) -> TransitionTable:
    """The transitions keyed by action, in the order given."""
    return {t.action: t for t in transitions}


def transition_for(table: TransitionTable, action: str, status: str) -> Transition:
    """The transition ``action`` from ``status`` in ``table``; raises TransitionNotAllowed."""
    transition = table.get(action)
    if transition is None or status not in transition.sources:
        raise TransitionNotAllowed(action, status)
    return transition


def actions_from(
    table: TransitionTable, status: str, actions: Iterable[str] | None = None
) -> list[Transition]:
    """Transitions of ``table`` allowed from ``status``, in the order of the table (or of
    ``actions``, which also limits them)."""
    steps = table.values() if actions is None else (table[a] for a in actions)
    return [t for t in steps if status in t.sources]
