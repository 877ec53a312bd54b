"""Applying a transition table to a row: the one body every lifecycle service shares.

Each app describes a lifecycle once (``Lifecycle``: its pure table from ``workflow.py``, how the
row is locked, its messages, how its history row is written) and its lifecycle service opens
``transition_applied`` with it, keeping only the rules of its own steps inside the block::

    with transition_applied(DOSSIER, initiative, action=action, actor=actor, note=note) as step:
        if step.action == "accept":
            step.obj.accepted_at = timezone.now()
    return step.obj

Entering the block locks and re-reads the row, finds the transition from its status in the
table, checks the actor's permission (a ``rules`` name in the table), the lifecycle's guard and
the note a step requires; each refusal is an ``ApplicationError`` with the lifecycle's message.
Leaving the block without an error sets the target status, saves the row, writes the history
row and queues ``after_commit`` to run with that row once the transaction commits. An error
raised inside the block saves nothing of the step.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, Protocol, TypeVar

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.workflow import Transition, TransitionNotAllowed, TransitionTable, transition_for


class StatefulRow(Protocol):
    status: str

    def save(self, *args: Any, **kwargs: Any) -> None: ...


Row = TypeVar("Row", bound=StatefulRow)


@dataclass
class Step(Generic[Row]):
    """A transition being applied, as the rules inside the block see it. ``obj`` is the locked
    row; the rules may change its fields (saved on leaving the block) and ``note`` (what the
    history row keeps)."""

    obj: Row
    transition: Transition
    source: str
    actor: User
    note: str
    record: Any = None  # the history row, once written

    @property
    def action(self) -> str:
        return self.transition.action

    @property
    def target(self) -> str:
        return self.transition.target


@dataclass(frozen=True)
class Lifecycle(Generic[Row]):
    """What differs between the lifecycles of the registry.

    ``lock`` re-reads the row with ``select_for_update`` (and what the messages need);
    ``not_allowed`` and ``forbidden`` give the messages when the action does not apply from the
    row's status and when the actor lacks the step's permission; ``guard``, when given, raises
    ApplicationError when the row's surroundings stop every step (checked after the permission,
    before the note); ``record`` writes the history row of a step and returns it.
    """

    table: TransitionTable
    lock: Callable[[Row], Row]
    not_allowed: Callable[[Row], str]
    forbidden: Callable[[Row], str]
    record: Callable[[Step[Row]], Any]
    guard: Callable[[Row], None] | None = None
    note_missing: str | Promise = gettext_lazy("Give the reasons.")


@contextmanager
def transition_applied(
    lifecycle: Lifecycle[Row],
    obj: Row,
    *,
    action: str,
    actor: User,
    note: str = "",
    update_fields: list[str] | None = None,
    after_commit: Callable[[Any], None] | None = None,
) -> Iterator[Step[Row]]:
    """Apply ``action`` of ``lifecycle`` to ``obj`` as ``actor``, with the step's own rules run
    inside the ``with`` block (see the module's docstring).

    Saves the row (only ``update_fields`` when given) and writes the history row when the block
    ends without an error; ``after_commit(history_row)`` runs after the transaction commits.
    Raises ApplicationError (field ``note`` for a missing note). Runs inside the caller's
    transaction, opening one when there is none (``select_for_update`` needs it).
    """
    with transaction.atomic(savepoint=False):
        obj = lifecycle.lock(obj)
        source = obj.status
        try:
            found = transition_for(lifecycle.table, action, source)
        except TransitionNotAllowed:
            raise ApplicationError(lifecycle.not_allowed(obj)) from None
        if not actor.has_perm(found.permission, obj):
            raise ApplicationError(lifecycle.forbidden(obj))
        if lifecycle.guard is not None:
            lifecycle.guard(obj)
        note = (note or "").strip()
        if found.note_required and not note:
            raise ApplicationError(str(lifecycle.note_missing), field="note")
        step = Step(obj=obj, transition=found, source=source, actor=actor, note=note)
        yield step
        obj.status = found.target
        # Who made the change, for the models that keep a field history (simple-history).
        obj._history_user = actor
        obj.save(update_fields=update_fields)
        step.record = lifecycle.record(step)
        if after_commit is not None:
            transaction.on_commit(partial(after_commit, step.record))
