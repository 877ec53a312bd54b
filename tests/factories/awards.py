"""Rubrics, review rounds and councils built through the real services, and rounds driven to
any status with their score sheets filled in.

Everything here goes through ``awards.services`` (and ``initiatives.services`` for the
dossiers), so a round made by these helpers is one the application could have made itself:
history rows, conflicts, frozen rubric versions and dossier statuses included. Each step of a
round is taken by ``demo.builders.rounds.RoundDriver`` and each award decision made by
``demo.builders.awards.award_decision_build``, the builders the demo's rounds and awards use
too; this module adds the people, dossiers and default values tests need.

Quick reference::

    version = make_rubric()                      # novelty 30, applicability 30, benefit 40
    review_round = make_round(tree.grassroots_a1x)   # a draft; its creator is a new officer
    council = make_council(review_round, members=2)  # chair, secretary and two members
    entry = enter(review_round, accepted_dossier(tree.grassroots_a1x))

    setup = make_round_in(RoundStatus.DELIBERATION, tree.grassroots_a1x, dossiers=2)
    setup.round, setup.officer, setup.chair, setup.secretary, setup.members, setup.entries
    score(setup.sheet(entry, setup.members[0]), [25, 20, 30])

Objects returned are read back from the database, so cached permission answers (the rules
cache a round's seats on the round object) never leak from one step into the next; call
``setup.reload()`` for a fresh copy after changing the round yourself.
"""

import datetime
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from awards.enums import AssignmentMode, CouncilRole, Outcome, RoundPurpose, RoundStatus
from awards.models import (
    AwardType,
    CouncilMember,
    Criterion,
    Decision,
    ReviewRound,
    RoundEntry,
    RubricVersion,
    ScoreSheet,
)
from awards.selectors.recognitions import employers_under
from awards.services import CriterionData, ScoreData, rubric_create
from demo.builders.awards import PersonRecipient, award_decision_build
from demo.builders.rounds import RoundDriver, Seat, Vote
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from tests.factories.accounts import UserFactory
from tests.factories.employers import make_employer
from tests.factories.emulation import MembershipFactory
from tests.factories.initiatives import make_initiative, unit_officer
from unions.enums import GRASSROOTS_KINDS
from unions.models import Employer, EmployerUnion, Unit

_numbers = itertools.count(1)

R = RoundStatus

# The common shape of a grassroots rubric: novelty 30 (banded), applicability 30, benefit 40.
DEFAULT_CRITERIA: tuple[CriterionData, ...] = (
    CriterionData(
        name="Tính mới",
        max_points=Decimal(30),
        guidance="So với quy trình đang áp dụng tại đơn vị.",
        bands=(
            (Decimal(27), Decimal(30), "Hoàn toàn mới"),
            (Decimal(16), Decimal(26), "Cải tiến đáng kể"),
            (Decimal(1), Decimal(15), "Cải tiến nhỏ"),
            (Decimal(0), Decimal(0), "Không có tính mới"),
        ),
    ),
    CriterionData(name="Khả năng áp dụng", max_points=Decimal(30)),
    CriterionData(name="Hiệu quả, lợi ích", max_points=Decimal(40)),
)
# Points a member gives on each default criterion unless told otherwise: 80 of 100, a pass.
DEFAULT_POINTS: tuple[int, ...] = (25, 25, 30)
DEFAULT_THRESHOLD = Decimal(50)


# --- rubrics -------------------------------------------------------------------------------


def make_rubric(
    *,
    unit: Unit | None = None,
    criteria: Sequence[CriterionData] = DEFAULT_CRITERIA,
    pass_threshold: Decimal | int = DEFAULT_THRESHOLD,
    name: str | None = None,
) -> RubricVersion:
    """Version 1 of a new rubric (shared by every unit when ``unit`` is None), seeded as the
    system (no actor, so no permission is needed)."""
    return rubric_create(
        name=name or f"Thang điểm sáng kiến {next(_numbers)}",
        unit=unit,
        pass_threshold=Decimal(pass_threshold),
        criteria=list(criteria),
        actor=None,
    )


def criteria_of(version: RubricVersion) -> list[Criterion]:
    """The version's criteria in the order members score them."""
    return list(Criterion.objects.filter(version=version).order_by("sort_order", "pk"))


# --- rounds, councils, dossiers ------------------------------------------------------------


def round_values(**overrides) -> dict:
    """Valid values for ``round_create``: this year, intake open for two more weeks, scoring
    closing in six; a new default rubric unless ``rubric_version`` is given."""
    today = timezone.localdate()
    values = {
        "title": f"Xét công nhận sáng kiến đợt {next(_numbers)} năm {today.year}",
        "purpose": RoundPurpose.RECOGNITION,
        "year": today.year,
        "period_start": datetime.date(today.year, 1, 1),
        "period_end": datetime.date(today.year, 12, 31),
        "intake_closes": today + datetime.timedelta(days=14),
        "scoring_closes": today + datetime.timedelta(days=45),
        "assignment_mode": AssignmentMode.EVERYONE,
        "forward_quota": None,
    }
    values.update(overrides)
    if "rubric_version" not in values:
        values["rubric_version"] = make_rubric()
    return values


def make_round(unit: Unit, *, officer: User | None = None, **values) -> ReviewRound:
    """A draft round at ``unit`` created by ``officer`` (a new officer of the unit by default;
    it is ``review_round.created_by``). ``values`` override ``round_values``."""
    officer = officer or unit_officer(unit)
    values = round_values(**values)
    if values["purpose"] == RoundPurpose.RECOGNITION and "employer" not in values:
        values["employer"] = round_employer(unit)
    return RoundDriver.create(unit=unit, runner=officer, **values).reload()


def round_employer(unit: Unit) -> Employer:
    """The employer whose council a recognition round at ``unit`` is: one under the unit, or a
    new one at the unit that mirrors it (same code and name), so that a round's decision reads
    as the unit's did before employers (tests of employers make their own)."""
    found = employers_under(unit).first()
    if found is not None:
        return found
    grassroots = unit.kind in GRASSROOTS_KINDS
    employer = make_employer(*([unit] if grassroots else []), name=unit.name)
    if not grassroots:  # the service links grassroots unions only; a round above needs one too
        EmployerUnion.objects.create(employer=employer, unit=unit, valid_from=unit.valid_from)
    Employer.objects.filter(pk=employer.pk).update(code=unit.code)
    employer.refresh_from_db()
    return employer


def seat(
    review_round: ReviewRound,
    *,
    role: str = CouncilRole.MEMBER,
    user: User | None = None,
    actor: User | None = None,
    position: str = "",
) -> CouncilMember:
    """Seat ``user`` (a new person by default) on the council, as ``actor`` (the round's
    creator by default)."""
    return RoundDriver(review_round, runner=actor).seat(
        Seat(user=user or UserFactory(), role=role, position=position or "Phó Giám đốc kỹ thuật")
    )


@dataclass
class Council:
    chair: CouncilMember
    secretary: CouncilMember
    members: list[CouncilMember]

    @property
    def seats(self) -> list[CouncilMember]:
        return [self.chair, self.secretary, *self.members]


def make_council(
    review_round: ReviewRound, *, members: int = 1, actor: User | None = None
) -> Council:
    """A chair, a secretary and ``members`` other members, each a new person with no
    membership anywhere (so no automatic conflict). In a recognition round the first of the
    other members is the union representative a base council needs before scoring."""
    roles = [CouncilRole.MEMBER] * members
    if roles and review_round.purpose == RoundPurpose.RECOGNITION:
        roles[0] = CouncilRole.UNION_REPRESENTATIVE
    return Council(
        chair=seat(review_round, role=CouncilRole.CHAIR, actor=actor),
        secretary=seat(review_round, role=CouncilRole.SECRETARY, actor=actor),
        members=[seat(review_round, role=role, actor=actor) for role in roles],
    )


def member_of(unit: Unit, **fields) -> User:
    """A new person with a current membership of the grassroots ``unit``."""
    person = UserFactory(**fields)
    MembershipFactory(user=person, unit=unit)
    return person


def accepted_dossier(
    unit: Unit, *, author: User | None = None, officer: User | None = None, **fields
) -> Initiative:
    """An accepted dossier at ``unit`` by ``author`` (a new member of the unit by default),
    received by ``officer`` (a new officer of the unit by default)."""
    author = author or member_of(unit)
    return make_initiative(unit, author, InitiativeStatus.ACCEPTED, officer=officer, **fields)


def enter(
    review_round: ReviewRound, initiative: Initiative, *, actor: User | None = None
) -> RoundEntry:
    """Bring ``initiative`` into the recognition round (it goes under review)."""
    return RoundDriver(review_round, runner=actor).enter(initiative)


# --- scoring and deciding ------------------------------------------------------------------

Points = Sequence[Decimal | int | str | None] | dict[str, Decimal | int | str | None]


def score_data(version: RubricVersion, points: Points) -> dict[int, ScoreData]:
    """``sheet_save``'s ``scores`` argument: ``points`` in the order of the criteria, or by
    criterion name. None leaves a criterion blank."""
    criteria = criteria_of(version)
    if isinstance(points, dict):
        by_name = {c.name: c for c in criteria}
        return {by_name[name].pk: ScoreData(points=value) for name, value in points.items()}
    return {c.pk: ScoreData(points=value) for c, value in zip(criteria, points, strict=False)}


def score(
    sheet: ScoreSheet,
    points: Points = DEFAULT_POINTS,
    *,
    submit: bool = True,
    comment: str = "",
) -> ScoreSheet:
    """Fill in ``sheet`` as its member and submit it (or keep it a draft)."""
    sheet = ScoreSheet.objects.select_related("entry__round").get(pk=sheet.pk)
    return RoundDriver(sheet.entry.round).score(
        sheet, score_data(sheet.rubric_version, points), overall_comment=comment, submit=submit
    )


def record_vote(
    entry: RoundEntry,
    outcome: str = Outcome.RECOGNISED,
    *,
    actor: User | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int = 0,
    reason: str = "",
) -> RoundEntry:
    """Record the council's vote on ``entry`` as ``actor`` (the round's creator by default).

    Without counts: a recognition is voted by the whole unconflicted council, any other
    outcome by nobody in favour. Reasons are filled in where the outcome needs them."""
    entry = RoundEntry.objects.select_related("round").get(pk=entry.pk)
    if not reason and outcome != Outcome.RECOGNISED:
        reason = "Giải pháp chưa chứng minh được hiệu quả kinh tế."
    vote = Vote(outcome, votes_for, votes_against, votes_abstain, reason)
    return RoundDriver(entry.round, runner=actor).vote(entry, vote)


def close(review_round: ReviewRound, *, actor: User | None = None) -> Decision:
    """Close the round in deliberation with a decision dated today."""
    return RoundDriver(review_round, runner=actor).close(
        signer_name="Trần Thị Hoa", signer_title="Chủ tịch Công đoàn"
    )


# --- a round brought to a given status -----------------------------------------------------


@dataclass
class RoundSetup:
    """A round and the people and dossiers in it, as ``make_round_in`` left them."""

    round: ReviewRound
    officer: User
    council: Council
    entries: list[RoundEntry]
    initiatives: list[Initiative] = field(default_factory=list)
    decision: Decision | None = None

    @property
    def chair(self) -> CouncilMember:
        return self.council.chair

    @property
    def secretary(self) -> CouncilMember:
        return self.council.secretary

    @property
    def members(self) -> list[CouncilMember]:
        return self.council.members

    @property
    def seats(self) -> list[CouncilMember]:
        return self.council.seats

    @property
    def entry(self) -> RoundEntry:
        """The first dossier of the round."""
        return self.entries[0]

    def reload(self) -> ReviewRound:
        """Fresh copies of the round (no cached seats or conflicts), its entries and their
        dossiers, after the services changed them; returns the round."""
        self.round = ReviewRound.objects.select_related("unit").get(pk=self.round.pk)
        self.entries = [RoundEntry.objects.get(pk=e.pk) for e in self.entries]
        self.initiatives = [Initiative.objects.get(pk=e.initiative_id) for e in self.entries]
        return self.round

    def sheet(self, entry: RoundEntry, member: CouncilMember) -> ScoreSheet:
        return ScoreSheet.objects.get(entry=entry, member=member)

    def sheets(self, entry: RoundEntry | None = None) -> list[ScoreSheet]:
        rows = ScoreSheet.objects.filter(entry__round=self.round)
        if entry is not None:
            rows = rows.filter(entry=entry)
        return list(rows.order_by("entry_id", "member_id"))


ORDER = [R.DRAFT, R.OPEN, R.SCORING, R.DELIBERATION, R.CLOSED]


def make_round_in(
    status: str,
    unit: Unit,
    *,
    dossiers: int | Sequence[Initiative] = 1,
    dossier_unit: Unit | None = None,
    members: int = 1,
    officer: User | None = None,
    points: Points | Callable[[RoundEntry, CouncilMember], Points] = DEFAULT_POINTS,
    submitted: bool | None = None,
    outcome: str = Outcome.RECOGNISED,
    **values,
) -> RoundSetup:
    """A recognition round at ``unit`` driven through the real services up to ``status``.

    - draft: the round, its council (chair, secretary, ``members`` members) and its dossiers
      (``dossiers`` new accepted dossiers at ``dossier_unit`` — ``unit`` by default — or the
      accepted dossiers given), which are under review from then on;
    - open: opened for dossiers;
    - scoring: scoring started, every member has a sheet on every dossier; the sheets are
      submitted with ``points`` when ``submitted`` is true (drafts otherwise);
    - deliberation: every sheet submitted (``points`` may be a function of the entry and the
      seat) and the scoring closed;
    - closed: the whole unconflicted council voted for ``outcome`` on every dossier and the
      officer closed the round with a decision dated today.

    ``officer`` (a new officer of ``unit`` by default) creates, runs and closes the round and
    receives the new dossiers. ``values`` override ``round_values``.
    """
    target = ORDER.index(status)
    officer = officer or unit_officer(unit)
    review_round = make_round(unit, officer=officer, **values)
    council = make_council(review_round, members=members)
    if isinstance(dossiers, int):
        dossiers = [
            accepted_dossier(dossier_unit or unit, officer=officer) for _ in range(dossiers)
        ]
    entries = [enter(review_round, initiative) for initiative in dossiers]
    setup = RoundSetup(round=review_round, officer=officer, council=council, entries=entries)

    driver = RoundDriver(review_round, runner=officer)
    if target >= ORDER.index(R.OPEN):
        driver.open()
    if target >= ORDER.index(R.SCORING):
        driver.start_scoring()
        if submitted is None:
            submitted = target > ORDER.index(R.SCORING)
        if submitted:
            for sheet in ScoreSheet.objects.filter(entry__round=review_round).select_related(
                "entry", "member"
            ):
                given = points(sheet.entry, sheet.member) if callable(points) else points
                score(sheet, given)
    if target >= ORDER.index(R.DELIBERATION):
        driver.close_scoring(note="" if submitted else "Hết hạn chấm điểm.")
    if target >= ORDER.index(R.CLOSED):
        for entry in entries:
            record_vote(entry, outcome, actor=officer)
        setup.decision = close(review_round, actor=officer)

    setup.reload()
    return setup


def issue_award(
    code: str,
    issuer: Unit,
    *,
    persons: Sequence[User] = (),
    units: Sequence[Unit] = (),
    decided_on: datetime.date | None = None,
    initiative: Initiative | None = None,
    names: Sequence[str] = (),
    draft: bool = False,
):
    """An award decision of ``issuer`` for the award type ``code`` with ``persons`` (by their
    full name), people outside the registry (``names``) and ``units`` as recipients, issued
    unless ``draft``; its officer is kept on ``decision.officer`` for later steps such as
    revoking."""
    officer = unit_officer(issuer)
    decision = award_decision_build(
        issuer=issuer,
        award_type=AwardType.objects.get(code=code),
        actor=officer,
        decided_on=decided_on or timezone.localdate(),
        signer_name="Lê Văn Minh",
        signer_title="Chủ tịch",
        persons=[
            *(
                PersonRecipient(person.get_full_name() or "Người nhận", person, initiative)
                for person in persons
            ),
            *(PersonRecipient(name) for name in names),
        ],
        units=units,
        issue=not draft,
    )
    decision.officer = officer
    return decision


def award_cases(tree) -> dict:
    """One recipient of each case the award vocabulary tells apart, all at ``grassroots_a1x``
    (or issued by ``province_a`` to its members), decided today:

    - ``kept``: a Giấy khen that stands;
    - ``revoked_alone``: a Giấy khen of the same decision whose certificate was revoked;
    - ``revoked_whole``: a Bằng khen whose whole decision was revoked;
    - ``round_certificate``: the initiative certificate of a closed recognition round;
    - ``manual_certificate``: an initiative certificate an officer issued by hand;
    - ``draft``: a Bằng khen still in draft.
    """
    from awards.models import Recipient
    from awards.services.honours import certificate_revoke

    def revoke(decision, certificate=None) -> None:
        certificate_revoke(
            decision=decision,
            actor=decision.officer,
            revoked_on=timezone.localdate(),
            reason="Thành tích không đúng.",
            certificate=certificate,
        )

    unit = tree.grassroots_a1x
    kept, lost = member_of(unit), member_of(unit)
    giay_khen = issue_award("giay-khen-co-so", unit, persons=[kept, lost])
    revoke(giay_khen, giay_khen.recipients.get(user=lost).certificate)
    whole = issue_award("bang-khen-tinh", tree.province_a, persons=[member_of(unit)])
    revoke(whole)
    closed = make_round_in(R.CLOSED, unit, dossiers=1)
    manual = issue_award("initiative-certificate", unit, persons=[member_of(unit)])
    draft = issue_award("bang-khen-tinh", tree.province_a, persons=[member_of(unit)], draft=True)
    return {
        "kept": giay_khen.recipients.get(user=kept),
        "revoked_alone": giay_khen.recipients.get(user=lost),
        "revoked_whole": whole.recipients.get(),
        "round_certificate": Recipient.objects.get(decision__round_decision=closed.decision),
        "manual_certificate": manual.recipients.get(),
        "draft": draft.recipients.get(),
    }
