"""Whose figures: the scope every app's figures are computed for (a unit's subtree and a year)."""

from dataclasses import dataclass

from django.db.models import Q

from unions.models import Unit
from unions.selectors.employers import active_employers_under


@dataclass(frozen=True)
class FigureScope:
    """Whose figures: the subtree of ``unit`` (everything when None), and with ``year`` only the
    things of that year."""

    unit: Unit | None = None
    year: int | None = None

    def unit_q(self, field: str = "unit") -> Q:
        """Rows whose ``field`` (a foreign key to Unit) lies in the subtree."""
        if self.unit is None:
            return Q()
        return Q(**{f"{field}__path__startswith": self.unit.path})


def employer_count(scope: FigureScope) -> int:
    """Active employers (the cơ sở of Decree 13/2012/NĐ-CP) with a grassroots union linked to
    them today inside the subtree; every active employer for the whole registry. The count is
    of today, whatever the year asked for. One query."""
    return active_employers_under(scope.unit)
