"""The one body every lifecycle service shares (``accounts.transitions``), on a row kept in
memory: what it checks in which order, what it saves and records, and when it tells."""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.utils import translation

from accounts.errors import ApplicationError
from accounts.transitions import Lifecycle, Step, transition_applied
from accounts.workflow import Transition, transition_table

TABLE = transition_table(
    Transition("send", frozenset({"draft", "returned"}), "sent", "app.send", "Send"),
    Transition("return", frozenset({"sent"}), "returned", "app.decide", "Return", True),
)

pytestmark = pytest.mark.django_db


@dataclass
class Row:
    """Stands for a model row: what the helper reads and the saves it makes."""

    pk: int
    status: str
    title: str = ""
    saves: list = field(default_factory=list)

    def save(self, update_fields=None):
        self.saves.append((self.status, self.title, update_fields))


@dataclass
class Actor:
    permissions: set[str]
    asked: list = field(default_factory=list)

    def has_perm(self, permission, obj=None) -> bool:
        self.asked.append((permission, obj.pk))
        return permission in self.permissions


@dataclass
class History:
    """The rows a lifecycle keeps: the locked copies it handed out and the steps recorded."""

    stored: dict[int, Row]
    records: list = field(default_factory=list)
    guard_calls: list = field(default_factory=list)
    stopped: str | None = None

    def lifecycle(self, **changes) -> Lifecycle[Row]:
        options = {
            "table": TABLE,
            "lock": lambda row: self.stored[row.pk],
            "not_allowed": lambda row: f"Not while {row.status}.",
            "forbidden": lambda row: f"Not yours: {row.pk}.",
            "record": self.record,
            "guard": self.guard,
        }
        options.update(changes)
        return Lifecycle(**options)

    def record(self, step: Step[Row]) -> dict:
        entry = {
            "action": step.action,
            "source": step.source,
            "target": step.target,
            "note": step.note,
            "saved": list(step.obj.saves),
        }
        self.records.append(entry)
        return entry

    def guard(self, row: Row) -> None:
        self.guard_calls.append(row.pk)
        if self.stopped:
            raise ApplicationError(self.stopped)


@pytest.fixture
def history():
    return History(stored={1: Row(pk=1, status="draft")})


def apply(lifecycle: Lifecycle[Row], action: str, actor: Actor, **options) -> None:
    """Apply a step whose rules add nothing; the caller's copy of row 1 is out of date."""
    with transition_applied(lifecycle, Row(1, "stale"), action=action, actor=actor, **options):
        pass


def test_transition_applied_saves_the_target_then_records_and_tells_after_commit(
    history, django_capture_on_commit_callbacks
):
    told = []
    actor = Actor({"app.send"})
    stale = Row(pk=1, status="stale copy")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        with transition_applied(
            history.lifecycle(),
            stale,
            action="send",
            actor=actor,
            note="  first try \n",
            update_fields=["status"],
            after_commit=told.append,
        ) as step:
            assert step.obj is history.stored[1]  # the locked row, not the caller's copy
            assert (step.source, step.action, step.target) == ("draft", "send", "sent")
            assert step.note == "first try"
            assert step.actor is actor
            assert history.records == []
        assert told == []  # not before the commit

    row = history.stored[1]
    assert row.status == "sent"
    assert row.saves == [("sent", "", ["status"])]
    assert stale.status == "stale copy"
    assert history.records == [
        {
            "action": "send",
            "source": "draft",
            "target": "sent",
            "note": "first try",
            "saved": [("sent", "", ["status"])],  # recorded after the save
        }
    ]
    assert step.record is history.records[0]
    assert len(callbacks) == 1
    assert told == [history.records[0]]
    assert actor.asked == [("app.send", 1)]


def test_transition_applied_keeps_what_the_rules_change(history):
    with transition_applied(
        history.lifecycle(), Row(pk=1, status="draft"), action="send", actor=Actor({"app.send"})
    ) as step:
        step.obj.title = "Sent on time"
        step.note = "SK-2025-00001"

    assert history.stored[1].saves == [("sent", "Sent on time", None)]  # the whole row
    assert history.records[0]["note"] == "SK-2025-00001"


def test_transition_applied_refuses_an_action_the_status_does_not_allow(history):
    actor = Actor({"app.send", "app.decide"})

    with pytest.raises(ApplicationError) as refused:
        apply(history.lifecycle(), "return", actor)
    with pytest.raises(ApplicationError):
        apply(history.lifecycle(), "archive", actor)

    assert str(refused.value) == "Not while draft."
    assert refused.value.field is None
    assert actor.asked == []  # the table is read before the permission
    assert history.stored[1].saves == [] and history.records == []


def test_transition_applied_refuses_an_actor_without_the_steps_permission(history):
    actor = Actor({"app.decide"})

    with pytest.raises(ApplicationError) as refused:
        apply(history.lifecycle(), "send", actor)

    assert str(refused.value) == "Not yours: 1."
    assert actor.asked == [("app.send", 1)]
    assert history.guard_calls == []  # the guard comes after the permission
    assert history.stored[1].saves == [] and history.records == []


def test_transition_applied_asks_the_guard_after_the_permission_before_the_note(history):
    history.stored[1].status = "sent"
    history.stopped = "The movement is not running."

    with pytest.raises(ApplicationError) as refused:
        apply(history.lifecycle(), "return", Actor({"app.decide"}))

    assert str(refused.value) == "The movement is not running."
    assert history.guard_calls == [1]
    assert history.stored[1].saves == []


def test_transition_applied_needs_the_note_a_step_requires(history):
    history.stored[1].status = "sent"
    actor = Actor({"app.decide"})

    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        apply(history.lifecycle(), "return", actor, note="   ")
    with pytest.raises(ApplicationError) as own_message:
        apply(history.lifecycle(note_missing="Give the reason."), "return", actor)

    assert (str(refused.value), refused.value.field) == ("Give the reasons.", "note")
    assert str(own_message.value) == "Give the reason."
    assert history.stored[1].saves == [] and history.records == []


def test_transition_applied_gives_the_note_message_in_the_active_language(history):
    history.stored[1].status = "sent"

    with translation.override("vi"), pytest.raises(ApplicationError) as refused:
        apply(history.lifecycle(), "return", Actor({"app.decide"}))

    assert str(refused.value) == "Vui lòng nêu lý do."
    assert isinstance(refused.value.message, str)


def test_transition_applied_saves_nothing_when_the_rules_refuse(
    history, django_capture_on_commit_callbacks
):
    told = []

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ApplicationError, match="Incomplete"),
        transaction.atomic(),
        transition_applied(
            history.lifecycle(),
            Row(1, "x"),
            action="send",
            actor=Actor({"app.send"}),
            after_commit=told.append,
        ),
    ):
        raise ApplicationError("Incomplete.")

    assert history.stored[1].status == "draft"
    assert history.stored[1].saves == [] and history.records == []
    assert callbacks == [] and told == []


def test_transition_applied_without_a_guard_or_listener(history):
    apply(history.lifecycle(guard=None), "send", Actor({"app.send"}))

    assert history.stored[1].status == "sent"
    assert history.guard_calls == []
    assert [r["action"] for r in history.records] == ["send"]
