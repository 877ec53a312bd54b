from emulation.models.movements import (
    BlockLeadership,
    BlockMember,
    EmulationBlock,
    Movement,
    MovementEvent,
    MovementParticipant,
)
from emulation.models.pledges import (
    Pledge,
    PledgeEvent,
    PledgeIndicator,
    PledgeReport,
    PledgeSignatory,
    ReportEvidence,
    ReportValue,
)
from emulation.models.registrations import Registration, RegistrationEvent
from emulation.models.titles import TitleConferral
from unions.models.grants import RoleGrant
from unions.models.membership import Membership
from unions.models.units import Unit, UnitEvent, UnitVersion

__all__ = [
    "BlockLeadership",
    "BlockMember",
    "EmulationBlock",
    "Membership",
    "Movement",
    "MovementEvent",
    "MovementParticipant",
    "Pledge",
    "PledgeEvent",
    "PledgeIndicator",
    "PledgeReport",
    "PledgeSignatory",
    "Registration",
    "RegistrationEvent",
    "ReportEvidence",
    "ReportValue",
    "RoleGrant",
    "TitleConferral",
    "Unit",
    "UnitEvent",
    "UnitVersion",
]
