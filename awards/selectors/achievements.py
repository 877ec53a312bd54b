"""What a person or a unit has achieved in the awards app: recognitions (dossiers a closed round
recognised) and awards (issued decisions naming them, with their revocations), and each
person's recognitions by year for the titles rules. ``emulation.selectors.achievements`` puts
them beside the individual titles, year by year."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from accounts.models import User
from awards.enums import Outcome, RoundStatus
from awards.models import Recipient, Revocation, RoundEntry
from awards.records import Recognition
from initiatives.models import InitiativeAuthor
from unions.levels import level_of_kind
from unions.models import Unit


@dataclass
class AwardLine:
    """One award on an achievement record: the recipient row, and its revocation if any."""

    recipient: Recipient
    revocation: Revocation | None

    @property
    def decision(self):
        return self.recipient.decision

    @property
    def year(self) -> int:
        return self.recipient.decision.year

    @property
    def certificate(self):
        return getattr(self.recipient, "certificate", None)


def recognitions_of(*, person: User | None = None, unit: Unit | None = None):
    """Dossiers of the person (as an author) or of the unit that a closed round recognised,
    at every level, with the round's decision and the award decision of its certificates."""
    entries = RoundEntry.objects.filter(
        outcome=Outcome.RECOGNISED,
        round__status=RoundStatus.CLOSED,
        round__decision__isnull=False,
    )
    if person is not None:
        authored = InitiativeAuthor.objects.filter(user=person).values("initiative_id")
        entries = entries.filter(initiative_id__in=authored)
    elif unit is not None:
        entries = entries.filter(initiative__unit=unit)
    else:
        return entries.none()
    return entries.select_related(
        "initiative", "round__unit", "round__decision__award_decision__issuer"
    ).order_by("-round__decision__decided_on", "-pk")


def awards_of(*, person: User | None = None, unit: Unit | None = None) -> list[AwardLine]:
    """Issued awards the person or the unit received, newest first, each with the act that
    revoked it (the certificate's own or the whole decision's). Two queries."""
    recipients = Recipient.objects.issued()
    if person is not None:
        recipients = recipients.filter(user=person)
    elif unit is not None:
        recipients = recipients.filter(unit=unit)
    else:
        return []
    recipients = list(
        recipients.select_related(
            "decision__issuer", "decision__award_type", "initiative", "certificate"
        ).order_by("-decision__decided_on", "-decision_id", "order", "pk")
    )
    revocations: dict[tuple[int, int | None], Revocation] = {}
    if recipients:
        for revocation in Revocation.objects.filter(
            decision_id__in={r.decision_id for r in recipients}
        ).order_by("-revoked_on", "-pk"):
            # Ordered newest first, so the earliest act of each kind is kept.
            revocations[(revocation.decision_id, revocation.certificate_id)] = revocation
    lines = []
    for recipient in recipients:
        certificate = getattr(recipient, "certificate", None)
        whole = revocations.get((recipient.decision_id, None))
        own = revocations.get((recipient.decision_id, certificate.pk)) if certificate else None
        found = [r for r in (whole, own) if r is not None]
        lines.append(
            AwardLine(
                recipient=recipient,
                revocation=min(found, key=lambda r: (r.revoked_on, r.pk)) if found else None,
            )
        )
    return lines


def recognitions_by_person(
    person_ids: Iterable[int], years: Iterable[int]
) -> dict[int, list[Recognition]]:
    """The initiatives of each person (as an author) recognised by a closed round whose
    decision is dated in one of ``years``, at any level, oldest first; a person with none is
    absent. For the titles rules (``emulation.titles``). One query."""
    person_ids, years = list(person_ids), list(years)
    if not person_ids or not years:
        return {}
    rows = (
        RoundEntry.objects.filter(
            outcome=Outcome.RECOGNISED,
            round__status=RoundStatus.CLOSED,
            round__decision__year__in=years,
            initiative__authors__user_id__in=person_ids,
        )
        .values_list(
            "pk",
            "initiative__authors__user_id",
            "initiative__title",
            "round__decision__number",
            "round__decision__decided_on",
            "round__unit__kind",
            "round__unit__name",
        )
        .order_by(
            "round__decision__decided_on", "round__decision__number", "initiative__title", "pk"
        )
    )
    found: dict[int, list[Recognition]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for entry_id, person_id, title, number, decided_on, kind, unit_name in rows:
        if (entry_id, person_id) in seen:
            continue
        seen.add((entry_id, person_id))
        found[person_id].append(
            Recognition(
                initiative_title=title,
                decision_number=number,
                decided_on=decided_on,
                level=str(level_of_kind(kind).label),
                deciding_unit=unit_name,
            )
        )
    return dict(found)
