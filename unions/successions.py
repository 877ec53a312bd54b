"""Hooks that move a unit's open work to its successor when the unit is merged, split or
dissolved, and that let what is stored about a subtree follow it when it moves in the tree.

The organisation app cannot import the apps above it (initiatives, awards). Each of them registers
a handler here at start-up; the restructuring services call every handler inside their own
transaction, so open dossiers and rounds follow their unit or nothing changes at all.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from unions.models import Unit


@dataclass(frozen=True)
class Succession:
    predecessor: Unit
    successor: Unit
    effective_date: date
    actor: Any


SuccessionHandler = Callable[[Succession], None]
_handlers: list[SuccessionHandler] = []


def register_succession_handler(handler: SuccessionHandler) -> SuccessionHandler:
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def hand_over(succession: Succession) -> None:
    for handler in list(_handlers):
        handler(succession)


# --- a subtree moved ----------------------------------------------------------------------

MoveHandler = Callable[[Unit], None]
_move_handlers: list[MoveHandler] = []


def register_move_handler(handler: MoveHandler) -> MoveHandler:
    """Register ``handler(unit)``, called after ``unit`` and its subtree were put under a new
    parent (a move, or a sub-unit handed over by a merge, split or dissolution), in the
    restructuring's transaction, with ``unit`` as it now stands (its new path). For apps above
    that store something derived from the tree (e.g. the dossier's province, issue 14)."""
    if handler not in _move_handlers:
        _move_handlers.append(handler)
    return handler


def subtree_moved(unit: Unit) -> None:
    for handler in list(_move_handlers):
        handler(unit)
