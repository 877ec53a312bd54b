from emulation.models.figures import FigureRefresh, UnitFigure
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
from emulation.models.titles import TitleConferral, TitleRule, UnionTitleConferral

__all__ = [
    "BlockLeadership",
    "BlockMember",
    "EmulationBlock",
    "FigureRefresh",
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
    "TitleConferral",
    "TitleRule",
    "UnionTitleConferral",
    "UnitFigure",
]
