"""The demo review rounds that seed_demo adds: closed grassroots rounds with their scores and
decisions, a grassroots round in scoring with demo accounts on its council, an open provincial
round of nominees and a national round in draft; nothing added (nor anyone told) twice."""

import datetime
from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Notification, User
from awards.enums import CouncilRole, Outcome, RoundPurpose, RoundStatus, SheetStatus
from awards.models import (
    Conflict,
    CouncilMember,
    Criterion,
    Decision,
    ExternalRecognition,
    ReviewRound,
    RoundEntry,
    RoundEvent,
    Rubric,
    RubricVersion,
    Score,
    ScoreSheet,
)
from awards.selectors.council import sheets_of_member
from awards.selectors.scores import round_results
from awards.statistics import recognised_by_figures
from demo.accounts import demo_logins
from demo.reviews.plans import (
    CHAIR_EMAIL,
    GRASSROOTS_RUBRIC,
    MEMBER_EMAIL,
    PROVINCIAL_RUBRIC,
    SECRETARY_EMAIL,
)
from demo.reviews.rounds import seed_reviews
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative, InitiativeTransition
from unions.enums import GRASSROOTS_KINDS, UnitKind
from unions.statistics import FigureScope

R = RoundStatus
S = InitiativeStatus
MODELS = [
    Rubric,
    RubricVersion,
    ReviewRound,
    CouncilMember,
    RoundEntry,
    Conflict,
    ScoreSheet,
    Score,
    Decision,
    RoundEvent,
    Initiative,
    InitiativeTransition,
    Notification,
]


def _state():
    return {
        model.__name__: list(model.objects.order_by("pk").values_list("pk", flat=True))
        for model in MODELS
    } | {
        "rounds": list(
            ReviewRound.objects.order_by("pk").values_list(
                "status", "updated_at", "intake_closes", "scoring_closes"
            )
        ),
        "sheets": list(ScoreSheet.objects.order_by("pk").values_list("status", "updated_at")),
        "decisions": list(Decision.objects.order_by("pk").values_list("number", "decided_on")),
        "outcomes": list(RoundEntry.objects.order_by("pk").values_list("outcome", "votes_for")),
    }


def _seed(settings, capture):
    # The database queue, as in development, to see that no e-mail waits to be sent.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = StringIO()
    with capture(execute=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def _in_order(moments) -> bool:
    moments = list(moments)
    return moments == sorted(moments)


# Seeding takes a while, so the first test checks several things about one seeded registry.


def test_seed_demo_runs_review_rounds_up_the_ladder_and_tells_nobody(
    db, settings, django_capture_on_commit_callbacks
):
    _seed(settings, django_capture_on_commit_callbacks)
    now, today = timezone.now(), timezone.localdate()
    rounds = ReviewRound.objects.select_related("unit", "rubric_version__rubric")

    # Closed grassroots rounds, each with its own numbered decision.
    closed = list(rounds.filter(status=R.CLOSED).select_related("decision").order_by("pk"))
    assert len({r.unit_id for r in closed}) >= 3
    assert all(r.unit.kind in GRASSROOTS_KINDS for r in closed)
    assert all(r.purpose == RoundPurpose.RECOGNITION for r in closed)
    assert all(r.rubric_version.rubric.name == GRASSROOTS_RUBRIC for r in closed)
    numbers = [r.decision.number for r in closed]
    assert len(set(numbers)) == len(numbers)
    decided = sorted(r.decision.decided_on for r in closed)
    assert decided[-1] < today and (decided[-1] - decided[0]).days >= 180
    for review_round in closed:
        decision = review_round.decision
        # The employer's council: its decision is numbered by the employer, signed by its head.
        employer = review_round.employer
        assert employer is not None and decision.employer == employer
        expected = f"{decision.sequence:02d}/QĐ-{employer.code}/{decision.year}"
        assert decision.number == expected and decision.year == decision.decided_on.year
        assert decision.numbering == "employer" and decision.signer_name == employer.head_name
        assert review_round.intake_closes <= review_round.scoring_closes < decision.decided_on
        assert review_round.period_start <= decision.decided_on <= review_round.period_end
        assert decision.signer_name and decision.signer_title
        events = list(review_round.events.order_by("pk").values_list("at", flat=True))
        assert _in_order(events) and events[-1] <= now
        assert review_round.created_at == events[0]
        assert review_round.closed_at.date() <= decision.decided_on + datetime.timedelta(1)
        for entry in review_round.entries.select_related("initiative"):
            assert entry.outcome != Outcome.PENDING
            assert entry.vote_recorded_at and entry.vote_recorded_at < review_round.closed_at
            if entry.outcome == Outcome.RECOGNISED:
                assert entry.initiative.status == S.RECOGNISED
                last = entry.initiative.transitions.order_by("at", "pk").last()
                assert last.action == "recognise" and last.note == decision.number

    # Realistic results: most recognised, one eliminated, one disagreement, reasons given.
    entries = RoundEntry.objects.filter(round__in=closed).select_related("initiative")
    outcomes = Counter(entries.values_list("outcome", flat=True))
    assert outcomes[Outcome.RECOGNISED] > sum(outcomes.values()) / 2
    assert outcomes[Outcome.NOT_RECOGNISED] >= 2
    returned = entries.get(outcome=Outcome.RETURNED)
    assert returned.outcome_reason and returned.initiative.status == S.RETURNED
    assert all(e.outcome_reason for e in entries.filter(outcome=Outcome.NOT_RECOGNISED))
    results = {}
    for review_round in closed:
        results |= round_results(review_round)
    eliminated = [e for e in entries if results[e.pk].eliminated]
    assert [e.outcome for e in eliminated] == [Outcome.NOT_RECOGNISED]
    assert any(results[e.pk].total.disagreement for e in entries if e.outcome == Outcome.RECOGNISED)
    assert not any(results[e.pk].passed for e in entries if e.outcome == Outcome.NOT_RECOGNISED)
    assert Conflict.objects.filter(entry__round__in=closed, kind="declared").exists()

    # A grassroots round in scoring: demo accounts in the chair, the secretary's seat and a
    # member's seat, each with sheets still to fill in; others have submitted some.
    scoring = rounds.get(status=R.SCORING)
    assert scoring.unit.kind in GRASSROOTS_KINDS and scoring.scoring_closes > today
    statuses = Counter(
        ScoreSheet.objects.filter(entry__round=scoring).values_list("status", flat=True)
    )
    assert statuses[SheetStatus.SUBMITTED] > 0 and statuses[SheetStatus.DRAFT] > 0
    logins = {row[1] for row in demo_logins()}
    for email, role in [
        (CHAIR_EMAIL, CouncilRole.CHAIR),
        (SECRETARY_EMAIL, CouncilRole.SECRETARY),
        (MEMBER_EMAIL, CouncilRole.MEMBER),
    ]:
        user = User.objects.get(email=email)
        assert email in logins
        assert scoring.council.get(user=user).role == role
        assert sheets_of_member(user).filter(status=SheetStatus.DRAFT).exists()
    drafts = Score.objects.filter(sheet__entry__round=scoring, sheet__status=SheetStatus.DRAFT)
    assert drafts.filter(points__isnull=False).exists()
    assert drafts.filter(points__isnull=True).exists()
    assert all(
        e.initiative.status == S.UNDER_REVIEW for e in scoring.entries.select_related("initiative")
    )

    # The open provincial round: nominees from the closed rounds, within their quotas.
    provincial = rounds.get(unit__kind=UnitKind.PROVINCIAL_FEDERATION)
    assert provincial.status == R.OPEN and provincial.purpose == RoundPurpose.NOMINATION
    assert provincial.rubric_version.rubric.name == PROVINCIAL_RUBRIC
    assert provincial.intake_closes >= today
    nominees = list(provincial.entries.select_related("nominated_from__round__unit"))
    assert len(nominees) >= 3
    for nominee in nominees:
        source = nominee.nominated_from
        assert source.outcome == Outcome.RECOGNISED and source.round in closed
        assert source.round.unit.path.startswith(provincial.unit.path)
        assert nominee.entered_at > source.round.closed_at
    per_source = Counter(n.nominated_from.round for n in nominees)
    assert len(per_source) >= 3
    assert all(count <= source.forward_quota for source, count in per_source.items())
    assert provincial.council.filter(role=CouncilRole.CHAIR).exists()

    # The national round, still a draft.
    national = rounds.get(unit__depth=1)
    assert national.status == R.DRAFT and national.purpose == RoundPurpose.AWARD

    # The dossiers' own history fits the rounds: in order, in the past, numbered by year.
    dossiers = Initiative.objects.filter(round_entries__round__unit__kind__in=GRASSROOTS_KINDS)
    for initiative in dossiers.distinct():
        records = list(initiative.transitions.order_by("pk"))
        moments = [record.at for record in records]
        assert _in_order(moments) and moments[-1] <= now
        assert records[0].action == "create" and records[-1].to_status == initiative.status
        assert initiative.created_at == moments[0] < initiative.submitted_at
        assert initiative.first_applied_on < timezone.localdate(initiative.submitted_at)
        accepted_on = timezone.localdate(initiative.accepted_at)
        assert initiative.receipt_number == (
            f"SK-{accepted_on.year}-{initiative.receipt_sequence:05d}"
        )
        entered = initiative.round_entries.order_by("pk").first().entered_at
        assert initiative.accepted_at < entered
    grassroots_rubric = RubricVersion.objects.get(rubric__name=GRASSROOTS_RUBRIC)
    assert grassroots_rubric.created_at < grassroots_rubric.frozen_at < now
    assert grassroots_rubric.created_at < ReviewRound.objects.order_by("created_at")[0].created_at

    # Recognitions the employers decided outside the registry: one recorded by an officer and
    # one registered by a member (with the decision's scan), both confirmed; one waiting.
    external = list(ExternalRecognition.objects.select_related("initiative").order_by("pk"))
    confirmed = [r for r in external if r.status == "confirmed"]
    assert {r.by_member for r in confirmed} == {True, False}
    assert all(r.initiative.status == S.RECOGNISED for r in confirmed)
    assert any(r.status == "recorded" and r.by_member for r in external)
    assert all(r.scan_type == "application/pdf" and r.scan_size > 0 for r in external)
    assert all(r.decided_on < today for r in external)
    figures = recognised_by_figures(FigureScope())
    assert figures["employer_recorded"] == 2 and figures["employer_council"] >= 10

    # Past events are not news: no notification, no e-mail waiting in the queue (only the
    # certificates of the recognition decisions wait for the task worker to draw them).
    assert not Notification.objects.exists()
    # The demo public site's pages wait there too, for Wagtail's search and reference indexes.
    assert not DBTaskResult.objects.exclude(
        task_path__in=[
            "awards.certificates.generate_certificates",
            "modelsearch.tasks.insert_or_update_object_task",
            "wagtail.tasks.update_reference_index_task",
            # The figures' refresh after each change: it tells no one.
            "emulation.rollup.figures_refresh_task",
        ]
    ).exists()


def test_seed_demo_makes_missing_rubrics_and_a_second_run_changes_nothing(
    db, settings, django_capture_on_commit_callbacks
):
    # Without the rubrics of the data migration, the demo makes its own of the same names.
    Criterion.objects.all().delete()
    RubricVersion.objects.all().delete()
    Rubric.objects.all().delete()
    _seed(settings, django_capture_on_commit_callbacks)
    grassroots = RubricVersion.objects.get(rubric__name=GRASSROOTS_RUBRIC)
    provincial = RubricVersion.objects.get(rubric__name=PROVINCIAL_RUBRIC)
    assert (grassroots.pass_threshold, provincial.pass_threshold) == (50, 70)
    assert grassroots.max_total() == provincial.max_total() == 100
    novelty = grassroots.criteria.get(name="Tính mới")
    assert novelty.max_points == 30 and novelty.eliminatory
    assert [(band["min"], band["max"]) for band in novelty.bands] == [
        ("27", "30"),
        ("21", "26"),
        ("16", "20"),
        ("1", "15"),
        ("0", "0"),
    ]
    first_round = ReviewRound.objects.order_by("created_at").first()
    assert grassroots.created_at < first_round.created_at
    assert ReviewRound.objects.filter(rubric_version=grassroots).count() == 5

    before = _state()
    assert len(before["rounds"]) == 7
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_reviews() is False
    again = _seed(settings, django_capture_on_commit_callbacks)
    assert "nothing changed" in again
    assert _state() == before
