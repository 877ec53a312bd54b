"""Checks every write to emulation blocks, pledges and reports shares: the permission, the year,
texts and amounts as typed, and the days a report covers."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from emulation.enums import (
    ReportPeriod,
)
from emulation.models import (
    BlockMember,
    EmulationBlock,
)
from unions.models import Unit

CENT = Decimal("0.01")
# The largest value the decimal columns hold (18 digits, 2 of them decimals; 7 for scores).
MAX_VALUE = Decimal("9999999999999999.99")
MAX_SCORE = Decimal("99999.99")


def require(actor: User, permission: str, obj, message: str | None = None) -> None:
    if not actor.has_perm(permission, obj):
        raise ApplicationError(message or _("You may not do this in this emulation block."))


def today_local() -> date:
    return timezone.localdate()


def clean_text(value: str | None) -> str:
    return (value or "").strip()


def current_members(block: EmulationBlock) -> Q:
    return Q(block=block, left_on__isnull=True)


def is_current_member(block: EmulationBlock, unit: Unit) -> bool:
    return BlockMember.objects.filter(current_members(block), unit=unit).exists()


def check_year(year: int, field: str = "year") -> None:
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("Give a year between 2000 and 2100."), field=field)


def period_end(year: int, period: str) -> date:
    """The last day a report of ``period`` covers."""
    return date(year, 6, 30) if period == ReportPeriod.MID_YEAR else date(year, 12, 31)


def clean_amount(value, *, field: str, limit: Decimal = MAX_VALUE) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("Give a number."), field=field) from None
    if not number.is_finite() or abs(number) > limit:
        raise ApplicationError(_("This number is too large."), field=field)
    return number
