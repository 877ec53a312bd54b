"""Awards as public lists show them: the honour board and the award counts per unit."""

from dataclasses import dataclass

from django.db.models import BigIntegerField, Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from awards.models import Recipient
from unions.levels import Level, kinds_at
from unions.models import Membership, Unit


def honour_board(
    *,
    level: int | str | None = None,
    year: int | None = None,
    limit: int = 20,
    include_initiative_certificates: bool = False,
) -> QuerySet[Recipient]:
    """The latest awards for a public honour board: standing awards (recipients of issued
    decisions that have not been revoked), newest decision first; only those issued at
    ``level`` (1/"national" … 4/"grassroots") and in ``year`` when given. Round certificates
    are left out unless asked for. One query."""
    recipients = Recipient.objects.standing()
    if not include_initiative_certificates:
        recipients = recipients.without_round_certificates()
    if level is not None:
        number = Level.from_key(level) if isinstance(level, str) else level
        recipients = recipients.filter(decision__issuer__kind__in=kinds_at(number))
    if year is not None:
        recipients = recipients.filter(decision__year=year)
    return recipients.select_related(
        "decision__issuer", "decision__award_type", "initiative", "unit"
    ).order_by("-decision__decided_on", "-decision_id", "order", "pk")[:limit]


@dataclass(frozen=True)
class UnitAwardCount:
    unit: Unit
    awards: int


def award_counts_by_unit(
    unit: Unit | None = None,
    *,
    year: int | None = None,
    include_initiative_certificates: bool = False,
) -> list[UnitAwardCount]:
    """How many standing awards (recipients of issued decisions, not revoked; round
    certificates left out unless asked for) each unit of ``unit``'s subtree (the whole tree
    when None) earned, most first. An award counts for the unit that
    received it; a person's for the unit of the initiative it rewards, else the person's
    current grassroots unit, else the issuer. Two queries."""
    membership_unit = Membership.objects.filter(
        user=OuterRef("user_id"), valid_to__isnull=True
    ).values("unit_id")[:1]
    recipients = Recipient.objects.standing().annotate(
        credited=Coalesce(
            "unit_id",
            "initiative__unit_id",
            Subquery(membership_unit),
            "decision__issuer_id",
            output_field=BigIntegerField(),
        )
    )
    if not include_initiative_certificates:
        recipients = recipients.without_round_certificates()
    if year is not None:
        recipients = recipients.filter(decision__year=year)
    if unit is not None:
        recipients = recipients.filter(
            credited__in=Unit.objects.filter(path__startswith=unit.path).values("pk")
        )
    counts = dict(
        recipients.order_by().values_list("credited").annotate(n=Count("pk", distinct=True))
    )
    units = Unit.objects.in_bulk(list(counts))
    rows = [UnitAwardCount(unit=units[pk], awards=n) for pk, n in counts.items() if pk in units]
    return sorted(rows, key=lambda row: (-row.awards, row.unit.name, row.unit.pk))
