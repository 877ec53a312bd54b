"""Writes to a round's council and its score sheets: seating and unseating members, conflicts
(automatic for authors and their unions, or declared with a reason), who scores which dossier,
saving and submitting a sheet, and the chair reopening one. Who may: ``awards.rules`` on the
round; each step writes a ``RoundEvent``. Errors are ``ApplicationError``; nothing is saved when
one is raised."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.services import notification_create
from awards.enums import (
    SINGLE_SEAT_ROLES,
    AssignmentMode,
    ConflictKind,
    RoundEventAction,
    RoundStatus,
    SheetStatus,
)
from awards.models import (
    Conflict,
    CouncilMember,
    Criterion,
    ReviewRound,
    RoundEntry,
    Score,
    ScoreSheet,
)
from awards.services.rounds import (
    locked_round,
    refresh_conflicts,
    require_on_round,
    round_event,
    status_error,
)
from awards.services.rubrics import rubric_version_freeze
from awards.workflow import (
    COUNCIL_EDITABLE,
)
from initiatives.enums import InitiativeStatus
from unions.changes import units_changed

R = RoundStatus
S = InitiativeStatus


# --- the council ---------------------------------------------------------------------------


@transaction.atomic
def council_member_add(
    *, review_round: ReviewRound, user: User, role: str, position: str = "", actor: User
) -> CouncilMember:
    """Seat ``user`` on the council. The chair and the secretary are one person each; an
    author of a dossier in the round is seated but conflicted on it."""
    units_changed(units=[review_round.unit_id])
    review_round = locked_round(review_round)
    require_on_round(actor, "awards.run_round", review_round)
    if review_round.status not in COUNCIL_EDITABLE:
        raise status_error(review_round)
    if not user.is_active:
        raise ApplicationError(_("This account is disabled."), field="user")
    if review_round.council.filter(user=user).exists():
        raise ApplicationError(_("This person already sits on the council."), field="user")
    if role in SINGLE_SEAT_ROLES and (review_round.council.filter(role=role).exists()):
        raise ApplicationError(_("The council already has someone in this role."), field="role")
    member = CouncilMember.objects.create(
        round=review_round, user=user, role=role, position=position.strip()
    )
    round_event(
        review_round,
        RoundEventAction.MEMBER_ADDED,
        actor,
        note=f"{user.get_full_name()} – {member.get_role_display()}",
    )
    refresh_conflicts(review_round)
    return member


@transaction.atomic
def council_member_remove(*, member: CouncilMember, actor: User) -> None:
    units_changed(units=[member.round.unit_id])
    review_round = locked_round(member.round)
    require_on_round(actor, "awards.run_round", review_round)
    if review_round.status not in COUNCIL_EDITABLE:
        raise status_error(review_round)
    note = f"{member.user.get_full_name()} – {member.get_role_display()}"
    member.delete()
    round_event(review_round, RoundEventAction.MEMBER_REMOVED, actor, note=note)


@transaction.atomic
def conflict_declare(
    *, entry: RoundEntry, member: CouncilMember, reason: str, actor: User
) -> Conflict:
    """Declare that ``member`` may not score ``entry``, with the reason kept. The member
    declares it themselves, or the chair or an officer running the round does. Their sheet on
    the dossier, submitted or not, is taken out."""
    units_changed(units=[entry.round.unit_id])
    review_round = locked_round(entry.round)
    if member.round_id != review_round.pk or entry.round_id != review_round.pk:
        raise ApplicationError(_("This person does not sit on this council."))
    if not (member.user_id == actor.pk or actor.has_perm("awards.manage_council", review_round)):
        raise ApplicationError(_("You may not do this in this round."))
    if review_round.status == R.CLOSED:
        raise status_error(review_round)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the conflict of interest."), field="reason")
    if Conflict.objects.filter(entry=entry, member=member).exists():
        raise ApplicationError(_("This conflict of interest is already recorded."))
    conflict = Conflict.objects.create(
        entry=entry, member=member, kind=ConflictKind.DECLARED, reason=reason, declared_by=actor
    )
    ScoreSheet.objects.filter(entry=entry, member=member).delete()
    round_event(
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
    units_changed(units=[entry.round.unit_id])
    review_round = locked_round(entry.round)
    require_on_round(actor, "awards.run_round", review_round)
    if review_round.assignment_mode != AssignmentMode.PER_DOSSIER:
        raise ApplicationError(_("In this round every council member scores every dossier."))
    if review_round.status not in (R.DRAFT, R.OPEN, R.SCORING):
        raise status_error(review_round)
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
    round_event(
        review_round,
        RoundEventAction.ASSIGNED,
        actor,
        entry=entry,
        note=", ".join(m.user.get_full_name() for m in chosen.values()),
    )
    return list(entry.sheets.all())


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
    units_changed(units=[sheet.entry.round.unit_id])
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
        rubric_version_freeze(version_id=sheet.rubric_version_id)
    sheet.overall_comment = (overall_comment or "").strip()
    if submit:
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = timezone.now()
    sheet.save()
    if submit:
        round_event(
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
    units_changed(units=[sheet.entry.round.unit_id])
    sheet = (
        ScoreSheet.objects.select_for_update()
        .select_related("entry__round", "member__user")
        .get(pk=sheet.pk)
    )
    review_round = sheet.entry.round
    require_on_round(actor, "awards.reopen_sheet", review_round)
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
    round_event(
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
