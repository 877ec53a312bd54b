from django import template

from accounts.formatting import format_number, format_vnd

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """``{{ amount|vnd }}`` → ``1.234.567 ₫`` (an em dash for no amount)."""
    return format_vnd(amount, empty="—")


@register.filter
def number(value) -> str:
    """``{{ value|number }}`` → ``1.234,5`` (an em dash for no value)."""
    return format_number(value, empty="—")
