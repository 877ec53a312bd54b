"""The log of units whose records changed (``UnitChange``), written by the services.

Figures kept about units (the rollups of ``emulation.rollup``) must learn what changed without
the apps below them knowing they exist: a service that changes counted records (a dossier's
state, a round's outcome, a decision, a benefit, a registration…) calls :func:`units_changed`
with the units the records are counted under, in its own transaction. After the commit the
tasks named in ``settings.UNIT_CHANGE_TASKS`` are enqueued once (the configuration, above every
app, says who reads the log; this module imports none of them). A reader that misses a task
still finds the rows: the log is the truth, the task only says "look now".
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from unions.models import Unit, UnitChange


def _enqueue_readers() -> None:
    for path in getattr(settings, "UNIT_CHANGE_TASKS", []):
        import_string(path).enqueue()


def units_changed(*, units: Iterable[Unit | int | None] = (), tree: bool = False) -> None:
    """Record that the records counted under ``units`` (objects or ids; None is skipped)
    changed, or with ``tree`` that the tree itself changed (paths moved: every figure of an
    ancestor may change). Writes one ``UnitChange`` row per distinct unit; after the commit,
    enqueues the readers of the log once per transaction. No errors."""
    ids = {unit if isinstance(unit, int) else unit.pk for unit in units if unit is not None}
    rows = [UnitChange(unit_id=pk) for pk in sorted(ids)]
    if tree:
        rows.append(UnitChange(unit_id=None))
    if not rows:
        return
    UnitChange.objects.bulk_create(rows)
    # Once per transaction: a reader already waiting for the commit of this block or of a block
    # around it (its savepoints are among ours) runs at the same commit.
    connection = transaction.get_connection()
    current = set(connection.savepoint_ids)
    if not any(
        callback is _enqueue_readers and set(sids) <= current
        for sids, callback, _robust in connection.run_on_commit
    ):
        transaction.on_commit(_enqueue_readers)
