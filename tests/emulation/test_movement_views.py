"""Movement pages: the list with its filters, creating and editing, the movement page with its
buttons, the steps of the lifecycle and who may open what."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation.enums import MovementKind, MovementStatus
from emulation.enums import RegistrationStatus as R
from emulation.models import Movement
from tests.factories import MembershipFactory, UserFactory, make_unit
from tests.factories.movements import make_movement, make_registration, officer_of
from tests.factories.pledges import make_block, make_pledge
from unions.enums import Role

M = MovementStatus


def _list(**params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("movements:movement_list") + (f"?{query}" if query else "")


def _detail(movement) -> str:
    return reverse("movements:movement_detail", args=[movement.pk])


def _step(movement, action) -> str:
    return reverse("movements:movement_transition", args=[movement.pk, action])


def _actions(response) -> list[str]:
    return re.findall(r'data-action="([a-z_]+)"', response.content.decode())


def _form_data(**overrides) -> dict:
    data = {
        "launching_unit": "TLD",
        "name": "Phong trào thi đua “Giỏi việc nước, đảm việc nhà” năm 2026",
        "kind": MovementKind.MOVEMENT,
        "period_start": "01/01/2026",
        "period_end": "31/12/2026",
        "description": "Tôn vinh nữ đoàn viên.",
        "whole_subtree": "on",
        "participant_codes": "",
        "part_of": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- the list ------------------------------------------------------------------------------


def test_movement_list_requires_sign_in(client, tree):
    response = client.get(_list())
    assert response.status_code == 302
    assert "/dang-nhap" in response["Location"] or "login" in response["Location"]


def test_movement_list_shows_visible_movements_with_their_facts(client, tree):
    shown = make_movement(
        launching_unit=tree.national, name="Lao động giỏi, lao động sáng tạo năm 2026"
    )
    hidden = make_movement(
        launching_unit=tree.province_a, name="Kế hoạch chưa công bố", status=M.PLANNED
    )
    member = UserFactory()
    MembershipFactory(user=member, unit=tree.grassroots_a1x)
    client.force_login(member)
    response = client.get(_list())
    assert response.status_code == 200
    page = response.content.decode()
    assert shown.name in page
    assert hidden.name not in page
    assert "01/01/2026 – 31/12/2026" in page
    assert tree.national.name in page
    assert 'id="new-movement"' not in page


def test_movement_list_filters_by_text_status_kind_and_year(client, tree):
    officer = officer_of(tree.national)
    good = make_movement(launching_unit=tree.national, actor=officer, name="Lao động giỏi")
    campaign = make_movement(
        launching_unit=tree.national,
        actor=officer,
        name="Trung thành, trách nhiệm",
        kind=MovementKind.CAMPAIGN,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2028, 12, 31),
    )
    client.force_login(officer)

    def names(**params):
        response = client.get(_list(**params))
        assert response.status_code == 200
        return {m.name for m in response.context["page"].object_list}

    assert names(q="lao dong gioi") == {good.name}
    assert names(q="trach nhiem") == {campaign.name}
    assert names(kind="campaign") == {campaign.name}
    assert names(year="2024") == {campaign.name}
    assert names(status="closed") == set()
    # Nonsense filters are ignored rather than failing.
    assert names(year="abc", status="nope") == {good.name, campaign.name}
    assert 'id="new-movement"' in client.get(_list()).content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_movement_list_takes_constant_queries(client, tree, count, django_assert_max_num_queries):
    officer = officer_of(tree.national)
    stage = make_movement(
        launching_unit=tree.national,
        actor=officer,
        name="Giai đoạn",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2030, 12, 31),
    )
    for number in range(count):
        make_movement(launching_unit=tree.province_a, part_of=stage, name=f"Phong trào {number}")
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        response = client.get(_list())
    assert len(response.context["page"].object_list) == min(count + 1, 25)


# --- creating and editing ------------------------------------------------------------------


def test_officer_creates_a_movement_through_the_form(client, tree):
    officer = officer_of(tree.national)
    client.force_login(officer)
    page = client.get(reverse("movements:movement_create")).content.decode()
    assert 'name="launching_unit"' in page
    assert tree.national.name in page
    response = client.post(reverse("movements:movement_create"), _form_data())
    movement = Movement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(movement)
    assert movement.status == M.PLANNED
    assert movement.period_start == datetime.date(2026, 1, 1)
    assert movement.launching_unit == tree.national


def test_movement_form_with_selected_units(client, tree):
    officer = officer_of(tree.national)
    client.force_login(officer)
    response = client.post(
        reverse("movements:movement_create"),
        _form_data(whole_subtree=None, participant_codes="dha, CSB\nDHA"),
    )
    assert response.status_code == 302
    movement = Movement.objects.get()
    assert not movement.whole_subtree
    assert set(movement.selections.values_list("unit__code", flat=True)) == {"DHA", "CSB"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"period_end": "31/12/2025"}, "period_end"),
        ({"period_start": "31/02/2026"}, "period_start"),
        ({"name": ""}, "name"),
        ({"whole_subtree": None, "participant_codes": ""}, "participant_codes"),
        ({"whole_subtree": None, "participant_codes": "DHA, KHONG-CO"}, "participant_codes"),
        ({"launching_unit": "PTO"}, "launching_unit"),
        ({"kind": "festival"}, "kind"),
    ],
)
def test_bad_movement_input_is_a_form_error(client, tree, overrides, field):
    officer = officer_of(tree.province_a)
    client.force_login(officer)
    response = client.post(
        reverse("movements:movement_create"), _form_data(**{"launching_unit": "QTR", **overrides})
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Movement.objects.exists()


def test_movement_from_the_service_error_shows_on_the_form(client, tree):
    officer = officer_of(tree.national)
    stage = make_movement(
        launching_unit=tree.national,
        actor=officer,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    client.force_login(officer)
    response = client.post(
        reverse("movements:movement_create"),
        _form_data(part_of=str(stage.pk), period_end="31/12/2027"),
    )
    assert response.status_code == 400
    assert "part_of" in response.context["form"].errors
    assert Movement.objects.count() == 1


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, None])
def test_movement_create_page_forbidden_without_the_capability(client, tree, role):
    user = officer_of(tree.national, role) if role else UserFactory()
    client.force_login(user)
    assert client.get(reverse("movements:movement_create")).status_code == 403
    assert client.post(reverse("movements:movement_create"), _form_data()).status_code == 403
    assert not Movement.objects.exists()


def test_officer_edits_a_movement(client, tree):
    officer = officer_of(tree.province_a)
    movement = make_movement(launching_unit=tree.province_a, actor=officer)
    client.force_login(officer)
    url = reverse("movements:movement_edit", args=[movement.pk])
    page = client.get(url).content.decode()
    assert 'name="launching_unit"' not in page
    assert movement.name in page
    response = client.post(
        url,
        _form_data(
            launching_unit=None, name="Tên mới", whole_subtree=None, participant_codes="GLI"
        ),
    )
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.name == "Tên mới"
    assert list(movement.selections.values_list("unit__code", flat=True)) == ["GLI"]
    # A unit outside the launching unit's subtree is refused.
    response = client.post(
        url, _form_data(launching_unit=None, whole_subtree=None, participant_codes="VTR")
    )
    assert response.status_code == 400
    assert "participant_codes" in response.context["form"].errors


def test_closed_movement_edit_redirects_with_a_message(client, tree):
    officer = officer_of(tree.national)
    movement = make_movement(launching_unit=tree.national, actor=officer, status=M.CLOSED)
    client.force_login(officer)
    response = client.get(reverse("movements:movement_edit", args=[movement.pk]), follow=True)
    assert response.redirect_chain[-1][0] == _detail(movement)
    assert 'id="edit-movement"' not in response.content.decode()


def test_movement_edit_by_others(client, tree):
    movement = make_movement(launching_unit=tree.province_a)
    url = reverse("movements:movement_edit", args=[movement.pk])
    client.force_login(officer_of(tree.province_b))
    assert client.get(url).status_code == 403
    client.force_login(officer_of(tree.province_a, Role.VIEWER))
    assert client.get(url).status_code == 403
    planned = make_movement(launching_unit=tree.province_a, status=M.PLANNED)
    client.force_login(officer_of(tree.province_b))
    assert client.get(reverse("movements:movement_edit", args=[planned.pk])).status_code == 404


# --- the movement page ---------------------------------------------------------------------


def test_movement_page_shows_period_parts_participants_history_and_counts(client, tree):
    officer = officer_of(tree.national)
    stage = make_movement(
        launching_unit=tree.national,
        actor=officer,
        name="Giai đoạn 2025–2030",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2030, 12, 31),
    )
    part = make_movement(
        launching_unit=tree.national,
        actor=officer,
        part_of=stage,
        name="Năm 2026",
        whole_subtree=False,
        participants=[tree.district_a1],
        description="Đăng ký trước ngày 31/3/2026.",
    )
    make_registration(movement=part, unit=tree.district_a1, status=R.APPROVED)
    make_registration(movement=part, unit=tree.grassroots_a1x, status=R.AWAITING_APPROVAL)
    client.force_login(officer)
    response = client.get(_detail(part))
    page = response.content.decode()
    assert "01/01/2026 – 31/12/2026" in page
    assert "Đăng ký trước ngày 31/3/2026." in page
    assert stage.name in page and reverse("movements:movement_detail", args=[stage.pk]) in page
    assert "(DHA)" in page
    assert response.context["participant_count"] == 3
    counts = {status: total for status, _label, total in response.context["counts"]}
    assert counts == {R.NOT_SENT: 0, R.AWAITING_APPROVAL: 1, R.APPROVED: 1, R.RETURNED: 0}
    assert _actions(response) == ["close"]
    assert 'id="edit-movement"' in page
    assert 'id="aggregate-link"' in page
    assert len(response.context["history"]) == 2
    stage_page = client.get(_detail(stage)).content.decode()
    assert 'id="parts"' in stage_page and part.name in stage_page


@pytest.mark.parametrize(
    ("status", "actions"),
    [(M.PLANNED, ["launch"]), (M.RUNNING, ["close"]), (M.CLOSED, ["reopen"])],
)
def test_movement_page_buttons_follow_the_table(client, tree, status, actions):
    officer = officer_of(tree.national)
    movement = make_movement(launching_unit=tree.national, actor=officer, status=status)
    client.force_login(officer)
    assert _actions(client.get(_detail(movement))) == actions
    client.force_login(officer_of(tree.national, Role.VIEWER))
    assert _actions(client.get(_detail(movement))) == []


def test_member_sees_a_running_movement_and_may_register(client, tree):
    movement = make_movement(launching_unit=tree.national)
    member = UserFactory()
    MembershipFactory(user=member, unit=tree.grassroots_a1x)
    client.force_login(member)
    response = client.get(_detail(movement))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="register"' in page
    assert 'id="aggregate-link"' not in page
    assert _actions(response) == []


def test_movement_page_offers_no_register_once_registered(client, tree):
    """A union that registered for the year (and a member who did) is not invited to fill the
    whole form again only to learn it."""
    movement = make_movement(launching_unit=tree.national)
    officer = officer_of(tree.grassroots_a1x)
    client.force_login(officer)
    assert 'id="register"' in client.get(_detail(movement)).content.decode()
    year = movement.period_start.year
    make_registration(movement=movement, year=year, unit=tree.grassroots_a1x, actor=officer)
    assert 'id="register"' not in client.get(_detail(movement)).content.decode()

    member = UserFactory()
    MembershipFactory(user=member, unit=tree.grassroots_a1x)
    make_registration(movement=movement, year=year, person=member)
    client.force_login(member)
    assert 'id="register"' not in client.get(_detail(movement)).content.decode()


def test_dashboard_link_opens_on_the_highest_unit_the_user_sees(client, tree):
    movement = make_movement(launching_unit=tree.national)
    client.force_login(officer_of(tree.province_a, Role.VIEWER))
    page = client.get(_detail(movement)).content.decode()
    assert 'id="dashboard-link"' in page
    dashboard = client.get(reverse("movements:dashboard", args=[movement.pk]))
    assert dashboard.status_code == 200
    assert dashboard.context["dashboard"].scope == tree.province_a

    member = UserFactory()
    MembershipFactory(user=member, unit=tree.grassroots_a1x)
    client.force_login(member)
    assert 'id="dashboard-link"' not in client.get(_detail(movement)).content.decode()


def test_movement_page_lists_the_pledges_the_user_sees(client, tree):
    movement = make_movement(launching_unit=tree.national)
    ours = make_pledge(
        make_block(tree.province_a, [tree.district_a1]),
        title="Giao ước khối huyện phía Bắc",
        movement=movement,
    )
    make_pledge(
        make_block(tree.province_b, [tree.district_b1]),
        title="Giao ước khối tỉnh bên cạnh",
        movement=movement,
    )
    make_pledge(make_block(tree.province_a, [tree.district_a1]), title="Giao ước không gắn")
    client.force_login(officer_of(tree.province_a, Role.VIEWER))

    page = client.get(_detail(movement)).content.decode()

    assert reverse("pledges:pledge_detail", args=[ours.pk]) in page
    assert "Giao ước khối huyện phía Bắc" in page
    assert "Giao ước khối tỉnh bên cạnh" not in page
    assert "Giao ước không gắn" not in page


def test_planned_movement_is_404_outside_its_unit(client, tree):
    movement = make_movement(launching_unit=tree.province_a, status=M.PLANNED)
    for user in (officer_of(tree.province_b), officer_of(tree.district_a1), UserFactory()):
        client.force_login(user)
        assert client.get(_detail(movement)).status_code == 404
    client.force_login(officer_of(tree.national, Role.VIEWER))
    assert client.get(_detail(movement)).status_code == 200


# --- steps ---------------------------------------------------------------------------------


def test_launch_and_close_by_post(client, tree):
    officer = officer_of(tree.national)
    movement = make_movement(launching_unit=tree.national, actor=officer, status=M.PLANNED)
    client.force_login(officer)
    assert client.get(_step(movement, "launch")).status_code == 302
    movement.refresh_from_db()
    assert movement.status == M.PLANNED
    response = client.post(_step(movement, "launch"))
    assert response["Location"] == _detail(movement)
    movement.refresh_from_db()
    assert movement.status == M.RUNNING
    # A step not allowed from the status is a message, not an error page.
    response = client.post(_step(movement, "launch"), follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    movement.refresh_from_db()
    assert movement.status == M.RUNNING


def test_reopen_asks_for_the_reasons(client, tree):
    officer = officer_of(tree.national)
    movement = make_movement(launching_unit=tree.national, actor=officer, status=M.CLOSED)
    client.force_login(officer)
    page = client.get(_step(movement, "reopen"))
    assert page.status_code == 200
    assert 'name="note"' in page.content.decode()
    response = client.post(_step(movement, "reopen"), {"note": ""})
    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    response = client.post(_step(movement, "reopen"), {"note": "Kéo dài thời gian tổng kết"})
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.status == M.RUNNING
    assert movement.events.filter(action="reopen", note="Kéo dài thời gian tổng kết").exists()


def test_steps_by_others_are_refused(client, tree):
    movement = make_movement(launching_unit=tree.province_a, status=M.RUNNING)
    client.force_login(officer_of(tree.province_a, Role.VIEWER))
    assert client.post(_step(movement, "close")).status_code == 403
    client.force_login(officer_of(tree.province_b))
    assert client.post(_step(movement, "close")).status_code == 403
    assert client.post(_step(movement, "explode")).status_code == 404
    movement.refresh_from_db()
    assert movement.status == M.RUNNING


def test_navigation_has_the_emulation_link_for_signed_in_users(client, tree):
    member = UserFactory()
    MembershipFactory(user=member, unit=tree.grassroots_a1x)
    client.force_login(member)
    page = client.get(_list()).content.decode()
    assert f'href="{_list()}"' in page


def test_unit_codes_in_another_case_are_found(client, tree):
    make_unit(tree.district_a1, code="CS-Moi")
    officer = officer_of(tree.national)
    client.force_login(officer)
    response = client.post(
        reverse("movements:movement_create"),
        _form_data(whole_subtree=None, participant_codes="cs-moi"),
    )
    assert response.status_code == 302
    assert list(Movement.objects.get().selections.values_list("unit__code", flat=True)) == [
        "CS-Moi"
    ]


def test_movement_list_counts_queries_the_same_for_a_member(client, tree):
    member = UserFactory()
    MembershipFactory(user=member, unit=tree.grassroots_a1x)
    make_movement(launching_unit=tree.national)
    client.force_login(member)
    with CaptureQueriesContext(connection) as few:
        client.get(_list())
    for number in range(10):
        make_movement(launching_unit=tree.national, name=f"Phong trào {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(_list())
    assert len(many) == len(few)
