from emulation.models.grants import RoleGrant
from emulation.models.membership import Membership
from emulation.models.units import Unit, UnitEvent, UnitVersion

__all__ = ["Membership", "RoleGrant", "Unit", "UnitEvent", "UnitVersion"]
