from unions.models.changes import UnitChange
from unions.models.employers import Employer, EmployerEvent, EmployerUnion, EmployerVersion
from unions.models.grants import RoleGrant
from unions.models.membership import Membership
from unions.models.units import Unit, UnitEvent, UnitVersion

__all__ = [
    "Employer",
    "EmployerEvent",
    "EmployerUnion",
    "EmployerVersion",
    "Membership",
    "RoleGrant",
    "Unit",
    "UnitChange",
    "UnitEvent",
    "UnitVersion",
]
