"""Vietnamese phone numbers, kept in one canonical form: 0 followed by 9 or 10 digits."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s.\-()]")


def normalise_phone(raw: str) -> str:
    """Return ``raw`` as ``0xxxxxxxxx``; accepts spaces, dots, dashes and a +84/84 prefix."""
    number = _SEPARATORS.sub("", raw or "")
    if number.startswith("+84"):
        number = "0" + number[3:]
    elif number.startswith("84") and len(number) in (11, 12):
        number = "0" + number[2:]
    # ASCII digits only, and never "00" (the international call prefix, as in "+84 0912…").
    if not re.fullmatch(r"0[1-9][0-9]{8,9}", number):
        raise ValidationError(
            _("Enter a Vietnamese phone number such as 0912 345 678."), code="invalid_phone"
        )
    return number


def looks_like_phone(identifier: str) -> bool:
    return "@" not in identifier and bool(re.search(r"\d", identifier or ""))
