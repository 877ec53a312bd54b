"""The hook that turns "propose the block's leader for the emulation flag" into a draft award
decision of the block's managing unit.

Award decisions belong to the awards app, which the emulation app cannot import. The awards app
registers its proposer here at start-up (and, optionally, how to link to the proposal it made);
the pledge service calls ``propose_flag`` inside its own transaction, so the draft decision and
the pledge's record of the proposal are written together or not at all.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from emulation.models import Pledge
from unions.models import Unit

# (pledge, unit, actor) → the proposal made (an award decision); raises ApplicationError.
FlagProposer = Callable[[Pledge, Unit, User], Any]
# (pledge, user) → the address of the proposal made for the pledge, if the user may open it.
ProposalLink = Callable[[Pledge, User], str | None]

_proposer: list[FlagProposer] = []
_link: list[ProposalLink] = []


def register_flag_proposer(
    proposer: FlagProposer, *, link: ProposalLink | None = None
) -> FlagProposer:
    """Make ``proposer`` the one handler of flag proposals (replacing an earlier one)."""
    _proposer[:] = [proposer]
    _link[:] = [link] if link is not None else []
    return proposer


def flag_proposer_registered() -> bool:
    return bool(_proposer)


def propose_flag(pledge: Pledge, unit: Unit, actor: User) -> Any:
    """Hand the proposal to the registered proposer. Raises ApplicationError when none is
    registered or the proposer refuses."""
    if not _proposer:
        raise ApplicationError(_("No award catalogue is installed to receive the proposal."))
    return _proposer[0](pledge, unit, actor)


def flag_proposal_url(pledge: Pledge, user: User) -> str | None:
    """Where ``user`` can open the proposal made for ``pledge``, if anywhere."""
    if not _link or pledge.flag_unit_id is None:
        return None
    return _link[0](pledge, user)
