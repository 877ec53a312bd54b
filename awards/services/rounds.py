"""Writes of review rounds, the dossiers in them, votes and decisions (councils and score
sheets: ``council``; rubrics: ``rubrics``).

Every service checks the actor's permission and the round's state, locks the rows it changes,
records the step in the round's history and tells people after commit (unless ``notify`` is
False: recording past events, such as the demo data). Dossiers change state only through
``initiatives.services.initiative_transition``, inside the same transaction, which asks the
actor for the dossier's rule ``initiatives.review_initiative`` as well (``initiatives.rules``).
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.services import notification_create
from accounts.transitions import Lifecycle, Step, transition_applied
from awards.aggregation import vote_passes
from awards.enums import (
    AssignmentMode,
    ConflictKind,
    DecisionNumbering,
    Outcome,
    RoundEventAction,
    RoundPurpose,
    RoundStatus,
    SheetStatus,
    VoteBasis,
)
from awards.models import (
    Conflict,
    Decision,
    ReviewRound,
    RoundEntry,
    RoundEvent,
    ScoreSheet,
)
from awards.selectors.council import missing_council_roles
from awards.selectors.recognitions import employer_accepts, employers_under
from awards.services.honours import round_certificates
from awards.services.numbering import next_decision_number, next_employer_decision_number
from awards.services.standing import bank_standing_refresh
from awards.workflow import (
    ENTRIES_EDITABLE,
    RECEIVES_NOMINATIONS,
    ROUND_TRANSITIONS,
)
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from initiatives.notifications import author_users
from initiatives.selectors import review_rules
from initiatives.services import initiative_transition
from unions.changes import units_changed
from unions.models import Unit

R = RoundStatus
S = InitiativeStatus


def round_units_changed(review_round: ReviewRound) -> None:
    """Log the round's unit and the units of its dossiers as changed (``unions.changes``): a
    round's status and outcomes count under its unit, its recognitions under each dossier's."""
    units_changed(
        units=[
            review_round.unit_id,
            *RoundEntry.objects.filter(round=review_round)
            .values_list("initiative__unit_id", flat=True)
            .distinct(),
        ]
    )


def round_event(
    review_round: ReviewRound, action: str, actor: User | None, *, entry=None, note: str = ""
) -> RoundEvent:
    return RoundEvent.objects.create(
        round=review_round, entry=entry, action=action, actor=actor, note=note
    )


def require_on_round(actor: User, permission: str, obj) -> None:
    if not actor.has_perm(permission, obj):
        raise ApplicationError(_("You may not do this in this round."))


def locked_round(review_round: ReviewRound) -> ReviewRound:
    return ReviewRound.objects.select_for_update().select_related("unit").get(pk=review_round.pk)


def _status_message(review_round: ReviewRound) -> str:
    return _("This is not possible while the round is “%(status)s”.") % {
        "status": review_round.get_status_display()
    }


def status_error(review_round: ReviewRound) -> ApplicationError:
    return ApplicationError(_status_message(review_round))


# --- rounds --------------------------------------------------------------------------------

ROUND_FIELDS = (
    "title",
    "purpose",
    "employer",
    "year",
    "period_start",
    "period_end",
    "intake_closes",
    "scoring_closes",
    "rubric_version",
    "assignment_mode",
    "vote_basis",
    "forward_quota",
)


def _check_employer(unit: Unit, values: dict, *, required: bool = True) -> None:
    """A recognition round is the council of one employer (Decree 13/2012/NĐ-CP Art. 7,
    Circular 18/2013/TT-BKHCN Art. 8), one at a grassroots union of the deciding unit; other
    rounds are the union's and have none."""
    if values.get("purpose") != RoundPurpose.RECOGNITION:
        values["employer"] = None
        return
    employer = values.get("employer")
    if employer is None:
        if required:
            raise ApplicationError(
                _("Choose the employer whose initiative council this round is."),
                field="employer",
            )
        return
    if not employers_under(unit).filter(pk=employer.pk).exists():
        raise ApplicationError(
            _("%(employer)s has no grassroots union under this unit.") % {"employer": employer},
            field="employer",
        )


def _check_round_values(values: dict) -> None:
    if values["period_end"] < values["period_start"]:
        raise ApplicationError(_("The period cannot end before it starts."), field="period_end")
    if values["scoring_closes"] < values["intake_closes"]:
        raise ApplicationError(
            _("Scoring cannot close before the intake closes."), field="scoring_closes"
        )
    if not values["title"].strip():
        raise ApplicationError(_("Give the round a title."), field="title")


@transaction.atomic
def round_create(*, unit: Unit, actor: User, **values) -> ReviewRound:
    """Create a round in draft at ``unit``. Raises ApplicationError."""
    units_changed(units=[unit])
    if not actor.has_perm("awards.run_round", unit):
        raise ApplicationError(_("You may not run review rounds at this unit."))
    if not unit.is_active:
        raise ApplicationError(_("This unit no longer exists."))
    unknown = set(values) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields: {sorted(unknown)}")
    _check_round_values(values)
    _check_employer(unit, values)
    review_round = ReviewRound.objects.create(unit=unit, created_by=actor, **values)
    round_event(review_round, RoundEventAction.CREATED, actor)
    return review_round


@transaction.atomic
def round_update(*, review_round: ReviewRound, actor: User, **values) -> ReviewRound:
    """Change the round's details while it is a draft or open. The rubric and the way
    members are assigned change only in draft."""
    units_changed(units=[review_round.unit_id])
    review_round = locked_round(review_round)
    require_on_round(actor, "awards.run_round", review_round)
    if review_round.status not in (R.DRAFT, R.OPEN):
        raise status_error(review_round)
    if review_round.status != R.DRAFT:
        for name in ("rubric_version", "assignment_mode", "purpose", "employer"):
            if name in values and values[name] != getattr(review_round, name):
                raise ApplicationError(
                    _(
                        "The rubric, the purpose, the employer and who scores can change only "
                        "in draft."
                    ),
                    field=name,
                )
    merged = {name: values.get(name, getattr(review_round, name)) for name in ROUND_FIELDS}
    _check_round_values(merged)
    # Rounds recorded before employers existed may stay without one.
    _check_employer(review_round.unit, merged, required=review_round.employer_id is not None)
    for name, value in merged.items():
        setattr(review_round, name, value)
    review_round.save()
    round_event(review_round, RoundEventAction.UPDATED, actor)
    return review_round


def _log_step(step: Step[ReviewRound]) -> RoundEvent:
    return round_event(step.obj, step.action, step.actor, note=step.note)


ROUND_LIFECYCLE: Lifecycle[ReviewRound] = Lifecycle(
    table=ROUND_TRANSITIONS,
    lock=locked_round,
    not_allowed=_status_message,
    forbidden=lambda review_round: _("You may not do this in this round."),
    record=_log_step,
)


def _start_scoring(review_round: ReviewRound) -> None:
    missing = missing_council_roles(review_round)
    if missing:
        raise ApplicationError(
            _("Scoring cannot start: the council has no %(roles)s yet.")
            % {"roles": ", ".join(str(role.label).lower() for role in missing)}
        )
    entries = list(review_round.entries.exclude(outcome=Outcome.WITHDRAWN))
    if not entries:
        raise ApplicationError(_("No dossier has entered the round yet."))
    refresh_conflicts(review_round)
    if review_round.assignment_mode == AssignmentMode.EVERYONE:
        _create_sheets(review_round, entries, list(review_round.council.all()))
    else:
        without = [e for e in entries if not e.sheets.exists()]
        if without:
            raise ApplicationError(
                _("Assign scorers to every dossier first (%(count)s without any).")
                % {"count": len(without)}
            )


def _check_close_scoring(review_round: ReviewRound, note: str) -> None:
    open_sheets = ScoreSheet.objects.filter(
        entry__round=review_round, status=SheetStatus.DRAFT
    ).count()
    if open_sheets and not note:
        raise ApplicationError(
            _(
                "%(count)s score sheets are not submitted. Give the reason for closing the "
                "scoring now: they will not count."
            )
            % {"count": open_sheets},
            field="note",
        )


@transaction.atomic
def round_transition(
    *, review_round: ReviewRound, action: str, actor: User, note: str = "", notify: bool = True
) -> ReviewRound:
    """Apply ``action`` of the round table (not ``close``: see ``round_close``).

    Starting the scoring needs a chair, a secretary and at least one dossier; it gives every
    unconflicted member a score sheet per dossier (or checks each dossier has its assigned
    scorers). Closing the scoring with sheets still open needs a note. Raises
    ApplicationError.
    """
    round_units_changed(review_round)
    if action == "close":
        raise ValueError("use round_close to close a round")
    tell_scorers = notify and action == "start_scoring"
    with transition_applied(
        ROUND_LIFECYCLE,
        review_round,
        action=action,
        actor=actor,
        note=note,
        update_fields=["status", "updated_at"],
        after_commit=(lambda event: _notify_scorers(event.round_id)) if tell_scorers else None,
    ) as step:
        if action == "start_scoring":
            _start_scoring(step.obj)
        elif action == "close_scoring":
            _check_close_scoring(step.obj, step.note)
    return step.obj


def _create_sheets(review_round: ReviewRound, entries, members) -> None:
    conflicted = set(
        Conflict.objects.filter(entry__round=review_round).values_list("entry_id", "member_id")
    )
    existing = set(
        ScoreSheet.objects.filter(entry__round=review_round).values_list("entry_id", "member_id")
    )
    ScoreSheet.objects.bulk_create(
        ScoreSheet(entry=entry, member=member, rubric_version_id=review_round.rubric_version_id)
        for entry in entries
        for member in members
        if (entry.pk, member.pk) not in conflicted and (entry.pk, member.pk) not in existing
    )


def _notify_scorers(round_id: int) -> None:
    review_round = ReviewRound.objects.get(pk=round_id)
    users = User.objects.filter(council_seats__sheets__entry__round=review_round).distinct()
    notification_create(
        users=list(users),
        message=_("“%(round)s”: dossiers wait for your scores by %(date)s.")
        % {"round": review_round.title, "date": review_round.scoring_closes.strftime("%d/%m/%Y")},
        url=reverse("awards:my_reviews"),
    )


# --- conflicts of the council with the dossiers ------------------------------------------


def _author_user_ids(initiative: Initiative) -> set[int]:
    """The authors and co-authors with an account; the member who filed the dossier is one of
    them unless an officer typed it in on the authors' behalf."""
    ids = {a.user_id for a in initiative.authors.all() if a.user_id}
    if not initiative.entered_on_behalf:
        ids.add(initiative.created_by_id)
    return ids


def refresh_conflicts(review_round: ReviewRound) -> int:
    """Record the automatic conflicts of the round: a council member who is an author or a
    co-author of the dossier. Colleagues of the authors (members of the same grassroots union)
    are not conflicted for that alone: a base council is seated from the workplace (Circular
    18/2013/TT-BKHCN Art. 8.1); anyone else declares a conflict with a reason
    (``conflict_declare``). Declared conflicts stay. Returns how many were added. Call inside a
    transaction."""
    members = list(review_round.council.all())
    if not members:
        return 0
    entries = list(
        review_round.entries.select_related("initiative").prefetch_related("initiative__authors")
    )
    existing = set(
        Conflict.objects.filter(entry__round=review_round).values_list("entry_id", "member_id")
    )
    rows = [
        Conflict(entry=entry, member=member, kind=ConflictKind.AUTHOR)
        for entry in entries
        for authors in [_author_user_ids(entry.initiative)]
        for member in members
        if (entry.pk, member.pk) not in existing and member.user_id in authors
    ]
    Conflict.objects.bulk_create(rows)
    if rows:
        # A conflicted member keeps no sheet on the dossier.
        ScoreSheet.objects.filter(
            Q(*[Q(entry=c.entry, member=c.member) for c in rows], _connector=Q.OR)
        ).delete()
    return len(rows)


# --- dossiers in a round -------------------------------------------------------------------


def _check_intake(review_round: ReviewRound) -> None:
    if review_round.status not in ENTRIES_EDITABLE:
        raise status_error(review_round)
    if timezone.localdate() > review_round.intake_closes:
        raise ApplicationError(
            _("The round stopped taking dossiers on %(date)s.")
            % {"date": review_round.intake_closes.strftime("%d/%m/%Y")}
        )


@transaction.atomic
def entries_add(
    *, review_round: ReviewRound, initiatives: list[Initiative], actor: User, notify: bool = True
) -> list[RoundEntry]:
    """Bring several accepted dossiers into a recognition round at once: all or none, with
    the conflicts recorded once at the end. Raises ApplicationError."""
    units_changed(units=[review_round.unit_id])
    entries = [
        entry_add(
            review_round=review_round,
            initiative=initiative,
            actor=actor,
            notify=notify,
            refresh=False,
        )
        for initiative in initiatives
    ]
    refresh_conflicts(review_round)
    return entries


@transaction.atomic
def entry_add(
    *,
    review_round: ReviewRound,
    initiative: Initiative,
    actor: User,
    notify: bool = True,
    refresh: bool = True,
) -> RoundEntry:
    """Bring an accepted dossier of the unit's subtree into a recognition round; the dossier
    goes under review. Raises ApplicationError."""
    units_changed(units=[review_round.unit_id])
    review_round = locked_round(review_round)
    require_on_round(actor, "awards.run_round", review_round)
    _check_intake(review_round)
    if review_round.purpose != RoundPurpose.RECOGNITION:
        raise ApplicationError(
            _("This round takes nominations from the units beneath it, not dossiers directly.")
        )
    initiative = Initiative.objects.select_related("unit").get(pk=initiative.pk)
    if not initiative.unit.path.startswith(review_round.unit.path):
        raise ApplicationError(_("This dossier belongs to another unit."))
    if review_round.employer_id is not None and not employer_accepts(
        review_round.employer, initiative
    ):
        raise ApplicationError(
            _("This dossier is addressed to another employer than %(employer)s.")
            % {"employer": review_round.employer}
        )
    if initiative.status != S.ACCEPTED:
        raise ApplicationError(
            _("Only accepted dossiers enter a round; this one is “%(status)s”.")
            % {"status": initiative.get_status_display()}
        )
    entry = RoundEntry.objects.create(round=review_round, initiative=initiative, entered_by=actor)
    initiative_transition(
        initiative=initiative,
        action="start_review",
        actor=actor,
        note=review_round.title,
        notify=notify,
    )
    round_event(review_round, RoundEventAction.ENTRY_ADDED, actor, entry=entry)
    if refresh:
        refresh_conflicts(review_round)
    return entry


@transaction.atomic
def entry_remove(*, entry: RoundEntry, actor: User, note: str = "") -> None:
    """Take a dossier out of a round that has not started scoring; a dossier under review goes
    back to accepted."""
    units_changed(units=[entry.round.unit_id])
    review_round = locked_round(entry.round)
    require_on_round(actor, "awards.run_round", review_round)
    if review_round.status not in ENTRIES_EDITABLE:
        raise status_error(review_round)
    initiative = entry.initiative
    if entry.nominated_from_id is None and initiative.status == S.UNDER_REVIEW:
        initiative_transition(
            initiative=initiative, action="stop_review", actor=actor, note=note, notify=False
        )
    round_event(
        review_round, RoundEventAction.ENTRY_REMOVED, actor, note=f"{initiative.title} {note}"
    )
    entry.delete()


@transaction.atomic
def entry_nominate(*, entry: RoundEntry, target: ReviewRound, actor: User) -> RoundEntry:
    """Forward a dossier recognised in a closed round to an open round of an ancestor unit,
    within the source round's quota. Raises ApplicationError."""
    units_changed(units=[entry.round.unit_id, target.unit_id])
    source = ReviewRound.objects.select_for_update().select_related("unit").get(pk=entry.round_id)
    require_on_round(actor, "awards.run_round", source)
    target = locked_round(target)
    entry = RoundEntry.objects.select_for_update().get(pk=entry.pk, round=source)
    if source.status != R.CLOSED or entry.outcome != Outcome.RECOGNISED:
        raise ApplicationError(_("Only dossiers recognised in a closed round can be nominated."))
    if target.purpose == RoundPurpose.RECOGNITION or target.status not in RECEIVES_NOMINATIONS:
        raise ApplicationError(_("That round does not take nominations now."), field="target")
    if not (source.unit.path.startswith(target.unit.path) and source.unit.path != target.unit.path):
        raise ApplicationError(
            _("Nominations go to a round of a unit above this one."), field="target"
        )
    if timezone.localdate() > target.intake_closes:
        raise ApplicationError(
            _("The round stopped taking dossiers on %(date)s.")
            % {"date": target.intake_closes.strftime("%d/%m/%Y")},
            field="target",
        )
    if target.entries.filter(initiative_id=entry.initiative_id).exists():
        raise ApplicationError(_("This dossier is already in that round."), field="target")
    if source.forward_quota is not None:
        used = RoundEntry.objects.filter(nominated_from__round=source).count()
        if used >= source.forward_quota:
            raise ApplicationError(
                _("The round's forwarding quota of %(quota)s dossiers is used up.")
                % {"quota": source.forward_quota}
            )
    nominated = RoundEntry.objects.create(
        round=target, initiative_id=entry.initiative_id, nominated_from=entry, entered_by=actor
    )
    round_event(source, RoundEventAction.NOMINATED, actor, entry=entry, note=target.title)
    round_event(target, RoundEventAction.ENTRY_ADDED, actor, entry=nominated, note=source.unit.name)
    refresh_conflicts(target)
    return nominated


@transaction.atomic
def entry_reenter(*, entry: RoundEntry, actor: User, notify: bool = True) -> RoundEntry:
    """Bring back a dossier the council returned for clarification once its authors answered:
    the vote is cleared and the dossier is under review again."""
    units_changed(units=[entry.round.unit_id])
    review_round = locked_round(entry.round)
    require_on_round(actor, "awards.run_round", review_round)
    entry = RoundEntry.objects.select_for_update().get(pk=entry.pk)
    if review_round.status not in (R.SCORING, R.DELIBERATION) or entry.outcome != Outcome.RETURNED:
        raise ApplicationError(_("Only a returned dossier of a round under way can re-enter."))
    initiative = entry.initiative
    if entry.nominated_from_id is None:
        if initiative.status == S.RESUBMITTED:
            action = "resume_review"
        elif initiative.status == S.ACCEPTED:
            action = "start_review"
        else:
            raise ApplicationError(_("The authors have not answered the return yet."))
        initiative_transition(
            initiative=initiative, action=action, actor=actor, note="", notify=notify
        )
    _clear_vote(entry)
    entry.save()
    round_event(review_round, RoundEventAction.ENTRY_REENTERED, actor, entry=entry)
    return entry


def _clear_vote(entry: RoundEntry) -> None:
    entry.outcome = Outcome.PENDING
    entry.outcome_reason = ""
    entry.votes_for = entry.votes_against = entry.votes_abstain = None
    entry.vote_recorded_by = None
    entry.vote_recorded_at = None


# --- deliberation and decision -------------------------------------------------------------


def eligible_voters(entry: RoundEntry) -> int:
    """Council members who may vote on the dossier: every seat but the conflicted ones."""
    return entry.round.council.count() - entry.conflicts.count()


def vote_denominator(entry: RoundEntry) -> int:
    """The number the share of votes in favour is counted on: the whole council by default
    (Circular 18/2013/TT-BKHCN Art. 8.1, "các thành viên Hội đồng"), or the members without a
    conflict where the round says so (``ReviewRound.vote_basis``)."""
    if entry.round.vote_basis == VoteBasis.UNCONFLICTED:
        return eligible_voters(entry)
    return entry.round.council.count()


@transaction.atomic
def entry_record_vote(
    *,
    entry: RoundEntry,
    actor: User,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    outcome: str,
    reason: str = "",
    notify: bool = True,
) -> RoundEntry:
    """The secretary records the council's vote on a dossier and its outcome.

    Recognition needs at least the share of the review rules (two thirds, Circular
    18/2013/TT-BKHCN Art. 8.1) in favour, counted on the whole council or on its unconflicted
    members as the round says (``vote_denominator``); abstentions and absences count against.
    Conflicted members do not vote. "Not recognised" and "returned for clarification"
    need reasons; a dossier returned goes back to its authors at once. Raises
    ApplicationError."""
    units_changed(units=[entry.round.unit_id])
    review_round = locked_round(entry.round)
    require_on_round(actor, "awards.record_vote", review_round)
    if review_round.status != R.DELIBERATION:
        raise ApplicationError(_("Votes are recorded once scoring has closed."))
    entry = RoundEntry.objects.select_for_update().select_related("initiative").get(pk=entry.pk)
    if entry.round_id != review_round.pk:
        raise ApplicationError(_("This dossier is not in this round."))
    if entry.outcome in (Outcome.RETURNED, Outcome.WITHDRAWN):
        raise ApplicationError(_("This dossier's outcome can no longer change in this round."))
    counts = [votes_for, votes_against, votes_abstain]
    if any(v is None or v < 0 for v in counts):
        raise ApplicationError(_("Write the number of votes of each kind."), field="votes_for")
    voters = eligible_voters(entry)
    if sum(counts) > voters:
        raise ApplicationError(
            _("%(total)s votes, but only %(voters)s members may vote on this dossier.")
            % {"total": sum(counts), "voters": voters},
            field="votes_for",
        )
    reason = (reason or "").strip()
    rules = review_rules()
    counted_on = vote_denominator(entry)
    passes = vote_passes(votes_for, counted_on, rules.vote_share)
    if outcome == Outcome.RECOGNISED and not passes:
        raise ApplicationError(
            _(
                "%(for)s of %(voters)s in favour is less than the %(share)s of the council the "
                "recognition needs."
            )
            % {"for": votes_for, "voters": counted_on, "share": rules.vote_share_label},
            field="outcome",
        )
    if outcome == Outcome.NOT_RECOGNISED and passes:
        raise ApplicationError(
            _("The council voted in favour: the dossier is recognised."), field="outcome"
        )
    if outcome in (Outcome.NOT_RECOGNISED, Outcome.RETURNED) and not reason:
        raise ApplicationError(_("Give the reasons."), field="reason")
    if outcome not in (Outcome.RECOGNISED, Outcome.NOT_RECOGNISED, Outcome.RETURNED):
        raise ApplicationError(_("Choose the outcome."), field="outcome")
    if entry.initiative.status == S.WITHDRAWN:
        raise ApplicationError(_("The authors have withdrawn this dossier."))

    entry.votes_for, entry.votes_against, entry.votes_abstain = counts
    entry.outcome = outcome
    entry.outcome_reason = reason
    entry.vote_recorded_by = actor
    entry.vote_recorded_at = timezone.now()
    entry.save()
    if outcome == Outcome.RETURNED and entry.nominated_from_id is None:
        initiative_transition(
            initiative=entry.initiative,
            action="return_for_clarification",
            actor=actor,
            note=reason,
            notify=notify,
        )
    round_event(
        review_round,
        RoundEventAction.VOTE_RECORDED,
        actor,
        entry=entry,
        note=_("%(for)s for, %(against)s against, %(abstain)s abstaining: %(outcome)s")
        % {
            "for": votes_for,
            "against": votes_against,
            "abstain": votes_abstain,
            "outcome": entry.get_outcome_display(),
        },
    )
    return entry


@transaction.atomic
def round_close(
    *,
    review_round: ReviewRound,
    actor: User,
    decided_on: date,
    signer_name: str,
    signer_title: str,
    notify: bool = True,
) -> Decision:
    """Close the round with a numbered decision and carry its outcomes to the dossiers.

    Every dossier needs its outcome (dossiers withdrawn by their authors are listed as such).
    In a recognition round the dossiers become recognised or not recognised through the
    initiatives service, in this transaction; authors are told after commit. Closing a round
    twice, even at the same moment, gives one decision: the second attempt fails. Raises
    ApplicationError.

    A recognition round run for an employer closes with the employer's decision: numbered in
    the employer's sequence and signed by its head (by default the head and position recorded
    on the employer). Other rounds close with a decision of the deciding unit, in its sequence.
    """
    round_units_changed(review_round)
    signer_name, signer_title = (signer_name or "").strip(), (signer_title or "").strip()
    with transition_applied(
        ROUND_LIFECYCLE,
        review_round,
        action="close",
        actor=actor,
        update_fields=["status", "closed_at", "updated_at"],
    ) as step:
        review_round = step.obj
        employer = review_round.employer
        if employer is not None and review_round.purpose == RoundPurpose.RECOGNITION:
            signer_name = signer_name or employer.head_name.strip()
            signer_title = signer_title or employer.head_title.strip()
        else:
            employer = None
        if not signer_name:
            raise ApplicationError(_("Give the name of the signer."), field="signer_name")
        if not signer_title:
            raise ApplicationError(_("Give the title of the signer."), field="signer_title")
        if decided_on > timezone.localdate():
            raise ApplicationError(
                _("The decision cannot be dated in the future."), field="decided_on"
            )
        entries = list(
            review_round.entries.select_for_update().select_related("initiative").order_by("pk")
        )
        for entry in entries:
            if entry.initiative.status == S.WITHDRAWN and entry.outcome != Outcome.WITHDRAWN:
                entry.outcome = Outcome.WITHDRAWN
                entry.save(update_fields=["outcome"])
        pending = [e for e in entries if e.outcome == Outcome.PENDING]
        if pending:
            raise ApplicationError(
                _("Record the council's vote on every dossier first (%(count)s left).")
                % {"count": len(pending)}
            )
        if employer is not None:
            sequence, number = next_employer_decision_number(employer, decided_on.year)
            numbering = DecisionNumbering.EMPLOYER
        else:
            sequence, number = next_decision_number(review_round.unit, decided_on.year)
            numbering = DecisionNumbering.UNIT
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    round=review_round,
                    unit=review_round.unit,
                    employer=employer,
                    numbering=numbering,
                    year=decided_on.year,
                    sequence=sequence,
                    number=number,
                    decided_on=decided_on,
                    signer_name=signer_name,
                    signer_title=signer_title,
                    created_by=actor,
                )
        except IntegrityError:
            raise ApplicationError(_("This round already has its decision.")) from None
        if review_round.purpose == RoundPurpose.RECOGNITION:
            round_certificates(round_decision=decision, actor=actor)
            for entry in entries:
                if entry.initiative.status != S.UNDER_REVIEW:
                    continue
                if entry.outcome == Outcome.RECOGNISED:
                    action, note = "recognise", number
                elif entry.outcome == Outcome.NOT_RECOGNISED:
                    action, note = "not_recognise", entry.outcome_reason
                else:
                    continue
                initiative_transition(
                    initiative=entry.initiative,
                    action=action,
                    actor=actor,
                    note=note,
                    notify=notify,
                )
        review_round.closed_at = timezone.now()
        step.note = number
    # The round is closed now: what the bank shows of the dossiers it recognised (issue 14 §4).
    bank_standing_refresh(
        initiative_ids=[e.initiative_id for e in entries if e.outcome == Outcome.RECOGNISED]
    )
    if review_round.purpose != RoundPurpose.RECOGNITION and notify:
        transaction.on_commit(lambda: _notify_outcomes(review_round.pk))
    return decision


def _notify_outcomes(round_id: int) -> None:
    """Authors of dossiers decided above grassroots level hear of the outcome (at grassroots
    level the change of the dossier's status tells them)."""
    review_round = ReviewRound.objects.select_related("unit", "decision").get(pk=round_id)
    for entry in review_round.entries.select_related("initiative").exclude(
        outcome=Outcome.WITHDRAWN
    ):
        notification_create(
            users=author_users(entry.initiative),
            message=_("“%(title)s” at %(unit)s: %(outcome)s (decision %(number)s)")
            % {
                "title": entry.initiative.title,
                "unit": review_round.unit.name,
                "outcome": entry.get_outcome_display(),
                "number": review_round.decision.number,
            },
            url=reverse("initiatives:detail", args=[entry.initiative_id]),
        )


def rounds_follow_successor(succession) -> None:
    """Open rounds of a merged, split or dissolved unit carry on at its successor."""
    ReviewRound.objects.filter(unit=succession.predecessor).exclude(status=R.CLOSED).update(
        unit=succession.successor
    )
