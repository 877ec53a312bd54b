"""Who hears about a change of status: in-app notifications after commit, e-mails through the
task queue (the ImmediateBackend runs them at once in tests; mail lands in ``mail.outbox``)."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.errors import ApplicationError
from accounts.models import Notification
from initiatives.enums import InitiativeStatus
from initiatives.notifications import email_transition
from initiatives.services import initiative_transition
from tests.factories import (
    RoleGrantFactory,
    UserFactory,
    author_row,
    make_initiative,
    unit_officer,
)
from unions.enums import Role

S = InitiativeStatus


@pytest.fixture
def people(tree):
    """Two authors (one without e-mail), the district's officer (the nearest to the grassroots
    union), a province officer above them and a viewer of the district."""
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.district_a1, role=Role.VIEWER)
    return {
        "author": UserFactory(email="tac.gia@example.vn"),
        "co_author": UserFactory(email=None, phone="0912345678"),
        "officer": unit_officer(tree.district_a1),
        "province_officer": unit_officer(tree.province_a),
        "viewer": viewer,
    }


@pytest.fixture
def dossier(tree, people):
    return make_initiative(
        tree.grassroots_a1x,
        people["author"],
        authors=[author_row(people["author"], 70), author_row(people["co_author"], 30)],
        title="Thiết bị nâng hạ cuộn vải",
    )


def notified(initiative=None) -> dict[int, list[str]]:
    """user id → messages of their notifications (about ``initiative`` when given)."""
    rows = Notification.objects.order_by("pk")
    if initiative is not None:
        rows = rows.filter(url=reverse("initiatives:detail", args=[initiative.pk]))
    result: dict[int, list[str]] = {}
    for row in rows:
        result.setdefault(row.user_id, []).append(row.message)
    return result


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_submit_notifies_the_authors_and_the_nearest_officers(
    people, dossier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_transition(initiative=dossier, action="submit", actor=people["author"])

    in_app = notified(dossier)
    assert set(in_app) == {people["co_author"].pk, people["officer"].pk}
    assert all("Thiết bị nâng hạ cuộn vải" in m for messages in in_app.values() for m in messages)
    assert recipients() == sorted([people["author"].email, people["officer"].email])
    link = "http://testserver" + reverse("initiatives:detail", args=[dossier.pk])
    for message in mail.outbox:
        assert "Thiết bị nâng hạ cuộn vải" in message.subject
        assert link in message.body
    officer_mail = next(m for m in mail.outbox if m.to == [people["officer"].email])
    assert dossier.unit.name in officer_mail.body


def test_actor_gets_no_in_app_notification_of_their_own_action(
    people, dossier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_transition(initiative=dossier, action="submit", actor=people["co_author"])

    assert set(notified(dossier)) == {people["author"].pk, people["officer"].pk}


def test_accept_tells_the_authors_their_receipt_number(
    people, dossier, django_capture_on_commit_callbacks
):
    initiative_transition(initiative=dossier, action="submit", actor=people["author"])

    with django_capture_on_commit_callbacks(execute=True):
        accepted = initiative_transition(
            initiative=dossier, action="accept", actor=people["officer"]
        )

    assert set(notified(dossier)) == {people["author"].pk, people["co_author"].pk}
    [message] = mail.outbox
    assert message.to == [people["author"].email]
    assert accepted.receipt_number in message.body
    assert accepted.decision_due.strftime("%d/%m/%Y") in message.body


def test_return_sends_the_reasons_to_the_authors_only(
    people, dossier, django_capture_on_commit_callbacks
):
    initiative_transition(initiative=dossier, action="submit", actor=people["author"])
    reason = "Bổ sung bảng tính giá trị làm lợi theo mẫu."

    with django_capture_on_commit_callbacks(execute=True):
        initiative_transition(
            initiative=dossier, action="return", actor=people["officer"], note=reason
        )

    assert set(notified(dossier)) == {people["author"].pk, people["co_author"].pk}
    assert recipients() == [people["author"].email]
    assert reason in mail.outbox[0].body


def test_withdrawal_tells_the_officers(people, dossier, django_capture_on_commit_callbacks):
    initiative_transition(initiative=dossier, action="submit", actor=people["author"])

    with django_capture_on_commit_callbacks(execute=True):
        initiative_transition(initiative=dossier, action="withdraw", actor=people["author"])

    assert set(notified(dossier)) == {people["co_author"].pk, people["officer"].pk}
    assert recipients() == sorted([people["author"].email, people["officer"].email])


def test_users_without_email_get_in_app_notifications_only(
    tree, people, django_capture_on_commit_callbacks
):
    only_phone = people["co_author"]
    initiative = make_initiative(tree.grassroots_a1x, only_phone, status=S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        initiative_transition(initiative=initiative, action="accept", actor=people["officer"])

    assert set(notified(initiative)) == {only_phone.pk}
    assert mail.outbox == []


def test_officers_nearer_than_others_are_the_ones_told(
    tree, people, dossier, django_capture_on_commit_callbacks
):
    grassroots_officer = unit_officer(tree.grassroots_a1x)

    with django_capture_on_commit_callbacks(execute=True):
        initiative_transition(initiative=dossier, action="submit", actor=people["author"])

    assert set(notified(dossier)) == {people["co_author"].pk, grassroots_officer.pk}
    assert people["officer"].email not in recipients()
    assert people["province_officer"].email not in recipients()


def test_inactive_authors_are_not_told(people, dossier, django_capture_on_commit_callbacks):
    people["co_author"].is_active = False
    people["co_author"].save()

    with django_capture_on_commit_callbacks(execute=True):
        initiative_transition(initiative=dossier, action="submit", actor=people["author"])

    assert people["co_author"].pk not in notified(dossier)


def test_nothing_is_sent_before_the_transaction_commits(people, dossier):
    initiative_transition(initiative=dossier, action="submit", actor=people["author"])

    assert notified(dossier) == {}
    assert mail.outbox == []


def test_nothing_is_sent_when_the_step_is_refused(
    people, dossier, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ApplicationError),
    ):
        initiative_transition(initiative=dossier, action="accept", actor=people["officer"])

    assert callbacks == []
    assert notified() == {}
    assert mail.outbox == []


def test_email_task_returns_the_number_of_messages(people, dossier):
    initiative_transition(initiative=dossier, action="submit", actor=people["author"])
    record = dossier.transitions.get(action="submit")

    result = email_transition.enqueue(record.pk)

    assert result.return_value == 2
    assert len(mail.outbox) == 2
