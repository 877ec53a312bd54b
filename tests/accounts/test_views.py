"""Signing in and out, the profile page, editing one's details and resetting the password."""

import datetime
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory, make_unit
from unions.enums import Role

PASSWORD = "mat-khau-123"
NEW_PASSWORD = "Sang-kien-2025-moi"
LOGIN = reverse("accounts:login")
PROFILE = reverse("profile")
# Sign-in lands on "Việc của tôi".
WORKSPACE = reverse("workspace")
PROFILE_EDIT = reverse("accounts:profile_edit")


def _signed_in_as(client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def _sign_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


# --- signing in ----------------------------------------------------------------------------


def test_login_page_renders_the_form(client, db):
    response = client.get(LOGIN)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert reverse("accounts:password_reset") in content


def test_login_by_email_redirects_to_workspace(client, db):
    person = UserFactory(email="doan.vien@example.vn")

    response = _sign_in(client, "Doan.Vien@Example.vn")

    assert response.status_code == 302
    assert response.url == WORKSPACE
    assert _signed_in_as(client) == person.pk


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "+84 912.345.678"])
def test_login_by_phone_redirects_to_workspace(client, db, typed):
    person = UserFactory(email=None, phone="0912345678")

    response = _sign_in(client, typed)

    assert response.status_code == 302
    assert response.url == WORKSPACE
    assert _signed_in_as(client) == person.pk


def test_login_follows_next_within_the_site(client, db):
    person = UserFactory()

    response = _sign_in(client, person.email, next="/don-vi/")

    assert response.status_code == 302
    assert response.url == "/don-vi/"


def test_login_ignores_next_to_another_site(client, db):
    person = UserFactory()

    response = _sign_in(client, person.email, next="https://example.com/")

    assert response.status_code == 302
    assert response.url == WORKSPACE


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("nguoi.la@example.vn", PASSWORD),  # nobody has this address
        ("dung.nguoi@example.vn", "sai-mat-khau"),
        ("0999999999", PASSWORD),
        ("", PASSWORD),
        ("dung.nguoi@example.vn", ""),
    ],
)
def test_login_with_wrong_details_rerenders_the_form(client, db, username, password):
    UserFactory(email="dung.nguoi@example.vn")

    response = _sign_in(client, username, password)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert _signed_in_as(client) is None


def test_login_of_an_inactive_account_is_refused(client, db):
    person = UserFactory(is_active=False)

    response = _sign_in(client, person.email)

    assert response.status_code == 200
    assert _signed_in_as(client) is None


def test_login_page_when_signed_in_redirects_to_workspace(client, user):
    client.force_login(user)

    response = client.get(LOGIN)

    assert response.status_code == 302
    assert response.url == WORKSPACE


# --- profile -------------------------------------------------------------------------------


def test_profile_anonymous_is_redirected_to_login(client, db):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={PROFILE}"


def union_sections(response) -> list:
    """The profile's sections but the API tokens one, which every signed-in person has
    (tests/api/test_tokens.py)."""
    return [
        section
        for section in response.context["sections"]
        if section.template_name != "api/tokens_section.html"
    ]


def test_profile_shows_memberships_and_roles(client, tree):
    person = UserFactory(last_name="Lê Thị", first_name="Hoa", phone="0905111222")
    MembershipFactory(
        user=person,
        unit=tree.grassroots_b1x,
        card_number="DV-CU-001",
        valid_from=datetime.date(2010, 1, 1),
        valid_to=datetime.date(2018, 6, 30),
    )
    MembershipFactory(
        user=person,
        unit=tree.grassroots_a1x,
        card_number="DV-MOI-002",
        valid_from=datetime.date(2018, 6, 30),
    )
    RoleGrantFactory(user=person, unit=tree.district_a1, role=Role.OFFICER)
    RoleGrantFactory(
        user=person,
        unit=tree.province_b,
        role=Role.VIEWER,
        valid_from=datetime.date(2019, 1, 1),
        valid_to=datetime.date(2019, 12, 31),
    )
    client.force_login(person)

    response = client.get(PROFILE)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Lê Thị Hoa" in content
    assert person.email in content
    assert "0905111222" in content
    assert tree.grassroots_a1x.name in content
    assert tree.grassroots_b1x.name in content
    assert "DV-MOI-002" in content
    assert "DV-CU-001" in content
    assert "30/06/2018" in content
    assert reverse("unions:unit_detail", kwargs={"pk": tree.district_a1.pk}) in content
    assert tree.province_b.name in content
    assert "31/12/2019" in content
    # The member's own record comes first; the memberships and roles follow.
    record, section = union_sections(response)
    assert record.context["membership"].card_number == "DV-MOI-002"
    assert [m.card_number for m in section.context["memberships"]] == ["DV-MOI-002", "DV-CU-001"]
    assert {g.unit.code for g in section.context["grants"]} == {"DHA", "PTO"}


def test_profile_without_memberships_or_roles_has_no_union_section(client, user):
    client.force_login(user)

    response = client.get(PROFILE)

    assert response.status_code == 200
    assert union_sections(response) == []
    assert user.email in response.content.decode()


def _add_history(person: User, units: list, start: int) -> None:
    """One past membership and one role per unit, each in its own year from ``start``."""
    for offset, unit in enumerate(units):
        year = start + offset
        MembershipFactory(
            user=person,
            unit=unit,
            valid_from=datetime.date(year, 1, 1),
            valid_to=datetime.date(year, 12, 31),
        )
        RoleGrantFactory(user=person, unit=unit, role=Role.VIEWER)


def test_profile_queries_do_not_grow_with_memberships_and_roles(client, tree):
    person = UserFactory()
    units = [make_unit(tree.district_a2, code=f"HS{number:02d}") for number in range(30)]
    _add_history(person, units[:1], 1960)
    client.force_login(person)
    client.get(PROFILE)

    with CaptureQueriesContext(connection) as with_one:
        client.get(PROFILE)
    _add_history(person, units[1:], 1961)
    with CaptureQueriesContext(connection) as with_thirty:
        response = client.get(PROFILE)

    (section,) = union_sections(response)
    assert len(section.context["memberships"]) == 30
    assert len(section.context["grants"]) == 30
    assert units[-1].name in response.content.decode()
    assert len(with_thirty) == len(with_one)


# --- editing one's details -----------------------------------------------------------------


def _details(**overrides) -> dict:
    data = {
        "last_name": "Phạm Văn",
        "first_name": "Dũng",
        "email": "pham.dung@example.vn",
        "phone": "",
        "date_of_birth": "",
    }
    data.update(overrides)
    return data


def _snapshot(person: User) -> tuple:
    person.refresh_from_db()
    return (person.last_name, person.first_name, person.email, person.phone, person.date_of_birth)


def test_profile_edit_shows_current_details(client, db):
    person = UserFactory(phone="0912345678", date_of_birth=datetime.date(1990, 8, 15))
    client.force_login(person)

    response = client.get(PROFILE_EDIT)

    assert response.status_code == 200
    content = response.content.decode()
    assert f'value="{person.email}"' in content
    assert 'value="0912345678"' in content
    assert 'value="15/08/1990"' in content


def test_profile_edit_saves_the_details(client, user):
    client.force_login(user)

    response = client.post(
        PROFILE_EDIT,
        _details(email="Pham.Dung@Example.VN", phone="0912 345 678", date_of_birth="15/08/1990"),
    )

    assert response.status_code == 302
    assert response.url == PROFILE
    assert _snapshot(user) == (
        "Phạm Văn",
        "Dũng",
        "pham.dung@example.vn",
        "0912345678",
        datetime.date(1990, 8, 15),
    )
    assert "Phạm Văn Dũng" in client.get(PROFILE).content.decode()


def test_profile_edit_keeps_own_email(client, user):
    client.force_login(user)

    response = client.post(PROFILE_EDIT, _details(email=user.email.upper()))

    assert response.status_code == 302
    assert _snapshot(user)[2] == user.email


def test_profile_edit_allows_phone_only(client, user):
    client.force_login(user)

    response = client.post(PROFILE_EDIT, _details(email="", phone="0987654321"))

    assert response.status_code == 302
    assert _snapshot(user)[2:4] == (None, "0987654321")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"email": "DA.CO@example.vn"}, "email", id="email-taken"),
        pytest.param({"email": "khong-phai-email"}, "email", id="email-invalid"),
        pytest.param({"phone": "12345"}, "phone", id="phone-invalid"),
        pytest.param({"phone": "0912 345 678"}, "phone", id="phone-taken"),
        pytest.param({"email": "", "phone": ""}, "__all__", id="neither-email-nor-phone"),
        pytest.param({"first_name": ""}, "first_name", id="missing-given-name"),
        pytest.param({"date_of_birth": "31/02/1990"}, "date_of_birth", id="impossible-date"),
        pytest.param({"date_of_birth": "01/01/2999"}, "date_of_birth", id="future-birth"),
    ],
)
def test_profile_edit_with_bad_details_changes_nothing(client, user, overrides, field):
    UserFactory(email="da.co@example.vn", phone="0912345678")
    client.force_login(user)
    before = _snapshot(user)

    response = client.post(PROFILE_EDIT, _details(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert escape(errors[field][0]) in response.content.decode()
    assert _snapshot(user) == before


def test_profile_edit_anonymous_is_redirected_to_login(client, db):
    response = client.post(PROFILE_EDIT, _details())

    assert response.status_code == 302
    assert response.url.startswith(f"{LOGIN}?next=")


# --- password reset ------------------------------------------------------------------------


def _reset_link() -> str:
    (message,) = mail.outbox
    match = re.search(r"https?://[^/\s]+(/dat-lai-mat-khau/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_sends_a_link_that_sets_a_new_password(client, db):
    person = UserFactory(email="quen.mat.khau@example.vn", last_name="Vũ", first_name="Lan")

    response = client.post(reverse("accounts:password_reset"), {"email": person.email})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert "Vũ Lan" in message.body
    link = _reset_link()

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    assert client.get(done.url).status_code == 200
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert _sign_in(client, person.email, PASSWORD).status_code == 200
    assert _signed_in_as(client) is None
    signed_in = _sign_in(client, person.email, NEW_PASSWORD)
    assert signed_in.status_code == 302
    assert _signed_in_as(client) == person.pk


def test_password_reset_link_works_only_once(client, db):
    person = UserFactory()
    client.post(reverse("accounts:password_reset"), {"email": person.email})
    link = _reset_link()
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)

    assert again.status_code == 200
    assert again.context["validlink"] is False


def test_password_reset_with_mismatched_passwords_keeps_the_old_one(client, db):
    person = UserFactory()
    client.post(reverse("accounts:password_reset"), {"email": person.email})
    set_password_url = client.get(_reset_link(), follow=True).redirect_chain[-1][0]

    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": "khac-han-2025"}
    )

    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_password_reset_with_forged_token_is_refused(client, db):
    person = UserFactory()
    client.post(reverse("accounts:password_reset"), {"email": person.email})
    forged = re.sub(r"/[^/]+/$", "/khong-hop-le-123/", _reset_link())

    response = client.get(forged)

    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "khong.ai@example.vn"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


# --- signing out ---------------------------------------------------------------------------


def test_logout_by_post_ends_the_session(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == "/"
    assert _signed_in_as(client) is None
    assert client.get(PROFILE).status_code == 302


def test_logout_by_get_is_not_allowed(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert _signed_in_as(client) == user.pk
