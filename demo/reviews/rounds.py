"""Demo review rounds: the ladder of review from grassroots unions up to the national federation.

``seed_reviews`` adds, in the province of Quảng Trị of the demo federation:

- four closed grassroots rounds (four grassroots unions, late 2025 to mid 2026), scored,
  voted and closed with numbered decisions: most dossiers recognised, one eliminated on the
  novelty criterion, one where the council disagreed widely, one not recognised with reasons
  and one returned to its authors for clarification;
- one grassroots round now in scoring, with some sheets submitted and some still in draft;
  its chair, secretary and one member are demo accounts, so "My reviews" has work to show;
- an open provincial round holding the best dossiers nominated from the closed rounds, each
  round within its forwarding quota;
- a national round (Bằng Lao động sáng tạo) still in draft.

Every dossier of these rounds is written here (texts composed with the parts of
``initiatives.demo``), and every step goes through the real services with an actor who holds
the permission: the dossier's authors and the unit's officer, the council members for their
sheets and votes. The services stamp what they record with today's date and check their dates
against today (an intake still open, a decision not dated in the future), so the rounds are run
today and, step by step, what they wrote is moved back to the planned moment with
``queryset.update`` (history rows, round deadlines, decision dates and numbers), as if the
rounds had run over the last year and a half. That is demo data only, never domain logic;
states change only through the services.

Past events are not news: every service is called with ``notify=False``, so nobody gets an
in-app notification or an e-mail. The step is idempotent: a round whose first dossier already
exists at its unit is not built again.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone, translation

from accounts.models import User
from awards.enums import CouncilRole, Outcome, RoundEventAction, RoundPurpose, RoundStatus
from awards.models import (
    AwardDecision,
    Conflict,
    CouncilMember,
    Criterion,
    Decision,
    ReviewRound,
    RoundEntry,
    RoundEvent,
    Rubric,
    RubricVersion,
    ScoreSheet,
)
from awards.selectors import round_results
from awards.services import (
    CriterionData,
    conflict_declare,
    council_member_add,
    entry_add,
    entry_nominate,
    entry_record_vote,
    round_close,
    round_create,
    round_transition,
    rubric_create,
    sheet_save,
)
from awards.services.numbering import format_decision_number
from demo.accounts import DEMO_MEMBER_EMAIL
from demo.dossiers.intake import _renumber_receipts
from demo.dossiers.texts import compose_values, draw_authors
from demo.dossiers.topics import Topic
from demo.reviews.council import draw_scores, draw_votes, outsiders, seat_position
from demo.reviews.plans import (
    BELOW,
    CHAIR_EMAIL,
    CLOSED_COUNCIL,
    CLOSED_ROUNDS,
    DISAGREE,
    ELIMINATED,
    GRASSROOTS_CRITERIA,
    GRASSROOTS_RUBRIC,
    MEMBER_EMAIL,
    NATION,
    NATIONAL_TITLE,
    PASS,
    PROVINCE,
    PROVINCIAL_CRITERIA,
    PROVINCIAL_OPENED_AGO,
    PROVINCIAL_RUBRIC,
    PROVINCIAL_TITLE,
    RETURN,
    SCORING_PROGRESS,
    SCORING_ROUND,
    SEATED_ACCOUNTS,
    SECRETARY_EMAIL,
    SEED,
    DossierSpec,
    GrassrootsPlan,
    round_title,
    title_of,
)
from emulation.enums import GRASSROOTS_KINDS, Capability
from emulation.models import Membership, Unit
from emulation.selectors import nearest_holders, unit_snapshot
from initiatives.models import Initiative, InitiativeTransition
from initiatives.services import add_months, initiative_save_draft, initiative_transition

R = RoundStatus

# --- helpers --------------------------------------------------------------------------------


class _Clock:
    """Puts the rows the services just wrote ("now") at the planned moment (demo data only)."""

    STAMPED = (
        (RoundEvent, "at"),
        (InitiativeTransition, "at"),
        (CouncilMember, "added_at"),
        (RoundEntry, "entered_at"),
        (Conflict, "created_at"),
    )

    def __init__(self) -> None:
        self.marks = {model: self._last(model) for model, _field in self.STAMPED}

    @staticmethod
    def _last(model) -> int:
        return model.objects.aggregate(last=Max("pk"))["last"] or 0

    def stamp(self, moment: datetime.datetime) -> None:
        for model, field_name in self.STAMPED:
            if model.objects.filter(pk__gt=self.marks[model]).update(**{field_name: moment}):
                self.marks[model] = self._last(model)

    def run(self, moment: datetime.datetime, service: Callable, **kwargs):
        result = service(**kwargs)
        self.stamp(moment)
        return result


class _Days:
    """Moments of one story (a round, a dossier), in order, in working hours."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.last: datetime.datetime | None = None

    def at(self, day: datetime.date) -> datetime.datetime:
        minutes = self.rng.randint(7 * 60 + 30, 16 * 60)
        moment = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60))
        )
        if self.last is not None and moment <= self.last:
            moment = self.last + datetime.timedelta(minutes=self.rng.randint(2, 15))
        self.last = moment
        return moment


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _rubric(name: str, criteria: list[CriterionData], threshold: int, description: str):
    """(latest version of the shared rubric ``name``, whether it was created now)."""
    version = (
        RubricVersion.objects.filter(rubric__name=name, rubric__unit__isnull=True)
        .order_by("-number")
        .first()
    )
    if version is not None:
        return version, False
    version = rubric_create(
        name=name,
        unit=None,
        description=description,
        pass_threshold=Decimal(threshold),
        criteria=criteria,
        actor=None,
    )
    return version, True


def _officer(unit: Unit, capability: str) -> User | None:
    return nearest_holders(unit, capability).order_by("pk").first()


def _built(plan: GrassrootsPlan, unit: Unit) -> bool:
    return Initiative.objects.filter(unit=unit, title=title_of(plan.dossiers[0])).exists()


# --- dossiers -------------------------------------------------------------------------------


def _dossier(
    rng: random.Random,
    clock: _Clock,
    unit: Unit,
    spec: DossierSpec,
    colleagues: list[Membership],
    officer: User,
    accepted_on: datetime.date,
) -> Initiative:
    """Write, submit and accept one dossier through the services, then date it."""
    first = None
    if spec.by_demo_member:
        first = next((m for m in colleagues if m.user.email == DEMO_MEMBER_EMAIL), None)
    first = first or rng.choice(colleagues)
    authors = draw_authors(rng, first, colleagues)
    submitted_on = accepted_on - datetime.timedelta(days=rng.randint(3, 12))
    created_on = submitted_on - datetime.timedelta(days=rng.randint(2, 20))
    first_applied_on = submitted_on - datetime.timedelta(days=rng.randint(45, 240))
    values = compose_values(
        rng, Topic(spec.title, spec.task), spec.field, spec.place, authors, first_applied_on
    )
    days = _Days(rng)
    created, submitted, accepted = (days.at(d) for d in (created_on, submitted_on, accepted_on))
    # Written today, the dossier must be within the one-year limit; its planned first use
    # (as long ago as its submission) is put back below.
    today_values = {**values, "first_applied_on": timezone.localdate() - datetime.timedelta(30)}
    initiative = clock.run(
        created,
        initiative_save_draft,
        actor=first.user,
        unit=unit,
        values=today_values,
        authors=authors,
    )
    clock.run(
        submitted,
        initiative_transition,
        initiative=initiative,
        action="submit",
        actor=first.user,
        notify=False,
    )
    clock.run(
        accepted,
        initiative_transition,
        initiative=initiative,
        action="accept",
        actor=officer,
        notify=False,
    )
    snapshot = unit_snapshot(unit, submitted_on)
    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=created,
        updated_at=accepted,
        first_applied_on=first_applied_on,
        submitted_at=submitted,
        unit_name_snapshot=snapshot.path_label if snapshot else unit.name,
        accepted_at=accepted,
        decision_due=add_months(accepted_on, settings.INITIATIVE_DECISION_MONTHS),
    )
    return initiative


def _colleagues(unit: Unit, officer: User) -> list[Membership]:
    return list(
        Membership.objects.filter(unit=unit, valid_to__isnull=True, user__is_active=True)
        .exclude(user=officer)
        .select_related("user", "unit")
        .order_by("user_id")
    )


# --- rounds -----------------------------------------------------------------------------------


@dataclass
class _Built:
    review_round: ReviewRound
    runner: User
    entries: list[tuple[DossierSpec, RoundEntry]]
    levels: dict[int, float]


def _start_grassroots_round(
    plan: GrassrootsPlan,
    unit: Unit,
    version: RubricVersion,
    clock: _Clock,
    rng: random.Random,
    days: _Days,
    seats: list[tuple[User, str, str]],
    *,
    intake_closes: datetime.date,
    scoring_closes: datetime.date,
) -> _Built:
    """Create the round, seat its council, write and enter its dossiers, declare the planned
    conflict and start the scoring."""
    opened = _ago(plan.opened_ago)
    runner = _officer(unit, Capability.RUN_ROUNDS)
    receiver = _officer(unit, Capability.RECEIVE_INITIATIVES)
    colleagues = _colleagues(unit, receiver)
    accepted_days = sorted(
        opened - datetime.timedelta(days=rng.randint(3, 25)) for _spec in plan.dossiers
    )
    initiatives = [
        _dossier(rng, clock, unit, spec, colleagues, receiver, accepted_on)
        for spec, accepted_on in zip(plan.dossiers, accepted_days, strict=True)
    ]
    review_round = clock.run(
        days.at(opened - datetime.timedelta(days=7)),
        round_create,
        unit=unit,
        actor=runner,
        title=round_title(plan.title, opened),
        purpose=RoundPurpose.RECOGNITION,
        year=opened.year,
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        # Open today (the service takes dossiers only until the intake closes); the planned
        # dates are put back once the dossiers are in.
        intake_closes=timezone.localdate(),
        scoring_closes=max(scoring_closes, timezone.localdate()),
        rubric_version=version,
        forward_quota=plan.forward_quota,
    )
    for offset, (user, role, position) in zip((6, 5, 4, 3, 2, 2), seats, strict=False):
        clock.run(
            days.at(opened - datetime.timedelta(days=offset)),
            council_member_add,
            review_round=review_round,
            user=user,
            role=role,
            position=position,
            actor=runner,
        )
    clock.run(
        days.at(opened), round_transition, review_round=review_round, action="open", actor=runner
    )
    entry_days = sorted(rng.sample(range(1, 16), len(initiatives)))
    entries = []
    for spec, initiative, offset in zip(plan.dossiers, initiatives, entry_days, strict=True):
        entry = clock.run(
            days.at(opened + datetime.timedelta(days=offset)),
            entry_add,
            review_round=review_round,
            initiative=initiative,
            actor=runner,
            notify=False,
        )
        entries.append((spec, entry))
    if plan.declared_conflict is not None:
        index, reason = plan.declared_conflict
        member = review_round.council.order_by("pk")[3]
        clock.run(
            days.at(opened + datetime.timedelta(days=17)),
            conflict_declare,
            entry=entries[index][1],
            member=member,
            reason=reason,
            actor=member.user,
        )
    clock.run(
        days.at(intake_closes + datetime.timedelta(days=1)),
        round_transition,
        review_round=review_round,
        action="start_scoring",
        actor=runner,
        notify=False,
    )
    levels = {}
    for spec, entry in entries:
        levels[entry.pk] = {
            PASS: rng.uniform(0.66, 0.9),
            DISAGREE: 0.76,
            ELIMINATED: 0.45,
            BELOW: 0.38,
            RETURN: 0.58,
        }[spec.fate]
    return _Built(review_round, runner, entries, levels)


def _sheets_in_order(review_round: ReviewRound) -> list[ScoreSheet]:
    return list(
        ScoreSheet.objects.filter(entry__round=review_round)
        .select_related("member__user", "entry")
        .order_by("member_id", "entry_id")
    )


def _submit(
    clock: _Clock,
    rng: random.Random,
    built: _Built,
    sheet: ScoreSheet,
    criteria: list[Criterion],
    seat_index: int,
    moment: datetime.datetime,
    *,
    only: int | None = None,
) -> None:
    fate = next(spec.fate for spec, entry in built.entries if entry.pk == sheet.entry_id)
    scores, overall = draw_scores(
        rng, criteria, built.levels[sheet.entry_id], fate, seat_index, only=only
    )
    clock.run(
        moment,
        sheet_save,
        sheet=sheet,
        actor=sheet.member.user,
        scores=scores,
        overall_comment=overall,
        submit=only is None,
    )
    ScoreSheet.objects.filter(pk=sheet.pk).update(
        updated_at=moment, submitted_at=moment if only is None else None
    )


def _closed_round(
    plan: GrassrootsPlan,
    unit: Unit,
    version: RubricVersion,
    clock: _Clock,
    province_units: list[Unit],
) -> ReviewRound:
    """A grassroots round run from start to decision, dated ``plan.opened_ago`` days back."""
    rng = random.Random(f"{SEED}-{plan.unit_code}")
    days = _Days(rng)
    opened = _ago(plan.opened_ago)
    intake_closes = opened + datetime.timedelta(days=20)
    scoring_closes = opened + datetime.timedelta(days=34)
    decided_on = opened + datetime.timedelta(days=42)
    people = outsiders(
        rng, [u for u in province_units if u.pk != unit.pk], len(CLOSED_COUNCIL), set()
    )
    seats = [
        (m.user, role, seat_position(m)) for m, role in zip(people, CLOSED_COUNCIL, strict=True)
    ]
    built = _start_grassroots_round(
        plan,
        unit,
        version,
        clock,
        rng,
        days,
        seats,
        intake_closes=intake_closes,
        scoring_closes=scoring_closes,
    )
    review_round = built.review_round
    criteria = list(Criterion.objects.filter(version=version).order_by("sort_order", "pk"))
    seat_index = {m.pk: i for i, m in enumerate(review_round.council.order_by("pk"))}
    # Members score independently, each on their own days before the scoring closes.
    planned = []
    for sheet in _sheets_in_order(review_round):
        day = opened + datetime.timedelta(days=rng.randint(22, 33))
        planned.append((day, rng.random(), sheet))
    planned.sort(key=lambda row: (row[0], row[1]))
    for day, _order, sheet in planned:
        _submit(clock, rng, built, sheet, criteria, seat_index[sheet.member_id], days.at(day))
    clock.run(
        days.at(scoring_closes + datetime.timedelta(days=1)),
        round_transition,
        review_round=review_round,
        action="close_scoring",
        actor=built.runner,
    )
    secretary = review_round.council.get(role=CouncilRole.SECRETARY).user
    vote_day = opened + datetime.timedelta(days=38)
    for spec, entry in built.entries:
        votes_for, against, abstain, outcome = draw_votes(rng, entry, spec.fate)
        moment = days.at(vote_day)
        clock.run(
            moment,
            entry_record_vote,
            entry=entry,
            actor=secretary,
            votes_for=votes_for,
            votes_against=against,
            votes_abstain=abstain,
            outcome=outcome,
            reason=spec.reason,
            notify=False,
        )
        RoundEntry.objects.filter(pk=entry.pk).update(vote_recorded_at=moment)
    closed_at = days.at(decided_on)
    decision = clock.run(
        closed_at,
        round_close,
        review_round=review_round,
        actor=built.runner,
        decided_on=timezone.localdate(),
        signer_name=plan.signer_name,
        signer_title=plan.signer_title,
        notify=False,
    )
    _date_decision(decision, decided_on, closed_at)
    ReviewRound.objects.filter(pk=review_round.pk).update(
        period_start=opened,
        period_end=decided_on,
        intake_closes=intake_closes,
        scoring_closes=scoring_closes,
        closed_at=closed_at,
    )
    return review_round


def _date_decision(decision: Decision, decided_on: datetime.date, moment) -> None:
    """Give the decision its planned date and the number it would have had that year (the
    format of ``awards.services.numbering``), wherever the number was written."""
    unit = decision.round.unit
    last = (
        Decision.objects.filter(unit=unit, year=decided_on.year)
        .exclude(pk=decision.pk)
        .aggregate(last=Max("sequence"))["last"]
    )
    last_award = (
        AwardDecision.objects.filter(issuer=unit, year=decided_on.year)
        .exclude(round_decision=decision)
        .aggregate(last=Max("sequence"))["last"]
    )
    sequence = max(last or 0, last_award or 0) + 1
    number = format_decision_number(unit, decided_on.year, sequence)
    Decision.objects.filter(pk=decision.pk).update(
        year=decided_on.year,
        sequence=sequence,
        number=number,
        decided_on=decided_on,
        created_at=moment,
    )
    # The initiative certificates issued with it (``awards.services.honours.round_certificates``)
    # carry the same number and date.
    AwardDecision.objects.filter(round_decision=decision).update(
        year=decided_on.year,
        sequence=sequence,
        number=number,
        decided_on=decided_on,
        created_at=moment,
        issued_at=moment,
    )
    RoundEvent.objects.filter(round=decision.round, action=RoundEventAction.CLOSED).update(
        note=number
    )
    InitiativeTransition.objects.filter(
        initiative__round_entries__round=decision.round, action="recognise", note=decision.number
    ).update(note=number)


def _scoring_round(
    version: RubricVersion, clock: _Clock, province_units: list[Unit], accounts: dict[str, User]
) -> ReviewRound:
    """The grassroots round in scoring: demo accounts in the chair, the secretary's seat and a
    member's seat, some sheets submitted, some in draft, some untouched."""
    plan = SCORING_ROUND
    unit = next(u for u in province_units if u.code == plan.unit_code)
    rng = random.Random(f"{SEED}-{plan.unit_code}")
    days = _Days(rng)
    opened = _ago(plan.opened_ago)
    intake_closes = opened + datetime.timedelta(days=20)
    scoring_closes = timezone.localdate() + datetime.timedelta(days=9)
    experts = outsiders(
        rng,
        [u for u in province_units if u.pk != unit.pk],
        2,
        {user.pk for user in accounts.values()},
    )
    chair, secretary, member = (accounts[e] for e in (CHAIR_EMAIL, SECRETARY_EMAIL, MEMBER_EMAIL))
    seats = [
        (chair, *SEATED_ACCOUNTS[CHAIR_EMAIL]),
        (experts[0].user, CouncilRole.VICE_CHAIR, seat_position(experts[0])),
        (secretary, *SEATED_ACCOUNTS[SECRETARY_EMAIL]),
        (member, *SEATED_ACCOUNTS[MEMBER_EMAIL]),
        (experts[1].user, CouncilRole.MEMBER, seat_position(experts[1])),
    ]
    built = _start_grassroots_round(
        plan,
        unit,
        version,
        clock,
        rng,
        days,
        seats,
        intake_closes=intake_closes,
        scoring_closes=scoring_closes,
    )
    review_round = built.review_round
    criteria = list(Criterion.objects.filter(version=version).order_by("sort_order", "pk"))
    seat_list = list(review_round.council.order_by("pk"))
    planned = []
    for index, seat in enumerate(seat_list):
        key = "expert" if seat.user_id == experts[1].user_id else seat.role
        submitted, drafts = SCORING_PROGRESS[key]
        sheets = list(seat.sheets.select_related("member__user", "entry").order_by("entry_id"))
        for position, sheet in enumerate(sheets[: submitted + drafts]):
            day = intake_closes + datetime.timedelta(days=rng.randint(3, 23))
            only = None if position < submitted else rng.randint(1, len(criteria) - 1)
            planned.append((min(day, _ago(1)), rng.random(), sheet, index, only))
    planned.sort(key=lambda row: (row[0], row[1]))
    for day, _order, sheet, index, only in planned:
        _submit(clock, rng, built, sheet, criteria, index, days.at(day), only=only)
    ReviewRound.objects.filter(pk=review_round.pk).update(
        period_start=opened,
        period_end=scoring_closes + datetime.timedelta(days=10),
        intake_closes=intake_closes,
        scoring_closes=scoring_closes,
    )
    return review_round


def _provincial_round(
    province: Unit,
    version: RubricVersion,
    clock: _Clock,
    province_units: list[Unit],
    closed: list[ReviewRound],
    accounts: dict[str, User],
) -> ReviewRound:
    """The open provincial round: a council being formed and the best dossiers of the closed
    grassroots rounds nominated to it, within each round's quota."""
    rng = random.Random(f"{SEED}-{province.code}")
    days = _Days(rng)
    opened = _ago(PROVINCIAL_OPENED_AGO)
    runner = _officer(province, Capability.RUN_ROUNDS)
    today = timezone.localdate()
    review_round = clock.run(
        days.at(opened - datetime.timedelta(days=8)),
        round_create,
        unit=province,
        actor=runner,
        title=round_title(PROVINCIAL_TITLE, opened),
        purpose=RoundPurpose.NOMINATION,
        year=opened.year,
        period_start=opened,
        period_end=today + datetime.timedelta(days=70),
        intake_closes=today + datetime.timedelta(days=23),
        scoring_closes=today + datetime.timedelta(days=50),
        rubric_version=version,
        forward_quota=3,
    )
    # People from the workplaces that sent no dossier, and the union's representative (a
    # grassroots union chair: her own union's dossiers are hers to stay away from).
    nominating_units = {r.unit_id for r in closed} | {
        u.pk for u in province_units if u.code == SCORING_ROUND.unit_code
    }
    people = outsiders(
        rng,
        [u for u in province_units if u.pk not in nominating_units],
        4,
        {user.pk for user in accounts.values()},
    )
    seats = [
        (m.user, role, seat_position(m))
        for m, role in zip(
            people,
            [CouncilRole.CHAIR, CouncilRole.VICE_CHAIR, CouncilRole.SECRETARY, CouncilRole.MEMBER],
            strict=True,
        )
    ]
    seats.append(
        (
            accounts[SECRETARY_EMAIL],
            CouncilRole.UNION_REPRESENTATIVE,
            SEATED_ACCOUNTS[SECRETARY_EMAIL][1],
        )
    )
    for offset, (user, role, position) in zip((6, 5, 5, 4, 3), seats, strict=True):
        clock.run(
            days.at(opened - datetime.timedelta(days=offset)),
            council_member_add,
            review_round=review_round,
            user=user,
            role=role,
            position=position,
            actor=runner,
        )
    clock.run(
        days.at(opened), round_transition, review_round=review_round, action="open", actor=runner
    )
    plans = {plan.unit_code: plan for plan in CLOSED_ROUNDS}
    nominations = []
    for source in closed:
        results = round_results(source)
        recognised = sorted(
            source.entries.filter(outcome=Outcome.RECOGNISED),
            key=lambda e: (-results[e.pk].total.mean, e.pk),
        )
        nominations += [(source, entry) for entry in recognised[: plans[source.unit.code].nominate]]
    nomination_days = sorted(rng.sample(range(5, PROVINCIAL_OPENED_AGO - 4), len(nominations)))
    for (source, entry), ago in zip(nominations, reversed(nomination_days), strict=True):
        clock.run(
            days.at(_ago(ago)),
            entry_nominate,
            entry=entry,
            target=review_round,
            actor=_officer(source.unit, Capability.RUN_ROUNDS),
        )
    return review_round


def _national_round(nation: Unit, version: RubricVersion, clock: _Clock) -> ReviewRound:
    rng = random.Random(f"{SEED}-{nation.code}")
    today = timezone.localdate()
    return clock.run(
        _Days(rng).at(_ago(6)),
        round_create,
        unit=nation,
        actor=_officer(nation, Capability.RUN_ROUNDS),
        title=round_title(NATIONAL_TITLE, today),
        purpose=RoundPurpose.AWARD,
        year=today.year,
        period_start=today + datetime.timedelta(days=40),
        period_end=today + datetime.timedelta(days=220),
        intake_closes=today + datetime.timedelta(days=120),
        scoring_closes=today + datetime.timedelta(days=165),
        rubric_version=version,
        forward_quota=None,
    )


def _finish(round_ids: list[int], versions: list[tuple[RubricVersion, bool]]) -> None:
    """Last touches of the dates: each dossier and round was last changed at its latest
    recorded step, and a rubric first frozen now was frozen by the first sheet saved."""
    last_transition = InitiativeTransition.objects.filter(initiative=OuterRef("pk")).order_by("-at")
    dossiers = Initiative.objects.filter(round_entries__round_id__in=round_ids).distinct()
    Initiative.objects.filter(pk__in=dossiers.values("pk")).update(
        updated_at=Subquery(last_transition.values("at")[:1])
    )
    last_event = RoundEvent.objects.filter(round=OuterRef("pk")).order_by("-at")
    first_event = RoundEvent.objects.filter(round=OuterRef("pk")).order_by("at")
    ReviewRound.objects.filter(pk__in=round_ids).update(
        created_at=Subquery(first_event.values("at")[:1]),
        updated_at=Subquery(last_event.values("at")[:1]),
    )
    for version, was_frozen in versions:
        first_sheet = (
            ScoreSheet.objects.filter(rubric_version=version, scores__points__isnull=False)
            .order_by("updated_at")
            .values_list("updated_at", flat=True)
            .first()
        )
        if not was_frozen and first_sheet is not None:
            RubricVersion.objects.filter(pk=version.pk).update(frozen_at=first_sheet)


def _renumber(round_ids: list[int]) -> None:
    """Receipt numbers of the new dossiers in the year they were (planned to be) accepted."""
    accepted = list(
        Initiative.objects.filter(
            round_entries__round_id__in=round_ids, round_entries__nominated_from__isnull=True
        ).distinct()
    )
    for initiative in accepted:
        initiative.receipt_year = timezone.localdate(initiative.accepted_at).year
    _renumber_receipts(accepted)
    Initiative.objects.bulk_update(accepted, ["receipt_year", "receipt_sequence", "receipt_number"])


@transaction.atomic
def seed_reviews() -> bool:
    """Add the demo review rounds that are missing. Returns whether anything was added;
    without the demo federation (``emulation.demo``) it does nothing."""
    province = Unit.objects.filter(code=PROVINCE, is_active=True).first()
    nation = Unit.objects.filter(code=NATION, is_active=True).first()
    accounts = {
        user.email: user
        for user in User.objects.filter(email__in=list(SEATED_ACCOUNTS), is_active=True)
    }
    if province is None or nation is None or len(accounts) < len(SEATED_ACCOUNTS):
        return False
    province_units = list(
        Unit.objects.filter(
            path__startswith=province.path, kind__in=GRASSROOTS_KINDS, is_active=True
        ).order_by("code")
    )
    by_code = {unit.code: unit for unit in province_units}
    plans = [*CLOSED_ROUNDS, SCORING_ROUND]
    if any(plan.unit_code not in by_code for plan in plans):
        return False

    with translation.override(settings.LANGUAGE_CODE):
        clock = _Clock()
        grassroots, created = _rubric(
            GRASSROOTS_RUBRIC,
            GRASSROOTS_CRITERIA,
            50,
            "Dùng cho hội đồng sáng kiến cơ sở: tổng 100 điểm, đạt từ 50 điểm; tiêu chí tính "
            "mới là tiêu chí loại.",
        )
        provincial, created_too = _rubric(
            PROVINCIAL_RUBRIC,
            PROVINCIAL_CRITERIA,
            70,
            "Dùng cho hội đồng xét chọn sáng kiến tiêu biểu cấp tỉnh: tổng 100 điểm, đạt từ 70 "
            "điểm.",
        )
        changed = created or created_too
        was_frozen = grassroots.frozen_at is not None
        new_rounds: list[int] = []
        closed = []
        for plan in CLOSED_ROUNDS:
            unit = by_code[plan.unit_code]
            if _built(plan, unit):
                existing = (
                    ReviewRound.objects.filter(
                        entries__initiative__unit=unit,
                        entries__initiative__title=title_of(plan.dossiers[0]),
                        status=R.CLOSED,
                    )
                    .select_related("unit")
                    .first()
                )
                if existing is not None:
                    closed.append(existing)
                continue
            review_round = _closed_round(plan, unit, grassroots, clock, province_units)
            closed.append(ReviewRound.objects.select_related("unit").get(pk=review_round.pk))
            new_rounds.append(review_round.pk)
        if not _built(SCORING_ROUND, by_code[SCORING_ROUND.unit_code]):
            new_rounds.append(_scoring_round(grassroots, clock, province_units, accounts).pk)
        if not ReviewRound.objects.filter(unit=province, purpose=RoundPurpose.NOMINATION).exists():
            new_rounds.append(
                _provincial_round(province, provincial, clock, province_units, closed, accounts).pk
            )
        if not ReviewRound.objects.filter(unit=nation, purpose=RoundPurpose.AWARD).exists():
            new_rounds.append(_national_round(nation, provincial, clock).pk)
        if new_rounds:
            _renumber(new_rounds)
            _finish(new_rounds, [(grassroots, was_frozen)])
            # The rubrics the rounds used were there before the first of them.
            since = timezone.make_aware(
                datetime.datetime.combine(
                    _ago(CLOSED_ROUNDS[0].opened_ago + 30), datetime.time(8, 30)
                )
            )
            versions = [grassroots.pk, provincial.pk]
            RubricVersion.objects.filter(pk__in=versions, created_at__gt=since).update(
                created_at=since
            )
            Rubric.objects.filter(versions__in=versions, created_at__gt=since).update(
                created_at=since
            )
    return changed or bool(new_rounds)
