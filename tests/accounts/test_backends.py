"""Signing in with an e-mail address or a Vietnamese phone number."""

import pytest
from django.contrib.auth import SESSION_KEY, authenticate
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.forms import SignInForm
from tests.factories import UserFactory

PASSWORD = "mat-khau-123"  # the factory's password
BACKEND = "accounts.backends.EmailOrPhoneBackend"


def _request():
    # The lockout backend (django-axes) counts each attempt against the client that sent it.
    return RequestFactory().post("/dang-nhap/")


@pytest.fixture
def person(db):
    return UserFactory(
        email="tran.thi.mai@congdoan.vn",
        phone="0912345678",
        last_name="Trần Thị",
        first_name="Mai",
    )


@pytest.mark.parametrize(
    "identifier",
    ["tran.thi.mai@congdoan.vn", "Tran.Thi.Mai@CongDoan.VN", "  tran.thi.mai@congdoan.vn  "],
)
def test_authenticate_by_email_ignores_case(person, identifier):
    assert authenticate(_request(), username=identifier, password=PASSWORD) == person


@pytest.mark.parametrize(
    "identifier",
    ["0912345678", "0912 345 678", "+84912345678", "84912345678", "0912.345.678", "091-234-5678"],
)
def test_authenticate_by_phone_in_any_format(person, identifier):
    assert authenticate(_request(), username=identifier, password=PASSWORD) == person


def test_authenticate_by_phone_when_user_has_no_email(db):
    person = UserFactory(email=None, phone="02333852123")

    assert authenticate(_request(), username="0233 385 2123", password=PASSWORD) == person
    assert authenticate(_request(), username="+84 233 385 2123", password=PASSWORD) == person


@pytest.mark.parametrize(
    ("identifier", "password"),
    [
        ("tran.thi.mai@congdoan.vn", "sai-mat-khau"),
        ("0912 345 678", "sai-mat-khau"),
        ("tran.thi.mai@congdoan.vn", "MAT-KHAU-123"),
        ("khong.co@congdoan.vn", PASSWORD),
        ("0987654321", PASSWORD),
        ("0912 345", PASSWORD),
        ("tran.thi.mai", PASSWORD),
        ("", PASSWORD),
        ("tran.thi.mai@congdoan.vn", None),
        ("tran.thi.mai@congdoan.vn", ""),
    ],
)
def test_authenticate_with_wrong_details_fails(person, identifier, password):
    assert authenticate(_request(), username=identifier, password=password) is None


def test_authenticate_inactive_user_fails(person):
    person.is_active = False
    person.save()

    assert authenticate(_request(), username="tran.thi.mai@congdoan.vn", password=PASSWORD) is None
    assert authenticate(_request(), username="0912 345 678", password=PASSWORD) is None


def test_authenticate_by_email_field_name(person):
    assert authenticate(_request(), email="tran.thi.mai@congdoan.vn", password=PASSWORD) == person


@pytest.mark.parametrize(
    "identifier", ["TRAN.THI.MAI@congdoan.vn", "+84 912 345 678", "0912.345.678"]
)
def test_login_view_signs_in(client, person, identifier):
    response = client.post(
        reverse("accounts:login"), {"username": identifier, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("workspace")
    assert client.session[SESSION_KEY] == str(person.pk)
    profile = client.get(response.url)
    assert "Trần Thị Mai" in profile.content.decode()


def test_login_view_follows_next(client, person):
    response = client.post(
        reverse("accounts:login"),
        {"username": "0912345678", "password": PASSWORD, "next": "/tai-khoan/sua/"},
    )

    assert response.status_code == 302
    assert response.url == "/tai-khoan/sua/"


def invalid_login_message() -> str:
    with translation.override("vi"):
        return escape(str(SignInForm.error_messages["invalid_login"]))


@pytest.mark.parametrize(
    ("identifier", "password"),
    [("tran.thi.mai@congdoan.vn", "sai-mat-khau"), ("0912 345 678", "sai"), ("0999999999", "x")],
)
def test_login_view_with_wrong_password_shows_error(client, person, identifier, password):
    response = client.post(
        reverse("accounts:login"), {"username": identifier, "password": password}
    )

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    form = response.context["form"]
    assert [error.code for error in form.non_field_errors().as_data()] == ["invalid_login"]
    assert invalid_login_message() in response.content.decode()
    assert f'value="{identifier}"' in response.content.decode()


def test_login_view_refuses_inactive_user(client, person):
    person.is_active = False
    person.save()

    response = client.post(
        reverse("accounts:login"), {"username": "0912 345 678", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert invalid_login_message() in response.content.decode()


def test_login_view_records_the_backend(client, person):
    client.post(reverse("accounts:login"), {"username": "0912345678", "password": PASSWORD})

    assert client.session["_auth_user_backend"] == BACKEND
