"""Awards as public lists show them: the honour board and the award counts per unit."""

from django.db.models import QuerySet

from awards.models import Recipient
from unions.levels import Level, kinds_at


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
