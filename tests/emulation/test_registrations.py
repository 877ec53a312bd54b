"""Registration services and selectors: who may register what, the workflow, notifications,
the approver's inbox and the aggregate of a subtree."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.errors import ApplicationError
from accounts.models import Notification
from emulation.enums import EmulationTitle, MovementStatus, RegistrantKind
from emulation.enums import RegistrationStatus as R
from emulation.models import Registration, RegistrationEvent
from emulation.selectors.movements import (
    aggregate_children,
    aggregate_rows,
    default_aggregate_unit,
    my_registrations,
    registration_aggregate,
    registrations_awaiting,
    registrations_visible_to,
)
from emulation.services.movements import movement_transition
from emulation.services.registrations import (
    registration_create,
    registration_transition,
    registration_update,
)
from tests.factories import MembershipFactory, UserFactory, make_unit
from tests.factories.movements import make_movement, make_registration, officer_of
from unions import services as unit_services
from unions.enums import Role

T = EmulationTitle
TARGETS = "Có 3 sáng kiến được công nhận\nKết nạp 40 đoàn viên mới"


@pytest.fixture
def movement(tree):
    return make_movement(launching_unit=tree.national)


def member_of(unit):
    person = UserFactory()
    MembershipFactory(user=person, unit=unit)
    return person


def _register(movement, actor, **values):
    defaults = {"movement": movement, "year": 2026, "targets": TARGETS, "actor": actor}
    if "person" in values:
        defaults["titles"] = [T.ADVANCED_WORKER]
    else:
        defaults["titles"] = [T.ADVANCED_COLLECTIVE]
    defaults.update(values)
    return registration_create(**defaults)


# --- creating ------------------------------------------------------------------------------


def test_unit_registration_starts_not_sent_with_its_event(tree, movement):
    officer = officer_of(tree.district_a1)
    registration = _register(
        movement,
        officer,
        unit=tree.district_a1,
        targets="  Có 3 sáng kiến được công nhận \n\n Kết nạp 40 đoàn viên mới  ",
        titles=[T.STRONG_UNION, T.ADVANCED_COLLECTIVE, T.STRONG_UNION],
    )
    assert registration.status == R.NOT_SENT
    assert registration.registrant_kind == RegistrantKind.UNIT
    assert registration.targets == TARGETS
    # Duplicates dropped, in the order of the list of titles.
    assert registration.titles == [T.ADVANCED_COLLECTIVE, T.STRONG_UNION]
    event = registration.events.get()
    assert (event.action, event.to_status, event.actor) == ("create", R.NOT_SENT, officer)


def test_person_registers_through_their_current_union(tree, movement):
    person = member_of(tree.grassroots_a1x)
    registration = _register(movement, person, person=person)
    assert registration.unit == tree.grassroots_a1x
    assert registration.is_personal
    assert registration.person == person


def test_an_officer_of_the_union_may_register_a_member(tree, movement):
    person = member_of(tree.grassroots_a1x)
    registration = _register(movement, officer_of(tree.grassroots_a1x), person=person)
    assert registration.person == person


@pytest.mark.parametrize("status", [MovementStatus.PLANNED, MovementStatus.CLOSED])
def test_registration_refused_unless_the_movement_runs(tree, status):
    movement = make_movement(launching_unit=tree.national, status=status)
    with pytest.raises(ApplicationError) as raised:
        _register(movement, officer_of(tree.province_a), unit=tree.province_a)
    assert raised.value.field == "movement"
    assert not Registration.objects.exists()


def test_registration_year_lies_in_the_period(tree):
    movement = make_movement(
        launching_unit=tree.national,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    officer = officer_of(tree.province_a)
    for year in (2024, 2027):
        with pytest.raises(ApplicationError) as raised:
            _register(movement, officer, unit=tree.province_a, year=year)
        assert raised.value.field == "year"
    assert _register(movement, officer, unit=tree.province_a, year=2025).year == 2025


def test_registration_refused_for_units_that_do_not_take_part(tree):
    movement = make_movement(
        launching_unit=tree.national, whole_subtree=False, participants=[tree.district_a1]
    )
    root = UserFactory(is_superuser=True)
    for unit in (tree.national, tree.province_a, tree.district_a2, tree.grassroots_b1x):
        with pytest.raises(ApplicationError) as raised:
            _register(movement, root, unit=unit)
        assert raised.value.field == "unit"
    assert _register(movement, root, unit=tree.grassroots_a1y).unit == tree.grassroots_a1y


def test_registration_refused_for_an_ended_unit(tree, movement):
    root = UserFactory(is_superuser=True)
    unit_services.unit_dissolve(
        unit=tree.district_a2, effective_date=datetime.date(2024, 1, 1), actor=root
    )
    with pytest.raises(ApplicationError) as raised:
        _register(movement, root, unit=tree.district_a2)
    assert raised.value.field == "unit"


def test_person_without_a_membership_or_outside_the_movement_cannot_register(tree):
    movement = make_movement(launching_unit=tree.province_a)
    stranger = UserFactory()
    with pytest.raises(ApplicationError) as raised:
        _register(movement, stranger, person=stranger)
    assert raised.value.field == "person"
    elsewhere = member_of(tree.grassroots_b1x)
    with pytest.raises(ApplicationError) as raised:
        _register(movement, elsewhere, person=elsewhere)
    assert raised.value.field == "unit"


@pytest.mark.parametrize(
    ("personal", "titles"),
    [
        (True, [T.EMULATION_FLAG]),
        (True, [T.STRONG_UNION, T.ADVANCED_WORKER]),
        (False, [T.ADVANCED_WORKER]),
        (False, [T.GRASSROOTS_FIGHTER]),
        (False, ["hero_of_labour"]),
        (False, []),
        (True, []),
    ],
)
def test_titles_must_fit_the_registrant(tree, movement, personal, titles):
    person = member_of(tree.grassroots_a1x)
    values = {"person": person} if personal else {"unit": tree.grassroots_a1x}
    with pytest.raises(ApplicationError) as raised:
        _register(movement, officer_of(tree.grassroots_a1x), titles=titles, **values)
    assert raised.value.field == "titles"
    assert not Registration.objects.exists()


def test_certificates_of_merit_fit_both(tree, movement):
    person = member_of(tree.grassroots_a1x)
    officer = officer_of(tree.grassroots_a1x)
    assert _register(movement, officer, person=person, titles=[T.CERTIFICATE_OF_MERIT])
    assert _register(movement, officer, unit=tree.grassroots_a1x, titles=[T.CERTIFICATE_OF_MERIT])


def test_targets_are_required(tree, movement):
    with pytest.raises(ApplicationError) as raised:
        _register(movement, officer_of(tree.province_a), unit=tree.province_a, targets=" \n ")
    assert raised.value.field == "targets"


def test_a_second_registration_is_a_clear_error(tree, movement):
    officer = officer_of(tree.province_a)
    _register(movement, officer, unit=tree.province_a)
    with pytest.raises(ApplicationError) as raised:
        _register(movement, officer, unit=tree.province_a)
    assert raised.value.field == "unit"
    assert tree.province_a.name in str(raised.value)
    person = member_of(tree.grassroots_a1x)
    _register(movement, person, person=person)
    with pytest.raises(ApplicationError) as raised:
        _register(movement, person, person=person)
    assert raised.value.field == "person"
    # The same unit registers for another year or another movement.
    assert _register(make_movement(launching_unit=tree.national), officer, unit=tree.province_a)
    assert Registration.objects.count() == 3


def test_unit_and_personal_registrations_of_a_union_coexist(tree, movement):
    officer = officer_of(tree.grassroots_a1x)
    person = member_of(tree.grassroots_a1x)
    _register(movement, officer, unit=tree.grassroots_a1x)
    _register(movement, person, person=person)
    assert Registration.objects.filter(unit=tree.grassroots_a1x).count() == 2


@pytest.mark.parametrize(
    "actor",
    ["viewer", "editor", "sibling_officer", "descendant_officer", "member", "other_member"],
)
def test_registering_a_unit_needs_the_manage_capability_over_it(tree, movement, actor):
    user = {
        "viewer": lambda: officer_of(tree.district_a1, Role.VIEWER),
        "editor": lambda: officer_of(tree.district_a1, Role.EDITOR),
        "sibling_officer": lambda: officer_of(tree.district_a2),
        "descendant_officer": lambda: officer_of(tree.grassroots_a1x),
        "member": lambda: member_of(tree.grassroots_a1x),
        "other_member": lambda: member_of(tree.grassroots_a1y),
    }[actor]()
    with pytest.raises(ApplicationError):
        _register(movement, user, unit=tree.district_a1)
    if actor == "other_member":
        with pytest.raises(ApplicationError):
            _register(movement, user, person=member_of(tree.grassroots_a1x))
    assert not Registration.objects.exists()


# --- changing ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [R.NOT_SENT, R.RETURNED])
def test_registration_update_while_editable(tree, movement, status):
    registration = make_registration(movement=movement, unit=tree.district_a1, status=status)
    officer = officer_of(tree.district_a1)
    registration = registration_update(
        registration=registration,
        targets="Chỉ tiêu mới",
        titles=[T.EXCELLENT_COLLECTIVE],
        actor=officer,
    )
    registration.refresh_from_db()
    assert registration.targets == "Chỉ tiêu mới"
    assert registration.titles == [T.EXCELLENT_COLLECTIVE]
    assert registration.status == status
    assert registration.events.filter(action="edit", actor=officer).exists()


@pytest.mark.parametrize("status", [R.AWAITING_APPROVAL, R.APPROVED])
def test_registration_update_refused_once_sent(tree, movement, status):
    registration = make_registration(movement=movement, unit=tree.district_a1, status=status)
    with pytest.raises(ApplicationError):
        registration_update(
            registration=registration,
            targets="Chỉ tiêu mới",
            titles=[T.EXCELLENT_COLLECTIVE],
            actor=officer_of(tree.district_a1),
        )
    registration.refresh_from_db()
    assert registration.targets != "Chỉ tiêu mới"


def test_registration_update_refused_when_the_movement_closed(tree):
    officer = officer_of(tree.national)
    movement = make_movement(launching_unit=tree.national, actor=officer)
    registration = make_registration(movement=movement, unit=tree.province_a)
    movement_transition(movement=movement, action="close", actor=officer)
    with pytest.raises(ApplicationError):
        registration_update(
            registration=registration,
            targets="Chỉ tiêu mới",
            titles=[T.ADVANCED_COLLECTIVE],
            actor=officer,
        )


# --- the workflow --------------------------------------------------------------------------


def test_registration_is_sent_returned_resent_and_approved(tree, movement):
    writer = officer_of(tree.district_a1)
    approver = officer_of(tree.province_a)
    registration = make_registration(movement=movement, unit=tree.district_a1, actor=writer)
    registration = registration_transition(registration=registration, action="send", actor=writer)
    assert registration.status == R.AWAITING_APPROVAL
    assert registration.sent_at is not None
    with pytest.raises(ApplicationError) as raised:
        registration_transition(registration=registration, action="return", actor=approver)
    assert raised.value.field == "note"
    registration = registration_transition(
        registration=registration, action="return", actor=approver, note="Bổ sung số liệu"
    )
    assert registration.status == R.RETURNED
    assert registration.return_reason == "Bổ sung số liệu"
    assert registration.decided_by == approver
    registration = registration_transition(registration=registration, action="send", actor=writer)
    registration = registration_transition(
        registration=registration, action="approve", actor=approver
    )
    assert registration.status == R.APPROVED
    assert registration.return_reason == ""
    registration = registration_transition(
        registration=registration, action="reopen", actor=approver, note="Điều chỉnh chỉ tiêu"
    )
    assert registration.status == R.RETURNED
    history = list(
        RegistrationEvent.objects.filter(registration=registration)
        .order_by("at", "pk")
        .values_list("action", "from_status", "to_status", "actor")
    )
    assert history == [
        ("create", "", R.NOT_SENT, writer.pk),
        ("send", R.NOT_SENT, R.AWAITING_APPROVAL, writer.pk),
        ("return", R.AWAITING_APPROVAL, R.RETURNED, approver.pk),
        ("send", R.RETURNED, R.AWAITING_APPROVAL, writer.pk),
        ("approve", R.AWAITING_APPROVAL, R.APPROVED, approver.pk),
        ("reopen", R.APPROVED, R.RETURNED, approver.pk),
    ]


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (R.NOT_SENT, "approve"),
        (R.NOT_SENT, "return"),
        (R.AWAITING_APPROVAL, "send"),
        (R.APPROVED, "approve"),
        (R.RETURNED, "approve"),
        (R.APPROVED, "withdraw"),
    ],
)
def test_registration_transition_refuses_steps_not_in_the_table(tree, movement, status, action):
    registration = make_registration(movement=movement, unit=tree.district_a1, status=status)
    with pytest.raises(ApplicationError):
        registration_transition(
            registration=registration,
            action=action,
            actor=UserFactory(is_superuser=True),
            note="Lý do",
        )
    registration.refresh_from_db()
    assert registration.status == status


def test_a_unit_does_not_approve_its_own_registration(tree, movement):
    officer = officer_of(tree.district_a1)
    registration = make_registration(
        movement=movement, unit=tree.district_a1, actor=officer, status=R.AWAITING_APPROVAL
    )
    with pytest.raises(ApplicationError):
        registration_transition(registration=registration, action="approve", actor=officer)


def test_a_member_does_not_approve_their_own_registration_even_as_officer(tree, movement):
    person = member_of(tree.grassroots_a1x)
    unit_services.role_grant(
        user=person,
        unit=tree.grassroots_a1x,
        role=Role.OFFICER,
        valid_from=datetime.date(2020, 1, 1),
    )
    registration = make_registration(
        movement=movement, person=person, actor=person, status=R.AWAITING_APPROVAL
    )
    with pytest.raises(ApplicationError):
        registration_transition(registration=registration, action="approve", actor=person)
    colleague = officer_of(tree.grassroots_a1x)
    approved = registration_transition(registration=registration, action="approve", actor=colleague)
    assert approved.status == R.APPROVED


def test_registrations_freeze_when_the_movement_closes(tree):
    officer = officer_of(tree.national)
    movement = make_movement(launching_unit=tree.national, actor=officer)
    registration = make_registration(
        movement=movement, unit=tree.province_a, status=R.AWAITING_APPROVAL
    )
    movement_transition(movement=movement, action="close", actor=officer)
    with pytest.raises(ApplicationError):
        registration_transition(registration=registration, action="approve", actor=officer)


# --- notifications -------------------------------------------------------------------------


def test_sending_tells_the_approvers_and_the_decision_tells_the_registrant(
    tree, movement, django_capture_on_commit_callbacks
):
    writer = officer_of(tree.district_a1)
    colleague = officer_of(tree.district_a1)
    approver = officer_of(tree.province_a)
    national = officer_of(tree.national)
    registration = make_registration(movement=movement, unit=tree.district_a1, actor=writer)
    with django_capture_on_commit_callbacks(execute=True):
        registration_transition(registration=registration, action="send", actor=writer)
    told = set(Notification.objects.values_list("user", flat=True))
    # The nearest officers above decide; the national federation is not bothered.
    assert told == {approver.pk}
    assert "/thi-dua/dang-ky/" in Notification.objects.get().url
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        registration_transition(
            registration=registration, action="return", actor=approver, note="Bổ sung số liệu"
        )
    told = set(Notification.objects.values_list("user", flat=True))
    assert told == {writer.pk, colleague.pk}
    assert all("Bổ sung số liệu" in n.message for n in Notification.objects.all())
    assert national.pk not in told


def test_personal_registration_notifies_the_union_and_the_person(
    tree, movement, django_capture_on_commit_callbacks
):
    person = member_of(tree.grassroots_a1x)
    union_officer = officer_of(tree.grassroots_a1x)
    registration = make_registration(movement=movement, person=person)
    with django_capture_on_commit_callbacks(execute=True):
        registration_transition(registration=registration, action="send", actor=person)
    assert set(Notification.objects.values_list("user", flat=True)) == {union_officer.pk}
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        registration_transition(registration=registration, action="approve", actor=union_officer)
    assert set(Notification.objects.values_list("user", flat=True)) == {person.pk}


def test_failed_steps_notify_nobody(tree, movement, django_capture_on_commit_callbacks):
    registration = make_registration(movement=movement, unit=tree.province_a)
    officer_of(tree.national)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        registration_transition(
            registration=registration, action="send", actor=officer_of(tree.province_b)
        )
    assert not Notification.objects.exists()


# --- reads ---------------------------------------------------------------------------------


def test_inbox_holds_what_the_user_approves(tree, movement):
    province_officer = officer_of(tree.province_a)
    district_officer = officer_of(tree.district_a1)
    person = member_of(tree.grassroots_a1x)
    waiting_district = make_registration(
        movement=movement, unit=tree.district_a1, status=R.AWAITING_APPROVAL
    )
    waiting_union = make_registration(
        movement=movement, unit=tree.grassroots_a1x, status=R.AWAITING_APPROVAL
    )
    waiting_person = make_registration(movement=movement, person=person, status=R.AWAITING_APPROVAL)
    make_registration(movement=movement, unit=tree.province_a, status=R.AWAITING_APPROVAL)
    make_registration(movement=movement, unit=tree.district_a2, status=R.NOT_SENT)
    make_registration(movement=movement, unit=tree.district_b1, status=R.AWAITING_APPROVAL)
    assert set(registrations_awaiting(province_officer)) == {
        waiting_district,
        waiting_union,
        waiting_person,
    }
    assert set(registrations_awaiting(district_officer)) == {waiting_union, waiting_person}
    assert not registrations_awaiting(person).exists()
    for registration in registrations_awaiting(province_officer):
        assert province_officer.has_perm("emulation.approve_registration", registration)


def test_my_registrations_are_mine_and_those_of_units_i_run(tree, movement):
    person = member_of(tree.grassroots_a1x)
    officer = officer_of(tree.district_a1)
    mine = make_registration(movement=movement, person=person)
    union = make_registration(movement=movement, unit=tree.grassroots_a1x)
    district = make_registration(movement=movement, unit=tree.district_a1)
    make_registration(movement=movement, unit=tree.district_a2)
    assert list(my_registrations(person)) == [mine]
    assert set(my_registrations(officer)) == {union, district}
    assert list(my_registrations(officer, status=R.AWAITING_APPROVAL)) == []
    viewer = officer_of(tree.district_a1, Role.VIEWER)
    assert not my_registrations(viewer).exists()
    assert set(registrations_visible_to(viewer)) == {mine, union, district}


def _aggregate_by_code(movement, year, unit):
    children = list(aggregate_children(movement, unit, year))
    return {row.unit.code: row for row in aggregate_rows(movement, year, [unit, *children])}


def test_aggregate_shows_who_has_and_has_not_registered(tree, movement):
    make_registration(movement=movement, unit=tree.province_a, status=R.APPROVED)
    make_registration(movement=movement, unit=tree.district_a1, status=R.AWAITING_APPROVAL)
    for status in (R.APPROVED, R.APPROVED, R.RETURNED):
        make_registration(movement=movement, person=member_of(tree.grassroots_a1x), status=status)
    make_registration(movement=movement, person=member_of(tree.grassroots_b1x))
    rows = _aggregate_by_code(movement, 2026, tree.province_a)
    assert set(rows) == {"QTR", "DHA", "GLI"}
    assert rows["QTR"].status == R.APPROVED
    assert rows["DHA"].status == R.AWAITING_APPROVAL
    assert rows["GLI"].registration is None and rows["GLI"].status == R.NOT_SENT
    assert rows["DHA"].personal[R.APPROVED] == 2
    assert rows["DHA"].personal[R.RETURNED] == 1
    assert rows["QTR"].personal_total == 3
    assert rows["GLI"].personal_total == 0
    summary = registration_aggregate(movement, 2026, tree.province_a)
    assert summary.units == {
        R.NOT_SENT: 1,
        R.AWAITING_APPROVAL: 1,
        R.APPROVED: 1,
        R.RETURNED: 0,
    }
    assert summary.personal == {
        R.NOT_SENT: 0,
        R.AWAITING_APPROVAL: 0,
        R.APPROVED: 2,
        R.RETURNED: 1,
    }
    # Units without a registration count as not sent in any year.
    assert registration_aggregate(movement, 2027, tree.province_a).units[R.NOT_SENT] == 3


def test_aggregate_of_the_launching_unit_counts_only_participants(tree):
    movement = make_movement(
        launching_unit=tree.national, whole_subtree=False, participants=[tree.district_a1]
    )
    rows = _aggregate_by_code(movement, 2026, tree.national)
    # The province does not take part itself but holds a participant: it is listed to drill in.
    assert set(rows) == {"TLD", "QTR"}
    assert not rows["TLD"].takes_part and not rows["QTR"].takes_part
    summary = registration_aggregate(movement, 2026, tree.national)
    assert summary.unit_total == 0
    summary = registration_aggregate(movement, 2026, tree.province_a)
    assert summary.units[R.NOT_SENT] == 1


def test_aggregate_leaves_out_ended_units_without_registration(tree, movement):
    root = UserFactory(is_superuser=True)
    unit_services.unit_dissolve(
        unit=tree.district_a2, effective_date=datetime.date(2024, 1, 1), actor=root
    )
    rows = _aggregate_by_code(movement, 2026, tree.province_a)
    assert "GLI" not in rows


def test_default_aggregate_unit_is_the_highest_in_scope(tree, movement):
    assert default_aggregate_unit(officer_of(tree.national), movement) == tree.national
    assert default_aggregate_unit(officer_of(tree.province_b, Role.VIEWER), movement) == (
        tree.province_b
    )
    assert default_aggregate_unit(member_of(tree.grassroots_a1x), movement) is None
    provincial = make_movement(launching_unit=tree.province_a)
    assert default_aggregate_unit(officer_of(tree.national), provincial) == tree.province_a
    assert default_aggregate_unit(officer_of(tree.province_b), provincial) is None


@pytest.mark.parametrize("count", [1, 12])
def test_aggregate_rows_take_constant_queries(tree, movement, count):
    children = [make_unit(tree.district_a2, code=f"G{count}{n:02d}") for n in range(count)]
    for child in children:
        make_registration(movement=movement, unit=child, status=R.AWAITING_APPROVAL)
        make_registration(movement=movement, person=member_of(child))
    with CaptureQueriesContext(connection) as captured:
        rows = aggregate_rows(movement, 2026, [tree.district_a2, *children])
        registration_aggregate(movement, 2026, tree.district_a2)
    assert len(rows) == count + 1
    assert rows[0].personal_total == count
    assert len(captured) <= 7
