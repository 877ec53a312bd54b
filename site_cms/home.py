"""What the home page reads from the registry besides the news: the running movements with
their live figures, and the latest awards of issued decisions."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from awards.selectors import honour_board
from emulation.enums import MovementStatus
from emulation.models import Movement
from site_cms import honours
from site_cms.models.movements import MovementPage
from site_cms.movement_figures import MovementFigures, movements_figures
from unions.models import Membership, Unit

LATEST_AWARDS = 5


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


def level_label(unit: Unit) -> str:
    """The level of the unit that decided ("Grassroots", "Provincial or central sector" …), as
    the honour board names it."""
    return str(honours.level_label(honours.level_number(unit.kind)))


def latest_awards(limit: int = LATEST_AWARDS) -> list[PublicAward]:
    """The newest awards of issued decisions that were not revoked (initiative certificates
    left out, as on the honour board), each with the awarded unit or the person's current
    grassroots union. Two queries."""
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
            level=level_label(recipient.decision.issuer),
            decision_number=recipient.decision.number,
            decided_on=recipient.decision.decided_on,
            issuer=recipient.decision.issuer,
        )
        for recipient in recipients
    ]


def running_movements() -> QuerySet[Movement]:
    """Movements running now, the latest begun first, with their launching units."""
    return (
        Movement.objects.filter(status=MovementStatus.RUNNING)
        .select_related("launching_unit")
        .order_by("-period_start", "name", "pk")
    )


@dataclass(frozen=True)
class MovementCard:
    movement: Movement
    figures: MovementFigures
    page: MovementPage | None  # its live public page, if any


def public_movement_pages(movements: list[Movement]) -> dict[int, MovementPage]:
    """The live public page of each of ``movements`` that has one, by movement id."""
    if not movements:
        return {}
    return {
        page.movement_id: page
        for page in MovementPage.objects.live()
        .public()
        .filter(movement__in=[movement.pk for movement in movements])
    }


def running_movement_cards() -> list[MovementCard]:
    """Each running movement with its live figures over its period and its public page. A
    constant number of queries whatever the number of movements."""
    movements = list(running_movements())
    figures = movements_figures(movements)
    pages = public_movement_pages(movements)
    return [
        MovementCard(movement=movement, figures=figures[movement.pk], page=pages.get(movement.pk))
        for movement in movements
    ]
