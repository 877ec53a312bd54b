from tests.factories.accounts import UserFactory
from tests.factories.emulation import (
    MembershipFactory,
    RoleGrantFactory,
    make_unit,
)
from tests.factories.initiatives import (
    advance,
    author_row,
    dossier_values,
    make_initiative,
    unit_officer,
)

__all__ = [
    "MembershipFactory",
    "RoleGrantFactory",
    "UserFactory",
    "advance",
    "author_row",
    "dossier_values",
    "make_initiative",
    "make_unit",
    "unit_officer",
]
