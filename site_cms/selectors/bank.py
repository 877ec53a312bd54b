"""Reads of the public initiative bank: recognised initiatives only, with the year of their
recognition, the highest level that recognised them and the provincial federation they come
from, and nothing of a dossier the public may not read.

An initiative is in the bank when its status is ``recognised`` (the grassroots decision of
``initiatives.workflow``); it stays there when it is nominated to rounds above. Drafts,
dossiers under way, refused, withdrawn and not recognised ones never appear.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.search import fold
from awards.enums import COUNTED_BENEFIT, Outcome, RoundStatus
from awards.models import BenefitRecord, RoundEntry
from awards.selectors.recognitions import Recognition, recognition_of
from initiatives.enums import InitiativeField, InitiativeStatus
from initiatives.models import Attachment, Initiative, InitiativeAuthor
from initiatives.search import word_patterns
from unions.levels import Level, level_expression
from unions.models import Unit

PER_PAGE = 20
PROVINCE_DEPTH = 2  # provincial federations and central sector unions, under the national one
# The levels a visitor may filter on, highest first, by the names the addresses use.
LEVEL_CHOICES = [(level.key, level.label) for level in Level]
# Fields of the dossier the bank never shows, not even read from the database.
NEVER_READ = (
    "confidential_info",
    "owner_name",
    "owner_address",
    "benefit_basis",
    "first_application_participants",
    "late_acceptance_reason",
    "search_document",
)


def recognised_initiatives() -> QuerySet[Initiative]:
    """Recognised initiatives with their unit, newest recognition first. The year of
    recognition (``recognised_year``), the highest level reached (``highest_level``, 1
    national … 4 grassroots) and the province (``province``, the level-2 unit above) are
    columns of the dossier written by the services (issue 14 §4), so the list, its filters and
    its count are read through the bank's indexes (``initiative_bank_*``), never computed per
    row. One query."""
    return (
        Initiative.objects.filter(status=InitiativeStatus.RECOGNISED)
        .select_related("unit")
        .defer(*NEVER_READ)
        .order_by("-recognised_year", "-pk")
    )


def bank_listing(initiatives: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """``initiatives`` with what a list shows (the authors' names), at one query more whatever
    the number of rows."""
    return initiatives.prefetch_related(
        Prefetch(
            "authors",
            queryset=InitiativeAuthor.objects.only(
                "pk", "initiative_id", "full_name", "order"
            ).order_by("order", "pk"),
            to_attr="public_authors",
        )
    )


def fields_labelled(term: str) -> list[str]:
    """Codes of the fields of application whose label (in the active language) has a word
    beginning with the folded ``term``, so that "co khi" finds the mechanical engineering
    field. No query."""
    return [
        code
        for code, label in InitiativeField.choices
        if any(word.startswith(term) for word in fold(str(label)).split())
    ]


def search_bank(initiatives: QuerySet[Initiative], query: str | None) -> QuerySet[Initiative]:
    """Initiatives where every word of ``query`` begins a word of their folded search text
    (``Initiative.search_document``: title, description, unit and employer, authors) or of the
    label of their field, ignoring diacritics ("sang kien tiet kiem" finds "Sáng kiến tiết
    kiệm"). One ``LIKE`` per word on the stored text, served on PostgreSQL by its trigram
    index, as the officers' search (``initiatives.selectors.search_initiatives``)."""
    if not (query or "").strip():
        return initiatives
    patterns = word_patterns(query)
    if not patterns:  # punctuation alone
        return initiatives.none()
    for pattern in patterns:
        condition = Q(search_document__contains=pattern)
        codes = fields_labelled(pattern.strip())
        if codes:
            condition |= Q(field__in=codes)
        initiatives = initiatives.filter(condition)
    return initiatives


def in_province(initiatives: QuerySet[Initiative], province: Unit) -> QuerySet[Initiative]:
    """Initiatives of the units in the subtree of ``province`` (a level-2 unit)."""
    return initiatives.filter(province=province)


def at_level(initiatives: QuerySet[Initiative], level: str) -> QuerySet[Initiative]:
    """Initiatives whose highest level reached is ``level`` ("national" … "grassroots")."""
    found = Level.from_key(level)
    return initiatives.filter(highest_level=found) if found else initiatives


def in_year(initiatives: QuerySet[Initiative], year: int) -> QuerySet[Initiative]:
    """Initiatives recognised in ``year``."""
    return initiatives.filter(recognised_year=year)


def bank_provinces() -> QuerySet[Unit]:
    """Level-2 units (provincial federations, central sector unions) holding at least one
    recognised initiative, by name: one probe of the bank's province index per level-2 unit.
    One query."""
    holding = Initiative.objects.filter(status=InitiativeStatus.RECOGNISED, province=OuterRef("pk"))
    return Unit.objects.filter(Exists(holding), depth=PROVINCE_DEPTH).order_by("name", "pk")


def bank_years() -> list[int]:
    """Years in which initiatives of the bank were recognised, newest first. One query, on
    the bank's index."""
    years = (
        Initiative.objects.filter(status=InitiativeStatus.RECOGNISED, recognised_year__isnull=False)
        .order_by("-recognised_year")
        .values_list("recognised_year", flat=True)
        .distinct()
    )
    return list(years)


def recognised_in_order(ids: list[int]) -> list[Initiative]:
    """The recognised initiatives ``ids`` (a page of results read from the cache), in that
    order, as ``bank_listing`` gives them. Two queries."""
    found = bank_listing(recognised_initiatives().filter(pk__in=ids)).in_bulk()
    return [found[pk] for pk in ids if pk in found]


def recognised_initiative(pk: int) -> Initiative | None:
    """The recognised initiative ``pk``, or None."""
    return recognised_initiatives().filter(pk=pk).first()


@dataclass(frozen=True)
class PublicRecognition:
    """One decision recognising the initiative, as the public may read it."""

    level: str
    unit_name: str
    decision_number: str
    decided_on: object


@dataclass(frozen=True)
class PublicInitiative:
    """What the public may read of a recognised initiative: no confidential information, no
    authors' dates of birth or contacts, no private files."""

    initiative: Initiative
    province: Unit | None
    author_names: list[str]
    recognitions: list[PublicRecognition]
    level: str
    verified_benefits: list[tuple[int, int]]
    attachments: list[Attachment]
    # Who recognised it at the base: the employer, through a council run in the registry or
    # by its own decision recorded from outside (issue 13 §2).
    recognised_by: Recognition | None = None

    @property
    def verified_benefit_total(self) -> int:
        return sum(value for _year, value in self.verified_benefits)


def public_initiative(initiative: Initiative) -> PublicInitiative:
    """The public view of a recognised ``initiative`` (from ``recognised_initiatives``). Seven
    queries at most."""
    province = (
        Unit.objects.filter(pk=initiative.province_id).first()
        if initiative.province_id is not None
        else None
    )
    author_names = list(
        InitiativeAuthor.objects.filter(initiative=initiative)
        .order_by("order", "pk")
        .values_list("full_name", flat=True)
    )
    recognitions = [
        PublicRecognition(
            level=str(Level(level).label),
            unit_name=unit_name,
            decision_number=number or "",
            decided_on=decided_on,
        )
        for level, unit_name, number, decided_on in RoundEntry.objects.filter(
            initiative=initiative, outcome=Outcome.RECOGNISED, round__status=RoundStatus.CLOSED
        )
        .annotate(level=level_expression("round__unit__kind"))
        .order_by("-level", "round__decision__decided_on", "pk")
        .values_list(
            "level", "round__unit__name", "round__decision__number", "round__decision__decided_on"
        )
    ]
    verified_benefits = list(
        BenefitRecord.objects.filter(
            initiative=initiative, status__in=list(COUNTED_BENEFIT), verified_vnd__isnull=False
        )
        .order_by("year")
        .values_list("year", "verified_vnd")
    )
    attachments = list(
        Attachment.objects.filter(initiative=initiative, is_public=True)
        .only("pk", "initiative_id", "original_name", "content_type", "size", "description")
        .order_by("uploaded_at", "pk")
    )
    return PublicInitiative(
        initiative=initiative,
        province=province,
        author_names=author_names,
        recognitions=recognitions,
        level=str(Level(initiative.highest_level or Level.GRASSROOTS).label),
        verified_benefits=verified_benefits,
        attachments=attachments,
        recognised_by=recognition_of(initiative),
    )


def public_attachment(initiative_pk: int, attachment_pk: int) -> Attachment | None:
    """The attachment ``attachment_pk`` of the recognised initiative ``initiative_pk`` when it
    is marked public; None otherwise. One query."""
    return (
        Attachment.objects.filter(
            pk=attachment_pk,
            initiative_id=initiative_pk,
            initiative__status=InitiativeStatus.RECOGNISED,
            is_public=True,
        )
        .only("pk", "file", "original_name", "content_type")
        .first()
    )
