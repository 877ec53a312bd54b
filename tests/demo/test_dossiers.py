"""The demo dossiers that seed_demo adds: every state, real history, real files, and nothing
added (nor anyone told) twice."""

import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Notification
from demo.accounts import DEMO_MEMBER_EMAIL
from demo.clock import DemoClock
from demo.dossiers.intake import STATUS_COUNTS, seed_initiatives
from initiatives.enums import AWAITING_DECISION_STATUSES, InitiativeStatus
from initiatives.models import Attachment, Initiative, InitiativeAuthor, InitiativeTransition
from initiatives.selectors import overdue_q
from initiatives.services import submission_problems
from unions.enums import Capability
from unions.selectors import has_capability_on

S = InitiativeStatus
MODELS = [Initiative, InitiativeAuthor, InitiativeTransition, Attachment, Notification]


def _state():
    return {
        model.__name__: list(model.objects.order_by("pk").values_list("pk", flat=True))
        for model in MODELS
    } | {"updated": list(Initiative.objects.order_by("pk").values_list("updated_at", flat=True))}


def _seed(settings, capture):
    # The database queue, as in development, to see that no e-mail waits to be sent.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = StringIO()
    with capture(execute=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


# Seeding takes a while, so each test below checks several things about one seeded registry.


def test_seed_demo_adds_complete_dossiers_in_every_state_and_tells_nobody(
    db, settings, django_capture_on_commit_callbacks
):
    _seed(settings, django_capture_on_commit_callbacks)
    # The review rounds (awards) bring their own dossiers, and so do the recognitions the
    # employers decided outside the registry; these are the 200 of the intake.
    seeded = Initiative.objects.filter(
        round_entries__isnull=True, external_recognition__isnull=True
    ).select_related("unit")

    counts = Counter(seeded.values_list("status", flat=True))
    assert counts == Counter(STATUS_COUNTS)
    assert sum(counts.values()) == 200
    assert seeded.values("title").distinct().count() == 200
    assert seeded.values("unit").distinct().count() >= 25  # across the demo grassroots unions
    demo_member = {
        i.status for i in seeded.filter(authors__user__email=DEMO_MEMBER_EMAIL, authors__order=0)
    }
    assert {S.DRAFT, S.RETURNED, S.ACCEPTED, S.RECOGNISED} <= demo_member
    # Every dossier is addressed to its union's employer (Decree 13/2012/NĐ-CP Art. 5.1); the
    # submitted ones keep its name.
    assert not Initiative.objects.filter(employer__isnull=True).exists()
    assert not (
        Initiative.objects.exclude(status=S.DRAFT).filter(employer_name_snapshot="").exists()
    )

    # Authors: members and outside people, sharing exactly 100%.
    totals = (
        InitiativeAuthor.objects.values("initiative").annotate(total=Sum("contribution"))
    ).values_list("total", flat=True)
    assert set(totals) == {Decimal(100)}
    assert InitiativeAuthor.objects.filter(user__isnull=True).exists()
    assert seeded.annotate(n=Count("authors")).filter(n__gte=3).count() >= 10
    assert seeded.filter(entered_on_behalf=True).exists()

    # Texts: complete beyond the draft stage, in Vietnamese.
    for initiative in seeded.exclude(status=S.DRAFT):
        assert submission_problems(initiative) == [], initiative.title
    assert seeded.filter(benefit_claimed__gt=100_000_000).exists()
    assert seeded.exclude(confidential_info="").exists()
    assert all(
        any(letter in text for letter in "ăơưđ")
        for text in seeded.values_list("previous_state", flat=True)
    )

    # Real files.
    assert Attachment.objects.count() >= 120
    pdf = Attachment.objects.filter(content_type="application/pdf").first()
    png = Attachment.objects.filter(content_type="image/png").first()
    with pdf.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with png.file.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"

    # History: in the past, in order, consistent with the dossier's dates.
    now = timezone.now()
    history: dict[int, list] = {}
    for record in InitiativeTransition.objects.order_by("initiative_id", "pk"):
        history.setdefault(record.initiative_id, []).append(record)
    for initiative in seeded:
        records = history[initiative.pk]
        moments = [record.at for record in records]
        assert moments == sorted(moments) and moments[-1] <= now
        assert records[0].action == "create" and records[-1].to_status == initiative.status
        assert initiative.created_at == moments[0]
        if initiative.submitted_at:
            assert initiative.created_at < initiative.submitted_at
            assert initiative.first_applied_on < timezone.localdate(initiative.submitted_at)
        if initiative.receipt_number:
            # The receipt is given when the dossier arrives (issue 13, §5).
            arrived = timezone.localdate(initiative.submitted_at)
            expected = f"SK-{arrived.year}-{initiative.receipt_sequence:05d}"
            assert initiative.receipt_number == expected
        if initiative.accepted_at:
            accepted_on = timezone.localdate(initiative.accepted_at)
            assert initiative.decision_due > accepted_on
    assert len({i.submitted_at.year for i in seeded.filter(submitted_at__isnull=False)}) >= 2

    # Built on their days by the services, not dated back: whoever received a dossier or
    # entered it for its authors held the capability on the unit that day, and each unit
    # numbered its receipts of a year in the order the dossiers arrived.
    clock = DemoClock()
    by_officer = InitiativeTransition.objects.filter(
        initiative__in=seeded, action__in=["return", "accept", "refuse", "start_review"]
    ) | InitiativeTransition.objects.filter(
        initiative__in=seeded.filter(entered_on_behalf=True), action="create"
    )
    for record in by_officer.select_related("actor", "initiative__unit"):
        assert clock.run(
            record.at,
            has_capability_on,
            user=record.actor,
            capability=Capability.RECEIVE_INITIATIVES,
            unit=record.initiative.unit,
        ), (record.action, record.at, record.actor)
    receipts: dict[tuple, list[int]] = {}
    for initiative in seeded.filter(receipt_sequence__isnull=False).order_by("submitted_at"):
        key = (initiative.unit_id, initiative.receipt_year)
        receipts.setdefault(key, []).append(initiative.receipt_sequence)
    assert all(sequences == sorted(sequences) for sequences in receipts.values())
    assert any(len(sequences) > 1 for sequences in receipts.values())

    # Deadlines to show: some overdue, some near.
    today = timezone.localdate()
    assert seeded.filter(overdue_q(), status=S.ACCEPTED).count() >= 3
    near = seeded.filter(
        status__in=AWAITING_DECISION_STATUSES,
        decision_due__gte=today,
        decision_due__lte=today + datetime.timedelta(days=14),
    )
    assert near.count() >= 3

    # Past events are not news: no notification, no e-mail waiting in the queue (the
    # certificates of the demo's recognition decisions wait for the worker to draw them).
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


def test_seed_demo_second_run_adds_no_dossier(db, settings, django_capture_on_commit_callbacks):
    _seed(settings, django_capture_on_commit_callbacks)
    before = _state()
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_initiatives() is False
    again = _seed(settings, django_capture_on_commit_callbacks)
    assert "nothing changed" in again
    assert _state() == before
