"""Finding what the rows of a file name, shared by the importers of members, past initiatives
and past awards: units by their code, members by their card number, the row of the file that
first gave a natural key, and the columns where a row differs from the record already held.

Each importer keeps its own rules (which kind of unit, which capability) and messages about
them; what is here says the same thing the same way for all of them.
"""

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.utils.translation import gettext as _

from imports.reading import Column, RowError
from unions.models import Membership, Unit


def header_of(columns: list[Column], key: str) -> str:
    """The header of the column ``key``."""
    return next(column.header for column in columns if column.key == key)


class UnitCodes:
    """The units a file names by code (case ignored), read once per distinct code, and the check
    that a unit lies in the importing officer's ``scope`` (None: anywhere)."""

    def __init__(self, scope: Unit | None = None):
        self.scope = scope
        self._units: dict[str, Unit | None] = {}

    def find(self, code: str) -> Unit:
        """The unit with ``code``; RowError when none has it. One query the first time a code
        is asked for, none after."""
        key = code.upper()
        if key not in self._units:
            self._units[key] = Unit.objects.filter(code__iexact=code).first()
        unit = self._units[key]
        if unit is None:
            raise RowError(_("No unit has the code %(code)s.") % {"code": code})
        return unit

    def check_in_scope(self, unit: Unit) -> None:
        if self.scope is not None and not unit.path.startswith(self.scope.path):
            raise RowError(
                _("%(unit)s is not under %(scope)s.")
                % {"unit": unit.name, "scope": self.scope.name}
            )


def member_ids_by_card(cards: Iterable[str], *, ignore_case: bool = True) -> dict[str, int]:
    """The user id of the member holding each of ``cards`` (current or past rows, the oldest
    row first), by the card number in lower case. One query for the numbers as written; with
    ``ignore_case``, one more for each number not found so, which may differ only by case
    (the members' import matches the numbers as written; authors and recipients ignore case)."""
    cards = [card for card in cards if card]
    found: dict[str, int] = {}
    rows = (
        Membership.objects.filter(card_number__in=cards)
        .order_by("pk")
        .values_list("card_number", "user_id")
    )
    for card, user_id in rows:
        found.setdefault(card.lower(), user_id)
    if ignore_case:
        for card in cards:
            if card.lower() not in found:
                user_id = (
                    Membership.objects.filter(card_number__iexact=card)
                    .order_by("pk")
                    .values_list("user_id", flat=True)
                    .first()
                )
                if user_id is not None:
                    found[card.lower()] = user_id
    return found


class FirstRows:
    """The row of the file where each natural key was first given: a later row with the same
    key is the same person, dossier or recipient twice."""

    def __init__(self) -> None:
        self._rows: dict[Hashable, int] = {}

    def earlier(self, key: Hashable, number: int) -> int | None:
        """The row that gave ``key`` before row ``number``, or None (and ``number`` is kept)."""
        earlier = self._rows.get(key)
        if earlier is None:
            self._rows[key] = number
        return earlier


def differing_columns(
    columns: list[Column],
    found: list,
    wanted: list,
    same: dict[str, Callable[[Any, Any], bool]] | None = None,
) -> list[str]:
    """The headers of the columns where the row ``wanted`` differs from ``found`` (the record
    held, as the export writes it); empty cells are equal, and ``same`` may hold, by column
    key, a looser equality (names compared without case or diacritics)."""
    same = same or {}
    return [
        column.header
        for column, a, b in zip(columns, found, wanted, strict=True)
        if (a or "") != (b or "") and not (column.key in same and same[column.key](a, b))
    ]
