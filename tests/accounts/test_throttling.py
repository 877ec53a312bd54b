"""Sign-in lockout after failed attempts (django-axes), unlocking, the password-reset limit and
the client address read through trusted proxies."""

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from accounts.client_address import client_address
from accounts.selectors import user_sign_in_locked
from accounts.throttling import sign_in_identifier
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory
from unions.enums import Role

PASSWORD = "mat-khau-123"  # the factory's password
LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")


@pytest.fixture
def person(db):
    return UserFactory(email="tran.thi.mai@congdoan.vn", phone="0912345678")


def _sign_in(client, username, password=PASSWORD, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username, times, address="203.0.113.7"):
    for _ in range(times):
        _sign_in(client, username, "sai-mat-khau", address)


def test_sign_in_after_ten_failures_is_refused_even_with_the_right_password(client, person):
    _fail(client, "tran.thi.mai@congdoan.vn", 10)

    response = _sign_in(client, "tran.thi.mai@congdoan.vn")

    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    content = response.content.decode()
    assert "Tạm dừng đăng nhập" in content
    assert "Đăng nhập sai quá nhiều lần" in content
    assert "30 phút" in content


def test_sign_in_after_nine_failures_still_works(client, person):
    _fail(client, "tran.thi.mai@congdoan.vn", 9)

    response = _sign_in(client, "tran.thi.mai@congdoan.vn")

    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == person.pk


def test_failures_count_against_the_account_from_every_client_and_spelling(client, person):
    # The phone number in five spellings, from ten addresses: still one account.
    spellings = ["0912345678", "0912 345 678", "+84912345678", "0912.345.678", "84912345678"]
    for index in range(10):
        _sign_in(client, spellings[index % 5], "sai-mat-khau", f"198.51.100.{index + 1}")

    # The e-mail address is the same account.
    response = _sign_in(client, "Tran.Thi.Mai@congdoan.vn", address="192.0.2.99")
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert user_sign_in_locked(person)


def test_failures_from_one_client_lock_out_other_accounts_from_that_client(client, person):
    for index in range(10):
        _sign_in(client, f"khong.co.{index}@congdoan.vn", "sai-mat-khau")

    response = _sign_in(client, "tran.thi.mai@congdoan.vn")
    assert response.status_code == 429
    assert "Tạm dừng đăng nhập" in response.content.decode()
    # From another client, the account itself is fine.
    response = _sign_in(client, "tran.thi.mai@congdoan.vn", address="192.0.2.10")
    assert response.status_code == 302


def test_lockout_ends_after_the_cool_off(client, person, settings):
    import time_machine

    _fail(client, "tran.thi.mai@congdoan.vn", 10)
    with time_machine.travel(datetime.timedelta(minutes=31)):
        response = _sign_in(client, "tran.thi.mai@congdoan.vn")
    assert response.status_code == 302


def test_failure_limit_comes_from_the_settings(client, person, settings):
    settings.AXES_FAILURE_LIMIT = 3
    _fail(client, "tran.thi.mai@congdoan.vn", 3)
    assert _sign_in(client, "tran.thi.mai@congdoan.vn").status_code == 429


def test_failed_attempts_are_recorded_and_logged(client, person, caplog):
    from axes.models import AccessAttempt, AccessFailureLog

    with caplog.at_level("WARNING"):
        _fail(client, "Tran.Thi.Mai@congdoan.vn", 10)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == (f"account:{person.pk}", "203.0.113.7")
    assert attempt.failures_since_start == 10
    assert "sai-mat-khau" not in attempt.post_data
    assert AccessFailureLog.objects.filter(locked_out=True).count() == 1
    assert f"Sign-in locked out: account account:{person.pk}, client 203.0.113.7" in caplog.text


# --- unlocking ---------------------------------------------------------------------------


def _locked_member(tree, client, unit=None):
    membership = MembershipFactory(
        unit=unit or tree.grassroots_a1x,
        user=UserFactory(email="tran.thi.mai@congdoan.vn", phone="0912345678"),
    )
    _fail(client, "tran.thi.mai@congdoan.vn", 5)
    _fail(client, "0912 345 678", 5, address="192.0.2.50")
    assert user_sign_in_locked(membership.user)
    return membership


def _officer(unit, role=Role.OFFICER):
    officer = UserFactory()
    RoleGrantFactory(user=officer, unit=unit, role=role)
    return officer


def test_officer_in_scope_sees_the_lock_and_unlocks(tree, client, caplog):
    membership = _locked_member(tree, client)
    officer = _officer(tree.district_a1)
    client.force_login(officer)
    detail = reverse("unions:member_detail", args=[membership.pk])

    page = client.get(detail).content.decode()
    assert "tạm dừng đăng nhập vì đăng nhập sai quá nhiều lần" in page
    assert "Mở khóa đăng nhập" in page

    with caplog.at_level("WARNING"):
        response = client.post(
            reverse("unions:member_sign_in_unlock", args=[membership.pk]), follow=True
        )
    assert "Tài khoản này đã có thể đăng nhập lại." in response.content.decode()
    assert f"Sign-in unlocked for user {membership.user.pk} by user {officer.pk}" in caplog.text
    assert not user_sign_in_locked(membership.user)
    client.logout()
    assert _sign_in(client, "tran.thi.mai@congdoan.vn", address="192.0.2.77").status_code == 302


def test_administrator_unlocks(tree, client):
    membership = _locked_member(tree, client)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    client.post(reverse("unions:member_sign_in_unlock", args=[membership.pk]))
    assert not user_sign_in_locked(membership.user)


@pytest.mark.parametrize(
    ("where", "role"),
    [
        ("grassroots_a1y", Role.OFFICER),  # sibling
        ("province_b", Role.OFFICER),  # other branch
    ],
)
def test_unlock_outside_scope_answers_404(tree, client, where, role):
    membership = _locked_member(tree, client)
    client.force_login(_officer(getattr(tree, where), role))

    response = client.post(reverse("unions:member_sign_in_unlock", args=[membership.pk]))

    assert response.status_code == 404
    assert user_sign_in_locked(membership.user)


def test_unlock_by_a_viewer_in_scope_answers_404(tree, client):
    membership = _locked_member(tree, client)
    client.force_login(_officer(tree.district_a1, Role.VIEWER))
    page = client.get(reverse("unions:member_detail", args=[membership.pk])).content.decode()
    assert "Mở khóa đăng nhập" not in page

    response = client.post(reverse("unions:member_sign_in_unlock", args=[membership.pk]))

    assert response.status_code == 404
    assert user_sign_in_locked(membership.user)


def test_member_page_shows_no_lock_when_none(tree, client):
    membership = MembershipFactory(unit=tree.grassroots_a1x)
    client.force_login(_officer(tree.district_a1))
    page = client.get(reverse("unions:member_detail", args=[membership.pk])).content.decode()
    assert "Mở khóa đăng nhập" not in page


# --- password reset ------------------------------------------------------------------------


def test_password_reset_is_limited_per_client(client, person):
    for index in range(5):
        response = client.post(
            RESET, {"email": f"nguoi{index}@congdoan.vn"}, REMOTE_ADDR="203.0.113.8"
        )
        assert response.status_code == 302

    response = client.post(RESET, {"email": "tran.thi.mai@congdoan.vn"}, REMOTE_ADDR="203.0.113.8")

    assert response.status_code == 429
    assert "Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần" in response.content.decode()
    assert mail.outbox == []


def test_password_reset_is_limited_per_address(client, person):
    for index in range(5):
        client.post(RESET, {"email": "tran.thi.mai@congdoan.vn"}, REMOTE_ADDR=f"192.0.2.{index}")
    assert len(mail.outbox) == 5

    response = client.post(RESET, {"email": "TRAN.THI.MAI@congdoan.vn"}, REMOTE_ADDR="192.0.2.9")

    assert response.status_code == 429
    assert len(mail.outbox) == 5


# --- the client address and the account identifier ----------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.5"),
        (0, "203.0.113.1", "10.0.0.5"),  # no proxy: a header the client wrote is ignored
        (1, "203.0.113.1", "203.0.113.1"),
        (1, "6.6.6.6, 203.0.113.1", "203.0.113.1"),  # the client's own entry is not trusted
        (2, "6.6.6.6, 203.0.113.1, 10.0.0.9", "203.0.113.1"),
        (2, "203.0.113.1", "10.0.0.5"),  # shorter than the chain: did not come through it
        (1, "not-an-address", "10.0.0.5"),
    ],
)
def test_client_address_through_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_lockout_behind_a_proxy_keys_on_the_forwarded_client(client, person, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for index in range(10):
        client.post(
            LOGIN,
            {"username": f"khong.co.{index}@congdoan.vn", "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.20",
        )
    # Another visitor behind the same proxy is not locked out.
    response = client.post(
        LOGIN,
        {"username": "tran.thi.mai@congdoan.vn", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.21",
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Khong.Co@CongDoan.VN ", "khong.co@congdoan.vn"),
        ("+84 912 000 111", "0912000111"),
        ("0912-000-111", "0912000111"),
        ("", None),
    ],
)
def test_sign_in_identifier_of_an_unknown_account_is_normalised(db, typed, expected):
    assert sign_in_identifier(None, {"username": typed}) == expected
