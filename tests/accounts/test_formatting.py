from decimal import Decimal

from django.template import Context, Template

from accounts.formatting import format_number, format_vnd


def test_format_vnd_groups_thousands_with_dots():
    assert format_vnd(80_000_000) == "80.000.000 ₫"
    assert format_vnd(Decimal("1234567.00")) == "1.234.567 ₫"
    assert format_vnd(None) == ""
    assert format_vnd(None, empty="—") == "—"


def test_format_number_uses_a_decimal_comma_without_trailing_zeros():
    assert format_number(Decimal("1234.50")) == "1.234,5"
    assert format_number(Decimal("12.00")) == "12"
    assert format_number(0.25) == "0,25"
    assert format_number(-1234567) == "-1.234.567"
    assert format_number(None) == ""


def test_template_filters_show_an_em_dash_for_nothing():
    template = Template("{% load formatting %}{{ a|vnd }} {{ b|number }} {{ c|vnd }}")
    assert template.render(Context({"a": 1500000, "b": Decimal("7.5"), "c": None})) == (
        "1.500.000 ₫ 7,5 —"
    )
