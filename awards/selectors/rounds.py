"""Reads of review rounds: who sees which round, the round page (dossiers, council, progress,
history), the dossiers a round may take in, and where a recognised dossier goes next."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from awards.enums import RoundPurpose, RoundStatus, SheetStatus
from awards.models import (
    Conflict,
    CouncilMember,
    ReviewRound,
    RoundEntry,
    RoundEvent,
    RubricVersion,
    ScoreSheet,
)
from awards.selectors.recognitions import addressed_to
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from initiatives.selectors import AUTHORS_IN_ORDER
from unions.enums import Capability
from unions.models import Unit
from unions.selectors import units_visible_to

SUBMITTED = Q(sheets__status=SheetStatus.SUBMITTED)


def rounds_visible_to(user: User) -> QuerySet[ReviewRound]:
    """Rounds of the units the user follows (reading dossiers or running rounds there), and
    rounds whose council they sit on."""
    if not user.is_authenticated:
        return ReviewRound.objects.none()
    units = units_visible_to(user, Capability.VIEW_INITIATIVES) | units_visible_to(
        user, Capability.RUN_ROUNDS
    )
    seated = CouncilMember.objects.filter(user=user).values("round_id")
    return ReviewRound.objects.filter(Q(unit__in=units) | Q(pk__in=seated)).select_related(
        "unit", "rubric_version__rubric"
    )


def _count_of(model, field: str) -> Coalesce:
    """The number of ``model`` rows pointing at the outer round, as a correlated subquery: run
    for the rows of the page only, where a ``COUNT(DISTINCT …)`` over joins would group every
    round in scope before the page is cut (issue 14)."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def round_list(user: User) -> QuerySet[ReviewRound]:
    """The rounds page: visible rounds with their number of dossiers and council seats."""
    return (
        rounds_visible_to(user)
        .annotate(
            entry_count=_count_of(RoundEntry, "round"),
            seat_count=_count_of(CouncilMember, "round"),
        )
        .order_by("-year", "-period_start", "-pk")
    )


def round_council(review_round: ReviewRound) -> list[CouncilMember]:
    order = {role: i for i, role in enumerate(["chair", "vice_chair", "secretary"])}
    members = list(review_round.council.select_related("user"))
    return sorted(members, key=lambda m: (order.get(m.role, 9), m.pk))


def round_entries(review_round: ReviewRound) -> QuerySet[RoundEntry]:
    """The round's dossiers with their scoring progress (sheets expected and submitted), the
    conflicts and the round they were nominated from."""
    return (
        review_round.entries.select_related(
            "initiative__unit", "nominated_from__round__unit", "vote_recorded_by"
        )
        .prefetch_related(
            Prefetch("initiative__authors", queryset=AUTHORS_IN_ORDER.queryset),
            Prefetch("conflicts", queryset=Conflict.objects.select_related("member__user")),
        )
        .annotate(
            sheets_expected=Count("sheets", distinct=True),
            sheets_submitted=Count("sheets", filter=SUBMITTED, distinct=True),
        )
        .order_by("pk")
    )


def round_progress(review_round: ReviewRound) -> dict:
    counts = ScoreSheet.objects.filter(entry__round=review_round).aggregate(
        expected=Count("pk"), submitted=Count("pk", filter=Q(status=SheetStatus.SUBMITTED))
    )
    percent = round(100 * counts["submitted"] / counts["expected"]) if counts["expected"] else 0
    return {**counts, "percent": percent}


def round_history(review_round: ReviewRound) -> QuerySet[RoundEvent]:
    return review_round.events.select_related("actor", "entry__initiative").order_by("at", "pk")


def entries_eligible_for(review_round: ReviewRound) -> QuerySet[Initiative]:
    """Accepted dossiers of the round's subtree that a recognition round may take in."""
    if review_round.purpose != RoundPurpose.RECOGNITION:
        return Initiative.objects.none()
    initiatives = Initiative.objects.filter(
        unit__path__startswith=review_round.unit.path, status=InitiativeStatus.ACCEPTED
    )
    if review_round.employer_id is not None:
        initiatives = initiatives.filter(addressed_to(review_round.employer))
    return (
        initiatives.select_related("unit")
        .prefetch_related(AUTHORS_IN_ORDER)
        .order_by("decision_due", "pk")
    )


def nomination_targets(entry: RoundEntry) -> QuerySet[ReviewRound]:
    """Open rounds of the units above the entry's round that take nominations and do not hold
    the dossier yet."""
    unit = entry.round.unit
    ancestors = [unit.path[:end] for end in range(Unit.steplen, len(unit.path), Unit.steplen)]
    return (
        ReviewRound.objects.filter(
            unit__path__in=ancestors,
            status=RoundStatus.OPEN,
            intake_closes__gte=timezone.localdate(),
        )
        .exclude(purpose=RoundPurpose.RECOGNITION)
        .exclude(entries__initiative_id=entry.initiative_id)
        .select_related("unit")
        .order_by("-unit__depth", "intake_closes")
    )


def nominations_used(review_round: ReviewRound) -> int:
    return RoundEntry.objects.filter(nominated_from__round=review_round).count()


def initiative_ladder(initiative: Initiative) -> list[RoundEntry]:
    """Every round the dossier entered, lowest level first, with the decision of each."""
    return list(
        RoundEntry.objects.filter(initiative=initiative)
        .select_related(
            "round__unit",
            "round__employer",
            "round__decision__employer",
            "round__rubric_version",
        )
        .order_by("-round__unit__depth", "round__period_start", "pk")
    )


def rubric_versions_usable_at(unit: Unit) -> QuerySet[RubricVersion]:
    """Versions a round of ``unit`` may use: shared rubrics and those of the unit or above."""
    ancestors = [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return (
        RubricVersion.objects.filter(
            Q(rubric__unit__isnull=True) | Q(rubric__unit__path__in=ancestors)
        )
        .select_related("rubric")
        .order_by("rubric__name", "-number")
    )
