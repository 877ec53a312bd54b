"""Review and award work waiting for someone, for "Việc của tôi": rounds to move on, sheets to
score, votes to record, benefits to verify and certificates ready to download. One query per
list, whatever the number of rows."""

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.worklist import WORK_LIST_LIMIT, WorkItem, WorkList, limited, work_list
from awards.enums import BenefitStatus, CouncilRole, Outcome, RoundStatus, SheetStatus
from awards.models import BenefitRecord, Certificate, ReviewRound, RoundEntry, ScoreSheet
from initiatives.selectors import initiatives_visible_to
from unions.enums import Capability
from unions.selectors import units_visible_to

R = RoundStatus
# How long an issued certificate stays in the holder's work list.
CERTIFICATE_DAYS = 365


def _round_step(review_round: ReviewRound, on: date) -> tuple[str, date | None] | None:
    """What the officer running the round does next and by when; None when nothing waits."""
    if review_round.status == R.DRAFT:
        return gettext("Draft: complete the council and open it for dossiers"), None
    if review_round.status == R.OPEN and review_round.intake_closes < on:
        return gettext("Intake closed: start scoring"), review_round.intake_closes
    if review_round.status == R.SCORING and review_round.scoring_closes < on:
        return gettext("Scoring period over: close scoring"), review_round.scoring_closes
    if review_round.status == R.DELIBERATION:
        return gettext("Deliberation: record the votes and close the round"), None
    return None


def rounds_to_run(user: User, *, on: date | None = None) -> WorkList:
    """Rounds of the units where ``user`` runs rounds that wait for a step: drafts to open,
    open rounds past their intake date, scoring past its closing date, deliberations to close.
    """
    on = on or timezone.localdate()
    units = units_visible_to(user, Capability.RUN_ROUNDS)
    waiting = (
        Q(status__in=[R.DRAFT, R.DELIBERATION])
        | Q(status=R.OPEN, intake_closes__lt=on)
        | Q(status=R.SCORING, scoring_closes__lt=on)
    )
    rows = (
        ReviewRound.objects.filter(waiting, unit__in=units)
        .select_related("unit")
        .order_by("scoring_closes", "pk")[: WORK_LIST_LIMIT + 1]
    )
    rows, more = limited(rows)
    items = []
    for review_round in rows:
        step = _round_step(review_round, on)
        if step is None:
            continue
        note, due = step
        items.append(
            WorkItem(
                title=review_round.title,
                url=reverse("awards:round_detail", args=[review_round.pk]),
                note=f"{review_round.unit.name} · {note}",
                due=due,
                since=review_round.updated_at,
                overdue=due is not None,
            )
        )
    return work_list(
        "rounds", _("Rounds to open or close"), items, more, reverse("awards:round_list")
    )


def sheets_to_score(user: User, *, on: date | None = None) -> WorkList:
    """The council member's score sheets not submitted yet in rounds that are scoring, the
    earliest closing first."""
    on = on or timezone.localdate()
    rows = (
        ScoreSheet.objects.filter(
            member__user=user, status=SheetStatus.DRAFT, entry__round__status=R.SCORING
        )
        .select_related("entry__round", "entry__initiative")
        .order_by("entry__round__scoring_closes", "entry_id")[: WORK_LIST_LIMIT + 1]
    )
    rows, more = limited(rows)
    items = [
        WorkItem(
            title=sheet.entry.initiative.title,
            url=reverse("awards:score_sheet", args=[sheet.entry_id]),
            note=sheet.entry.round.title,
            due=sheet.entry.round.scoring_closes,
            overdue=sheet.entry.round.scoring_closes < on,
        )
        for sheet in rows
    ]
    return work_list("sheets", _("Sheets to score"), items, more, reverse("awards:my_reviews"))


def votes_to_record(user: User) -> WorkList:
    """Dossiers of rounds in deliberation whose vote is not recorded yet, in the rounds ``user``
    runs or is the secretary of."""
    units = units_visible_to(user, Capability.RUN_ROUNDS)
    rows = (
        RoundEntry.objects.filter(
            Q(round__unit__in=units)
            | Q(round__council__user=user, round__council__role=CouncilRole.SECRETARY),
            round__status=R.DELIBERATION,
            outcome=Outcome.PENDING,
            votes_for__isnull=True,
        )
        .distinct()
        .select_related("round", "initiative")
        .order_by("round__scoring_closes", "round_id", "pk")[: WORK_LIST_LIMIT + 1]
    )
    rows, more = limited(rows)
    items = [
        WorkItem(
            title=entry.initiative.title,
            url=reverse("awards:entry_detail", args=[entry.pk]),
            note=entry.round.title,
            since=entry.round.scoring_closes,
        )
        for entry in rows
    ]
    return work_list("votes", _("Votes to record"), items, more)


def benefits_to_verify(user: User) -> WorkList:
    """Claimed benefits not verified yet, of the dossiers ``user`` reads in the units where they
    issue awards (and so verify benefits), the oldest claim first."""
    units = units_visible_to(user, Capability.ISSUE_AWARDS)
    rows = (
        BenefitRecord.objects.filter(
            status=BenefitStatus.CLAIMED,
            initiative__unit__in=units,
            initiative__in=initiatives_visible_to(user).values("pk"),
        )
        .select_related("initiative__unit")
        .order_by("recorded_at", "pk")[: WORK_LIST_LIMIT + 1]
    )
    rows, more = limited(rows)
    items = [
        WorkItem(
            title=record.initiative.title,
            url=reverse("achievements:benefit_verify", args=[record.pk]),
            note=gettext("%(unit)s · benefit of %(year)s")
            % {
                "unit": record.initiative.unit.name,
                "year": record.year,
            },
            since=record.recorded_at,
        )
        for record in rows
    ]
    return work_list("benefits", _("Benefits to verify"), items, more)


def certificates_ready(user: User, *, on: date | None = None) -> WorkList:
    """The user's own certificates of issued decisions of the last year, not revoked, whose
    PDF is ready, the newest first."""
    on = on or timezone.localdate()
    rows = (
        Certificate.objects.standing()
        .filter(
            recipient__user=user,
            recipient__decision__decided_on__gte=on - timedelta(days=CERTIFICATE_DAYS),
        )
        .exclude(file="")
        .select_related("recipient__decision__award_type", "recipient__initiative")
        .order_by("-recipient__decision__decided_on", "-pk")[: WORK_LIST_LIMIT + 1]
    )
    rows, more = limited(rows)
    items = []
    for certificate in rows:
        recipient = certificate.recipient
        decision = recipient.decision
        title = recipient.initiative.title if recipient.initiative_id else recipient.name
        items.append(
            WorkItem(
                title=title,
                url=reverse("honours:certificate_download", args=[certificate.pk]),
                note=gettext("%(award)s · decision %(number)s")
                % {"award": decision.award_type.name, "number": decision.number},
                since=decision.decided_on,
            )
        )
    # Newest first here: these are not late, they are ready.
    items.sort(key=lambda item: item.since, reverse=True)
    return WorkList("certificates", _("Certificates ready to download"), items, more)
