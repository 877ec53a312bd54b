"""Two-factor sign-in: who must use it, setting it up, the second step, recovery codes."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.factories import RoleGrantFactory, UserFactory
from unions.enums import Role

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
OVERVIEW = reverse("accounts:two_factor")
PROFILE = reverse("profile")


@pytest.fixture(autouse=True)
def _required_for_administrators(settings):
    settings.OTP_REQUIRED_FOR_ADMINISTRATORS = True


def _code(device: TOTPDevice, ahead: int = 0) -> str:
    """The app's code now, or ``ahead`` steps later (a code is accepted once: the one that
    confirmed the app cannot also pass the second step; the next step's is accepted)."""
    device.refresh_from_db()
    drift = device.drift + ahead
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


def _admin():
    return UserFactory(is_superuser=True, is_staff=True)


def _enable(user) -> tuple[TOTPDevice, list[str]]:
    device = two_factor.pending_app_device(user)
    return two_factor.two_factor_confirm(user=user, code=_code(device))


def _password_sign_in(client, user):
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": "mat-khau-123"},
        REMOTE_ADDR="203.0.113.30",
    )
    assert response.status_code == 302
    return response


# --- enforcement -----------------------------------------------------------------------------


def test_administrator_without_two_factor_is_sent_to_setup(client, db):
    client.force_login(_admin())

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Cài đặt xác thực hai bước" in page
    assert 'src="data:image/svg+xml' in page


def test_administrator_with_two_factor_is_sent_to_the_second_step(client, db):
    admin = _admin()
    _enable(admin)
    _password_sign_in(client, admin)

    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")
    assert "Mã đăng nhập" in client.get(VERIFY).content.decode()


def test_administrator_passes_the_second_step_and_reaches_the_admin(client, db):
    admin = _admin()
    device, _codes = _enable(admin)
    _password_sign_in(client, admin)

    response = client.post(VERIFY, {"code": _code(device, ahead=1), "next": "/admin/"})

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_code_is_refused_in_vietnamese(client, db):
    admin = _admin()
    _enable(admin)
    _password_sign_in(client, admin)

    response = client.post(VERIFY, {"code": "000000"})

    assert response.status_code == 200
    assert "Mã không đúng" in response.content.decode()
    assert client.get(PROFILE).status_code == 302


def test_member_keeps_password_sign_in(client, db):
    member = UserFactory()
    _password_sign_in(client, member)
    assert client.get(PROFILE).status_code == 200


def test_officer_needs_two_factor_only_when_the_setting_says_so(client, tree, settings):
    officer = UserFactory()
    RoleGrantFactory(user=officer, unit=tree.province_a, role=Role.OFFICER)
    client.force_login(officer)
    assert client.get(PROFILE).status_code == 200

    settings.OTP_REQUIRED_FOR_OFFICERS = True

    response = client.get(PROFILE)
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


# --- setup, recovery codes, disabling ------------------------------------------------------


def test_setup_confirms_the_app_and_shows_ten_recovery_codes_once(client, db):
    admin = _admin()
    client.force_login(admin)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=admin, confirmed=False)

    response = client.post(SETUP, {"code": _code(device)})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Mã dự phòng" in content
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", content)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert response["Cache-Control"] == "private, no-store"
    device.refresh_from_db()
    assert device.confirmed
    # Verified in this session: the product opens.
    assert client.get(PROFILE).status_code == 200
    # The codes are not shown again.
    overview = client.get(OVERVIEW).content.decode()
    assert not any(code in overview for code in codes)
    assert "Còn 10 mã dự phòng." in overview


def test_setup_with_a_wrong_code_keeps_it_off(client, db):
    admin = _admin()
    client.force_login(admin)
    client.get(SETUP)

    response = client.post(SETUP, {"code": "123"})

    assert "Mã không đúng" in response.content.decode()
    assert not two_factor.two_factor_enabled(admin)
    assert StaticToken.objects.count() == 0


def test_recovery_code_signs_in_once(client, db):
    admin = _admin()
    _device, codes = _enable(admin)
    _password_sign_in(client, admin)

    response = client.post(VERIFY, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(PROFILE).status_code == 200
    assert two_factor.recovery_codes_left(admin) == 9

    client.logout()
    _password_sign_in(client, admin)
    response = client.post(VERIFY, {"code": codes[0]})
    assert "Mã không đúng" in response.content.decode()
    assert client.get(PROFILE).status_code == 302


def test_regenerating_recovery_codes_replaces_them(client, db):
    admin = _admin()
    device, old_codes = _enable(admin)
    client.force_login(admin)
    client.post(VERIFY, {"code": _code(device, ahead=1)})

    response = client.post(reverse("accounts:two_factor_codes"))

    new_codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert not StaticToken.objects.filter(token__in=old_codes).exists()


def test_administrator_cannot_turn_two_factor_off(client, db):
    admin = _admin()
    device, _codes = _enable(admin)
    client.force_login(admin)
    client.post(VERIFY, {"code": _code(device, ahead=1)})

    response = client.post(reverse("accounts:two_factor_disable"), follow=True)

    assert "không thể tắt" in response.content.decode()
    assert two_factor.two_factor_enabled(admin)


def test_member_turns_two_factor_on_and_off(client, db):
    member = UserFactory()
    client.force_login(member)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=member)
    client.post(SETUP, {"code": _code(device)})
    assert two_factor.two_factor_enabled(member)

    response = client.post(reverse("accounts:two_factor_disable"), follow=True)

    assert "Đã tắt xác thực hai bước." in response.content.decode()
    assert not two_factor.two_factor_enabled(member)
    assert StaticToken.objects.count() == 0


def test_member_who_chose_two_factor_is_asked_for_the_second_step(client, db):
    member = UserFactory()
    _enable(member)
    _password_sign_in(client, member)

    response = client.get(PROFILE)

    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
