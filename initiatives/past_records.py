"""Initiatives recognised before the registry: a dossier in the state "recognised" with its
authors, recorded from an import of past decisions (``imports.initiatives``), through the same
checks as a draft (``initiatives.services``)."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.errors import ApplicationError
from accounts.models import User
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative, InitiativeAuthor
from initiatives.services import (
    AuthorData,
    _check_authors,
    _check_values,
    _record,
    initiative_bank_standing_set,
    search_document_refresh,
    similar_refresh,
)
from unions.changes import units_changed
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.levels import Level
from unions.models import Unit
from unions.selectors import has_capability_on, unit_snapshot
from unions.selectors.employers import employer_of


@transaction.atomic
def initiative_record_past(
    *,
    actor: User | None,
    unit: Unit,
    title: str,
    year: int,
    authors: list[AuthorData],
    field: str = "",
    benefit_claimed: int | None = None,
    receipt_number: str = "",
    note: str = "",
    level: int = Level.GRASSROOTS,
) -> Initiative:
    """Record a dossier recognised before the registry was used (an import of past
    initiatives): created directly in the state "recognised", with one history row saying it
    was recorded (``note``: from which file, at which level) and no notification. ``year`` is
    the year the dossier was filed, kept as its receipt year; a receipt number written as the
    registry writes them (``SK-<year>-<sequence>``) keeps its sequence so later receipts of
    the unit are drawn after it. The search text and the similar dossiers are computed as on
    submission. ``level`` (1 national … 4 grassroots) is the bank's level: that of the body
    that recognised it, when the file names one above the grassroots. ``actor`` None: an
    operator's import. Raises ApplicationError."""
    if unit.kind not in GRASSROOTS_KINDS:
        raise ApplicationError(
            _("Choose a grassroots union to recognise the initiative."), field="unit"
        )
    if actor is not None and not has_capability_on(actor, Capability.RECEIVE_INITIATIVES, unit):
        raise ApplicationError(
            _("You may not record initiatives of %(unit)s.") % {"unit": unit.name}, field="unit"
        )
    title = " ".join((title or "").split())
    if not title:
        raise ApplicationError(_("Give the initiative a title."), field="title")
    if not 1945 <= year <= timezone.localdate().year:
        raise ApplicationError(_("Give a year that has passed."), field="year")
    _check_values({"title": title, "benefit_claimed": benefit_claimed})
    if not authors:
        raise ApplicationError(_("Add at least one author."), field="authors")
    _check_authors(authors)
    receipt_number = (receipt_number or "").strip()
    sequence = None
    match = re.fullmatch(rf"SK-{year}-(\d+)", receipt_number, flags=re.IGNORECASE)
    if match:
        sequence = int(match.group(1))
    if (
        receipt_number
        and Initiative.objects.filter(unit=unit, receipt_number__iexact=receipt_number).exists()
    ):
        raise ApplicationError(
            _("%(unit)s already has a dossier with the receipt number %(number)s.")
            % {"unit": unit.name, "number": receipt_number},
            field="receipt_number",
        )
    if (
        sequence is not None
        and Initiative.objects.filter(
            unit=unit, receipt_year=year, receipt_sequence=sequence
        ).exists()
    ):
        sequence = None  # the number is kept as written; the sequence is taken already
    creator = actor or next((a.user for a in authors if a.user is not None), None)
    if creator is None:
        creator = User.objects.filter(is_superuser=True).order_by("pk").first()
    if creator is None:
        raise ApplicationError(_("Name a registered member among the authors."), field="authors")
    employer = employer_of(unit)
    snapshot = unit_snapshot(unit, timezone.localdate())
    initiative = Initiative(
        unit=unit,
        unit_name_snapshot=snapshot.path_label if snapshot else unit.name,
        employer=employer,
        employer_name_snapshot=employer.name if employer is not None else "",
        title=title[:300],
        field=field or "",
        benefit_claimed=benefit_claimed,
        status=InitiativeStatus.RECOGNISED,
        created_by=creator,
        entered_on_behalf=True,
        receipt_year=year,
        receipt_sequence=sequence,
        receipt_number=receipt_number[:32],
    )
    initiative._history_user = actor
    initiative.save(force_insert=True)
    # A past initiative is data entered by a person (the import): its authors get their history
    # rows like those of a dossier entered by hand.
    bulk_create_with_history(
        [
            InitiativeAuthor(
                initiative=initiative,
                order=index,
                user=author.user,
                full_name=author.full_name.strip(),
                contribution=author.contribution,
            )
            for index, author in enumerate(authors)
        ],
        InitiativeAuthor,
        default_user=actor,
    )
    _record(
        initiative,
        "record_past",
        "",
        InitiativeStatus.RECOGNISED,
        actor,
        note or _("Recorded as recognised before the registry was used."),
    )
    search_document_refresh(initiative, [a.full_name.strip() for a in authors])
    similar_refresh(initiative)
    # In the bank under the year given, at the level of the body that recognised it (the
    # grassroots when the file names none); counted in the figures.
    initiative_bank_standing_set(standings={initiative.pk: (year, Level(level))})
    units_changed(units=[unit.pk])
    initiative.refresh_from_db(fields=["recognised_year", "highest_level", "province"])
    return initiative
