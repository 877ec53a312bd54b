from tests.factories.accounts import UserFactory
from tests.factories.emulation import (
    MembershipFactory,
    RoleGrantFactory,
    make_unit,
)

__all__ = ["MembershipFactory", "RoleGrantFactory", "UserFactory", "make_unit"]
