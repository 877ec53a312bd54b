from unions.models.grants import RoleGrant
from unions.models.membership import Membership
from unions.models.units import Unit, UnitEvent, UnitVersion

__all__ = ["Membership", "RoleGrant", "Unit", "UnitEvent", "UnitVersion"]
