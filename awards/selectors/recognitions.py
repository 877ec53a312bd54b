"""Who recognised an initiative at the base, answered in one place for the dossier page, the
ladder, the statistics and the public bank (issue 13 §2).

Recognition at the base is the employer's act (Decree 13/2012/NĐ-CP Art. 7; Circular
18/2013/TT-BKHCN Art. 8), in one of two ways: a council run in the registry for the employer (a
closed recognition round that recognised the dossier), or the employer's own decision recorded
from outside and confirmed by an officer (``ExternalRecognition``). Rounds recorded before
employers existed are read as councils run in the registry, by their unit when no employer is
known.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from awards.enums import (
    ExternalRecognitionStatus,
    Outcome,
    RecognitionKind,
    RoundPurpose,
    RoundStatus,
)
from awards.models import ExternalRecognition, RoundEntry
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative, InitiativeTransition
from unions.levels import Level, level_expression
from unions.models import Employer, Unit
from unions.selectors.employers import employer_of


@dataclass(frozen=True)
class Recognition:
    """Who recognised a dossier at the base: ``body`` (the employer's name, or the unit's for
    rounds without an employer), ``kind`` (a ``RecognitionKind``), the decision's ``number``
    and ``decided_on``; ``round_id`` for a council run in the registry."""

    body: str
    kind: str
    number: str
    decided_on: date | None
    employer: Employer | None = None
    round_id: int | None = None

    @property
    def is_council(self) -> bool:
        return self.kind == RecognitionKind.EMPLOYER_COUNCIL


def council_recognitions() -> QuerySet[RoundEntry]:
    """Entries recognised by a closed recognition round: the councils run in the registry."""
    return RoundEntry.objects.filter(
        outcome=Outcome.RECOGNISED,
        round__status=RoundStatus.CLOSED,
        round__purpose=RoundPurpose.RECOGNITION,
    )


def confirmed_external_recognitions() -> QuerySet[ExternalRecognition]:
    return ExternalRecognition.objects.filter(status=ExternalRecognitionStatus.CONFIRMED)


def recognitions_for(initiatives: Iterable[Initiative | int]) -> dict[int, Recognition]:
    """Who recognised each of ``initiatives`` (objects or ids) at the base, by initiative id;
    initiatives nobody recognised are left out. Two queries whatever the number of rows."""
    ids = [i if isinstance(i, int) else i.pk for i in initiatives]
    if not ids:
        return {}
    found: dict[int, Recognition] = {}
    entries = (
        council_recognitions()
        .filter(initiative_id__in=ids)
        .select_related("round__unit", "round__employer", "round__decision__employer")
        .order_by("round__decision__decided_on", "pk")
    )
    for entry in entries:
        if entry.initiative_id in found:
            continue
        review_round = entry.round
        decision = getattr(review_round, "decision", None)
        employer = (decision.employer if decision else None) or review_round.employer
        found[entry.initiative_id] = Recognition(
            body=employer.name if employer else review_round.unit.name,
            kind=RecognitionKind.EMPLOYER_COUNCIL,
            number=decision.number if decision else "",
            decided_on=decision.decided_on if decision else None,
            employer=employer,
            round_id=review_round.pk,
        )
    outside = (
        confirmed_external_recognitions()
        .filter(initiative_id__in=ids)
        .exclude(initiative_id__in=list(found))
        .select_related("employer")
    )
    for record in outside:
        found[record.initiative_id] = Recognition(
            body=record.employer.name,
            kind=RecognitionKind.EMPLOYER_RECORDED,
            number=record.decision_number,
            decided_on=record.decided_on,
            employer=record.employer,
        )
    return found


def recognition_of(initiative: Initiative) -> Recognition | None:
    return recognitions_for([initiative]).get(initiative.pk)


# --- what the public bank sorts and filters on ---------------------------------------------


def _recognising_entries() -> QuerySet[RoundEntry]:
    """Entries of the initiative in ``OuterRef("pk")`` that a closed round recognised."""
    return RoundEntry.objects.filter(
        initiative=OuterRef("pk"), outcome=Outcome.RECOGNISED, round__status=RoundStatus.CLOSED
    )


def bank_standings(initiative_ids: Iterable[int]) -> dict[int, tuple[int | None, int]]:
    """The year of recognition and the highest level reached (1 national … 4 grassroots) of
    each recognised dossier of ``initiative_ids``, by id, as the public bank shows them (issue
    14 §4; the data migration awards 0015 applies the same rules to the dossiers recognised
    before): the year of the first decision (by date) of a closed round that recognised it,
    else of the employer's own decision recorded and confirmed, else of the latest step to
    "recognised"; the highest level of the closed rounds that recognised it, grassroots at
    least. Dossiers that are not recognised are left out. One query."""
    ids = list(initiative_ids)
    if not ids:
        return {}
    decision_year = Subquery(
        _recognising_entries()
        .filter(round__decision__isnull=False)
        .order_by("round__decision__decided_on", "pk")
        .values("round__decision__year")[:1],
        output_field=IntegerField(),
    )
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
    rows = (
        Initiative.objects.filter(pk__in=ids, status=InitiativeStatus.RECOGNISED)
        .annotate(
            standing_year=Coalesce(decision_year, recorded_year, step_year),
            standing_level=Coalesce(top_level, Value(int(Level.GRASSROOTS))),
        )
        .values_list("pk", "standing_year", "standing_level")
    )
    return {pk: (year, level) for pk, year, level in rows}


# --- employers of a deciding unit --------------------------------------------------------


def _current_link(on: date) -> Q:
    return Q(union_links__valid_from__lte=on) & (
        Q(union_links__valid_to__isnull=True) | Q(union_links__valid_to__gt=on)
    )


def employers_under(unit: Unit, on: date | None = None) -> QuerySet[Employer]:
    """Employers at which a grassroots union of ``unit``'s subtree sits on ``on`` (today):
    those whose initiative council a round of ``unit`` may run."""
    day = on or timezone.localdate()
    return (
        Employer.objects.filter(
            _current_link(day), union_links__unit__path__startswith=unit.path, is_active=True
        )
        .distinct()
        .order_by("name", "pk")
    )


def employers_under_any(paths: list[str], on: date | None = None) -> QuerySet[Employer]:
    """Employers at which a grassroots union of the subtrees at ``paths`` sits on ``on``."""
    day = on or timezone.localdate()
    if not paths:
        return Employer.objects.none()
    inside = Q()
    for path in paths:
        inside |= Q(path__startswith=path)
    return (
        Employer.objects.filter(
            _current_link(day), union_links__unit__in=Unit.objects.filter(inside), is_active=True
        )
        .distinct()
        .order_by("name", "pk")
    )


def employer_accepts(employer: Employer, initiative: Initiative) -> bool:
    """The dossier is addressed to ``employer``: named on it, or, on a dossier that names none
    (filed before employers existed), the employer of its grassroots union; a dossier whose
    union has no employer recorded either is taken by the council it is brought to."""
    if initiative.employer_id is not None:
        return initiative.employer_id == employer.pk
    found = employer_of(initiative.unit)
    return found is None or found.pk == employer.pk


def addressed_to(employer: Employer) -> Q:
    """Dossiers addressed to ``employer`` (as ``employer_accepts``), as a filter on
    Initiative."""
    day = timezone.localdate()
    union_ids = Unit.objects.filter(
        Q(employer_links__employer=employer, employer_links__valid_from__lte=day)
        & (Q(employer_links__valid_to__isnull=True) | Q(employer_links__valid_to__gt=day))
    ).values("pk")
    with_employer = Unit.objects.filter(
        Q(employer_links__valid_from__lte=day)
        & (Q(employer_links__valid_to__isnull=True) | Q(employer_links__valid_to__gt=day))
    ).values("pk")
    return (
        Q(employer=employer)
        | Q(employer__isnull=True, unit__in=union_ids)
        | (Q(employer__isnull=True) & ~Q(unit__in=with_employer))
    )
