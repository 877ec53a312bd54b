"""Writes of rubrics, review rounds, councils, scores, votes and decisions.

Every service checks the actor's permission and the round's state, locks the rows it changes,
records the step in the round's history and tells people after commit (unless ``notify`` is
False: recording past events, such as the demo data). Dossiers change state only through
``initiatives.services.initiative_transition``, inside the same transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.services import notification_create
from accounts.workflow import TransitionNotAllowed
from awards.aggregation import vote_passes
from awards.enums import (
    AssignmentMode,
    ConflictKind,
    CouncilRole,
    Outcome,
    RoundEventAction,
    RoundPurpose,
    RoundStatus,
    SheetStatus,
)
from awards.models import (
    Conflict,
    CouncilMember,
    Criterion,
    Decision,
    ReviewRound,
    RoundEntry,
    RoundEvent,
    Rubric,
    RubricVersion,
    Score,
    ScoreSheet,
)
from awards.services.honours import round_certificates
from awards.services.numbering import next_decision_number
from awards.workflow import (
    COUNCIL_EDITABLE,
    ENTRIES_EDITABLE,
    RECEIVES_NOMINATIONS,
    round_transition_for,
)
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from initiatives.notifications import author_users
from initiatives.services import initiative_transition
from unions.models import Membership, Unit

R = RoundStatus
S = InitiativeStatus


def _log(
    review_round: ReviewRound, action: str, actor: User | None, *, entry=None, note: str = ""
) -> RoundEvent:
    return RoundEvent.objects.create(
        round=review_round, entry=entry, action=action, actor=actor, note=note
    )


def _require(actor: User, permission: str, obj) -> None:
    if not actor.has_perm(permission, obj):
        raise ApplicationError(_("You may not do this in this round."))


def _locked_round(review_round: ReviewRound) -> ReviewRound:
    return ReviewRound.objects.select_for_update().select_related("unit").get(pk=review_round.pk)


def _status_error(review_round: ReviewRound) -> ApplicationError:
    return ApplicationError(
        _("This is not possible while the round is “%(status)s”.")
        % {"status": review_round.get_status_display()}
    )


# --- rubrics -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionData:
    name: str
    max_points: Decimal
    guidance: str = ""
    weight: Decimal = Decimal(1)
    eliminatory: bool = False
    bands: tuple[tuple[Decimal, Decimal, str], ...] = ()


def _check_criteria(criteria: list[CriterionData]) -> None:
    if not criteria:
        raise ApplicationError(_("A rubric needs at least one criterion."))
    for criterion in criteria:
        if not criterion.name.strip():
            raise ApplicationError(_("Every criterion needs a name."))
        if criterion.max_points <= 0 or criterion.weight <= 0:
            raise ApplicationError(
                _("“%(name)s”: points and weight must be greater than 0.")
                % {"name": criterion.name}
            )
        for low, high, _label in criterion.bands:
            if not (0 <= low <= high <= criterion.max_points):
                raise ApplicationError(
                    _("“%(name)s”: every band lies between 0 and %(max)s points.")
                    % {"name": criterion.name, "max": criterion.max_points}
                )


def _bands_json(bands) -> list[dict]:
    return [{"min": str(low), "max": str(high), "label": label} for low, high, label in bands]


@transaction.atomic
def rubric_create(
    *,
    name: str,
    unit: Unit | None,
    description: str = "",
    pass_threshold: Decimal,
    criteria: list[CriterionData],
    actor: User | None,
) -> RubricVersion:
    """Create a rubric and its first version. ``actor`` None: seeding the system."""
    rubric = Rubric(name=name, unit=unit, description=description)
    if actor is not None:
        _require_rubric(actor, rubric)
    _check_criteria(criteria)
    rubric.save()
    return _version_create(rubric, 1, pass_threshold, criteria, actor, note="")


def _require_rubric(actor: User, rubric: Rubric) -> None:
    if not actor.has_perm("awards.manage_rubric", rubric):
        raise ApplicationError(_("You may not change this rubric."))


def _version_create(rubric, number, pass_threshold, criteria, actor, note) -> RubricVersion:
    version = RubricVersion.objects.create(
        rubric=rubric, number=number, pass_threshold=pass_threshold, note=note, created_by=actor
    )
    Criterion.objects.bulk_create(
        Criterion(
            version=version,
            sort_order=order,
            name=c.name.strip(),
            guidance=c.guidance,
            max_points=c.max_points,
            weight=c.weight,
            eliminatory=c.eliminatory,
            bands=_bands_json(c.bands),
        )
        for order, c in enumerate(criteria)
    )
    return version


@transaction.atomic
def rubric_version_copy(*, version: RubricVersion, actor: User, note: str = "") -> RubricVersion:
    """A new, unfrozen version of the rubric with the criteria of ``version``, to edit."""
    rubric = Rubric.objects.select_for_update().get(pk=version.rubric_id)
    _require_rubric(actor, rubric)
    number = (rubric.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    criteria = [
        CriterionData(
            name=c.name,
            guidance=c.guidance,
            max_points=c.max_points,
            weight=c.weight,
            eliminatory=c.eliminatory,
            bands=tuple(
                (Decimal(b["min"]), Decimal(b["max"]), b.get("label", "")) for b in c.bands
            ),
        )
        for c in version.criteria.all()
    ]
    return _version_create(rubric, number, version.pass_threshold, criteria, actor, note)


def rubric_version_check_editable(version: RubricVersion) -> None:
    """Raise unless the version may still change: no score has been saved under it."""
    if version.pk and RubricVersion.objects.filter(pk=version.pk, frozen_at__isnull=False).exists():
        raise ApplicationError(
            _(
                "This version is frozen: scores have been given under it. Make a new version "
                "to change the criteria."
            )
        )


def _freeze(version_id: int) -> None:
    # One UPDATE: two members saving their first scores at once both leave it frozen.
    RubricVersion.objects.filter(pk=version_id, frozen_at__isnull=True).update(
        frozen_at=timezone.now()
    )


# --- rounds --------------------------------------------------------------------------------

ROUND_FIELDS = (
    "title",
    "purpose",
    "year",
    "period_start",
    "period_end",
    "intake_closes",
    "scoring_closes",
    "rubric_version",
    "assignment_mode",
    "forward_quota",
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
    if not actor.has_perm("awards.run_round", unit):
        raise ApplicationError(_("You may not run review rounds at this unit."))
    if not unit.is_active:
        raise ApplicationError(_("This unit no longer exists."))
    unknown = set(values) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields: {sorted(unknown)}")
    _check_round_values(values)
    review_round = ReviewRound.objects.create(unit=unit, created_by=actor, **values)
    _log(review_round, RoundEventAction.CREATED, actor)
    return review_round


@transaction.atomic
def round_update(*, review_round: ReviewRound, actor: User, **values) -> ReviewRound:
    """Change the round's details while it is a draft or open. The rubric and the way
    members are assigned change only in draft."""
    review_round = _locked_round(review_round)
    _require(actor, "awards.run_round", review_round)
    if review_round.status not in (R.DRAFT, R.OPEN):
        raise _status_error(review_round)
    if review_round.status != R.DRAFT:
        for name in ("rubric_version", "assignment_mode", "purpose"):
            if name in values and values[name] != getattr(review_round, name):
                raise ApplicationError(
                    _("The rubric, the purpose and who scores can change only in draft."),
                    field=name,
                )
    merged = {name: values.get(name, getattr(review_round, name)) for name in ROUND_FIELDS}
    _check_round_values(merged)
    for name, value in merged.items():
        setattr(review_round, name, value)
    review_round.save()
    _log(review_round, RoundEventAction.UPDATED, actor)
    return review_round


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
    if action == "close":
        raise ValueError("use round_close to close a round")
    review_round = _locked_round(review_round)
    try:
        step = round_transition_for(action, review_round.status)
    except TransitionNotAllowed:
        raise _status_error(review_round) from None
    _require(actor, step.permission, review_round)
    note = (note or "").strip()
    if step.note_required and not note:
        raise ApplicationError(_("Give the reasons."), field="note")

    if action == "start_scoring":
        roles = set(review_round.council.values_list("role", flat=True))
        if CouncilRole.CHAIR not in roles or CouncilRole.SECRETARY not in roles:
            raise ApplicationError(
                _("The council needs a chair and a secretary before scoring starts.")
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
    elif action == "close_scoring":
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

    review_round.status = step.target
    review_round.save(update_fields=["status", "updated_at"])
    _log(review_round, action, actor, note=note)
    if action == "start_scoring" and notify:
        transaction.on_commit(lambda: _notify_scorers(review_round.pk))
    return review_round


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


# --- the council ---------------------------------------------------------------------------


@transaction.atomic
def council_member_add(
    *, review_round: ReviewRound, user: User, role: str, position: str = "", actor: User
) -> CouncilMember:
    """Seat ``user`` on the council. The chair and the secretary are one person each; an
    author of a dossier in the round is seated but conflicted on it."""
    review_round = _locked_round(review_round)
    _require(actor, "awards.run_round", review_round)
    if review_round.status not in COUNCIL_EDITABLE:
        raise _status_error(review_round)
    if not user.is_active:
        raise ApplicationError(_("This account is disabled."), field="user")
    if review_round.council.filter(user=user).exists():
        raise ApplicationError(_("This person already sits on the council."), field="user")
    if role in (CouncilRole.CHAIR, CouncilRole.SECRETARY) and (
        review_round.council.filter(role=role).exists()
    ):
        raise ApplicationError(_("The council already has someone in this role."), field="role")
    member = CouncilMember.objects.create(
        round=review_round, user=user, role=role, position=position.strip()
    )
    _log(
        review_round,
        RoundEventAction.MEMBER_ADDED,
        actor,
        note=f"{user.get_full_name()} – {member.get_role_display()}",
    )
    refresh_conflicts(review_round)
    return member


@transaction.atomic
def council_member_remove(*, member: CouncilMember, actor: User) -> None:
    review_round = _locked_round(member.round)
    _require(actor, "awards.run_round", review_round)
    if review_round.status not in COUNCIL_EDITABLE:
        raise _status_error(review_round)
    note = f"{member.user.get_full_name()} – {member.get_role_display()}"
    member.delete()
    _log(review_round, RoundEventAction.MEMBER_REMOVED, actor, note=note)


def _author_user_ids(initiative: Initiative) -> set[int]:
    ids = {a.user_id for a in initiative.authors.all() if a.user_id}
    ids.add(initiative.created_by_id)
    return ids


def refresh_conflicts(review_round: ReviewRound) -> int:
    """Record the automatic conflicts of the round: an author of the dossier, or a member of
    the grassroots union of one of its authors (or of the unit that recognises it). Declared
    conflicts stay. Returns how many were added. Call inside a transaction."""
    members = list(review_round.council.all())
    if not members:
        return 0
    entries = list(
        review_round.entries.select_related("initiative").prefetch_related("initiative__authors")
    )
    today = timezone.localdate()
    current = Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    member_units: dict[int, set[int]] = {}
    for user_id, unit_id in Membership.objects.filter(
        current, user__in=[m.user_id for m in members]
    ).values_list("user_id", "unit_id"):
        member_units.setdefault(user_id, set()).add(unit_id)
    author_ids = {entry.pk: _author_user_ids(entry.initiative) for entry in entries}
    all_authors = set().union(*author_ids.values()) if author_ids else set()
    author_units: dict[int, set[int]] = {}
    for user_id, unit_id in Membership.objects.filter(current, user__in=all_authors).values_list(
        "user_id", "unit_id"
    ):
        author_units.setdefault(user_id, set()).add(unit_id)
    existing = set(
        Conflict.objects.filter(entry__round=review_round).values_list("entry_id", "member_id")
    )
    rows = []
    for entry in entries:
        authors = author_ids[entry.pk]
        units = {entry.initiative.unit_id}
        for author in authors:
            units |= author_units.get(author, set())
        for member in members:
            if (entry.pk, member.pk) in existing:
                continue
            if member.user_id in authors:
                kind = ConflictKind.AUTHOR
            elif member_units.get(member.user_id, set()) & units:
                kind = ConflictKind.SAME_UNIT
            else:
                continue
            rows.append(Conflict(entry=entry, member=member, kind=kind))
    Conflict.objects.bulk_create(rows)
    if rows:
        # A conflicted member keeps no sheet on the dossier.
        ScoreSheet.objects.filter(
            Q(*[Q(entry=c.entry, member=c.member) for c in rows], _connector=Q.OR)
        ).delete()
    return len(rows)


@transaction.atomic
def conflict_declare(
    *, entry: RoundEntry, member: CouncilMember, reason: str, actor: User
) -> Conflict:
    """Declare that ``member`` may not score ``entry``, with the reason kept. The member
    declares it themselves, or the chair or an officer running the round does. Their sheet on
    the dossier, submitted or not, is taken out."""
    review_round = _locked_round(entry.round)
    if member.round_id != review_round.pk or entry.round_id != review_round.pk:
        raise ApplicationError(_("This person does not sit on this council."))
    if not (member.user_id == actor.pk or actor.has_perm("awards.manage_council", review_round)):
        raise ApplicationError(_("You may not do this in this round."))
    if review_round.status == R.CLOSED:
        raise _status_error(review_round)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the conflict of interest."), field="reason")
    if Conflict.objects.filter(entry=entry, member=member).exists():
        raise ApplicationError(_("This conflict of interest is already recorded."))
    conflict = Conflict.objects.create(
        entry=entry, member=member, kind=ConflictKind.DECLARED, reason=reason, declared_by=actor
    )
    ScoreSheet.objects.filter(entry=entry, member=member).delete()
    _log(
        review_round,
        RoundEventAction.CONFLICT_DECLARED,
        actor,
        entry=entry,
        note=f"{member.user.get_full_name()}: {reason}",
    )
    return conflict


@transaction.atomic
def entry_assign(
    *, entry: RoundEntry, members: Iterable[CouncilMember], actor: User
) -> list[ScoreSheet]:
    """Set who scores ``entry`` in a round where officers assign per dossier. Sheets of members
    left out are removed unless already submitted. Raises ApplicationError."""
    review_round = _locked_round(entry.round)
    _require(actor, "awards.run_round", review_round)
    if review_round.assignment_mode != AssignmentMode.PER_DOSSIER:
        raise ApplicationError(_("In this round every council member scores every dossier."))
    if review_round.status not in (R.DRAFT, R.OPEN, R.SCORING):
        raise _status_error(review_round)
    refresh_conflicts(review_round)
    chosen = {m.pk: m for m in members}
    if any(m.round_id != review_round.pk for m in chosen.values()):
        raise ApplicationError(_("This person does not sit on this council."))
    conflicted = set(
        Conflict.objects.filter(entry=entry, member__in=list(chosen)).values_list(
            "member_id", flat=True
        )
    )
    if conflicted:
        raise ApplicationError(
            _("A member with a conflict of interest cannot score this dossier."), field="members"
        )
    current = {sheet.member_id: sheet for sheet in entry.sheets.all()}
    for member_id, sheet in current.items():
        if member_id not in chosen:
            if sheet.status == SheetStatus.SUBMITTED:
                raise ApplicationError(
                    _("%(name)s has already submitted scores for this dossier.")
                    % {"name": sheet.member.user.get_full_name()},
                    field="members",
                )
            sheet.delete()
    ScoreSheet.objects.bulk_create(
        ScoreSheet(entry=entry, member=member, rubric_version_id=review_round.rubric_version_id)
        for pk, member in chosen.items()
        if pk not in current
    )
    _log(
        review_round,
        RoundEventAction.ASSIGNED,
        actor,
        entry=entry,
        note=", ".join(m.user.get_full_name() for m in chosen.values()),
    )
    return list(entry.sheets.all())


# --- dossiers in a round -------------------------------------------------------------------


def _check_intake(review_round: ReviewRound) -> None:
    if review_round.status not in ENTRIES_EDITABLE:
        raise _status_error(review_round)
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
    review_round = _locked_round(review_round)
    _require(actor, "awards.run_round", review_round)
    _check_intake(review_round)
    if review_round.purpose != RoundPurpose.RECOGNITION:
        raise ApplicationError(
            _("This round takes nominations from the units beneath it, not dossiers directly.")
        )
    initiative = Initiative.objects.select_related("unit").get(pk=initiative.pk)
    if not initiative.unit.path.startswith(review_round.unit.path):
        raise ApplicationError(_("This dossier belongs to another unit."))
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
    _log(review_round, RoundEventAction.ENTRY_ADDED, actor, entry=entry)
    if refresh:
        refresh_conflicts(review_round)
    return entry


@transaction.atomic
def entry_remove(*, entry: RoundEntry, actor: User, note: str = "") -> None:
    """Take a dossier out of a round that has not started scoring; a dossier under review goes
    back to accepted."""
    review_round = _locked_round(entry.round)
    _require(actor, "awards.run_round", review_round)
    if review_round.status not in ENTRIES_EDITABLE:
        raise _status_error(review_round)
    initiative = entry.initiative
    if entry.nominated_from_id is None and initiative.status == S.UNDER_REVIEW:
        initiative_transition(
            initiative=initiative, action="stop_review", actor=actor, note=note, notify=False
        )
    _log(review_round, RoundEventAction.ENTRY_REMOVED, actor, note=f"{initiative.title} {note}")
    entry.delete()


@transaction.atomic
def entry_nominate(*, entry: RoundEntry, target: ReviewRound, actor: User) -> RoundEntry:
    """Forward a dossier recognised in a closed round to an open round of an ancestor unit,
    within the source round's quota. Raises ApplicationError."""
    source = ReviewRound.objects.select_for_update().select_related("unit").get(pk=entry.round_id)
    _require(actor, "awards.run_round", source)
    target = _locked_round(target)
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
    _log(source, RoundEventAction.NOMINATED, actor, entry=entry, note=target.title)
    _log(target, RoundEventAction.ENTRY_ADDED, actor, entry=nominated, note=source.unit.name)
    refresh_conflicts(target)
    return nominated


@transaction.atomic
def entry_reenter(*, entry: RoundEntry, actor: User, notify: bool = True) -> RoundEntry:
    """Bring back a dossier the council returned for clarification once its authors answered:
    the vote is cleared and the dossier is under review again."""
    review_round = _locked_round(entry.round)
    _require(actor, "awards.run_round", review_round)
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
    _log(review_round, RoundEventAction.ENTRY_REENTERED, actor, entry=entry)
    return entry


def _clear_vote(entry: RoundEntry) -> None:
    entry.outcome = Outcome.PENDING
    entry.outcome_reason = ""
    entry.votes_for = entry.votes_against = entry.votes_abstain = None
    entry.vote_recorded_by = None
    entry.vote_recorded_at = None


# --- scoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreData:
    points: Decimal | str | None
    comment: str = ""


def _parse_points(value, criterion: Criterion) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        points = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise ApplicationError(
            _("“%(name)s”: write the points as a number.") % {"name": criterion.name},
            field=f"points_{criterion.pk}",
        ) from None
    if not points.is_finite() or points < 0 or points > criterion.max_points:
        raise ApplicationError(
            _("“%(name)s”: give between 0 and %(max)s points.")
            % {"name": criterion.name, "max": f"{criterion.max_points.normalize():f}"},
            field=f"points_{criterion.pk}",
        )
    if points != points.quantize(Decimal("0.01")):
        raise ApplicationError(
            _("“%(name)s”: use at most two decimal places.") % {"name": criterion.name},
            field=f"points_{criterion.pk}",
        )
    return points


@transaction.atomic
def sheet_save(
    *,
    sheet: ScoreSheet,
    actor: User,
    scores: dict[int, ScoreData],
    overall_comment: str = "",
    submit: bool = False,
) -> ScoreSheet:
    """Save the member's scores as a draft, or submit them (every criterion scored); a
    submitted sheet is locked. The first score saved freezes the rubric version. Raises
    ApplicationError; on error nothing is saved."""
    sheet = (
        ScoreSheet.objects.select_for_update()
        .select_related("entry__round", "member")
        .get(pk=sheet.pk)
    )
    review_round = sheet.entry.round
    if sheet.member.user_id != actor.pk:
        raise ApplicationError(_("Only the member it belongs to may fill in a score sheet."))
    if review_round.status != R.SCORING:
        raise ApplicationError(_("Scoring is not open in this round."))
    if sheet.status == SheetStatus.SUBMITTED:
        raise ApplicationError(_("You have submitted this sheet; only the chair can reopen it."))
    if Conflict.objects.filter(entry=sheet.entry, member=sheet.member).exists():
        raise ApplicationError(_("You have a conflict of interest on this dossier."))
    criteria = list(Criterion.objects.filter(version_id=sheet.rubric_version_id))
    parsed = {}
    for criterion in criteria:
        data = scores.get(criterion.pk) or ScoreData(points=None)
        parsed[criterion.pk] = (_parse_points(data.points, criterion), data.comment.strip())
    if submit:
        missing = [c.name for c in criteria if parsed[c.pk][0] is None]
        if missing:
            raise ApplicationError(
                _("Score every criterion before submitting: %(names)s.")
                % {"names": ", ".join(missing)}
            )
    existing = {s.criterion_id: s for s in sheet.scores.all()}
    for criterion in criteria:
        points, comment = parsed[criterion.pk]
        row = existing.get(criterion.pk)
        if row is None:
            Score.objects.create(sheet=sheet, criterion=criterion, points=points, comment=comment)
        elif row.points != points or row.comment != comment:
            row.points, row.comment = points, comment
            row.save(update_fields=["points", "comment"])
    if any(points is not None for points, _comment in parsed.values()):
        _freeze(sheet.rubric_version_id)
    sheet.overall_comment = (overall_comment or "").strip()
    if submit:
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = timezone.now()
    sheet.save()
    if submit:
        _log(
            review_round,
            RoundEventAction.SHEET_SUBMITTED,
            actor,
            entry=sheet.entry,
            note=actor.get_full_name(),
        )
    return sheet


@transaction.atomic
def sheet_reopen(*, sheet: ScoreSheet, actor: User, reason: str, notify: bool = True) -> ScoreSheet:
    """The chair unlocks a submitted sheet while scoring is open, with the reason kept."""
    sheet = (
        ScoreSheet.objects.select_for_update()
        .select_related("entry__round", "member__user")
        .get(pk=sheet.pk)
    )
    review_round = sheet.entry.round
    _require(actor, "awards.reopen_sheet", review_round)
    if review_round.status != R.SCORING:
        raise ApplicationError(_("Scoring is not open in this round."))
    if sheet.status != SheetStatus.SUBMITTED:
        raise ApplicationError(_("This sheet has not been submitted."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reasons."), field="reason")
    sheet.status = SheetStatus.DRAFT
    sheet.submitted_at = None
    sheet.save()
    _log(
        review_round,
        RoundEventAction.SHEET_REOPENED,
        actor,
        entry=sheet.entry,
        note=f"{sheet.member.user.get_full_name()}: {reason}",
    )
    if notify:
        transaction.on_commit(
            lambda: notification_create(
                users=[sheet.member.user],
                message=_("The chair reopened your score sheet for “%(title)s”: %(reason)s")
                % {"title": sheet.entry.initiative.title, "reason": reason},
                url=reverse("awards:score_sheet", args=[sheet.entry_id]),
            )
        )
    return sheet


# --- deliberation and decision -------------------------------------------------------------


def eligible_voters(entry: RoundEntry) -> int:
    """Council members who may vote on the dossier: every seat but the conflicted ones."""
    return entry.round.council.count() - entry.conflicts.count()


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

    Recognition needs at least the configured share (two thirds) of the unconflicted council
    in favour; abstentions count against. "Not recognised" and "returned for clarification"
    need reasons; a dossier returned goes back to its authors at once. Raises
    ApplicationError."""
    review_round = _locked_round(entry.round)
    _require(actor, "awards.record_vote", review_round)
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
    passes = vote_passes(votes_for, voters, settings.REVIEW_VOTE_SHARE)
    if outcome == Outcome.RECOGNISED and not passes:
        raise ApplicationError(
            _(
                "%(for)s of %(voters)s in favour is less than the %(share)s of the council the "
                "recognition needs."
            )
            % {"for": votes_for, "voters": voters, "share": settings.REVIEW_VOTE_SHARE},
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
    _log(
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
    ApplicationError."""
    review_round = _locked_round(review_round)
    try:
        round_transition_for("close", review_round.status)
    except TransitionNotAllowed:
        raise _status_error(review_round) from None
    _require(actor, "awards.close_round", review_round)
    signer_name, signer_title = (signer_name or "").strip(), (signer_title or "").strip()
    if not signer_name:
        raise ApplicationError(_("Give the name of the signer."), field="signer_name")
    if not signer_title:
        raise ApplicationError(_("Give the title of the signer."), field="signer_title")
    if decided_on > timezone.localdate():
        raise ApplicationError(_("The decision cannot be dated in the future."), field="decided_on")
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
    sequence, number = next_decision_number(review_round.unit, decided_on.year)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                round=review_round,
                unit=review_round.unit,
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
                initiative=entry.initiative, action=action, actor=actor, note=note, notify=notify
            )
    review_round.status = R.CLOSED
    review_round.closed_at = timezone.now()
    review_round.save(update_fields=["status", "closed_at", "updated_at"])
    _log(review_round, RoundEventAction.CLOSED, actor, note=number)
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
