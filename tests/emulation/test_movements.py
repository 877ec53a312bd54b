"""Movement services and selectors: creating, editing, the lifecycle, who takes part and who
sees what."""

import datetime

import pytest

from accounts.errors import ApplicationError
from emulation.enums import MovementKind, MovementStatus
from emulation.models import Movement, MovementEvent, MovementParticipant
from emulation.selectors.movements import (
    movement_list,
    movement_participates,
    movements_visible_to,
    participating_units,
    registrable_units,
)
from emulation.services.movements import movement_create, movement_transition, movement_update
from tests.factories import MembershipFactory, UserFactory, make_unit
from tests.factories.movements import make_movement, make_registration, officer_of
from unions import services as unit_services
from unions.enums import Role

D = datetime.date
M = MovementStatus


def _create(actor, unit, **overrides) -> Movement:
    values = {
        "launching_unit": unit,
        "name": "Phong trào thi đua “Lao động giỏi, lao động sáng tạo” năm 2026",
        "period_start": D(2026, 1, 1),
        "period_end": D(2026, 12, 31),
        "actor": actor,
    }
    values.update(overrides)
    return movement_create(**values)


# --- creating ------------------------------------------------------------------------------


def test_movement_create_is_planned_with_its_first_event(tree):
    officer = officer_of(tree.national)
    movement = _create(officer, tree.national, description="  Phát động toàn quốc.  ")
    assert movement.status == M.PLANNED
    assert movement.description == "Phát động toàn quốc."
    assert movement.whole_subtree
    assert movement.created_by == officer
    event = movement.events.get()
    assert (event.action, event.to_status, event.actor) == ("create", M.PLANNED, officer)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR])
def test_movement_create_refused_without_manage_capability(tree, role):
    reader = officer_of(tree.national, role)
    with pytest.raises(ApplicationError) as raised:
        _create(reader, tree.national)
    assert raised.value.field == "launching_unit"
    assert not Movement.objects.exists()


def test_movement_create_refused_for_a_unit_above_the_officer(tree):
    officer = officer_of(tree.province_a)
    with pytest.raises(ApplicationError):
        _create(officer, tree.national)
    with pytest.raises(ApplicationError):
        _create(officer, tree.province_b)
    assert _create(officer, tree.district_a1).launching_unit == tree.district_a1


def test_movement_create_refuses_an_ended_unit(tree):
    officer = officer_of(tree.national)
    unit_services.unit_dissolve(unit=tree.district_a2, effective_date=D(2024, 1, 1), actor=officer)
    with pytest.raises(ApplicationError) as raised:
        _create(officer, tree.district_a2)
    assert "Gio Linh" in str(raised.value)


def test_movement_create_refuses_a_reversed_period_and_a_blank_name(tree):
    officer = officer_of(tree.national)
    with pytest.raises(ApplicationError) as raised:
        _create(officer, tree.national, period_start=D(2026, 5, 1), period_end=D(2026, 4, 30))
    assert raised.value.field == "period_end"
    with pytest.raises(ApplicationError) as raised:
        _create(officer, tree.national, name="   ")
    assert raised.value.field == "name"
    with pytest.raises(ApplicationError) as raised:
        _create(officer, tree.national, kind="festival")
    assert raised.value.field == "kind"
    assert not Movement.objects.exists()


def test_movement_create_keeps_the_outermost_selected_units(tree):
    officer = officer_of(tree.national)
    movement = _create(
        officer,
        tree.national,
        whole_subtree=False,
        participants=[tree.district_a1, tree.grassroots_a1x, tree.province_b, tree.province_b],
    )
    selected = set(
        MovementParticipant.objects.filter(movement=movement).values_list("unit", flat=True)
    )
    assert selected == {tree.district_a1.pk, tree.province_b.pk}


@pytest.mark.parametrize("which", ["launcher", "outside", "none"])
def test_movement_create_refuses_participants_outside_the_subtree(tree, which):
    officer = officer_of(tree.province_a)
    participants = {
        "launcher": [tree.province_a],
        "outside": [tree.district_a1, tree.district_b1],
        "none": [],
    }[which]
    with pytest.raises(ApplicationError) as raised:
        _create(officer, tree.province_a, whole_subtree=False, participants=participants)
    assert raised.value.field == "participants"
    assert not Movement.objects.exists()


def test_movement_create_ignores_selected_units_when_the_whole_subtree_takes_part(tree):
    officer = officer_of(tree.national)
    movement = _create(officer, tree.national, participants=[tree.district_b1])
    assert not movement.selections.exists()


def test_movement_part_lies_within_its_stage(tree):
    officer = officer_of(tree.national)
    stage = _create(
        officer,
        tree.national,
        name="Giai đoạn 2025–2030",
        period_start=D(2025, 1, 1),
        period_end=D(2030, 12, 31),
    )
    part = _create(officer, tree.national, part_of=stage)
    assert list(stage.parts.all()) == [part]
    with pytest.raises(ApplicationError) as raised:
        _create(officer, tree.national, part_of=stage, period_end=D(2031, 1, 31))
    assert raised.value.field == "part_of"
    # A part of a part is refused: stages have one level of parts.
    with pytest.raises(ApplicationError):
        _create(officer, tree.national, part_of=part)
    # A province may run its own part of the national stage, not the other way round.
    provincial = _create(officer, tree.province_a, part_of=stage)
    assert provincial.part_of == stage
    provincial_stage = _create(
        officer, tree.province_a, period_start=D(2025, 1, 1), period_end=D(2030, 12, 31)
    )
    with pytest.raises(ApplicationError):
        _create(officer, tree.national, part_of=provincial_stage)


# --- editing -------------------------------------------------------------------------------


def test_movement_update_changes_the_details_and_records_it(tree):
    officer = officer_of(tree.national)
    movement = make_movement(launching_unit=tree.national, actor=officer)
    movement_update(
        movement=movement,
        actor=officer,
        name="Phong trào “Xanh – Sạch – Đẹp”",
        kind=MovementKind.CAMPAIGN,
        period_start=D(2026, 2, 1),
        period_end=D(2027, 1, 31),
        description="Mô tả mới",
        whole_subtree=False,
        participants=[tree.province_b],
    )
    movement.refresh_from_db()
    assert movement.name == "Phong trào “Xanh – Sạch – Đẹp”"
    assert movement.kind == MovementKind.CAMPAIGN
    assert movement.years == [2026, 2027]
    assert list(movement.selections.values_list("unit", flat=True)) == [tree.province_b.pk]
    assert movement.events.filter(action="edit").exists()
    movement_update(
        movement=movement,
        actor=officer,
        name=movement.name,
        period_start=movement.period_start,
        period_end=movement.period_end,
        whole_subtree=True,
    )
    assert not movement.selections.exists()


def test_movement_update_refuses_a_closed_movement(tree):
    officer = officer_of(tree.national)
    movement = make_movement(launching_unit=tree.national, actor=officer, status=M.CLOSED)
    with pytest.raises(ApplicationError) as raised:
        movement_update(
            movement=movement,
            actor=officer,
            name="Tên mới",
            period_start=movement.period_start,
            period_end=movement.period_end,
        )
    assert raised.value.field is None
    movement.refresh_from_db()
    assert movement.name != "Tên mới"


def test_movement_update_keeps_the_years_that_have_registrations(tree):
    officer = officer_of(tree.national)
    movement = make_movement(
        launching_unit=tree.national,
        actor=officer,
        period_start=D(2025, 1, 1),
        period_end=D(2026, 12, 31),
    )
    make_registration(movement=movement, unit=tree.province_a, year=2025)
    with pytest.raises(ApplicationError) as raised:
        movement_update(
            movement=movement,
            actor=officer,
            name=movement.name,
            period_start=D(2026, 1, 1),
            period_end=D(2026, 12, 31),
        )
    assert "2025" in str(raised.value)


def test_movement_update_refused_to_an_officer_of_another_unit(tree):
    movement = make_movement(launching_unit=tree.province_a)
    with pytest.raises(ApplicationError):
        movement_update(
            movement=movement,
            actor=officer_of(tree.province_b),
            name="Đổi tên",
            period_start=movement.period_start,
            period_end=movement.period_end,
        )


# --- the lifecycle -------------------------------------------------------------------------


def test_movement_transition_launches_closes_and_reopens_with_history(tree):
    officer = officer_of(tree.national)
    movement = make_movement(launching_unit=tree.national, actor=officer, status=M.PLANNED)
    movement = movement_transition(movement=movement, action="launch", actor=officer)
    assert movement.status == M.RUNNING
    movement = movement_transition(movement=movement, action="close", actor=officer)
    assert movement.status == M.CLOSED
    with pytest.raises(ApplicationError) as raised:
        movement_transition(movement=movement, action="reopen", actor=officer, note=" ")
    assert raised.value.field == "note"
    movement = movement_transition(
        movement=movement, action="reopen", actor=officer, note="Gia hạn tổng kết"
    )
    assert movement.status == M.RUNNING
    steps = list(
        MovementEvent.objects.filter(movement=movement)
        .order_by("at", "pk")
        .values_list("action", "from_status", "to_status", "note")
    )
    assert steps == [
        ("create", "", M.PLANNED, ""),
        ("launch", M.PLANNED, M.RUNNING, ""),
        ("close", M.RUNNING, M.CLOSED, ""),
        ("reopen", M.CLOSED, M.RUNNING, "Gia hạn tổng kết"),
    ]


@pytest.mark.parametrize(
    ("status", "action"),
    [(M.PLANNED, "close"), (M.RUNNING, "launch"), (M.CLOSED, "close"), (M.RUNNING, "fly")],
)
def test_movement_transition_refuses_steps_not_in_the_table(tree, status, action):
    officer = officer_of(tree.national)
    movement = make_movement(launching_unit=tree.national, actor=officer, status=status)
    with pytest.raises(ApplicationError):
        movement_transition(movement=movement, action=action, actor=officer, note="Lý do")
    movement.refresh_from_db()
    assert movement.status == status


@pytest.mark.parametrize("position", ["viewer", "below", "sibling"])
def test_movement_transition_refused_without_permission(tree, position):
    movement = make_movement(launching_unit=tree.province_a, status=M.PLANNED)
    actor = {
        "viewer": lambda: officer_of(tree.province_a, Role.VIEWER),
        "below": lambda: officer_of(tree.district_a1),
        "sibling": lambda: officer_of(tree.province_b),
    }[position]()
    with pytest.raises(ApplicationError):
        movement_transition(movement=movement, action="launch", actor=actor)
    movement.refresh_from_db()
    assert movement.status == M.PLANNED


# --- who takes part ------------------------------------------------------------------------


def test_movement_participates_with_the_whole_subtree(tree):
    movement = make_movement(launching_unit=tree.province_a)
    assert not movement_participates(movement, tree.province_a)
    assert movement_participates(movement, tree.district_a1)
    assert movement_participates(movement, tree.grassroots_a1y)
    assert not movement_participates(movement, tree.province_b)
    assert not movement_participates(movement, tree.national)
    codes = list(participating_units(movement).values_list("code", flat=True))
    assert codes == ["DHA", "CSX", "CSY", "GLI"]


def test_movement_participates_with_selected_units(tree):
    movement = make_movement(
        launching_unit=tree.national,
        whole_subtree=False,
        participants=[tree.district_a1, tree.grassroots_b1x],
    )
    assert movement_participates(movement, tree.district_a1)
    assert movement_participates(movement, tree.grassroots_a1x)
    assert movement_participates(movement, tree.grassroots_b1x)
    assert not movement_participates(movement, tree.province_a)
    assert not movement_participates(movement, tree.district_a2)
    assert not movement_participates(movement, tree.district_b1)
    codes = set(participating_units(movement).values_list("code", flat=True))
    assert codes == {"DHA", "CSX", "CSY", "CSB"}


def test_participating_units_leave_out_ended_units_unless_asked(tree):
    officer = officer_of(tree.national)
    movement = make_movement(launching_unit=tree.province_a, actor=officer_of(tree.province_a))
    unit_services.unit_dissolve(unit=tree.district_a2, effective_date=D(2024, 1, 1), actor=officer)
    assert "GLI" not in set(participating_units(movement).values_list("code", flat=True))
    assert "GLI" in set(
        participating_units(movement, active_only=False).values_list("code", flat=True)
    )


def test_registrable_units_are_the_participants_in_the_officers_scope(tree):
    movement = make_movement(launching_unit=tree.national)
    officer = officer_of(tree.district_a1)
    assert set(registrable_units(officer, movement).values_list("code", flat=True)) == {
        "DHA",
        "CSX",
        "CSY",
    }
    viewer = officer_of(tree.district_a1, Role.VIEWER)
    assert not registrable_units(viewer, movement).exists()


# --- who sees what -------------------------------------------------------------------------


def test_planned_movements_are_seen_only_from_the_launching_unit_and_above(tree):
    planned = make_movement(launching_unit=tree.province_a, status=M.PLANNED)
    running = make_movement(launching_unit=tree.province_a, status=M.RUNNING)
    closed = make_movement(launching_unit=tree.province_a, status=M.CLOSED)
    for user, expected in [
        (officer_of(tree.province_a), {planned, running, closed}),
        (officer_of(tree.national, Role.VIEWER), {planned, running, closed}),
        (officer_of(tree.district_a1), {running, closed}),
        (officer_of(tree.province_b), {running, closed}),
        (UserFactory(), {running, closed}),
    ]:
        visible = set(movements_visible_to(user))
        assert visible == expected
        for movement in (planned, running, closed):
            assert user.has_perm("emulation.view_movement", movement) == (movement in expected)


def test_anonymous_sees_no_movement(tree):
    from django.contrib.auth.models import AnonymousUser

    make_movement(launching_unit=tree.national)
    assert not movements_visible_to(AnonymousUser()).exists()


def test_movement_list_filters_and_searches_without_diacritics(tree):
    officer = officer_of(tree.national)
    good = make_movement(
        launching_unit=tree.national,
        actor=officer,
        name="Lao động giỏi, lao động sáng tạo",
        period_start=D(2025, 1, 1),
        period_end=D(2030, 12, 31),
    )
    campaign = make_movement(
        launching_unit=tree.national,
        actor=officer,
        name="Trung thành, trách nhiệm, liêm chính, sáng tạo",
        kind=MovementKind.CAMPAIGN,
        period_start=D(2023, 1, 1),
        period_end=D(2024, 12, 31),
        status=M.CLOSED,
    )
    green = make_movement(
        launching_unit=tree.province_a, name="Xanh – Sạch – Đẹp", status=M.PLANNED
    )
    assert list(movement_list(officer, query="lao dong gioi")) == [good]
    assert list(movement_list(officer, query="QUANG TRI")) == [green]
    assert set(movement_list(officer, query="sang tao")) == {good, campaign}
    assert list(movement_list(officer, kind=MovementKind.CAMPAIGN)) == [campaign]
    assert list(movement_list(officer, status=M.PLANNED)) == [green]
    assert set(movement_list(officer, year=2024)) == {campaign}
    assert set(movement_list(officer, year=2026)) == {good, green}


def test_member_sees_running_movements(tree):
    member = UserFactory()
    MembershipFactory(user=member, unit=tree.grassroots_a1x)
    running = make_movement(launching_unit=tree.national)
    make_movement(launching_unit=tree.national, status=M.PLANNED)
    assert list(movements_visible_to(member)) == [running]


def test_superuser_may_launch_anywhere(tree):
    root = UserFactory(is_superuser=True)
    movement = _create(root, tree.national)
    assert movement.launching_unit == tree.national
    assert make_unit(tree.national, code="NEW").is_active
