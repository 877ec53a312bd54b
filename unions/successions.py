"""Hooks that move a unit's open work to its successor when the unit is merged, split or
dissolved.

The emulation app cannot import the apps above it (initiatives, awards). Each of them registers
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
