"""How amounts look in Vietnamese: money in VND with dots between thousands (``1.234.567 ₫``)."""

from decimal import Decimal


def format_vnd(amount: int | Decimal | None, *, empty: str = "") -> str:
    """``1234567`` → ``"1.234.567 ₫"``; ``empty`` for no amount."""
    if amount is None:
        return empty
    return f"{int(amount):,}".replace(",", ".") + " ₫"


def format_number(value: int | Decimal | float | None, *, empty: str = "") -> str:
    """A figure the Vietnamese way: dots between thousands, a comma before decimals, no
    trailing zeros (``1234.50`` → ``"1.234,5"``)."""
    if value is None:
        return empty
    number = Decimal(str(value)).normalize()
    sign, digits, exponent = number.as_tuple()
    if exponent >= 0:
        return f"{int(number):,}".replace(",", ".")
    whole, _, fraction = f"{abs(number):f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".") + "," + fraction.rstrip("0")
    return ("-" if sign else "") + text.rstrip(",")
