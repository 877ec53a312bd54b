"""Reads of rounds, councils and scores, scoped to what the asking user may see.

Scores leave this module only through ``round_results`` and ``sheet_values``; the views ask
the rules (``awards.view_entry_scores`` / ``awards.view_round_scores``) before calling them, so
a value never reaches a page, an export or a query answer early.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from awards.aggregation import CriterionSpec, EntryResult, entry_result, rank
from awards.enums import Outcome, RoundPurpose, RoundStatus, SheetStatus
from awards.models import (
    Conflict,
    CouncilMember,
    Criterion,
    ReviewRound,
    RoundEntry,
    RoundEvent,
    RubricVersion,
    Score,
    ScoreSheet,
)
from emulation.enums import Capability
from emulation.models import Unit
from emulation.selectors import units_visible_to
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from initiatives.selectors import AUTHORS_IN_ORDER

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


def round_list(user: User) -> QuerySet[ReviewRound]:
    """The rounds page: visible rounds with their number of dossiers and council seats."""
    return (
        rounds_visible_to(user)
        .annotate(
            entry_count=Count("entries", distinct=True),
            seat_count=Count("council", distinct=True),
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


def rubric_criteria(version: RubricVersion) -> list[Criterion]:
    return list(Criterion.objects.filter(version=version).order_by("sort_order", "pk"))


def _specs(criteria: list[Criterion]) -> list[CriterionSpec]:
    return [
        CriterionSpec(
            pk=c.pk,
            name=c.name,
            max_points=c.max_points,
            weight=c.weight,
            eliminatory=c.eliminatory,
        )
        for c in criteria
    ]


def round_results(review_round: ReviewRound, *, entry_ids=None) -> dict[int, EntryResult]:
    """Aggregated submitted scores per dossier of the round (all of them, or ``entry_ids``),
    ranked within the round. Two queries whatever the number of dossiers."""
    version = review_round.rubric_version
    criteria = rubric_criteria(version)
    sheets: dict[int, dict[int, dict[int, Decimal]]] = {}
    scores = Score.objects.filter(
        sheet__entry__round=review_round, sheet__status=SheetStatus.SUBMITTED
    ).values_list("sheet__entry_id", "sheet_id", "criterion_id", "points")
    for entry_id, sheet_id, criterion_id, points in scores:
        sheets.setdefault(entry_id, {}).setdefault(sheet_id, {})[criterion_id] = points or Decimal(
            0
        )
    ids = (
        entry_ids
        if entry_ids is not None
        else list(review_round.entries.values_list("pk", flat=True))
    )
    specs = _specs(criteria)
    results = [
        entry_result(
            entry_id,
            list(sheets.get(entry_id, {}).values()),
            specs,
            threshold=version.pass_threshold,
            margin_percent=settings.REVIEW_SPREAD_MARGIN_PERCENT,
        )
        for entry_id in ids
    ]
    rank(results)
    return {result.entry_id: result for result in results}


@dataclass
class SheetRow:
    member: CouncilMember
    sheet: ScoreSheet
    scores: dict[int, Score]
    total: Decimal


def sheet_values(entry: RoundEntry) -> list[SheetRow]:
    """Every submitted sheet of the dossier with its scores and weighted total."""
    criteria = {c.pk: c for c in rubric_criteria(entry.round.rubric_version)}
    sheets = (
        entry.sheets.filter(status=SheetStatus.SUBMITTED)
        .select_related("member__user")
        .prefetch_related("scores")
        .order_by("member__pk")
    )
    rows = []
    for sheet in sheets:
        scores = {s.criterion_id: s for s in sheet.scores.all()}
        total = sum(
            (
                (s.points or 0) * criteria[cid].weight
                for cid, s in scores.items()
                if cid in criteria
            ),
            Decimal(0),
        )
        rows.append(SheetRow(member=sheet.member, sheet=sheet, scores=scores, total=total))
    return rows


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


def entries_eligible_for(review_round: ReviewRound) -> QuerySet[Initiative]:
    """Accepted dossiers of the round's subtree that a recognition round may take in."""
    if review_round.purpose != RoundPurpose.RECOGNITION:
        return Initiative.objects.none()
    return (
        Initiative.objects.filter(
            unit__path__startswith=review_round.unit.path, status=InitiativeStatus.ACCEPTED
        )
        .select_related("unit")
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


def nominable_entries(review_round: ReviewRound) -> QuerySet[RoundEntry]:
    """Dossiers recognised by the closed round, each with whether it went upward already."""
    forwarded = RoundEntry.objects.filter(nominated_from=OuterRef("pk"))
    return (
        review_round.entries.filter(outcome=Outcome.RECOGNISED)
        .select_related("initiative")
        .annotate(forwarded=Exists(forwarded))
        .order_by("pk")
    )


def initiative_ladder(initiative: Initiative) -> list[RoundEntry]:
    """Every round the dossier entered, lowest level first, with the decision of each."""
    return list(
        RoundEntry.objects.filter(initiative=initiative)
        .select_related("round__unit", "round__decision", "round__rubric_version")
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


def is_reviewer_of(user: User, initiative: Initiative) -> bool:
    """An unconflicted seat on the council of a round the dossier sits in."""
    return (
        RoundEntry.objects.filter(initiative=initiative, round__council__user=user)
        .exclude(conflicts__member__user=user)
        .exists()
    )


def reviewer_scope(user: User) -> Q:
    return Q(pk__in=RoundEntry.objects.filter(round__council__user=user).values("initiative_id"))


def is_decider_of(user: User, initiative: Initiative) -> bool:
    """The chair or the secretary of a round under way that holds the dossier."""
    return (
        CouncilMember.objects.filter(
            user=user,
            role__in=["chair", "secretary"],
            round__entries__initiative=initiative,
        )
        .exclude(round__status=RoundStatus.CLOSED)
        .exists()
    )
