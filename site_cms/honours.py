"""What the honour board reads from the registry: the award decisions the public may see (issued,
never drafts or proposals, not revoked as a whole, initiative certificates left out), each with
its recipients whose award still stands, grouped by year and by the level of the issuing unit.

Only names are read of the recipients (the name on the certificate, a person's or a unit's):
nothing of a person's account, contact or identity papers leaves the registry here.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Value, When
from django.utils.functional import Promise

from awards.enums import AwardDecisionStatus
from awards.models import AwardDecision, Recipient
from awards.selectors import ISSUER_LEVELS, RECOGNITION_LEVELS, revoked_recipient
from initiatives.enums import InitiativeStatus
from unions.enums import UNIT_LEVELS

# The levels of the board, highest first: the names in the query string and their numbers.
LEVELS = ISSUER_LEVELS
GRASSROOTS = ISSUER_LEVELS["grassroots"]


def level_number(kind: str) -> int:
    """The board's level of a unit kind: 1 national … 4 grassroots (units below the grassroots
    union count as grassroots)."""
    return min(UNIT_LEVELS.get(kind, GRASSROOTS), GRASSROOTS)


def level_label(number: int) -> Promise:
    return RECOGNITION_LEVELS.get(number, RECOGNITION_LEVELS[GRASSROOTS])


def kinds_of_level(number: int) -> list[str]:
    return [kind for kind in UNIT_LEVELS if level_number(kind) == number]


def level_of(field: str) -> Case:
    """The board's level (1 … 4) of the unit kind in ``field``, as an SQL expression."""
    return Case(
        *[
            When(**{f"{field}__in": kinds_of_level(number)}, then=Value(number))
            for number in sorted(set(LEVELS.values()))
        ],
        default=Value(GRASSROOTS),
        output_field=IntegerField(),
    )


def standing_recipients() -> QuerySet[Recipient]:
    """Recipients whose certificate, and whose whole decision, were never revoked."""
    return Recipient.objects.filter(~revoked_recipient())


def public_award_decisions(
    *, level: int | None = None, year: int | None = None
) -> QuerySet[AwardDecision]:
    """Award decisions the public may see: issued, not initiative certificates, with at least
    one recipient whose award stands; of ``year`` and issued at ``level`` (1 … 4) when given.
    Newest year first, then from the national level down, newest decision first. Each carries
    ``level`` (1 … 4), its issuer and award type, and ``public_recipients`` (standing
    recipients in order, with the initiative they were rewarded for): two queries."""
    decisions = (
        AwardDecision.objects.filter(status=AwardDecisionStatus.ISSUED)
        .exclude(award_type__is_initiative_certificate=True)
        .filter(Exists(standing_recipients().filter(decision=OuterRef("pk"))))
        .annotate(level=level_of("issuer__kind"))
    )
    if level is not None:
        decisions = decisions.filter(level=level)
    if year is not None:
        decisions = decisions.filter(year=year)
    recipients = (
        standing_recipients()
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
            levels.append(LevelGroup(decision.level, level_label(decision.level)))
        levels[-1].decisions.append(decision)
        for recipient in decision.public_recipients:
            recipient.initiative_title = recognised_initiative_title(recipient)
    return years
