"""Reads of rounds, councils and scores, scoped to what the asking user may see.

Scores leave this module only through ``round_results`` and ``sheet_values``; the views ask
the rules (``awards.view_entry_scores`` / ``awards.view_round_scores``) before calling them, so
a value never reaches a page, an export or a query answer early.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from awards.aggregation import CriterionSpec, EntryResult, entry_result, rank
from awards.codes import is_token, normalise_short_code
from awards.eligibility import Eligibility, Figures, evaluate
from awards.enums import (
    COUNTED_BENEFIT,
    SCOPE_ORDER,
    AwardDecisionStatus,
    Outcome,
    RoundPurpose,
    RoundStatus,
    SheetStatus,
)
from awards.models import (
    AwardDecision,
    AwardType,
    BenefitRecord,
    Certificate,
    Conflict,
    CouncilMember,
    Criterion,
    Recipient,
    ReviewRound,
    Revocation,
    RoundEntry,
    RoundEvent,
    RubricVersion,
    Score,
    ScoreSheet,
)
from emulation.models import TitleConferral
from emulation.records import Recognition
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative, InitiativeAuthor
from initiatives.selectors import AUTHORS_IN_ORDER, initiatives_visible_to
from unions.enums import UNIT_LEVELS, Capability
from unions.models import Membership, Unit
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
    """Aggregated submitted scores per dossier of the round, ranked among all the round's
    dossiers; with ``entry_ids``, only those are returned (their rank still counts every
    dossier). Three queries whatever the number of dossiers."""
    version = review_round.rubric_version
    criteria = rubric_criteria(version)
    sheets: dict[int, dict[int, dict[int, Decimal]]] = {}
    scores = (
        Score.objects.filter(sheet__entry__round=review_round, sheet__status=SheetStatus.SUBMITTED)
        .order_by()
        .values_list("sheet__entry_id", "sheet_id", "criterion_id", "points")
    )
    for entry_id, sheet_id, criterion_id, points in scores:
        by_sheet = sheets.setdefault(entry_id, {}).setdefault(sheet_id, {})
        by_sheet[criterion_id] = points or Decimal(0)
    specs = _specs(criteria)
    results = [
        entry_result(
            entry_id,
            list(sheets.get(entry_id, {}).values()),
            specs,
            threshold=version.pass_threshold,
            margin_percent=settings.REVIEW_SPREAD_MARGIN_PERCENT,
        )
        for entry_id in review_round.entries.order_by().values_list("pk", flat=True)
    ]
    rank(results)
    wanted = None if entry_ids is None else set(entry_ids)
    return {r.entry_id: r for r in results if wanted is None or r.entry_id in wanted}


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
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by()))
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


# --- awards and certificates ---------------------------------------------------------------


def revocation_of(certificate: Certificate) -> Revocation | None:
    """The act revoking the certificate, directly or with its whole decision; None if valid."""
    return (
        Revocation.objects.filter(
            Q(certificate=certificate)
            | Q(decision_id=certificate.recipient.decision_id, certificate__isnull=True)
        )
        .order_by("revoked_on", "pk")
        .first()
    )


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate behind a QR token or a typed short code; None when unknown."""
    code = (code or "").strip()
    if not code or len(code) > 64:
        return None
    queryset = Certificate.objects.select_related(
        "recipient__decision__issuer",
        "recipient__decision__award_type",
        "recipient__initiative",
    )
    if is_token(code):
        found = queryset.filter(token=code).first()
        if found is not None:
            return found
    return queryset.filter(short_code=normalise_short_code(code)).first()


# --- achievement records, honour board, benefits ------------------------------------------


# Levels of the issuing unit, by the names the figures and the public site use.
ISSUER_LEVELS = {"national": 1, "provincial": 2, "upper_direct": 3, "grassroots": 4}


def kinds_at_level(level: int | str) -> list[str]:
    """Unit kinds of one level of the federation (1 or "national" … 4 or "grassroots")."""
    number = ISSUER_LEVELS.get(level, level) if isinstance(level, str) else level
    return [kind for kind, at in UNIT_LEVELS.items() if at == number]


def revoked_recipient() -> Exists:
    """True for a recipient whose certificate, or whose whole decision, has been revoked."""
    return Exists(
        Revocation.objects.filter(
            Q(decision_id=OuterRef("decision_id"), certificate__isnull=True)
            | Q(certificate__recipient=OuterRef("pk"))
        )
    )


def benefit_records_of(initiative: Initiative) -> list[BenefitRecord]:
    """The initiative's benefit by year, with who verified it and the evidence. Two queries."""
    return list(
        BenefitRecord.objects.filter(initiative=initiative)
        .select_related("verified_by", "recorded_by")
        .prefetch_related("evidence")
        .order_by("year")
    )


def benefit_records_visible_to(user: User) -> QuerySet[BenefitRecord]:
    """Benefit records of the dossiers the user may read (the rules decide what they may do)."""
    return BenefitRecord.objects.filter(
        initiative__in=initiatives_visible_to(user).values("pk")
    ).select_related("initiative__unit", "verified_by", "recorded_by")


def current_membership(person: User) -> Membership | None:
    """The person's current grassroots membership, with its unit."""
    return (
        Membership.objects.filter(user=person, valid_to__isnull=True).select_related("unit").first()
    )


@dataclass
class AwardLine:
    """One award on an achievement record: the recipient row, and its revocation if any."""

    recipient: Recipient
    revocation: Revocation | None

    @property
    def decision(self):
        return self.recipient.decision

    @property
    def year(self) -> int:
        return self.recipient.decision.year

    @property
    def certificate(self):
        return getattr(self.recipient, "certificate", None)


@dataclass
class AchievementYear:
    year: int
    recognitions: list[RoundEntry]
    awards: list[AwardLine]
    # A person's titles, or the titles a unit conferred on its members.
    titles: list[TitleConferral] = field(default_factory=list)


def recognitions_of(*, person: User | None = None, unit: Unit | None = None):
    """Dossiers of the person (as an author) or of the unit that a closed round recognised,
    at every level, with the round's decision and the award decision of its certificates."""
    entries = RoundEntry.objects.filter(
        outcome=Outcome.RECOGNISED,
        round__status=RoundStatus.CLOSED,
        round__decision__isnull=False,
    )
    if person is not None:
        authored = InitiativeAuthor.objects.filter(user=person).values("initiative_id")
        entries = entries.filter(initiative_id__in=authored)
    elif unit is not None:
        entries = entries.filter(initiative__unit=unit)
    else:
        return entries.none()
    return entries.select_related(
        "initiative", "round__unit", "round__decision__award_decision__issuer"
    ).order_by("-round__decision__decided_on", "-pk")


def awards_of(*, person: User | None = None, unit: Unit | None = None) -> list[AwardLine]:
    """Issued awards the person or the unit received, newest first, each with the act that
    revoked it (the certificate's own or the whole decision's). Two queries."""
    recipients = Recipient.objects.filter(decision__status=AwardDecisionStatus.ISSUED)
    if person is not None:
        recipients = recipients.filter(user=person)
    elif unit is not None:
        recipients = recipients.filter(unit=unit)
    else:
        return []
    recipients = list(
        recipients.select_related(
            "decision__issuer", "decision__award_type", "initiative", "certificate"
        ).order_by("-decision__decided_on", "-decision_id", "order", "pk")
    )
    revocations: dict[tuple[int, int | None], Revocation] = {}
    if recipients:
        for revocation in Revocation.objects.filter(
            decision_id__in={r.decision_id for r in recipients}
        ).order_by("-revoked_on", "-pk"):
            # Ordered newest first, so the earliest act of each kind is kept.
            revocations[(revocation.decision_id, revocation.certificate_id)] = revocation
    lines = []
    for recipient in recipients:
        certificate = getattr(recipient, "certificate", None)
        whole = revocations.get((recipient.decision_id, None))
        own = revocations.get((recipient.decision_id, certificate.pk)) if certificate else None
        found = [r for r in (whole, own) if r is not None]
        lines.append(
            AwardLine(
                recipient=recipient,
                revocation=min(found, key=lambda r: (r.revoked_on, r.pk)) if found else None,
            )
        )
    return lines


def titles_of(*, person: User | None = None, unit: Unit | None = None):
    """Individual titles of the person, or the titles the unit conferred on its members, newest
    year first."""
    titles = TitleConferral.objects.all()
    if person is not None:
        titles = titles.filter(person=person)
    elif unit is not None:
        titles = titles.filter(unit=unit)
    else:
        return titles.none()
    return titles.select_related("unit", "person").order_by(
        "-year", "title", "person__first_name", "person__last_name", "pk"
    )


def achievement_record(
    *, person: User | None = None, unit: Unit | None = None
) -> list[AchievementYear]:
    """Recognitions, awards and individual titles of a person or a unit (for a unit: the
    titles it conferred) grouped by year, newest year first. Four queries whatever their
    number."""
    recognitions: dict[int, list[RoundEntry]] = defaultdict(list)
    for entry in recognitions_of(person=person, unit=unit):
        recognitions[entry.round.decision.year].append(entry)
    awards: dict[int, list[AwardLine]] = defaultdict(list)
    for line in awards_of(person=person, unit=unit):
        awards[line.year].append(line)
    titles: dict[int, list[TitleConferral]] = defaultdict(list)
    for title in titles_of(person=person, unit=unit):
        titles[title.year].append(title)
    return [
        AchievementYear(
            year=year, recognitions=recognitions[year], awards=awards[year], titles=titles[year]
        )
        for year in sorted(set(recognitions) | set(awards) | set(titles), reverse=True)
    ]


# The level of the unit that decided, as people name it.
RECOGNITION_LEVELS = {
    1: _("National"),
    2: _("Provincial or central sector"),
    3: _("Upper-direct"),
    4: _("Grassroots"),
}


def recognitions_by_person(
    person_ids: Iterable[int], years: Iterable[int]
) -> dict[int, list[Recognition]]:
    """Provider of ``emulation.records``: the initiatives of each person (as an author)
    recognised by a closed round whose decision is dated in one of ``years``, at any level.
    One query."""
    rows = (
        RoundEntry.objects.filter(
            outcome=Outcome.RECOGNISED,
            round__status=RoundStatus.CLOSED,
            round__decision__year__in=list(years),
            initiative__authors__user_id__in=list(person_ids),
        )
        .values_list(
            "pk",
            "initiative__authors__user_id",
            "initiative__title",
            "round__decision__number",
            "round__decision__decided_on",
            "round__unit__kind",
            "round__unit__name",
        )
        .order_by("round__decision__decided_on", "pk")
    )
    found: dict[int, list[Recognition]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for entry_id, person_id, title, number, decided_on, kind, unit_name in rows:
        if (entry_id, person_id) in seen:
            continue
        seen.add((entry_id, person_id))
        level = RECOGNITION_LEVELS.get(UNIT_LEVELS.get(kind, 4), RECOGNITION_LEVELS[4])
        found[person_id].append(
            Recognition(
                initiative_title=title,
                decision_number=number,
                decided_on=decided_on,
                level=str(level),
                deciding_unit=unit_name,
            )
        )
    return dict(found)


def honour_board(
    *,
    level: int | str | None = None,
    year: int | None = None,
    limit: int = 20,
    include_initiative_certificates: bool = False,
) -> QuerySet[Recipient]:
    """The latest awards for a public honour board: recipients of issued decisions that have not
    been revoked, newest decision first; only those issued at ``level`` (1/"national" …
    4/"grassroots") and in ``year`` when given. Initiative certificates are left out unless
    asked for. One query."""
    recipients = Recipient.objects.filter(decision__status=AwardDecisionStatus.ISSUED).filter(
        ~revoked_recipient()
    )
    if not include_initiative_certificates:
        recipients = recipients.exclude(decision__award_type__is_initiative_certificate=True)
    if level is not None:
        recipients = recipients.filter(decision__issuer__kind__in=kinds_at_level(level))
    if year is not None:
        recipients = recipients.filter(decision__year=year)
    return recipients.select_related(
        "decision__issuer", "decision__award_type", "initiative", "unit"
    ).order_by("-decision__decided_on", "-decision_id", "order", "pk")[:limit]


@dataclass(frozen=True)
class UnitAwardCount:
    unit: Unit
    awards: int


def award_counts_by_unit(
    unit: Unit | None = None,
    *,
    year: int | None = None,
    include_initiative_certificates: bool = False,
) -> list[UnitAwardCount]:
    """How many awards (recipients of issued, unrevoked decisions) each unit of ``unit``'s
    subtree (the whole tree when None) earned, most first. An award counts for the unit that
    received it; a person's for the unit of the initiative it rewards, else the person's
    current grassroots unit, else the issuer. Two queries."""
    membership_unit = Membership.objects.filter(
        user=OuterRef("user_id"), valid_to__isnull=True
    ).values("unit_id")[:1]
    recipients = (
        Recipient.objects.filter(decision__status=AwardDecisionStatus.ISSUED)
        .filter(~revoked_recipient())
        .annotate(
            credited=Coalesce(
                "unit_id",
                "initiative__unit_id",
                Subquery(membership_unit),
                "decision__issuer_id",
                output_field=BigIntegerField(),
            )
        )
    )
    if not include_initiative_certificates:
        recipients = recipients.exclude(decision__award_type__is_initiative_certificate=True)
    if year is not None:
        recipients = recipients.filter(decision__year=year)
    if unit is not None:
        recipients = recipients.filter(
            credited__in=Unit.objects.filter(path__startswith=unit.path).values("pk")
        )
    counts = dict(
        recipients.order_by().values_list("credited").annotate(n=Count("pk", distinct=True))
    )
    units = Unit.objects.in_bulk(list(counts))
    rows = [UnitAwardCount(unit=units[pk], awards=n) for pk, n in counts.items() if pk in units]
    return sorted(rows, key=lambda row: (-row.awards, row.unit.name, row.unit.pk))


# --- award decisions: the officer pages ----------------------------------------------------


def _award_units(user: User) -> QuerySet[Unit]:
    """Units whose decisions the user reads: where they issue awards or read dossiers."""
    return units_visible_to(user, Capability.ISSUE_AWARDS) | units_visible_to(
        user, Capability.VIEW_INITIATIVES
    )


def award_decisions_visible_to(user: User) -> QuerySet[AwardDecision]:
    """Award decisions (drafts and issued) of the units in the subtrees where the user issues
    awards or reads dossiers, with issuer, award type and grounds round."""
    if not user.is_authenticated:
        return AwardDecision.objects.none()
    return AwardDecision.objects.filter(issuer__in=_award_units(user)).select_related(
        "issuer", "award_type", "source_round"
    )


def award_decision_list(
    user: User,
    *,
    status: str = "",
    year: int | None = None,
    award_type_id: int | None = None,
) -> QuerySet[AwardDecision]:
    """The decisions page: visible decisions, newest first, each with its number of recipients
    and whether the whole decision was revoked; filtered by status, year and award type."""
    whole_revoked = Revocation.objects.filter(decision=OuterRef("pk"), certificate__isnull=True)
    decisions = award_decisions_visible_to(user).annotate(
        recipient_count=Count("recipients", distinct=True),
        is_revoked=Exists(whole_revoked),
    )
    if status:
        decisions = decisions.filter(status=status)
    if year is not None:
        decisions = decisions.filter(year=year)
    if award_type_id is not None:
        decisions = decisions.filter(award_type_id=award_type_id)
    return decisions.order_by("-decided_on", "-pk")


def award_types_issuable_by(kinds) -> QuerySet[AwardType]:
    """Active award types that units of one of ``kinds`` may issue (the catalogue is small;
    the kinds are read in Python because SQLite cannot search inside a JSON list)."""
    kinds = set(kinds)
    ids = [
        pk
        for pk, issuer_kinds in AwardType.objects.filter(is_active=True).values_list(
            "pk", "issuer_kinds"
        )
        if kinds.intersection(issuer_kinds or [])
    ]
    return AwardType.objects.filter(pk__in=ids).order_by("sort_order", "name")


def closed_rounds_under(units: QuerySet[Unit] | Unit) -> QuerySet[ReviewRound]:
    """Closed review rounds held by ``units`` (or by one unit and its subtree): the rounds an
    award decision may cite as its grounds."""
    rounds = ReviewRound.objects.filter(status=RoundStatus.CLOSED)
    if isinstance(units, Unit):
        rounds = rounds.filter(unit__path__startswith=units.path)
    else:
        rounds = rounds.filter(unit__in=units)
    return rounds.select_related("unit").order_by("-year", "-pk")


def initiatives_under(unit: Unit) -> QuerySet[Initiative]:
    """Dossiers of ``unit``'s subtree, where a decision of ``unit`` finds the initiative a
    recipient is rewarded for."""
    return Initiative.objects.filter(unit__path__startswith=unit.path).select_related("unit")


def units_under(unit: Unit) -> QuerySet[Unit]:
    """Active units of ``unit``'s subtree: those a decision of ``unit`` may reward."""
    return Unit.objects.filter(path__startswith=unit.path, is_active=True)


def decision_recipients(decision: AwardDecision) -> QuerySet[Recipient]:
    """The decision's recipients in order, with account, unit, initiative and certificate."""
    return decision.recipients.select_related("user", "unit", "initiative", "certificate").order_by(
        "order", "pk"
    )


def decision_revocations(decision: AwardDecision) -> QuerySet[Revocation]:
    """The acts revoking the decision or some of its certificates, oldest first."""
    return decision.revocations.select_related("certificate__recipient", "revoked_by").order_by(
        "revoked_on", "pk"
    )


def certificates_visible_to(user: User) -> QuerySet[Certificate]:
    """Certificates of issued decisions of the units the user reads decisions of, and the
    user's own certificates."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(
        Q(recipient__decision__issuer__in=_award_units(user)) | Q(recipient__user=user),
        recipient__decision__status=AwardDecisionStatus.ISSUED,
    ).select_related(
        "recipient__decision__issuer", "recipient__decision__award_type", "recipient__user"
    )


def recipients_eligibility(
    decision: AwardDecision, recipients: list[Recipient]
) -> dict[int, Eligibility]:
    """The eligibility of each of the decision's ``recipients`` for its award (what
    ``eligibility.check_recipient`` answers for one), by recipient pk. The figures are read as
    ``eligibility.candidate_figures`` reads them, in five queries whatever the number of
    recipients; one when the award has no rules."""
    rules = list(decision.award_type.rules.select_related("prior_award"))
    if not rules or not recipients:
        return {r.pk: evaluate(rules, Figures()) for r in recipients}

    # Whose benefit counts: the initiative a recipient is rewarded for; else every dossier a
    # person wrote or entered; else every dossier of a unit. Subqueries keep the number of
    # queries the same whichever kinds of recipient the decision has.
    of_decision = Recipient.objects.filter(decision=decision)
    without_initiative = of_decision.filter(initiative__isnull=True)
    people = without_initiative.filter(user__isnull=False).values("user_id")
    units = without_initiative.filter(unit__isnull=False).values("unit_id")
    initiatives_of: dict[int, set[int]] = defaultdict(set)
    for user_id, initiative_id in InitiativeAuthor.objects.filter(user_id__in=people).values_list(
        "user_id", "initiative_id"
    ):
        initiatives_of[user_id].add(initiative_id)
    for user_id, initiative_id in Initiative.objects.filter(created_by_id__in=people).values_list(
        "created_by_id", "pk"
    ):
        initiatives_of[user_id].add(initiative_id)
    wanted = {r.initiative_id for r in recipients if r.initiative_id}
    wanted.update(i for ids in initiatives_of.values() for i in ids)
    by_initiative: dict[int, list[tuple]] = defaultdict(list)
    by_unit: dict[int, list[tuple]] = defaultdict(list)
    records = BenefitRecord.objects.filter(status__in=COUNTED_BENEFIT).filter(
        Q(initiative_id__in=sorted(wanted)) | Q(initiative__unit_id__in=units)
    )
    for initiative_id, unit_id, year, value, scope in records.order_by("pk").values_list(
        "initiative_id", "initiative__unit_id", "year", "verified_vnd", "scope"
    ):
        row = (initiative_id, year, value, scope)
        by_initiative[initiative_id].append(row)
        by_unit[unit_id].append(row)

    # Awards held (issued, not revoked), by person and by unit.
    held_by_user: dict[int, set[int]] = defaultdict(set)
    held_by_unit: dict[int, set[int]] = defaultdict(set)
    held = (
        Recipient.objects.filter(decision__status=AwardDecisionStatus.ISSUED)
        .filter(
            Q(user_id__in=of_decision.filter(user__isnull=False).values("user_id"))
            | Q(unit_id__in=of_decision.filter(unit__isnull=False).values("unit_id"))
        )
        .filter(~revoked_recipient())
    )
    for user_id, unit_id, award_type_id in held.values_list(
        "user_id", "unit_id", "decision__award_type_id"
    ):
        if user_id:
            held_by_user[user_id].add(award_type_id)
        if unit_id:
            held_by_unit[unit_id].add(award_type_id)

    def figures_of(recipient: Recipient) -> Figures:
        figures = Figures()
        if recipient.initiative_id:
            rows = by_initiative.get(recipient.initiative_id, [])
        elif recipient.user_id:
            rows = [
                row for i in sorted(initiatives_of[recipient.user_id]) for row in by_initiative[i]
            ]
        elif recipient.unit_id:
            rows = by_unit.get(recipient.unit_id, [])
        else:
            rows = []
        best_scope = 0
        for initiative_id, year, value, scope in rows:
            figures.benefits.setdefault(initiative_id, {})[year] = value or 0
            if scope and SCOPE_ORDER[scope] > best_scope:
                best_scope, figures.scope = SCOPE_ORDER[scope], scope
        if recipient.user_id:
            figures.award_type_ids = set(held_by_user[recipient.user_id])
        elif recipient.unit_id:
            figures.award_type_ids = set(held_by_unit[recipient.unit_id])
        return figures

    return {r.pk: evaluate(rules, figures_of(r)) for r in recipients}
