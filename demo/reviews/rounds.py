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

Every dossier of these rounds is written here (texts composed with ``demo.dossiers.texts``),
and every step goes through the real services with an actor who holds the permission on the
day: the dossier's authors and the unit's officer, the council members for their sheets, the
secretary for the votes. Each step is taken at its planned moment of the demo clock
(``demo.clock``), as if the rounds had run over the last year and a half: the services stamp
what they record then, check their dates against that day and number the decisions
themselves. The rounds are driven by ``demo.builders.rounds.RoundDriver``, as the tests' round
factories drive theirs.

Past events are not news: every service is called with ``notify=False``, so nobody gets an
in-app notification or an e-mail. The step is idempotent: a round whose first dossier already
exists at its unit is not built again.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation

from accounts.models import User
from awards.enums import CouncilRole, Outcome, RoundPurpose, RoundStatus
from awards.models import Criterion, ReviewRound, RoundEntry, Rubric, RubricVersion, ScoreSheet
from awards.selectors.scores import round_results
from awards.services import CriterionData, rubric_create
from demo.accounts import DEMO_MEMBER_EMAIL
from demo.builders.rounds import RoundDriver, Seat, Vote
from demo.clock import DemoClock, Timeline, WorkingDays
from demo.dossiers.texts import compose_values, draw_authors
from demo.dossiers.topics import Topic
from demo.employers_fallback import demo_employer
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
from initiatives.models import Initiative
from initiatives.services import initiative_save_draft, initiative_transition
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.models import Membership, Unit
from unions.selectors import nearest_holders

R = RoundStatus

# --- helpers --------------------------------------------------------------------------------


def _rubric(
    name: str,
    criteria: list[CriterionData],
    threshold: int,
    description: str,
    clock: DemoClock,
    since: datetime.datetime,
) -> tuple[RubricVersion, bool]:
    """(latest version of the shared rubric ``name``, whether it was created now, at
    ``since``)."""
    version = (
        RubricVersion.objects.filter(rubric__name=name, rubric__unit__isnull=True)
        .order_by("-number")
        .first()
    )
    if version is not None:
        return version, False
    version = clock.run(
        since,
        rubric_create,
        name=name,
        unit=None,
        description=description,
        pass_threshold=Decimal(threshold),
        criteria=criteria,
        actor=None,
    )
    return version, True


def _built(plan: GrassrootsPlan, unit: Unit) -> bool:
    return Initiative.objects.filter(unit=unit, title=title_of(plan.dossiers[0])).exists()


# --- dossiers -------------------------------------------------------------------------------


def _dossier(
    timeline: Timeline,
    rng: random.Random,
    clock: DemoClock,
    unit: Unit,
    spec: DossierSpec,
    colleagues: list[Membership],
    accepted_on: datetime.date,
) -> dict[str, Initiative]:
    """Put on ``timeline`` one dossier written, submitted and accepted through the services,
    each on its day; the dossier is under ``"initiative"`` once the timeline has run."""
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
    days = WorkingDays(rng)
    created, submitted, accepted = (days.at(d) for d in (created_on, submitted_on, accepted_on))
    dossier: dict[str, Initiative] = {}

    def write(moment: datetime.datetime) -> None:
        dossier["initiative"] = clock.run(
            moment,
            initiative_save_draft,
            actor=first.user,
            unit=unit,
            values=values,
            authors=authors,
        )

    def act(action: str):
        def step(moment: datetime.datetime) -> None:
            actor = first.user
            if action == "accept":
                actor = clock.officer(unit, Capability.RECEIVE_INITIATIVES, moment)
            dossier["initiative"] = clock.run(
                moment,
                initiative_transition,
                initiative=dossier["initiative"],
                action=action,
                actor=actor,
                notify=False,
            )

        return step

    timeline.add(created, write)
    timeline.add(submitted, act("submit"))
    timeline.add(accepted, act("accept"))
    return dossier


def _colleagues(unit: Unit, officer: User | None) -> list[Membership]:
    return list(
        Membership.objects.filter(unit=unit, valid_to__isnull=True, user__is_active=True)
        .exclude(user=officer)
        .select_related("user", "unit")
        .order_by("user_id")
    )


# --- rounds -----------------------------------------------------------------------------------


@dataclass
class _Built:
    driver: RoundDriver
    entries: list[tuple[DossierSpec, RoundEntry]]
    levels: dict[int, float]

    @property
    def review_round(self) -> ReviewRound:
        return self.driver.round


def _start_grassroots_round(
    plan: GrassrootsPlan,
    unit: Unit,
    version: RubricVersion,
    clock: DemoClock,
    rng: random.Random,
    days: WorkingDays,
    seats: list[Seat],
    *,
    intake_closes: datetime.date,
    scoring_closes: datetime.date,
    period_end: datetime.date,
) -> _Built:
    """Write and accept the round's dossiers, create the round, seat its council, open it,
    enter the dossiers, declare the planned conflict and start the scoring."""
    opened = clock.ago(plan.opened_ago)
    # The unit's officer today receives no dossier of his own union's rounds as an author.
    receiver = nearest_holders(unit, Capability.RECEIVE_INITIATIVES).order_by("pk").first()
    colleagues = _colleagues(unit, receiver)
    accepted_days = sorted(
        opened - datetime.timedelta(days=rng.randint(3, 25)) for _spec in plan.dossiers
    )
    # The dossiers are written side by side, so the unit numbers its receipts in the order it
    # accepted them.
    timeline = Timeline()
    dossiers = [
        _dossier(timeline, rng, clock, unit, spec, colleagues, accepted_on)
        for spec, accepted_on in zip(plan.dossiers, accepted_days, strict=True)
    ]
    timeline.run()
    initiatives = [dossier["initiative"] for dossier in dossiers]
    created = days.at(opened - datetime.timedelta(days=7))
    employer = demo_employer(unit, plan.signer_name, plan.signer_title)
    driver = RoundDriver.create(
        unit=unit,
        runner=clock.officer(unit, Capability.RUN_ROUNDS, created),
        clock=clock,
        notify=False,
        at=created,
        title=round_title(plan.title, opened),
        purpose=RoundPurpose.RECOGNITION,
        employer=employer,
        year=opened.year,
        period_start=opened,
        period_end=period_end,
        intake_closes=intake_closes,
        scoring_closes=scoring_closes,
        rubric_version=version,
        forward_quota=plan.forward_quota,
    )
    for offset, seat in zip((6, 5, 4, 3, 2, 2), seats, strict=False):
        driver.seat(seat, at=days.at(opened - datetime.timedelta(days=offset)))
    driver.open(at=days.at(opened))
    entry_days = sorted(rng.sample(range(1, 16), len(initiatives)))
    entries = [
        (spec, driver.enter(initiative, at=days.at(opened + datetime.timedelta(days=offset))))
        for spec, initiative, offset in zip(plan.dossiers, initiatives, entry_days, strict=True)
    ]
    if plan.declared_conflict is not None:
        index, reason = plan.declared_conflict
        member = driver.round.council.order_by("pk")[3]
        driver.declare_conflict(
            entries[index][1], member, reason, at=days.at(opened + datetime.timedelta(days=17))
        )
    driver.start_scoring(at=days.at(intake_closes + datetime.timedelta(days=1)))
    levels = {}
    for spec, entry in entries:
        levels[entry.pk] = {
            PASS: rng.uniform(0.66, 0.9),
            DISAGREE: 0.76,
            ELIMINATED: 0.45,
            BELOW: 0.38,
            RETURN: 0.58,
        }[spec.fate]
    return _Built(driver, entries, levels)


def _sheets_in_order(review_round: ReviewRound) -> list[ScoreSheet]:
    return list(
        ScoreSheet.objects.filter(entry__round=review_round)
        .select_related("member__user", "entry")
        .order_by("member_id", "entry_id")
    )


def _submit(
    rng: random.Random,
    built: _Built,
    sheet: ScoreSheet,
    criteria: list[Criterion],
    seat_index: int,
    moment: datetime.datetime,
    *,
    only: int | None = None,
) -> None:
    """The member scores the sheet at ``moment``: submitted, or a draft with the first
    ``only`` criteria scored."""
    fate = next(spec.fate for spec, entry in built.entries if entry.pk == sheet.entry_id)
    scores, overall = draw_scores(
        rng, criteria, built.levels[sheet.entry_id], fate, seat_index, only=only
    )
    built.driver.score(sheet, scores, overall_comment=overall, submit=only is None, at=moment)


def _closed_round(
    plan: GrassrootsPlan,
    unit: Unit,
    version: RubricVersion,
    clock: DemoClock,
    province_units: list[Unit],
) -> ReviewRound:
    """A grassroots round run from start to decision, opened ``plan.opened_ago`` days back."""
    rng = random.Random(f"{SEED}-{plan.unit_code}")
    days = WorkingDays(rng)
    opened = clock.ago(plan.opened_ago)
    intake_closes = opened + datetime.timedelta(days=20)
    scoring_closes = opened + datetime.timedelta(days=34)
    decided_on = opened + datetime.timedelta(days=42)
    people = outsiders(
        rng, [u for u in province_units if u.pk != unit.pk], len(CLOSED_COUNCIL), set()
    )
    seats = [
        Seat(m.user, role, seat_position(m)) for m, role in zip(people, CLOSED_COUNCIL, strict=True)
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
        period_end=decided_on,
    )
    driver = built.driver
    criteria = list(Criterion.objects.filter(version=version).order_by("sort_order", "pk"))
    seat_index = {m.pk: i for i, m in enumerate(driver.round.council.order_by("pk"))}
    # Members score independently, each on their own days before the scoring closes.
    planned = []
    for sheet in _sheets_in_order(driver.round):
        day = opened + datetime.timedelta(days=rng.randint(22, 33))
        planned.append((day, rng.random(), sheet))
    planned.sort(key=lambda row: (row[0], row[1]))
    for day, _order, sheet in planned:
        _submit(rng, built, sheet, criteria, seat_index[sheet.member_id], days.at(day))
    driver.close_scoring(at=days.at(scoring_closes + datetime.timedelta(days=1)))
    secretary = driver.round.council.get(role=CouncilRole.SECRETARY).user
    vote_day = opened + datetime.timedelta(days=38)
    for spec, entry in built.entries:
        votes_for, against, abstain, outcome = draw_votes(rng, entry, spec.fate)
        driver.vote(
            entry,
            Vote(outcome, votes_for, against, abstain, spec.reason),
            actor=secretary,
            at=days.at(vote_day),
        )
    # The decision is the employer's, signed by its head (Decree 13/2012/NĐ-CP Art. 7).
    employer = driver.round.employer
    driver.close(
        signer_name=employer.head_name or plan.signer_name,
        signer_title=employer.head_title or plan.signer_title,
        at=days.at(decided_on),
    )
    return driver.reload()


def _scoring_round(
    version: RubricVersion,
    clock: DemoClock,
    province_units: list[Unit],
    accounts: dict[str, User],
) -> ReviewRound:
    """The grassroots round in scoring: demo accounts in the chair, the secretary's seat and a
    member's seat, some sheets submitted, some in draft, some untouched."""
    plan = SCORING_ROUND
    unit = next(u for u in province_units if u.code == plan.unit_code)
    rng = random.Random(f"{SEED}-{plan.unit_code}")
    days = WorkingDays(rng)
    opened = clock.ago(plan.opened_ago)
    intake_closes = opened + datetime.timedelta(days=20)
    scoring_closes = clock.today + datetime.timedelta(days=9)
    experts = outsiders(
        rng,
        [u for u in province_units if u.pk != unit.pk],
        2,
        {user.pk for user in accounts.values()},
    )
    chair, secretary, member = (accounts[e] for e in (CHAIR_EMAIL, SECRETARY_EMAIL, MEMBER_EMAIL))
    seats = [
        Seat(chair, *SEATED_ACCOUNTS[CHAIR_EMAIL]),
        Seat(experts[0].user, CouncilRole.VICE_CHAIR, seat_position(experts[0])),
        Seat(secretary, *SEATED_ACCOUNTS[SECRETARY_EMAIL]),
        Seat(member, *SEATED_ACCOUNTS[MEMBER_EMAIL]),
        # The base council's union representative (Circular 18/2013/TT-BKHCN Art. 8.1).
        Seat(experts[1].user, CouncilRole.UNION_REPRESENTATIVE, seat_position(experts[1])),
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
        period_end=scoring_closes + datetime.timedelta(days=10),
    )
    criteria = list(Criterion.objects.filter(version=version).order_by("sort_order", "pk"))
    seat_list = list(built.review_round.council.order_by("pk"))
    planned = []
    for index, seat in enumerate(seat_list):
        key = "expert" if seat.user_id == experts[1].user_id else seat.role
        submitted, drafts = SCORING_PROGRESS[key]
        sheets = list(seat.sheets.select_related("member__user", "entry").order_by("entry_id"))
        for position, sheet in enumerate(sheets[: submitted + drafts]):
            day = intake_closes + datetime.timedelta(days=rng.randint(3, 23))
            only = None if position < submitted else rng.randint(1, len(criteria) - 1)
            planned.append((min(day, clock.ago(1)), rng.random(), sheet, index, only))
    planned.sort(key=lambda row: (row[0], row[1]))
    for day, _order, sheet, index, only in planned:
        _submit(rng, built, sheet, criteria, index, days.at(day), only=only)
    return built.driver.reload()


def _provincial_round(
    province: Unit,
    version: RubricVersion,
    clock: DemoClock,
    province_units: list[Unit],
    closed: list[ReviewRound],
    accounts: dict[str, User],
) -> ReviewRound:
    """The open provincial round: a council being formed and the best dossiers of the closed
    grassroots rounds nominated to it, within each round's quota."""
    rng = random.Random(f"{SEED}-{province.code}")
    days = WorkingDays(rng)
    opened = clock.ago(PROVINCIAL_OPENED_AGO)
    today = clock.today
    created = days.at(opened - datetime.timedelta(days=8))
    driver = RoundDriver.create(
        unit=province,
        runner=clock.officer(province, Capability.RUN_ROUNDS, created),
        clock=clock,
        notify=False,
        at=created,
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
        Seat(m.user, role, seat_position(m))
        for m, role in zip(
            people,
            [CouncilRole.CHAIR, CouncilRole.VICE_CHAIR, CouncilRole.SECRETARY, CouncilRole.MEMBER],
            strict=True,
        )
    ]
    seats.append(
        Seat(
            accounts[SECRETARY_EMAIL],
            CouncilRole.UNION_REPRESENTATIVE,
            SEATED_ACCOUNTS[SECRETARY_EMAIL][1],
        )
    )
    for offset, seat in zip((6, 5, 5, 4, 3), seats, strict=True):
        driver.seat(seat, at=days.at(opened - datetime.timedelta(days=offset)))
    driver.open(at=days.at(opened))
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
        moment = days.at(clock.ago(ago))
        driver.nominate(
            entry, actor=clock.officer(source.unit, Capability.RUN_ROUNDS, moment), at=moment
        )
    return driver.reload()


def _national_round(nation: Unit, version: RubricVersion, clock: DemoClock) -> ReviewRound:
    rng = random.Random(f"{SEED}-{nation.code}")
    today = clock.today
    created = WorkingDays(rng).at(clock.ago(6))
    return RoundDriver.create(
        unit=nation,
        runner=clock.officer(nation, Capability.RUN_ROUNDS, created),
        clock=clock,
        notify=False,
        at=created,
        title=round_title(NATIONAL_TITLE, today),
        purpose=RoundPurpose.AWARD,
        year=today.year,
        period_start=today + datetime.timedelta(days=40),
        period_end=today + datetime.timedelta(days=220),
        intake_closes=today + datetime.timedelta(days=120),
        scoring_closes=today + datetime.timedelta(days=165),
        rubric_version=version,
        forward_quota=None,
    ).round


def _rubrics_there_before(since: datetime.datetime, versions: list[RubricVersion]) -> None:
    """The rubrics the rounds used were there before the first of them. The data migration
    ``awards/0002_seed_rubrics`` made them when the database was created, which no clock of
    the demo can move: the one row the demo dates back (demo data only)."""
    ids = [version.pk for version in versions]
    RubricVersion.objects.filter(pk__in=ids, created_at__gt=since).update(created_at=since)
    Rubric.objects.filter(versions__in=ids, created_at__gt=since).update(created_at=since)


@transaction.atomic
def seed_reviews() -> bool:
    """Add the demo review rounds that are missing. Returns whether anything was added;
    without the demo federation (``demo.federation``) it does nothing."""
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
        clock = DemoClock()
        # The rubrics come a month before the first round.
        since = clock.moment(clock.ago(CLOSED_ROUNDS[0].opened_ago + 30), 8, 30)
        grassroots, created = _rubric(
            GRASSROOTS_RUBRIC,
            GRASSROOTS_CRITERIA,
            50,
            "Dùng cho hội đồng sáng kiến cơ sở: tổng 100 điểm, đạt từ 50 điểm; tiêu chí tính "
            "mới là tiêu chí loại.",
            clock,
            since,
        )
        provincial, created_too = _rubric(
            PROVINCIAL_RUBRIC,
            PROVINCIAL_CRITERIA,
            70,
            "Dùng cho hội đồng xét chọn sáng kiến tiêu biểu cấp tỉnh: tổng 100 điểm, đạt từ 70 "
            "điểm.",
            clock,
            since,
        )
        changed = created or created_too
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
            closed.append(review_round)
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
            _rubrics_there_before(since, [grassroots, provincial])
    return changed or bool(new_rounds)
