"""Recording the year-end titles (Lao động tiên tiến, Chiến sĩ thi đua cơ sở).

Both titles are conferred by the head of the employer (Luật Thi đua, khen thưởng 06/2022/QH15,
Điều 80: "Tổng giám đốc, Giám đốc doanh nghiệp … quyết định tặng danh hiệu … Chiến sĩ thi đua
cơ sở, Lao động tiên tiến"); the grassroots union proposes and its officer records the
employer's numbered and dated decision here, with its signer, for members who registered for
the year. The employer is the one given, else the one linked to the union on the day of the
decision (``unions.selectors.employers.employer_of``); without one, the row says it was recorded
by the union. Lao động tiên tiến checks the exclusions recorded for each member (months worked,
discipline, days of leave) and Chiến sĩ thi đua cơ sở the share of the advanced workers of the
same employer and year, both against ``TitleRule`` rows with their legal source.

The rules are checked again here, whatever the page showed
(``emulation.titles.evaluate``), and kept with each conferral in ``checks``; the conferral row
itself is the record of who conferred what and when. The members hear of it through an in-app
notification created after the commit. Errors are ``ApplicationError``; nothing is saved when
one is raised.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.services import notification_create
from awards.selectors.achievements import recognitions_by_person
from emulation.enums import ConferringBody, IndividualTitle, RegistrationStatus, UnionTitle
from emulation.models import Registration, TitleConferral, TitleRule, UnionTitleConferral
from emulation.selectors.titles import union_title_conferrer
from emulation.titles import (
    MemberFacts,
    PriorTitle,
    Recorded,
    RuleFigure,
    confers_titles,
    evaluate,
    offered_titles,
    registrations_counted_q,
    share_check,
)
from unions.changes import units_changed
from unions.models import Employer, Unit
from unions.selectors.employers import employer_of

T = IndividualTitle
FIRST_YEAR = 2000


@dataclass(frozen=True)
class TitleChoice:
    """One title to confer on one member; ``exception_reason`` lets Chiến sĩ thi đua cơ sở
    pass without a recognised initiative."""

    person: User
    title: str
    exception_reason: str = ""
    # Recorded for the member and the year (None: not recorded).
    months_worked: int | None = None
    disciplined: bool | None = None
    leave_days: int | None = None

    @property
    def recorded(self) -> Recorded:
        return Recorded(self.months_worked, self.disciplined, self.leave_days)


def title_rules() -> dict[str, list[RuleFigure]]:
    """The active figures of the titles' rules, by title."""
    rules: dict[str, list[RuleFigure]] = defaultdict(list)
    for row in TitleRule.objects.filter(is_active=True).order_by("kind", "pk"):
        rules[row.title].append(RuleFigure(row.kind, row.value, row.legal_source))
    return rules


def _name(person: User) -> str:
    return person.get_full_name() or person.email or str(person)


def _check_decision(year: int, decision_number: str, decided_on: date | None) -> str:
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise ApplicationError(
            _("Titles are conferred for a year between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": today.year},
            field="year",
        )
    number = (decision_number or "").strip()
    if not number:
        raise ApplicationError(_("Give the number of the decision."), field="decision_number")
    if decided_on is None:
        raise ApplicationError(_("Give the date of the decision."), field="decided_on")
    if decided_on > today:
        raise ApplicationError(_("The decision cannot be dated in the future."), field="decided_on")
    if decided_on < date(year, 1, 1):
        raise ApplicationError(
            _("A decision conferring titles for %(year)s cannot be dated before that year.")
            % {"year": year},
            field="decided_on",
        )
    return number


def _facts(
    unit: Unit, year: int, person_ids: list[int]
) -> tuple[dict[int, MemberFacts], dict[int, list[Registration]]]:
    """What the rules need of each member, read inside the transaction (their titles of the
    year locked). Three queries."""
    registrations: dict[int, list[Registration]] = defaultdict(list)
    for registration in (
        Registration.objects.filter(
            registrations_counted_q(unit_id=unit.pk, year=year, person_ids=person_ids)
        )
        .select_related("movement")
        .order_by("movement__name", "pk")
    ):
        registrations[registration.person_id].append(registration)
    conferred: dict[int, list[PriorTitle]] = defaultdict(list)
    for row in (
        TitleConferral.objects.select_for_update()
        .filter(person_id__in=person_ids, year=year)
        .order_by("pk")
    ):
        conferred[row.person_id].append(PriorTitle(row.title, row.decision_number, row.decided_on))
    recognitions = recognitions_by_person(person_ids, [year - 1, year])
    facts = {
        person_id: MemberFacts(
            year=year,
            movements=tuple(r.movement.name for r in registrations.get(person_id, [])),
            conferred=tuple(conferred.get(person_id, [])),
            recognitions=tuple(recognitions.get(person_id, [])),
        )
        for person_id in person_ids
    }
    return facts, registrations


def _registration_for(registrations: list[Registration], title: str) -> Registration | None:
    """The registration that aimed for ``title`` (or, for Lao động tiên tiến, for Chiến sĩ thi
    đua cơ sở, which includes it)."""
    for registration in registrations:
        if title in registration.titles:
            return registration
    return registrations[0] if registrations else None


@transaction.atomic
def titles_confer(
    *,
    unit: Unit,
    year: int,
    choices: list[TitleChoice],
    decision_number: str,
    decided_on: date | None,
    actor: User,
    notify: bool = True,
    employer: Employer | None = None,
    signer_name: str = "",
    signer_title: str = "",
) -> list[TitleConferral]:
    """Confer the chosen titles of ``year`` by the decision ``decision_number`` of
    ``decided_on`` of the grassroots union ``unit``.

    Every choice is checked before anything is saved: the actor holds
    ``emulation.confer_title`` on the unit and is not one of the members; each member has an
    approved registration for the year through the unit, aiming for the title (Lao động tiên
    tiến is offered to those aiming for either title); the title was not conferred on them for
    the year already; Chiến sĩ thi đua cơ sở has Lao động tiên tiến the same year (before, or
    in this decision) and an initiative recognised that year or the year before, or an
    exception reason. Returns the conferrals in the order of ``choices``; the members are
    notified after the commit.
    Raises ApplicationError.
    """
    units_changed(units=[unit])
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not actor.has_perm("emulation.confer_title", unit):
        raise ApplicationError(_("You may not confer titles for this unit."))
    if not confers_titles(unit.kind) or not unit.is_active:
        raise ApplicationError(
            _("Individual titles are conferred by an active grassroots union; %(unit)s is not one.")
            % {"unit": unit.name}
        )
    number = _check_decision(year, decision_number, decided_on)
    if employer is None:
        employer = employer_of(unit, on=decided_on)
    if employer is not None and not (signer_name or "").strip():
        signer_name = employer.head_name
        signer_title = signer_title or employer.head_title
    rules = title_rules()
    unique: dict[tuple[int, str], TitleChoice] = {}
    for choice in choices:
        if choice.title not in T.values:
            raise ApplicationError(_("Choose a valid title."))
        unique.setdefault((choice.person.pk, choice.title), choice)
    if not unique:
        raise ApplicationError(_("Choose at least one member and title to confer."))
    person_ids = sorted({person_id for person_id, _title in unique})
    facts, registrations = _facts(unit, year, person_ids)
    problems: list[str] = []
    evaluations = []
    for (person_id, title), choice in unique.items():
        member = facts[person_id]
        name = _name(choice.person)
        if person_id == actor.pk:
            problems.append(_("You cannot confer a title on yourself; another officer does it."))
            continue
        aimed = {code for r in registrations.get(person_id, []) for code in r.titles}
        if not member.movements:
            problems.append(
                _(
                    "%(name)s has no approved registration for %(year)s at %(unit)s; titles "
                    "are considered only for members who registered."
                )
                % {"name": name, "year": year, "unit": unit.name}
            )
            continue
        if title not in offered_titles(aimed):
            problems.append(
                _("%(name)s did not register for the title %(title)s in %(year)s.")
                % {"name": name, "title": T(title).label, "year": year}
            )
            continue
        if member.prior(title) is not None:
            problems.append(
                _("%(name)s already holds the title %(title)s for %(year)s.")
                % {"name": name, "title": T(title).label, "year": year}
            )
            continue
        evaluation = evaluate(
            title,
            member,
            advanced_worker_now=(person_id, T.ADVANCED_WORKER.value) in unique,
            exception_reason=choice.exception_reason if title == T.GRASSROOTS_FIGHTER else "",
            recorded=choice.recorded,
            rules=rules.get(T.ADVANCED_WORKER.value, []),
        )
        if not evaluation.passed:
            excluded = (
                [c for c in evaluation.checks if not c.passed and c.rule != "registered"]
                if title == T.ADVANCED_WORKER
                else []
            )
            if excluded:
                problems.append(
                    _("%(name)s cannot receive %(title)s: %(reasons)s")
                    % {
                        "name": name,
                        "title": T(title).label,
                        "reasons": "; ".join(f"{c.label} ({c.figure})" for c in excluded),
                    }
                )
            elif evaluation.needs_exception:
                problems.append(
                    _(
                        "%(name)s: no initiative recognised in %(before)s or %(year)s; give "
                        "the reason for an exception to confer %(title)s."
                    )
                    % {
                        "name": name,
                        "before": year - 1,
                        "year": year,
                        "title": T(title).label,
                    }
                )
            else:
                problems.append(
                    _(
                        "%(name)s: %(title)s needs Lao động tiên tiến in the same year, "
                        "conferred before or in this decision."
                    )
                    % {"name": name, "title": T(title).label}
                )
            continue
        evaluations.append((choice, evaluation))
    if not problems:
        evaluations = _within_share(unit, employer, year, evaluations, rules, problems)
    if problems:
        raise ApplicationError(" ".join(problems))
    conferred = []
    try:
        with transaction.atomic():
            for choice, evaluation in evaluations:
                conferred.append(
                    TitleConferral.objects.create(
                        person=choice.person,
                        unit=unit,
                        year=year,
                        title=evaluation.title,
                        registration=_registration_for(
                            registrations[choice.person.pk], evaluation.title
                        ),
                        decision_number=number,
                        decided_on=decided_on,
                        conferring_body=(
                            ConferringBody.EMPLOYER if employer else ConferringBody.UNION
                        ),
                        employer=employer,
                        signer_name=(signer_name or "").strip(),
                        signer_title=(signer_title or "").strip(),
                        months_worked=choice.months_worked,
                        disciplined=choice.disciplined,
                        leave_days=choice.leave_days,
                        checks=[check.as_dict() for check in evaluation.checks],
                        exception_reason=(
                            choice.exception_reason.strip() if evaluation.exception_used else ""
                        ),
                        conferred_by=actor,
                    )
                )
    except IntegrityError:
        raise ApplicationError(
            _("Some of these titles were conferred a moment ago by someone else; reload the page.")
        ) from None
    if notify:
        ids = [row.pk for row in conferred]
        transaction.on_commit(lambda: _notify(ids))
    return conferred


def _within_share(unit, employer, year, evaluations, rules, problems) -> list:
    """Chiến sĩ thi đua cơ sở within the share of the advanced workers (``TitleRule``
    ``max_share_of_advanced``) of the same employer (or, without one, the same union) and
    year, this decision included. Adds the check to each new Chiến sĩ thi đua cơ sở, or a
    problem."""
    share = next(
        (r for r in rules.get(T.GRASSROOTS_FIGHTER.value, []) if r.kind == "max_share_of_advanced"),
        None,
    )
    new = [e.title for _choice, e in evaluations]
    if share is None or T.GRASSROOTS_FIGHTER.value not in new:
        return evaluations
    same = TitleConferral.objects.filter(year=year)
    same = same.filter(employer=employer) if employer else same.filter(unit=unit)
    counts = {
        title: same.filter(title=title).count() + new.count(title)
        for title in (T.ADVANCED_WORKER.value, T.GRASSROOTS_FIGHTER.value)
    }
    check = share_check(
        year=year,
        body=employer.name if employer else unit.name,
        advanced=counts[T.ADVANCED_WORKER.value],
        fighters=counts[T.GRASSROOTS_FIGHTER.value],
        rule=share,
    )
    if not check.passed:
        problems.append(
            _("%(rule)s: %(figure)s Source: %(source)s.")
            % {"rule": check.label, "figure": check.figure, "source": check.source}
        )
        return evaluations
    return [
        (choice, replace(e, checks=(*e.checks, check)))
        if e.title == T.GRASSROOTS_FIGHTER
        else (choice, e)
        for choice, e in evaluations
    ]


def _notify(conferral_ids: list[int]) -> None:
    rows = TitleConferral.objects.filter(pk__in=conferral_ids).select_related("person", "unit")
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            notification_create(
                users=[row.person],
                message=_(
                    "%(unit)s conferred on you the title %(title)s for %(year)s (decision No. "
                    "%(number)s of %(date)s)."
                )
                % {
                    "unit": row.unit.name,
                    "title": row.get_title_display(),
                    "year": row.year,
                    "number": row.decision_number,
                    "date": row.decided_on.strftime("%d/%m/%Y"),
                },
            )


# --- the union's own titles ----------------------------------------------------------------

# Where the union's own titles come from. The VGCL text naming them today could not be found
# with the search tool; the names are those issue 13 gives ("or their current names").
UNION_TITLE_SOURCE = {
    UnionTitle.EXCELLENT_MEMBER: (
        "Hướng dẫn thi đua, khen thưởng của Tổng Liên đoàn Lao động Việt Nam: danh hiệu "
        "“Đoàn viên công đoàn xuất sắc” do công đoàn cơ sở xét tặng (văn bản cần đối chiếu)"
    ),
    UnionTitle.STRONG_UNION: (
        "Hướng dẫn thi đua, khen thưởng của Tổng Liên đoàn Lao động Việt Nam: danh hiệu "
        "“Công đoàn cơ sở vững mạnh” do công đoàn cấp trên trực tiếp xét tặng (văn bản cần "
        "đối chiếu)"
    ),
}


@transaction.atomic
def union_title_confer(
    *,
    registration: Registration,
    title: str,
    decision_number: str,
    decided_on: date | None,
    actor: User,
) -> UnionTitleConferral:
    """Confer one of the union's own titles of the registration's year, by the union's own
    numbered decision: "Đoàn viên công đoàn xuất sắc" on the member of a personal registration,
    by their grassroots union; "Công đoàn cơ sở vững mạnh" on the grassroots union of a unit
    registration, by the union directly above it. The registration is approved and aimed for
    the title; the actor holds ``emulation.confer_title`` on the conferring union. Raises
    ApplicationError."""
    registration = (
        Registration.objects.select_for_update().select_related("unit").get(pk=registration.pk)
    )
    if title not in UnionTitle.values:
        raise ApplicationError(_("Choose a valid title."), field="title")
    personal = title == UnionTitle.EXCELLENT_MEMBER
    if registration.is_personal != personal:
        raise ApplicationError(
            _("%(title)s is conferred on a member by a personal registration.")
            % {"title": UnionTitle(title).label}
            if personal
            else _("%(title)s is conferred on a grassroots union by its registration.")
            % {"title": UnionTitle(title).label},
            field="title",
        )
    if registration.status != RegistrationStatus.APPROVED or title not in registration.titles:
        raise ApplicationError(
            _("The registration was not approved for %(title)s in %(year)s.")
            % {"title": UnionTitle(title).label, "year": registration.year}
        )
    if not personal and not confers_titles(registration.unit.kind):
        raise ApplicationError(
            _("%(title)s is conferred on a grassroots union.") % {"title": UnionTitle(title).label}
        )
    conferring_unit = union_title_conferrer(registration, title)
    if conferring_unit is None:
        raise ApplicationError(_("This union has no union above it to confer the title."))
    if not actor.has_perm("emulation.confer_title", conferring_unit):
        raise ApplicationError(_("You may not confer titles for this unit."))
    if personal and registration.person_id == actor.pk:
        raise ApplicationError(_("You cannot confer a title on yourself; another officer does it."))
    number = _check_decision(registration.year, decision_number, decided_on)
    if UnionTitleConferral.objects.filter(
        registration=registration, title=title, year=registration.year
    ).exists():
        raise ApplicationError(
            _("%(title)s of %(year)s has already been conferred on this registration.")
            % {"title": UnionTitle(title).label, "year": registration.year}
        )
    return UnionTitleConferral.objects.create(
        title=title,
        year=registration.year,
        registration=registration,
        person_id=registration.person_id if personal else None,
        recipient_unit=None if personal else registration.unit,
        conferring_unit=conferring_unit,
        decision_number=number,
        decided_on=decided_on,
        legal_source=UNION_TITLE_SOURCE[UnionTitle(title)],
        conferred_by=actor,
    )
