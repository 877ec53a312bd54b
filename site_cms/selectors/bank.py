"""Reads of the public initiative bank: recognised initiatives only, with the year of their
recognition, the highest level that recognised them and the provincial federation they come
from, and nothing of a dossier the public may not read.

An initiative is in the bank when its status is ``recognised`` (the grassroots decision of
``initiatives.workflow``); it stays there when it is nominated to rounds above. Drafts,
dossiers under way, refused, withdrawn and not recognised ones never appear.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Substr

from accounts.search import search
from awards.enums import COUNTED_BENEFIT, Outcome, RoundStatus
from awards.models import BenefitRecord, RoundEntry
from awards.selectors.recognitions import (
    Recognition,
    confirmed_external_recognitions,
    recognition_of,
)
from initiatives.enums import InitiativeField, InitiativeStatus
from initiatives.models import Attachment, Initiative, InitiativeAuthor, InitiativeTransition
from unions.levels import Level, level_expression
from unions.models import Unit

PER_PAGE = 20
PROVINCE_DEPTH = 2  # provincial federations and central sector unions, under the national one
# The levels a visitor may filter on, highest first, by the names the addresses use.
LEVEL_CHOICES = [(level.key, level.label) for level in Level]
# What the search reads: the public text of the dossier and the name of its unit.
SEARCHED_FIELDS = [
    "title",
    "solution_purpose",
    "solution_steps",
    "solution_novelty",
    "application_conditions",
    "unit__name",
]
# Fields of the dossier the bank never shows, not even read from the database.
NEVER_READ = (
    "confidential_info",
    "owner_name",
    "owner_address",
    "benefit_basis",
    "first_application_participants",
    "late_acceptance_reason",
)


def _recognising_entries() -> QuerySet[RoundEntry]:
    """Entries of the initiative in ``OuterRef("pk")`` that a closed round recognised."""
    return RoundEntry.objects.filter(
        initiative=OuterRef("pk"), outcome=Outcome.RECOGNISED, round__status=RoundStatus.CLOSED
    )


def recognised_initiatives() -> QuerySet[Initiative]:
    """Recognised initiatives with their unit and three annotations: ``recognition_year`` (of
    the first decision recognising them; the year of the step to ``recognised`` when no round
    recorded it), ``level_reached`` (1 national … 4 grassroots: the highest level of a closed
    round that recognised them, grassroots at least) and ``province_path`` (the path of the
    level-2 unit above their unit). Newest recognition first. One query."""
    decision_year = Subquery(
        _recognising_entries()
        .filter(round__decision__isnull=False)
        .order_by("round__decision__decided_on", "pk")
        .values("round__decision__year")[:1],
        output_field=IntegerField(),
    )
    # The employer's own decision, recorded from outside and confirmed (issue 13 §2).
    recorded_year = Subquery(
        confirmed_external_recognitions()
        .filter(initiative=OuterRef("pk"))
        .annotate(year=ExtractYear("decided_on"))
        .values("year")[:1],
        output_field=IntegerField(),
    )
    step_year = Subquery(
        InitiativeTransition.objects.filter(
            initiative=OuterRef("pk"), to_status=InitiativeStatus.RECOGNISED
        )
        .order_by("-at", "-pk")
        .annotate(year=ExtractYear("at"))
        .values("year")[:1],
        output_field=IntegerField(),
    )
    top_level = Subquery(
        _recognising_entries()
        .annotate(level=level_expression("round__unit__kind"))
        .order_by("level")
        .values("level")[:1],
        output_field=IntegerField(),
    )
    return (
        Initiative.objects.filter(status=InitiativeStatus.RECOGNISED)
        .select_related("unit")
        .defer(*NEVER_READ)
        .annotate(
            recognition_year=Coalesce(decision_year, recorded_year, step_year),
            level_reached=Coalesce(top_level, Value(int(Level.GRASSROOTS))),
            province_path=Substr("unit__path", 1, PROVINCE_DEPTH * Unit.steplen),
        )
        .order_by(F("recognition_year").desc(nulls_last=True), "-pk")
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


def field_label_expression() -> Cast:
    """The label of each field of application in the active language, as SQL, so that the
    search finds "co khi" in the mechanical engineering field."""
    return Cast(
        Case(
            *[When(field=code, then=Value(str(label))) for code, label in InitiativeField.choices],
            default=Value(""),
        ),
        TextField(),
    )


def search_bank(initiatives: QuerySet[Initiative], query: str | None) -> QuerySet[Initiative]:
    """Initiatives where every word of ``query`` begins a word of the title, the public parts
    of the description, the unit's name or the field's label, ignoring diacritics ("sang kien
    tiet kiem" finds "Sáng kiến tiết kiệm")."""
    return search(initiatives, query, [*SEARCHED_FIELDS, field_label_expression()])


def in_province(initiatives: QuerySet[Initiative], province: Unit) -> QuerySet[Initiative]:
    """Initiatives of the units in the subtree of ``province``."""
    return initiatives.filter(unit__path__startswith=province.path)


def at_level(initiatives: QuerySet[Initiative], level: str) -> QuerySet[Initiative]:
    """Initiatives whose highest level reached is ``level`` ("national" … "grassroots")."""
    found = Level.from_key(level)
    return initiatives.filter(level_reached=found) if found else initiatives


def bank_provinces() -> QuerySet[Unit]:
    """Level-2 units (provincial federations, central sector unions) holding at least one
    recognised initiative, by name. One query."""
    paths = recognised_initiatives().order_by().values("province_path")
    return Unit.objects.filter(depth=PROVINCE_DEPTH, path__in=paths).order_by("name", "pk")


def bank_years() -> list[int]:
    """Years in which initiatives of the bank were recognised, newest first. One query."""
    years = (
        recognised_initiatives().order_by().values_list("recognition_year", flat=True).distinct()
    )
    return sorted((year for year in years if year), reverse=True)


def recognised_initiative(pk: int) -> Initiative | None:
    """The recognised initiative ``pk`` (annotated as in ``recognised_initiatives``), or
    None."""
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
    queries."""
    province = (
        Unit.objects.filter(depth=PROVINCE_DEPTH, path=initiative.province_path).first()
        if initiative.unit.depth >= PROVINCE_DEPTH
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
        level=str(Level(initiative.level_reached).label),
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
