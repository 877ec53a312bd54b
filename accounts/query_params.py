"""Numbers read from query strings and form posts (``?page=``, ``?year=``, ``?unit=``): only
plain ASCII digits of a sensible length count, so that "²", "٣", "1e5" or a 30-digit number
is ignored (or answered 404 by the caller) instead of raising in ``int()`` or in the database."""

# Primary keys and counts fit in 9 digits; more could overflow a database integer.
MAX_DIGITS = 9


def int_param(value: object, *, max_digits: int = MAX_DIGITS) -> int | None:
    """``value`` as a non-negative integer, or None when it is not one."""
    text = str(value if value is not None else "").strip()
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def year_param(value: object, *, first: int = 2000, last: int = 2100) -> int | None:
    """``value`` as a year between ``first`` and ``last``, or None."""
    year = int_param(value, max_digits=4)
    return year if year is not None and first <= year <= last else None
