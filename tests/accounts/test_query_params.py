import pytest

from accounts.query_params import int_param, year_param


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), (0, 0), ("000123", 123), ("123456789", 123456789)],
)
def test_int_param_reads_plain_digits(value, expected):
    assert int_param(value) == expected


@pytest.mark.parametrize(
    "value", [None, "", "-1", "1.5", "1e5", "²", "٣", "12a", "1234567890", "９"]
)
def test_int_param_refuses_anything_else(value):
    assert int_param(value) is None


def test_year_param_keeps_years_in_range():
    assert year_param("2026") == 2026
    assert year_param(2026) == 2026
    assert year_param("1999") is None
    assert year_param("2101") is None
    assert year_param("2026", first=2020, last=2025) is None
    assert year_param("²⁰²⁶") is None
    assert year_param("20260") is None
