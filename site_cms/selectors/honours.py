"""Awards as the public sees them: the honour board's award decisions (issued, never drafts or
proposals, not revoked as a whole, round certificates left out), each with its standing
recipients (whose award was not revoked), grouped by year and by the level of the issuing unit;
and the latest awards the home page lists.

Only names are read of the recipients (the name on the certificate, a person's or a unit's):
nothing of a person's account, contact or identity papers leaves the registry here.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.functional import Promise

from awards.models import AwardDecision, Recipient
from awards.selectors.honours import honour_board
from initiatives.enums import InitiativeStatus
from unions.levels import Level, level_expression, level_of
from unions.models import Membership, Unit

LATEST_AWARDS = 5


def public_award_decisions(
    *, level: int | None = None, year: int | None = None
) -> QuerySet[AwardDecision]:
    """Award decisions the public may see: issued, without round certificates, with at least
    one standing recipient; of ``year`` and issued at ``level`` (1 … 4) when given.
    Newest year first, then from the national level down, newest decision first. Each carries
    ``level`` (1 … 4), its issuer and award type, and ``public_recipients`` (standing
    recipients in order, with the initiative they were rewarded for): two queries."""
    decisions = (
        AwardDecision.objects.issued()
        .without_round_certificates()
        .filter(Exists(Recipient.objects.standing().filter(decision=OuterRef("pk"))))
        .annotate(level=level_expression("issuer__kind"))
    )
    if level is not None:
        decisions = decisions.filter(level=level)
    if year is not None:
        decisions = decisions.filter(year=year)
    recipients = (
        Recipient.objects.standing()
        .select_related("initiative")
        .only(
            "decision_id",
            "kind",
            "name",
            "order",
            "initiative__title",
            "initiative__status",
        )
        .order_by("order", "pk")
    )
    return (
        decisions.select_related("issuer", "award_type")
        .prefetch_related(Prefetch("recipients", queryset=recipients, to_attr="public_recipients"))
        .order_by("-year", "level", "-decided_on", "-sequence", "-pk")
    )


def honour_years() -> list[int]:
    """Years that have a public award decision, newest first. One query."""
    return list(
        public_award_decisions()
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
        .prefetch_related(None)
    )


def recognised_initiative_title(recipient: Recipient) -> str:
    """Title of the initiative the recipient was rewarded for, when it is recognised (the
    public never sees anything of an initiative that is not)."""
    initiative = recipient.initiative
    if initiative is None or initiative.status != InitiativeStatus.RECOGNISED:
        return ""
    return initiative.title


@dataclass
class LevelGroup:
    number: int
    label: Promise
    decisions: list[AwardDecision] = field(default_factory=list)


@dataclass
class YearGroup:
    year: int
    levels: list[LevelGroup] = field(default_factory=list)


def group_decisions(decisions) -> list[YearGroup]:
    """``decisions`` (as ``public_award_decisions`` orders them) by year, then by level."""
    years: list[YearGroup] = []
    for decision in decisions:
        if not years or years[-1].year != decision.year:
            years.append(YearGroup(decision.year))
        levels = years[-1].levels
        if not levels or levels[-1].number != decision.level:
            levels.append(LevelGroup(decision.level, Level(decision.level).label))
        levels[-1].decisions.append(decision)
        for recipient in decision.public_recipients:
            recipient.initiative_title = recognised_initiative_title(recipient)
    return years


# --- the latest awards ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublicAward:
    """An award as the public sees it: no account, no contact data, only the names the
    decision itself makes public."""

    recipient_name: str
    unit: Unit | None  # the unit awarded, or the awarded person's grassroots union
    award_name: str
    level: str
    decision_number: str
    decided_on: datetime.date
    issuer: Unit


def latest_awards(limit: int = LATEST_AWARDS) -> list[PublicAward]:
    """The newest standing awards without round certificates (as on the honour board), each
    with the awarded unit or the person's current grassroots union. Two queries."""
    recipients = list(honour_board(limit=limit))
    people = {recipient.user_id for recipient in recipients if recipient.user_id}
    unions: dict[int, Unit] = {}
    if people:
        for membership in (
            Membership.objects.filter(user_id__in=people, valid_to__isnull=True)
            .select_related("unit")
            .order_by("-valid_from", "-pk")
        ):
            unions.setdefault(membership.user_id, membership.unit)
    return [
        PublicAward(
            recipient_name=recipient.name,
            unit=recipient.unit or unions.get(recipient.user_id),
            award_name=recipient.decision.award_type.name,
            level=str(level_of(recipient.decision.issuer).label),
            decision_number=recipient.decision.number,
            decided_on=recipient.decision.decided_on,
            issuer=recipient.decision.issuer,
        )
        for recipient in recipients
    ]
