"""A review round taken through its workflow by the real services, one step at a time.

The demo's review rounds (``demo.reviews``) and the tests' round factories
(``tests/factories/awards.py``) both drive rounds with ``RoundDriver``; the demo gives each step
the moment it happened (``at=``), the tests take them now. Each step is taken by the person the
rules allow: the round's runner (an officer of its unit, by default the round's creator)
creates, seats, opens, enters, starts and closes the scoring, records the votes unless someone
else is named (the demo's secretaries) and closes the round; each member fills in their own
sheets. Rows handed back are read from the database again, so the permission answers the rules
cache on them never leak into the next step.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from awards.enums import CouncilRole, Outcome
from awards.models import Conflict, CouncilMember, Decision, ReviewRound, RoundEntry, ScoreSheet
from awards.services import (
    ScoreData,
    conflict_declare,
    council_member_add,
    eligible_voters,
    entry_add,
    entry_nominate,
    entry_record_vote,
    round_close,
    round_create,
    round_transition,
    sheet_save,
)
from demo.clock import DemoClock
from initiatives.models import Initiative
from unions.models import Unit

Moment = datetime.datetime | None


@dataclass(frozen=True)
class Seat:
    """Someone to seat on the council."""

    user: User
    role: str = CouncilRole.MEMBER
    position: str = ""


@dataclass(frozen=True)
class Vote:
    """The council's vote on a dossier. Without counts: a recognition is voted by the whole
    unconflicted council, any other outcome by nobody in favour, the others against."""

    outcome: str = Outcome.RECOGNISED
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int = 0
    reason: str = ""


class RoundDriver:
    """Takes ``review_round`` through its workflow as ``runner`` (its creator by default).
    ``notify=False`` records past events without telling anyone, as the demo does."""

    def __init__(
        self,
        review_round: ReviewRound,
        *,
        runner: User | None = None,
        clock: DemoClock | None = None,
        notify: bool = True,
    ) -> None:
        self.round = review_round
        self.runner = runner or review_round.created_by
        self.clock = clock or DemoClock()
        self.notify = notify

    @classmethod
    def create(
        cls,
        *,
        unit: Unit,
        runner: User,
        clock: DemoClock | None = None,
        notify: bool = True,
        at: Moment = None,
        **values,
    ) -> "RoundDriver":
        """A new round in draft at ``unit``; ``values`` are those of ``round_create``."""
        clock = clock or DemoClock()
        review_round = clock.run(at, round_create, unit=unit, actor=runner, **values)
        review_round = ReviewRound.objects.select_related("unit").get(pk=review_round.pk)
        return cls(review_round, runner=runner, clock=clock, notify=notify)

    def reload(self) -> ReviewRound:
        self.round = ReviewRound.objects.select_related("unit").get(pk=self.round.pk)
        return self.round

    # --- draft and intake --------------------------------------------------------------------

    def seat(self, seat: Seat, *, at: Moment = None) -> CouncilMember:
        return self.clock.run(
            at,
            council_member_add,
            review_round=self.round,
            user=seat.user,
            role=seat.role,
            position=seat.position,
            actor=self.runner,
        )

    def open(self, *, at: Moment = None) -> ReviewRound:
        return self._transition("open", at=at)

    def enter(self, initiative: Initiative, *, at: Moment = None) -> RoundEntry:
        """Bring an accepted dossier into the recognition round (it goes under review)."""
        entry = self.clock.run(
            at,
            entry_add,
            review_round=self.round,
            initiative=initiative,
            actor=self.runner,
            notify=self.notify,
        )
        return RoundEntry.objects.get(pk=entry.pk)

    def nominate(self, entry: RoundEntry, *, actor: User, at: Moment = None) -> RoundEntry:
        """Forward ``entry``, recognised in a closed round below, into this round, as ``actor``
        (an officer running the round below)."""
        return self.clock.run(at, entry_nominate, entry=entry, target=self.round, actor=actor)

    def declare_conflict(
        self, entry: RoundEntry, member: CouncilMember, reason: str, *, at: Moment = None
    ) -> Conflict:
        """``member`` declares a conflict of interest on ``entry`` themselves."""
        return self.clock.run(
            at, conflict_declare, entry=entry, member=member, reason=reason, actor=member.user
        )

    # --- scoring -------------------------------------------------------------------------------

    def start_scoring(self, *, at: Moment = None) -> ReviewRound:
        return self._transition("start_scoring", at=at)

    def score(
        self,
        sheet: ScoreSheet,
        scores: dict[int, ScoreData],
        *,
        overall_comment: str = "",
        submit: bool = True,
        at: Moment = None,
    ) -> ScoreSheet:
        """Fill in ``sheet`` as its member: ``scores`` by criterion; submitted, or kept as a
        draft."""
        sheet = ScoreSheet.objects.select_related("member__user").get(pk=sheet.pk)
        return self.clock.run(
            at,
            sheet_save,
            sheet=sheet,
            actor=sheet.member.user,
            scores=scores,
            overall_comment=overall_comment,
            submit=submit,
        )

    def close_scoring(self, *, note: str = "", at: Moment = None) -> ReviewRound:
        return self._transition("close_scoring", note=note, at=at)

    # --- deliberation and decision -------------------------------------------------------------

    def vote(
        self,
        entry: RoundEntry,
        vote: Vote | None = None,
        *,
        actor: User | None = None,
        at: Moment = None,
    ) -> RoundEntry:
        """Record the council's ``vote`` on ``entry`` (a recognition by the whole council by
        default), as ``actor`` (the runner by default)."""
        vote = vote or Vote()
        entry = RoundEntry.objects.select_related("round").get(pk=entry.pk)
        actor = actor or self.runner
        with self.clock.at(at):
            voters = eligible_voters(entry)
            votes_for = vote.votes_for
            if votes_for is None:
                votes_for = voters if vote.outcome == Outcome.RECOGNISED else 0
            votes_against = vote.votes_against
            if votes_against is None:
                votes_against = voters - votes_for - vote.votes_abstain
        return self.clock.run(
            at,
            entry_record_vote,
            entry=entry,
            actor=actor,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstain=vote.votes_abstain,
            outcome=vote.outcome,
            reason=vote.reason,
            notify=self.notify,
        )

    def close(
        self,
        *,
        signer_name: str,
        signer_title: str,
        decided_on: datetime.date | None = None,
        at: Moment = None,
    ) -> Decision:
        """Close the round with its numbered decision, dated the day it is taken unless
        ``decided_on`` is given."""
        with self.clock.at(at):
            day = decided_on or timezone.localdate()
        return self.clock.run(
            at,
            round_close,
            review_round=self.round,
            actor=self.runner,
            decided_on=day,
            signer_name=signer_name,
            signer_title=signer_title,
            notify=self.notify,
        )

    def _transition(self, action: str, *, note: str = "", at: Moment = None) -> ReviewRound:
        self.clock.run(
            at,
            round_transition,
            review_round=self.round,
            action=action,
            actor=self.runner,
            note=note,
            notify=self.notify,
        )
        return self.reload()
