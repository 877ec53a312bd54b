"""The level of a unit in the union's decisions: national, provincial (with the central sector
unions), upper-direct and grassroots. Rounds recognise initiatives, awards are issued and
figures are counted at these four levels. This module is the one definition of them: every
page, figure and filter that names a unit's level reads it here.

A level's number orders them from the top (1 national … 4 grassroots), so the highest level of
a set is its smallest number. Units below the grassroots union (department unions, union
groups) count at the grassroots level.
"""

from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from unions.enums import UNIT_LEVELS, UnitKind


class Level(models.IntegerChoices):
    NATIONAL = 1, _("National")
    PROVINCIAL = 2, _("Provincial or central sector")
    UPPER_DIRECT = 3, _("Upper-direct")
    GRASSROOTS = 4, _("Grassroots")

    @property
    def key(self) -> str:
        """The level's name in addresses (``?level=``) and figures: "national" … "grassroots"."""
        return self.name.lower()

    @classmethod
    def from_key(cls, key: str | None) -> "Level | None":
        """The level named ``key`` ("national" … "grassroots"); None for anything else."""
        return next((level for level in cls if level.key == key), None)


# The level of each unit kind.
KIND_LEVELS: dict[str, Level] = {
    kind: Level(min(UNIT_LEVELS[kind], Level.GRASSROOTS)) for kind in UnitKind
}

# Kinds of the units that decide by themselves (hold review rounds, issue decisions): the
# grassroots union and every level above it.
DECIDING_KINDS: tuple[str, ...] = tuple(
    kind for kind in UnitKind if UNIT_LEVELS[kind] <= Level.GRASSROOTS
)


def level_of_kind(kind: str) -> Level:
    """The level of a unit kind (an unknown kind counts as grassroots)."""
    return KIND_LEVELS.get(kind, Level.GRASSROOTS)


def level_of(unit) -> Level:
    """The level of ``unit`` (anything with a ``kind``)."""
    return level_of_kind(unit.kind)


def kinds_at(level: int) -> list[str]:
    """The unit kinds of ``level`` (1 … 4)."""
    return [kind for kind, at in KIND_LEVELS.items() if at == level]


def level_expression(kind_field: str) -> Case:
    """The level (1 … 4) of the unit kind in ``kind_field`` as an SQL expression, to annotate
    or filter a queryset: ``level_expression("round__unit__kind")``."""
    return Case(
        *[
            When(**{f"{kind_field}__in": kinds_at(level)}, then=Value(int(level)))
            for level in Level
            if level != Level.GRASSROOTS
        ],
        default=Value(int(Level.GRASSROOTS)),
        output_field=IntegerField(),
    )
