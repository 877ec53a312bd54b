"""Vietnamese phone numbers in one canonical form."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise

from accounts.phone import looks_like_phone, normalise_phone


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("(0233) 385 2123", "02333852123"),
        ("+84 233 385 2123", "02333852123"),
        ("842333852123", "02333852123"),
        (" 0912345678 ", "0912345678"),
    ],
)
def test_normalise_phone_accepts_common_formats(raw, canonical):
    assert normalise_phone(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "12345",
        "0912 345 67",
        "091234567890",
        "912345678",
        "0912abc678",
        "+1 555 123 4567",
        "+84",
        "84912",
        "+84 0912 345 678",
        "00912345678",
        "0912３４５６７８",
        "tran.thi.mai@congdoan.vn",
    ],
)
def test_normalise_phone_rejects_bad_numbers(raw):
    with pytest.raises(ValidationError) as error:
        normalise_phone(raw)

    assert error.value.code == "invalid_phone"


def test_normalise_phone_error_is_translatable():
    with pytest.raises(ValidationError) as error:
        normalise_phone("12345")

    message = error.value.message
    assert isinstance(message, Promise)
    english = "Enter a Vietnamese phone number such as 0912 345 678."
    with translation.override("en"):
        assert str(message) == english
    with translation.override("vi"):
        vietnamese = str(message)
    assert vietnamese != english
    assert "0912 345 678" in vietnamese


@pytest.mark.parametrize(
    ("identifier", "is_phone"),
    [
        ("0912 345 678", True),
        ("+84912345678", True),
        ("mai@congdoan.vn", False),
        ("mai2024@congdoan.vn", False),
        ("mai", False),
        ("", False),
    ],
)
def test_looks_like_phone_tells_phone_from_email(identifier, is_phone):
    assert looks_like_phone(identifier) is is_phone
