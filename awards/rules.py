"""Who may do what in a review round: capabilities on the round's unit (officers run rounds,
viewers follow them) combined with a seat on its council (chair, secretary, member) and the
round's state. Scores stay blind until a member has submitted their own, and for everybody
until the scoring closes.

A round step that moves a dossier (entering, taking out, the vote that returns it, the closing
that recognises it) also needs the dossier's rule ``initiatives.review_initiative``, stated in
``initiatives.rules``; its chair-and-secretary half is ``awards.selectors.is_decider_of``."""

import rules

from awards.enums import CouncilRole, SheetStatus
from awards.models import CouncilMember, ReviewRound, RoundEntry, Rubric, ScoreSheet
from unions.enums import Capability
from unions.models import Unit
from unions.rules import has_capability
from unions.selectors import current_membership, has_capability_on


def round_of(obj) -> ReviewRound | None:
    if isinstance(obj, ReviewRound):
        return obj
    if isinstance(obj, RoundEntry):
        return obj.round
    if isinstance(obj, ScoreSheet):
        return obj.entry.round
    if isinstance(obj, CouncilMember):
        return obj.round
    return None


def seat_of(user, review_round: ReviewRound | None) -> CouncilMember | None:
    """The user's seat on the round's council, read once per round object."""
    if review_round is None or not user.is_authenticated:
        return None
    cache = getattr(review_round, "_seats", None)
    if cache is None:
        cache = {m.user_id: m for m in CouncilMember.objects.filter(round=review_round)}
        review_round._seats = cache
    return cache.get(user.pk)


def _seat_predicate(name: str, roles: frozenset[str] | None) -> rules.Predicate:
    def check(user, obj=None) -> bool:
        seat = seat_of(user, round_of(obj))
        return seat is not None and (roles is None or seat.role in roles)

    return rules.predicate(check, name=name)


is_council_member = _seat_predicate("is_council_member", None)
is_chair = _seat_predicate("is_chair", frozenset({CouncilRole.CHAIR}))
is_secretary = _seat_predicate("is_secretary", frozenset({CouncilRole.SECRETARY}))


@rules.predicate
def values_revealed(user, obj=None) -> bool:
    review_round = round_of(obj)
    return review_round is not None and review_round.values_revealed


@rules.predicate
def is_conflicted(user, obj=None) -> bool:
    """The user's seat is conflicted on the dossier (obj: an entry)."""
    if not isinstance(obj, RoundEntry):
        return False
    seat = seat_of(user, obj.round)
    if seat is None:
        return False
    cache = getattr(obj, "_conflicted_members", None)
    if cache is None:
        cache = set(obj.conflicts.values_list("member_id", flat=True))
        obj._conflicted_members = cache
    return seat.pk in cache


@rules.predicate
def has_any_conflict_in_round(user, obj=None) -> bool:
    seat = seat_of(user, round_of(obj))
    return seat is not None and seat.conflicts.exists()


@rules.predicate
def has_submitted_own_sheet(user, obj=None) -> bool:
    if not isinstance(obj, RoundEntry):
        return False
    seat = seat_of(user, obj.round)
    return (
        seat is not None
        and ScoreSheet.objects.filter(entry=obj, member=seat, status=SheetStatus.SUBMITTED).exists()
    )


@rules.predicate
def owns_sheet(user, sheet=None) -> bool:
    return isinstance(sheet, ScoreSheet) and sheet.member.user_id == user.pk


@rules.predicate
def may_manage_rubric(user, rubric=None) -> bool:
    """Rubrics kept by a unit: its officers. Shared rubrics: officers at the top of the tree."""
    if not isinstance(rubric, Rubric):
        return has_capability_on(user, Capability.MANAGE_RUBRICS, None)
    if rubric.unit_id is not None:
        return has_capability_on(user, Capability.MANAGE_RUBRICS, rubric.unit)
    roots = Unit.get_root_nodes()
    return any(has_capability_on(user, Capability.MANAGE_RUBRICS, root) for root in roots)


@rules.predicate
def is_author_in_round(user, obj=None) -> bool:
    """The user is an author of a dossier the round decides on."""
    review_round = round_of(obj)
    return (
        review_round is not None
        and user.is_authenticated
        and RoundEntry.objects.filter(
            round=review_round, initiative__authors__user_id=user.pk
        ).exists()
    )


can_run = has_capability(Capability.RUN_ROUNDS)
can_follow = has_capability(Capability.VIEW_INITIATIVES) | can_run

rules.add_perm("awards.run_round", can_run)
rules.add_perm("awards.view_round", can_follow | is_council_member)
rules.add_perm("awards.manage_council", can_run | is_chair)
rules.add_perm("awards.close_round", can_run | is_chair)
rules.add_perm("awards.record_vote", can_run | is_secretary)
rules.add_perm("awards.reopen_sheet", is_chair)
rules.add_perm("awards.score", owns_sheet)
# Progress (who has submitted) is visible to those following the round and to the council.
rules.add_perm("awards.view_progress", can_follow | is_council_member)
# Values of the whole round (the overview, the minutes, the XLSX) once scoring has closed:
# those following the round, and the chair and the secretary unless conflicted on a dossier.
rules.add_perm(
    "awards.view_round_scores",
    values_revealed & (can_follow | ((is_chair | is_secretary) & ~has_any_conflict_in_round)),
)
# Values on one dossier (obj: an entry): never for a conflicted member; for a council member
# once they submitted their own sheet on it; for everyone following the round once scoring
# has closed.
rules.add_perm(
    "awards.view_entry_scores",
    ~is_conflicted
    & ((values_revealed & (can_follow | is_council_member)) | has_submitted_own_sheet),
)
rules.add_perm("awards.nominate", can_run)
# The round's decision names every dossier with its authors and the reasons for refusals:
# the deciding unit's officers and those above, the round's own council, and the authors it
# decides on. Reading one of its dossiers some other way (a seat on another round the dossier
# went to, an officer of the unit it came from) is not enough.
rules.add_perm("awards.view_decision", can_follow | is_council_member | is_author_in_round)
rules.add_perm("awards.manage_rubric", may_manage_rubric)


# --- awards, benefits and certificates -----------------------------------------------------


@rules.predicate
def holds_certificate(user, certificate=None) -> bool:
    return (
        certificate is not None
        and user.is_authenticated
        and getattr(getattr(certificate, "recipient", None), "user_id", None) == user.pk
    )


@rules.predicate
def is_initiative_author(user, obj=None) -> bool:
    initiative = getattr(obj, "initiative", obj)
    if initiative is None or not user.is_authenticated:
        return False
    return initiative.created_by_id == user.pk or initiative.authors.filter(user=user).exists()


can_issue = has_capability(Capability.ISSUE_AWARDS)

rules.add_perm("awards.issue_award", can_issue)
rules.add_perm("awards.revoke_award", can_issue)
rules.add_perm(
    "awards.view_award_decision", can_issue | has_capability(Capability.VIEW_INITIATIVES)
)
rules.add_perm(
    "awards.download_certificate",
    holds_certificate | can_issue | has_capability(Capability.VIEW_INITIATIVES),
)
# Benefit of an initiative (obj: the initiative or a benefit record).
rules.add_perm("awards.verify_benefit", can_issue)
rules.add_perm(
    "awards.claim_benefit", is_initiative_author | has_capability(Capability.RECEIVE_INITIATIVES)
)


# --- achievement records ------------------------------------------------------------------


@rules.predicate
def is_same_person(user, person=None) -> bool:
    return person is not None and user.is_authenticated and user.pk == person.pk


@rules.predicate
def reads_dossiers_of_persons_unit(user, person=None) -> bool:
    """The user reads dossiers of the person's current grassroots unit (or of a unit above)."""
    if person is None:
        return False
    membership = getattr(person, "_current_membership", None)
    if membership is None:
        membership = current_membership(person)
    return membership is not None and has_capability_on(
        user, Capability.VIEW_INITIATIVES, membership.unit
    )


rules.add_perm("awards.view_person_achievements", is_same_person | reads_dossiers_of_persons_unit)
rules.add_perm("awards.view_unit_achievements", has_capability(Capability.VIEW_INITIATIVES))


# --- recognitions recorded from outside (issue 13 §2) ------------------------------------
# obj: the initiative. Officers who receive dossiers at its unit or above record the
# employer's decision and check it; an author registers it with a dossier they may still
# send (a draft, or one sent and not yet accepted).


@rules.predicate
def is_registrable_by_author(user, obj=None) -> bool:
    initiative = getattr(obj, "initiative", obj)
    return initiative is not None and initiative.status in (
        "draft",
        "submitted",
        "resubmitted",
    )


can_receive = has_capability(Capability.RECEIVE_INITIATIVES)

rules.add_perm("awards.record_external_recognition", can_receive)
rules.add_perm(
    "awards.register_external_recognition", is_initiative_author & is_registrable_by_author
)
rules.add_perm("awards.confirm_external_recognition", can_receive)
rules.add_perm(
    "awards.view_external_recognition",
    is_initiative_author | has_capability(Capability.VIEW_INITIATIVES) | can_receive,
)
