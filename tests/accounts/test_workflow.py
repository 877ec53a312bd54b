"""The machinery of the transition tables every app writes (``accounts.workflow``)."""

import pytest

from accounts.workflow import (
    Transition,
    TransitionNotAllowed,
    actions_from,
    transition_for,
    transition_table,
)

TABLE = transition_table(
    Transition("send", frozenset({"draft", "returned"}), "sent", "app.send", "Send"),
    Transition("return", frozenset({"sent"}), "returned", "app.decide", "Return", True),
    Transition("approve", frozenset({"sent"}), "approved", "app.decide", "Approve"),
)


def test_table_keeps_the_order_given():
    assert list(TABLE) == ["send", "return", "approve"]


def test_transition_for_returns_the_step_or_refuses_with_what_was_asked():
    assert transition_for(TABLE, "send", "returned").target == "sent"
    with pytest.raises(TransitionNotAllowed) as refused:
        transition_for(TABLE, "approve", "draft")
    assert (refused.value.action, refused.value.source) == ("approve", "draft")
    with pytest.raises(TransitionNotAllowed):
        transition_for(TABLE, "archive", "sent")


def test_actions_from_follows_the_table_or_the_order_asked_for():
    assert [t.action for t in actions_from(TABLE, "sent")] == ["return", "approve"]
    assert [t.action for t in actions_from(TABLE, "sent", ["approve", "send"])] == ["approve"]
    assert actions_from(TABLE, "approved") == []
