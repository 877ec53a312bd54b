"""Two people acting on a round at the same moment, in real concurrent transactions.

PostgreSQL only: SQLite has no row locks (``select_for_update`` is a no-op there and writers
lock the whole file), so these races cannot be staged on it. Each test commits its setup
(``transaction=True``; ``serialized_rollback`` puts the migrations' seed data back for the
tests that follow) and runs each actor in a thread with its own connection, closed at the end
of the thread.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from accounts.errors import ApplicationError
from awards.enums import RoundStatus, SheetStatus
from awards.models import Decision, ReviewRound, RubricVersion, Score, ScoreSheet
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from tests.factories.awards import close, make_round_in, record_vote, score

R = RoundStatus

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=(
            f"concurrency tests need PostgreSQL row locks; the database here is "
            f"{connection.vendor} (run with DATABASE_URL=postgres://…)"
        ),
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def at_once(*calls: Callable[[], object]) -> list[tuple[str, object]]:
    """Run ``calls`` in threads released together; each result is ("ok", value) or
    ("error", exception)."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[str, object]] = [("missing", None)] * len(calls)

    def worker(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck on a lock"
    return results


def test_round_closed_twice_at_once_gives_one_decision(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x, dossiers=2)
    for entry in setup.entries:
        record_vote(entry)
    review_round = setup.reload()

    results = at_once(
        lambda: close(ReviewRound.objects.get(pk=review_round.pk), actor=setup.officer),
        lambda: close(ReviewRound.objects.get(pk=review_round.pk), actor=setup.chair.user),
    )

    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error", "ok"], results
    [error] = [value for kind, value in results if kind == "error"]
    assert isinstance(error, ApplicationError)
    assert Decision.objects.filter(round=review_round).count() == 1
    assert Decision.objects.count() == 1
    assert ReviewRound.objects.get(pk=review_round.pk).status == R.CLOSED
    assert set(
        Initiative.objects.filter(pk__in=[i.pk for i in setup.initiatives]).values_list(
            "status", flat=True
        )
    ) == {InitiativeStatus.RECOGNISED}


def test_two_rounds_of_one_unit_closing_at_once_draw_different_numbers(tree):
    first = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    second = make_round_in(R.DELIBERATION, tree.grassroots_a1x, officer=first.officer)
    for setup in (first, second):
        record_vote(setup.entry)

    results = at_once(
        lambda: close(ReviewRound.objects.get(pk=first.round.pk), actor=first.officer),
        lambda: close(ReviewRound.objects.get(pk=second.round.pk), actor=first.officer),
    )

    assert [kind for kind, _value in results] == ["ok", "ok"], results
    assert sorted(Decision.objects.values_list("sequence", flat=True)) == [1, 2]
    assert Decision.objects.values("number").distinct().count() == 2


def test_two_members_submitting_at_once_both_count_and_freeze_the_rubric(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, members=2)
    first, second = (setup.sheet(setup.entry, member) for member in setup.members)
    version = setup.round.rubric_version
    assert not version.is_frozen

    results = at_once(
        lambda: score(ScoreSheet.objects.get(pk=first.pk), [21, 22, 31]),
        lambda: score(ScoreSheet.objects.get(pk=second.pk), [25, 26, 35]),
    )

    assert [kind for kind, _value in results] == ["ok", "ok"], results
    sheets = ScoreSheet.objects.filter(pk__in=[first.pk, second.pk])
    assert set(sheets.values_list("status", flat=True)) == {SheetStatus.SUBMITTED}
    assert Score.objects.filter(sheet=first).count() == 3
    assert Score.objects.filter(sheet=second).count() == 3
    assert sorted(Score.objects.filter(sheet=second).values_list("points", flat=True)) == [
        25,
        26,
        35,
    ]
    assert RubricVersion.objects.get(pk=version.pk).is_frozen
