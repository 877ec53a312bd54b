"""Registration pages: registering, my registrations, the approver's inbox, a registration with
its buttons, returning with reasons, the aggregate of a subtree, and the permission matrix
(role × position × state for edit, send, approve and return)."""

import datetime
import re

import pytest
from django.urls import reverse

from emulation.enums import EmulationTitle, MovementStatus
from emulation.enums import RegistrationStatus as R
from emulation.models import Registration
from emulation.services.movements import movement_transition
from tests.factories import MembershipFactory, UserFactory, make_unit
from tests.factories.movements import make_movement, make_registration, officer_of
from unions.enums import Role
from unions.services import role_grant

T = EmulationTitle


@pytest.fixture
def movement(tree):
    return make_movement(launching_unit=tree.national, name="Lao động giỏi, lao động sáng tạo")


def member_of(unit):
    person = UserFactory()
    MembershipFactory(user=person, unit=unit)
    return person


def _detail(registration) -> str:
    return reverse("movements:registration_detail", args=[registration.pk])


def _step(registration, action) -> str:
    return reverse("movements:registration_transition", args=[registration.pk, action])


def _register(movement) -> str:
    return reverse("movements:registration_create", args=[movement.pk])


def _actions(response) -> list[str]:
    return re.findall(r'data-action="([a-z_]+)"', response.content.decode())


def _status(registration) -> str:
    return Registration.objects.get(pk=registration.pk).status


# --- registering ---------------------------------------------------------------------------


def test_officer_registers_a_unit_of_their_scope(client, tree, movement):
    officer = officer_of(tree.district_a1)
    client.force_login(officer)
    page = client.get(_register(movement)).content.decode()
    # Only the unit form: the officer is no member.
    assert 'name="unit"' in page
    assert tree.grassroots_a1x.name in page
    assert tree.district_a2.name not in page
    assert 'value="advanced_collective"' in page
    assert 'value="advanced_worker"' not in page
    response = client.post(
        _register(movement),
        {
            "as": "unit",
            "unit": "CSX",
            "year": "2026",
            "targets": "5 sáng kiến được công nhận",
            "titles": [T.STRONG_UNION, T.EXCELLENT_COLLECTIVE],
        },
    )
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(registration)
    assert registration.unit == tree.grassroots_a1x
    assert registration.titles == [T.EXCELLENT_COLLECTIVE, T.STRONG_UNION]
    assert registration.created_by == officer


def test_member_registers_themself(client, tree, movement):
    person = member_of(tree.grassroots_a1x)
    client.force_login(person)
    page = client.get(_register(movement)).content.decode()
    assert 'name="unit"' not in page
    assert 'value="grassroots_fighter"' in page
    assert 'value="emulation_flag"' not in page
    assert tree.grassroots_a1x.name in page
    response = client.post(
        _register(movement),
        {
            "as": "person",
            "year": "2026",
            "targets": "Có 1 sáng kiến được công nhận",
            "titles": [T.GRASSROOTS_FIGHTER],
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.person == person and registration.unit == tree.grassroots_a1x


def test_officer_who_is_a_member_chooses_who_registers(client, tree, movement):
    person = member_of(tree.grassroots_a1x)
    role_grant(
        user=person, unit=tree.grassroots_a1x, role=Role.OFFICER, valid_from=movement.period_start
    )
    client.force_login(person)
    page = client.get(_register(movement)).content.decode()
    assert 'id="as-unit"' in page and 'id="as-person"' in page
    assert 'name="targets"' not in page
    assert 'name="unit"' in client.get(_register(movement) + "?as=unit").content.decode()
    assert 'name="unit"' not in client.get(_register(movement) + "?as=person").content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"targets": ""}, "targets"),
        ({"titles": []}, "titles"),
        ({"titles": ["advanced_worker"]}, "titles"),
        ({"year": "2031"}, "year"),
        ({"unit": "CSB"}, "unit"),
        ({"unit": "DHA"}, "unit"),
    ],
)
def test_bad_registration_input_is_a_form_error(client, tree, movement, data, field):
    officer = officer_of(tree.grassroots_a1x)
    client.force_login(officer)
    values = {
        "as": "unit",
        "unit": "CSX",
        "year": "2026",
        "targets": "Chỉ tiêu",
        "titles": [T.STRONG_UNION],
    }
    values.update(data)
    response = client.post(_register(movement), values)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Registration.objects.exists()


def test_registering_twice_is_a_form_error(client, tree, movement):
    officer = officer_of(tree.district_a1)
    make_registration(movement=movement, unit=tree.district_a1)
    client.force_login(officer)
    response = client.post(
        _register(movement),
        {
            "as": "unit",
            "unit": "DHA",
            "year": "2026",
            "targets": "Chỉ tiêu",
            "titles": ["strong_union"],
        },
    )
    assert response.status_code == 400
    assert tree.district_a1.name in str(response.context["form"].errors["unit"])
    assert Registration.objects.count() == 1


def test_nobody_to_register_for(client, tree, movement):
    client.force_login(officer_of(tree.province_a, Role.VIEWER))
    response = client.get(_register(movement))
    assert response.status_code == 200
    assert 'id="cannot-register"' in response.content.decode()
    outsider_movement = make_movement(launching_unit=tree.province_b)
    client.force_login(member_of(tree.grassroots_a1x))
    assert 'id="cannot-register"' in client.get(_register(outsider_movement)).content.decode()


def test_register_page_of_a_movement_that_does_not_run(client, tree):
    movement = make_movement(launching_unit=tree.national, status=MovementStatus.CLOSED)
    client.force_login(officer_of(tree.province_a))
    response = client.get(_register(movement))
    assert response.status_code == 302
    assert response["Location"] == reverse("movements:movement_detail", args=[movement.pk])


# --- lists ---------------------------------------------------------------------------------


def test_my_registrations_lists_mine_and_my_units(client, tree, movement):
    officer = officer_of(tree.district_a1)
    ours = make_registration(movement=movement, unit=tree.grassroots_a1x, status=R.RETURNED)
    theirs = make_registration(movement=movement, unit=tree.district_a2)
    client.force_login(officer)
    response = client.get(reverse("movements:registration_list"))
    page = response.content.decode()
    assert tree.grassroots_a1x.name in page
    assert tree.district_a2.name not in page
    assert f'data-pk="{ours.pk}"' in page and f'data-pk="{theirs.pk}"' not in page
    filtered = client.get(reverse("movements:registration_list") + "?status=approved")
    assert not filtered.context["page"].object_list


def test_inbox_lists_what_awaits_me(client, tree, movement):
    approver = officer_of(tree.province_a)
    waiting = make_registration(
        movement=movement, unit=tree.district_a1, status=R.AWAITING_APPROVAL
    )
    make_registration(movement=movement, unit=tree.district_a2, status=R.NOT_SENT)
    client.force_login(approver)
    response = client.get(reverse("movements:registration_inbox"))
    assert [r.pk for r in response.context["page"].object_list] == [waiting.pk]
    assert tree.district_a1.name in response.content.decode()


def test_inbox_is_forbidden_to_members(client, tree):
    client.force_login(member_of(tree.grassroots_a1x))
    assert client.get(reverse("movements:registration_inbox")).status_code == 403


@pytest.mark.parametrize("count", [1, 30])
def test_lists_take_constant_queries(client, tree, movement, count, django_assert_max_num_queries):
    approver = officer_of(tree.district_a1)
    units = [make_unit(tree.district_a1, code=f"Q{count}{n:02d}") for n in range(count)]
    for unit in units:
        make_registration(movement=movement, unit=unit, status=R.AWAITING_APPROVAL)
        make_registration(movement=movement, person=member_of(unit), status=R.AWAITING_APPROVAL)
    client.force_login(approver)
    with django_assert_max_num_queries(12):
        inbox = client.get(reverse("movements:registration_inbox"))
    assert len(inbox.context["page"].object_list) == min(2 * count, 25)
    with django_assert_max_num_queries(12):
        mine = client.get(reverse("movements:registration_list"))
    assert len(mine.context["page"].object_list) == min(count, 25)


# --- one registration ----------------------------------------------------------------------


def test_registration_page_shows_the_details_history_and_reasons(client, tree, movement):
    registration = make_registration(
        movement=movement,
        unit=tree.district_a1,
        titles=[T.EXCELLENT_COLLECTIVE],
        targets="Có 5 sáng kiến\nKết nạp 60 đoàn viên",
        status=R.RETURNED,
        note="Bổ sung số liệu cụ thể",
    )
    client.force_login(officer_of(tree.district_a1))
    response = client.get(_detail(registration))
    page = response.content.decode()
    assert tree.district_a1.name in page
    assert "Có 5 sáng kiến<br>Kết nạp 60 đoàn viên" in page
    assert 'id="return-reason"' in page and "Bổ sung số liệu cụ thể" in page
    assert movement.name in page
    assert [event.action for event in response.context["history"]] == ["create", "send", "return"]
    assert _actions(response) == ["send"]
    assert 'id="edit-registration"' in page


def test_registration_edit_page(client, tree, movement):
    registration = make_registration(movement=movement, unit=tree.district_a1)
    officer = officer_of(tree.district_a1)
    client.force_login(officer)
    url = reverse("movements:registration_edit", args=[registration.pk])
    assert "Kết nạp 50 đoàn viên mới" in client.get(url).content.decode()
    response = client.post(url, {"targets": "", "titles": [T.STRONG_UNION]})
    assert response.status_code == 400 and "targets" in response.context["form"].errors
    response = client.post(url, {"targets": "Chỉ tiêu mới", "titles": [T.STRONG_UNION]})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.targets == "Chỉ tiêu mới" and registration.titles == [T.STRONG_UNION]


def test_sent_registration_cannot_be_edited(client, tree, movement):
    registration = make_registration(
        movement=movement, unit=tree.district_a1, status=R.AWAITING_APPROVAL
    )
    client.force_login(officer_of(tree.district_a1))
    url = reverse("movements:registration_edit", args=[registration.pk])
    response = client.post(url, {"targets": "Chỉ tiêu mới", "titles": [T.STRONG_UNION]})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.targets != "Chỉ tiêu mới"


def test_return_with_reasons_form(client, tree, movement):
    registration = make_registration(
        movement=movement, unit=tree.district_a1, status=R.AWAITING_APPROVAL
    )
    client.force_login(officer_of(tree.province_a))
    page = client.get(_step(registration, "return"))
    assert page.status_code == 200 and 'name="note"' in page.content.decode()
    response = client.post(_step(registration, "return"), {"note": "  "})
    assert response.status_code == 400
    assert _status(registration) == R.AWAITING_APPROVAL
    response = client.post(_step(registration, "return"), {"note": "Chưa lượng hóa chỉ tiêu"})
    assert response["Location"] == _detail(registration)
    registration.refresh_from_db()
    assert registration.status == R.RETURNED
    assert registration.return_reason == "Chưa lượng hóa chỉ tiêu"


def test_get_on_a_plain_step_changes_nothing(client, tree, movement):
    registration = make_registration(movement=movement, unit=tree.district_a1)
    client.force_login(officer_of(tree.district_a1))
    assert client.get(_step(registration, "send")).status_code == 302
    assert _status(registration) == R.NOT_SENT
    assert client.post(_step(registration, "fly")).status_code == 404


def test_step_not_allowed_from_the_state_is_a_message(client, tree, movement):
    registration = make_registration(movement=movement, unit=tree.district_a1, status=R.APPROVED)
    client.force_login(officer_of(tree.province_a))
    response = client.post(_step(registration, "approve"), follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    assert _status(registration) == R.APPROVED


def test_buttons_disappear_when_the_movement_closes(client, tree):
    officer = officer_of(tree.national)
    movement = make_movement(launching_unit=tree.national, actor=officer)
    registration = make_registration(movement=movement, unit=tree.province_a)
    movement_transition(movement=movement, action="close", actor=officer)
    client.force_login(officer)
    response = client.get(_detail(registration))
    assert _actions(response) == []
    assert 'id="edit-registration"' not in response.content.decode()


# --- the aggregate -------------------------------------------------------------------------


def _aggregate(movement, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    url = reverse("movements:registration_aggregate", args=[movement.pk])
    return url + (f"?{query}" if query else "")


def test_aggregate_page_lists_units_with_their_state(client, tree, movement):
    make_registration(movement=movement, unit=tree.district_a1, status=R.APPROVED)
    make_registration(movement=movement, person=member_of(tree.grassroots_a1x), status=R.RETURNED)
    client.force_login(officer_of(tree.province_a, Role.VIEWER))
    response = client.get(_aggregate(movement))
    page = response.content.decode()
    assert response.context["unit"] == tree.province_a
    assert 'data-unit="DHA" data-status="approved"' in page
    assert 'data-unit="GLI" data-status="not_sent"' in page
    assert 'data-unit="QTR" data-status="not_sent"' in page
    summary = response.context["summary"]
    assert summary.units[R.NOT_SENT] == 2 and summary.units[R.APPROVED] == 1
    assert summary.personal[R.RETURNED] == 1
    # Drilling into the district.
    response = client.get(_aggregate(movement, unit=tree.district_a1.pk, year=2026))
    page = response.content.decode()
    assert 'data-unit="CSX" data-status="not_sent"' in page
    assert 'id="up-link"' in page


def test_aggregate_outside_scope_is_404(client, tree, movement):
    client.force_login(officer_of(tree.province_a))
    assert client.get(_aggregate(movement, unit=tree.province_b.pk)).status_code == 404
    assert client.get(_aggregate(movement, unit=tree.national.pk)).status_code == 404
    client.force_login(member_of(tree.grassroots_a1x))
    assert client.get(_aggregate(movement)).status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_aggregate_takes_constant_queries(
    client, tree, movement, count, django_assert_max_num_queries
):
    units = [make_unit(tree.district_a2, code=f"A{count}{n:02d}") for n in range(count)]
    for index, unit in enumerate(units):
        if index % 2:
            make_registration(movement=movement, unit=unit, status=R.AWAITING_APPROVAL)
        make_registration(movement=movement, person=member_of(unit))
    client.force_login(officer_of(tree.province_a))
    # (two of them draw the header's menu of the public site's sections)
    with django_assert_max_num_queries(19):
        response = client.get(_aggregate(movement, unit=tree.district_a2.pk))
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(count, 25)
    assert response.context["summary"].personal[R.NOT_SENT] == count


# --- the permission matrix -----------------------------------------------------------------
#
# A unit registration of district_a1 (approved by province_a) and a personal one of a member of
# grassroots_a1x (approved by the union). The user holds ``role`` at ``position`` relative to
# the registering unit: same, descendant, ancestor, sibling or another branch.

ROLES = ["officer", "viewer", "editor", "member", "anonymous"]
POSITIONS = ["same", "descendant", "ancestor", "sibling", "other_branch"]
STATES = [R.NOT_SENT, R.AWAITING_APPROVAL, R.APPROVED, R.RETURNED]
ACTIONS = ["edit", "send", "approve", "return"]
ALLOWED_FROM = {
    "edit": {R.NOT_SENT, R.RETURNED},
    "send": {R.NOT_SENT, R.RETURNED},
    "approve": {R.AWAITING_APPROVAL},
    "return": {R.AWAITING_APPROVAL},
}


def _unit_at(tree, kind: str, position: str):
    if kind == "unit":
        return {
            "same": tree.district_a1,
            "descendant": tree.grassroots_a1x,
            "ancestor": tree.province_a,
            "sibling": tree.district_a2,
            "other_branch": tree.province_b,
        }[position]
    return {
        "same": tree.grassroots_a1x,
        "descendant": None,
        "ancestor": tree.district_a1,
        "sibling": tree.grassroots_a1y,
        "other_branch": tree.grassroots_b1x,
    }[position]


def _expected(kind: str, role: str, position: str) -> tuple[str, set[str]]:
    """(what opening the registration gives, the actions the user may take)."""
    if role == "anonymous":
        return "login", set()
    if role == "member":
        # Members belong to grassroots unions: "same" is the registrant themself.
        if kind == "person" and position == "same":
            return "view", {"edit", "send"}
        return "404", set()
    sees = position in ("same", "ancestor")
    if not sees:
        return "404", set()
    if role != "officer":
        return "view", set()
    if kind == "unit" and position == "same":
        return "view", {"edit", "send"}
    return "view", {"edit", "send", "approve", "return"}


def _actor(tree, kind, role, position, registrant):
    if role == "anonymous":
        return None
    if role == "member":
        if kind == "person" and position == "same":
            return registrant
        union = {
            "same": tree.grassroots_a1x,
            "descendant": tree.grassroots_a1x,
            "ancestor": tree.grassroots_a1x,
            "sibling": tree.grassroots_a1y,
            "other_branch": tree.grassroots_b1x,
        }[position]
        return member_of(union)
    unit = _unit_at(tree, kind, position)
    if unit is None:  # under a grassroots union: its union group
        unit = make_unit(tree.grassroots_a1x, code="TO-01")
    role_value = {"officer": Role.OFFICER, "viewer": Role.VIEWER, "editor": Role.EDITOR}[role]
    return officer_of(unit, role_value)


def _post_action(client, registration, action):
    if action == "edit":
        url = reverse("movements:registration_edit", args=[registration.pk])
        titles = [T.ADVANCED_WORKER] if registration.is_personal else [T.STRONG_UNION]
        return client.post(url, {"targets": "Chỉ tiêu đã sửa", "titles": titles})
    note = {"note": "Lý do trả lại"} if action == "return" else {}
    return client.post(_step(registration, action), note)


@pytest.mark.parametrize("kind", ["unit", "person"])
@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, tree, kind, role, position):
    registrant = member_of(tree.grassroots_a1x) if kind == "person" else None
    user = _actor(tree, kind, role, position, registrant)
    opening, allowed = _expected(kind, role, position)
    if user is not None:
        client.force_login(user)
    # One registration per state and action, each for its own year of a long movement.
    movement = make_movement(
        launching_unit=tree.national,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026 + len(STATES) * len(ACTIONS), 12, 31),
    )
    if kind == "unit":
        writer, approver = officer_of(tree.district_a1), officer_of(tree.province_a)
        values = {"unit": tree.district_a1}
    else:
        writer, approver = registrant, officer_of(tree.grassroots_a1x)
        values = {"person": registrant}
    years = iter(range(2026, 2100))
    for state in STATES:
        for action in ACTIONS:
            registration = make_registration(
                movement=movement,
                year=next(years),
                status=state,
                actor=writer,
                approver=approver,
                **values,
            )
            before = Registration.objects.get(pk=registration.pk)
            response = client.get(_detail(registration))
            if opening == "login":
                assert response.status_code == 302
            elif opening == "404":
                assert response.status_code == 404
            else:
                assert response.status_code == 200
                shown = set(_actions(response))
                if 'id="edit-registration"' in response.content.decode():
                    shown.add("edit")
                expected_buttons = {a for a in allowed if state in ALLOWED_FROM[a]}
                if state == R.APPROVED and "approve" in allowed:
                    expected_buttons.add("reopen")
                assert shown == expected_buttons, (state, action)
            response = _post_action(client, registration, action)
            after = Registration.objects.get(pk=registration.pk)
            permitted = action in allowed and state in ALLOWED_FROM[action]
            if permitted:
                assert response.status_code == 302, (state, action)
                if action == "edit":
                    assert after.targets == "Chỉ tiêu đã sửa"
                else:
                    assert after.status != before.status, (state, action)
            else:
                assert response.status_code in (302, 403, 404), (state, action)
                if opening == "404":
                    assert response.status_code == 404
                if opening == "view" and action not in allowed:
                    assert response.status_code == 403
                assert (after.status, after.targets) == (before.status, before.targets)
