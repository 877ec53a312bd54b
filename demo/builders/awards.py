"""An award decision drafted with its recipients and issued by the real services.

The demo's award decisions (``demo.honours``) and the tests' ``issue_award``
(``tests/factories/awards.py``) both make their decisions with ``award_decision_build``; the demo
drafts and issues them at planned moments of its clock, the tests now.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from accounts.models import User
from awards.models import AwardDecision, AwardType
from awards.services.honours import (
    award_decision_create,
    award_decision_issue,
    recipient_add_person,
    recipient_add_unit,
    recipients_add_authors,
)
from demo.clock import DemoClock
from initiatives.models import Initiative
from unions.models import Unit


@dataclass(frozen=True)
class PersonRecipient:
    """A person to honour: a member with an account, or someone known by name alone;
    ``initiative`` when the award is for it."""

    name: str
    user: User | None = None
    initiative: Initiative | None = None
    tier: str = ""
    direct_production: bool | None = None


def award_decision_build(
    *,
    issuer: Unit,
    award_type: AwardType,
    actor: User,
    decided_on: datetime.date,
    signer_name: str,
    signer_title: str,
    grounds: str = "",
    authors_of: Initiative | None = None,
    persons: Sequence[PersonRecipient] = (),
    units: Sequence[Unit] = (),
    issue: bool = True,
    clock: DemoClock | None = None,
    drafted_at: datetime.datetime | None = None,
    issued_at: datetime.datetime | None = None,
) -> AwardDecision:
    """A decision of ``issuer`` drafted by ``actor`` (at ``drafted_at``) for, in this order, the
    authors of ``authors_of``, ``persons`` and ``units``, then issued (at ``issued_at``) unless
    ``issue`` is false: the services number it and make its certificates."""
    clock = clock or DemoClock()
    decision = clock.run(
        drafted_at,
        award_decision_create,
        issuer=issuer,
        award_type=award_type,
        decided_on=decided_on,
        signer_name=signer_name,
        signer_title=signer_title,
        grounds=grounds,
        actor=actor,
    )
    if authors_of is not None:
        clock.run(
            drafted_at,
            recipients_add_authors,
            decision=decision,
            actor=actor,
            initiative=authors_of,
        )
    for person in persons:
        clock.run(
            drafted_at,
            recipient_add_person,
            decision=decision,
            actor=actor,
            name=person.name,
            user=person.user,
            initiative=person.initiative,
            tier=person.tier,
            direct_production=person.direct_production,
        )
    for unit in units:
        clock.run(drafted_at, recipient_add_unit, decision=decision, actor=actor, unit=unit)
    if issue:
        decision = clock.run(issued_at, award_decision_issue, decision=decision, actor=actor)
    return decision
