"""Reads for the individual titles: the grassroots unions a user confers titles for, the members
who registered for a year with the rules of each title they may receive, and the titles a union
conferred."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import User
from accounts.search import search
from awards.selectors.achievements import recognitions_by_person
from emulation.enums import RegistrationStatus, UnionTitle
from emulation.models import Registration, TitleConferral, UnionTitleConferral
from emulation.titles import (
    Check,
    Evaluation,
    MemberFacts,
    PriorTitle,
    evaluate,
    offered_titles,
    registrations_counted_q,
)
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.models import Unit
from unions.selectors import units_visible_to


def title_units(user: User, query: str = "") -> QuerySet[Unit]:
    """Active grassroots unions where ``user`` may confer titles, by name; with ``query``,
    those whose name or code holds its words (diacritics ignored)."""
    units = units_visible_to(user, Capability.MANAGE_EMULATION).filter(
        kind__in=list(GRASSROOTS_KINDS), is_active=True
    )
    return search(units, query, ["name", "short_name", "code"]).order_by("name", "pk")


def title_candidates(unit: Unit, year: int) -> QuerySet[User]:
    """Members with an approved personal registration for ``year`` through ``unit``, by name
    (given name first, as Vietnamese lists are sorted)."""
    registered = Registration.objects.filter(
        registrations_counted_q(unit_id=unit.pk, year=year), person_id=OuterRef("pk")
    )
    return User.objects.filter(Exists(registered)).order_by("first_name", "last_name", "pk")


@dataclass
class TitleOption:
    """A title the member may be considered for: its rules, and the conferral when it is
    already conferred for the year (by this union or another)."""

    title: str
    evaluation: Evaluation
    conferred: TitleConferral | None = None

    @property
    def label(self) -> str:
        return self.evaluation.title_label


@dataclass
class Candidate:
    person: User
    registrations: list[Registration] = field(default_factory=list)
    options: list[TitleOption] = field(default_factory=list)

    @property
    def aimed_labels(self) -> list[str]:
        labels: list[str] = []
        for registration in self.registrations:
            for label in registration.title_labels():
                if label not in labels:
                    labels.append(label)
        return labels

    @property
    def open_options(self) -> list[TitleOption]:
        return [option for option in self.options if option.conferred is None]


def candidate_details(unit: Unit, year: int, people: list[User]) -> list[Candidate]:
    """For each of ``people`` (a page of ``title_candidates``): their registrations, and each
    title they may be considered for with its rules evaluated as things stand (Lao động tiên
    tiến not yet conferred shows as missing for Chiến sĩ thi đua cơ sở). Three queries
    whatever their number."""
    person_ids = [person.pk for person in people]
    if not person_ids:
        return []
    registrations: dict[int, list[Registration]] = defaultdict(list)
    for registration in (
        Registration.objects.filter(
            registrations_counted_q(unit_id=unit.pk, year=year, person_ids=person_ids)
        )
        .select_related("movement")
        .order_by("movement__name", "pk")
    ):
        registrations[registration.person_id].append(registration)
    conferred: dict[int, dict[str, TitleConferral]] = defaultdict(dict)
    for row in (
        TitleConferral.objects.filter(person_id__in=person_ids, year=year)
        .select_related("unit")
        .order_by("pk")
    ):
        conferred[row.person_id].setdefault(row.title, row)
    recognitions = recognitions_by_person(person_ids, [year - 1, year])
    candidates = []
    for person in people:
        mine = registrations.get(person.pk, [])
        held = conferred.get(person.pk, {})
        facts = MemberFacts(
            year=year,
            movements=tuple(r.movement.name for r in mine),
            conferred=tuple(
                PriorTitle(row.title, row.decision_number, row.decided_on) for row in held.values()
            ),
            recognitions=tuple(recognitions.get(person.pk, [])),
        )
        aimed = {code for registration in mine for code in registration.titles}
        options = []
        for title in offered_titles(aimed):
            row = held.get(title)
            if row is not None:
                stored = tuple(Check.from_dict(item) for item in row.checks)
                evaluation = Evaluation(title, stored, True)
            else:
                evaluation = evaluate(title, facts)
            options.append(TitleOption(title=title, evaluation=evaluation, conferred=row))
        candidates.append(Candidate(person=person, registrations=mine, options=options))
    return candidates


def titles_conferred_by(unit: Unit, year: int | None = None) -> QuerySet[TitleConferral]:
    """Titles ``unit`` conferred (in ``year`` when given), newest decision first, with the
    member, the registration's movement and who recorded it."""
    titles = TitleConferral.objects.filter(unit=unit)
    if year is not None:
        titles = titles.filter(year=year)
    return titles.select_related(
        "person", "registration__movement", "conferred_by", "employer"
    ).order_by("-year", "-decided_on", "title", "person__first_name", "person__last_name", "pk")


def conferred_years(unit: Unit) -> list[int]:
    """The years for which ``unit`` conferred titles, newest first."""
    return list(
        TitleConferral.objects.filter(unit=unit)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


# --- the union's own titles ----------------------------------------------------------------


def union_title_conferrer(registration: Registration, title: str) -> Unit | None:
    """The union that confers ``title`` on the registration: "Đoàn viên công đoàn xuất sắc" by
    the member's grassroots union, "Công đoàn cơ sở vững mạnh" by the union directly above the
    grassroots union."""
    if title == UnionTitle.EXCELLENT_MEMBER:
        return registration.unit
    return Unit.objects.filter(path=registration.unit.parent_path).first()


@dataclass(frozen=True)
class UnionTitleLine:
    """One of the union's titles a registration aimed for: conferred (with its decision), or
    still to confer, and whether the reader may confer it now."""

    title: str
    label: str
    conferral: UnionTitleConferral | None
    may_confer: bool


def union_titles_of(user: User, registration: Registration) -> list[UnionTitleLine]:
    """The union's own titles the registration aimed for, in the enum's order."""
    aimed = [title for title in UnionTitle.values if title in (registration.titles or [])]
    if not aimed:
        return []
    conferred = {
        conferral.title: conferral
        for conferral in UnionTitleConferral.objects.filter(registration=registration)
        .select_related("conferring_unit")
        .order_by("pk")
    }
    lines = []
    for title in aimed:
        conferral = conferred.get(title)
        may_confer = False
        if conferral is None and registration.status == RegistrationStatus.APPROVED:
            personal = title == UnionTitle.EXCELLENT_MEMBER
            if personal == registration.is_personal and registration.person_id != user.pk:
                conferrer = union_title_conferrer(registration, title)
                may_confer = conferrer is not None and user.has_perm(
                    "emulation.confer_title", conferrer
                )
        lines.append(UnionTitleLine(title, UnionTitle(title).label, conferral, may_confer))
    return lines
