"""What a council member works on (seats and score sheets) and the checks the initiatives app
asks through its review hooks: who reviews a dossier and who decides on it."""

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from awards.enums import CouncilRole, RoundPurpose, RoundStatus
from awards.models import CouncilMember, ReviewRound, RoundEntry, ScoreSheet
from awards.selectors.rounds import SUBMITTED
from initiatives.models import Initiative


def required_council_roles(purpose: str) -> tuple[CouncilRole, ...]:
    """Seats a council must fill before scoring starts. Every council needs its chair and its
    secretary. A base council (a recognition round, the initiative council of Decree 13/2012
    Art. 8) also needs a representative of the union: Circular 18/2013/TT-BKHCN Art. 8.1 seats
    "đại diện của tổ chức công đoàn nơi tác giả là công đoàn viên" on it, and every author in
    the registry files through their grassroots union."""
    if purpose == RoundPurpose.RECOGNITION:
        return (CouncilRole.CHAIR, CouncilRole.SECRETARY, CouncilRole.UNION_REPRESENTATIVE)
    return (CouncilRole.CHAIR, CouncilRole.SECRETARY)


def missing_council_roles(review_round: ReviewRound, council=None) -> list[CouncilRole]:
    """The required seats (``required_council_roles``) nobody holds yet, in order. ``council``
    is the round's members if the caller has them already."""
    members = review_round.council.all() if council is None else council
    held = {member.role for member in members}
    return [role for role in required_council_roles(review_round.purpose) if role not in held]


def sheets_of_member(user: User) -> QuerySet[ScoreSheet]:
    """The council member's dossiers to score, in rounds that are scoring or later, with the
    round's deadline; newest rounds first."""
    return (
        ScoreSheet.objects.filter(member__user=user)
        .exclude(entry__round__status__in=[RoundStatus.DRAFT, RoundStatus.OPEN])
        .select_related("entry__round__unit", "entry__initiative__unit", "member")
        .order_by("entry__round__scoring_closes", "entry__round_id", "entry_id")
    )


def seats_of(user: User) -> QuerySet[CouncilMember]:
    """The user's council seats with their progress: sheets to score and sheets submitted."""
    return (
        CouncilMember.objects.filter(user=user)
        .select_related("round__unit")
        .annotate(
            sheet_count=Count("sheets", distinct=True),
            submitted_count=Count("sheets", filter=SUBMITTED, distinct=True),
        )
        .order_by("-round__year", "round__scoring_closes", "-round_id")
    )


def seat_in(user: User, review_round: ReviewRound) -> CouncilMember | None:
    return CouncilMember.objects.filter(round=review_round, user=user).first()


def is_reviewer_of(user: User, initiative: Initiative) -> bool:
    """An unconflicted seat on the council of a round the dossier sits in: the reviewer check
    behind ``initiatives.view_initiative`` and ``initiatives.view_confidential``."""
    return (
        RoundEntry.objects.filter(initiative=initiative, round__council__user=user)
        .exclude(conflicts__member__user=user)
        .exists()
    )


def reviewer_scope(user: User) -> Q:
    """Dossiers of every round whose council the user sits on, conflicted or not: the reviewer
    scope of ``initiatives.selectors.initiatives_visible_to`` (opening one still asks the rule
    ``initiatives.view_initiative``, which leaves out the conflicted)."""
    return Q(pk__in=RoundEntry.objects.filter(round__council__user=user).values("initiative_id"))


def is_decider_of(user: User, initiative: Initiative) -> bool:
    """The chair or the secretary of a round not yet closed that holds the dossier: the
    decider check behind ``initiatives.review_initiative`` (the rule is stated in
    ``initiatives.rules``; this app registers the check in ``apps.py``)."""
    return (
        CouncilMember.objects.filter(
            user=user,
            role__in=[CouncilRole.CHAIR, CouncilRole.SECRETARY],
            round__entries__initiative=initiative,
        )
        .exclude(round__status=RoundStatus.CLOSED)
        .exists()
    )
