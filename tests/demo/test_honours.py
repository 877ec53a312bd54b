"""The demo awards seed_demo adds: verified benefits, issued decisions of a grassroots union, the
Quảng Trị federation and the national federation with one certificate per recipient, one
certificate revoked (the public verification says so), the address of a demo certificate
printed after the logins; nothing added twice."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from awards.eligibility import Figures, evaluate
from awards.enums import COUNTED_BENEFIT, AwardDecisionStatus, BenefitStatus
from awards.models import AwardDecision, BenefitRecord, Certificate, Recipient, Revocation
from awards.selectors.certificates import revocation_of
from awards.selectors.decisions import recipients_eligibility
from demo.honours import (
    BANG_KHEN_GROUNDS,
    BANG_LDST_GROUNDS,
    DEMO_GROUNDS,
    GIAY_KHEN_GROUNDS,
    seed_honours,
)
from initiatives.enums import InitiativeStatus
from initiatives.models import InitiativeAuthor
from unions.enums import GRASSROOTS_KINDS, UnitKind

MODELS = [AwardDecision, Recipient, Certificate, Revocation, BenefitRecord]


def _state():
    return {
        model.__name__: list(model.objects.order_by("pk").values_list("pk", flat=True))
        for model in MODELS
    } | {
        "decisions": list(
            AwardDecision.objects.order_by("pk").values_list("number", "decided_on", "issued_at")
        ),
        "benefits": list(
            BenefitRecord.objects.order_by("pk").values_list("status", "verified_vnd")
        ),
    }


def _seed(settings, capture) -> str:
    # The database queue, as in development: the PDFs wait for the task worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = StringIO()
    with capture(execute=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_issues_awards_at_three_levels_with_benefits_and_a_revocation(
    db, client, settings, django_capture_on_commit_callbacks
):
    output = _seed(settings, django_capture_on_commit_callbacks)
    today = timezone.localdate()

    # Decisions at the three levels, issued, numbered, dated in the past, signed.
    demo = AwardDecision.objects.filter(grounds__in=DEMO_GROUNDS).select_related(
        "issuer", "award_type"
    )
    by_grounds = {decision.grounds: decision for decision in demo}
    assert set(by_grounds) == set(DEMO_GROUNDS)
    giay_khen = by_grounds[GIAY_KHEN_GROUNDS]
    bang_khen = by_grounds[BANG_KHEN_GROUNDS]
    ldst = by_grounds[BANG_LDST_GROUNDS]
    assert giay_khen.issuer.kind in GRASSROOTS_KINDS
    assert (bang_khen.issuer.kind, bang_khen.issuer.code) == (UnitKind.PROVINCIAL_FEDERATION, "QTR")
    assert ldst.issuer.kind == UnitKind.NATIONAL_FEDERATION
    assert [d.award_type.code for d in (giay_khen, bang_khen, ldst)] == [
        "giay-khen-co-so",
        "bang-khen-tinh",
        "bang-ldst",
    ]
    for decision in by_grounds.values():
        assert decision.status == AwardDecisionStatus.ISSUED
        assert decision.number == (
            f"{decision.sequence:02d}/QĐ-{decision.issuer.code}/{decision.decided_on.year}"
        )
        assert decision.decided_on < today and decision.year == decision.decided_on.year
        assert timezone.localdate(decision.issued_at) == decision.decided_on
        assert decision.signer_name and decision.signer_title
        recipients = list(decision.recipients.all())
        assert recipients
        # One certificate per recipient.
        assert Certificate.objects.filter(recipient__decision=decision).count() == len(recipients)
    assert all(
        r.initiative.status == InitiativeStatus.RECOGNISED for r in giay_khen.recipients.all()
    )
    assert {r.kind for r in bang_khen.recipients.all()} == {"person", "unit"}

    # The review rounds' recognition decisions issued their initiative certificates with the
    # round decision's number, on the day of the decision.
    round_certificates = AwardDecision.objects.filter(round_decision__isnull=False).select_related(
        "round_decision"
    )
    assert round_certificates.exists()
    for decision in round_certificates:
        assert decision.number == decision.round_decision.number
        assert decision.decided_on == decision.round_decision.decided_on
        assert timezone.localdate(decision.issued_at) == decision.decided_on
        for certificate in Certificate.objects.filter(recipient__decision=decision):
            assert timezone.localdate(certificate.created_at) == decision.decided_on
        assert (
            decision.recipients.count()
            == decision.recipients.filter(certificate__isnull=False).count()
        )

    # Verified benefits; the Bằng LĐST holders meet its rules, by one year above 80 M ₫; and
    # another initiative meets them by three years of less than 80 M ₫ each.
    counted = BenefitRecord.objects.filter(status__in=COUNTED_BENEFIT)
    assert counted.count() >= 5
    assert BenefitRecord.objects.filter(status=BenefitStatus.REJECTED).exists()
    assert BenefitRecord.objects.filter(status=BenefitStatus.CLAIMED).exists()
    assert not counted.filter(verified_on__gt=today).exists()
    recipients = list(ldst.recipients.all())
    eligibility = recipients_eligibility(ldst, recipients)
    assert all(eligibility[recipient.pk].eligible for recipient in recipients)
    best = counted.filter(initiative=recipients[0].initiative).aggregate(best=Max("verified_vnd"))
    assert best["best"] >= 80_000_000
    by_initiative: dict[int, dict[int, int]] = {}
    for initiative_id, year, value in counted.values_list("initiative_id", "year", "verified_vnd"):
        by_initiative.setdefault(initiative_id, {})[year] = value
    three_years = [
        initiative_id
        for initiative_id, years in by_initiative.items()
        if sorted(years) == list(range(min(years), min(years) + 3))
        and max(years.values()) < 80_000_000 <= 120_000_000 <= sum(years.values())
    ]
    assert three_years
    rules = list(ldst.award_type.rules.all())
    figures = Figures(
        benefits={three_years[0]: by_initiative[three_years[0]]}, tier="college_or_lower"
    )
    assert evaluate(rules, figures).eligible

    # A member who passes only when two solutions of one year are added up (issue 13).
    [two] = [r for r in recipients if r.initiative_id is None]
    assert two.tier == "college_or_lower"
    authored = InitiativeAuthor.objects.filter(user=two.user).values("initiative")
    rows = list(counted.filter(initiative__in=authored).values_list("year", "verified_vnd"))
    assert len(rows) == 2 and rows[0][0] == rows[1][0]
    assert all(value < 80_000_000 for _year, value in rows)
    assert sum(value for _year, value in rows) >= 80_000_000
    check = next(c for c in eligibility[two.pk].checks if c.rule.kind == "total_benefit_in_year")
    assert check.passed and check.legal_source

    # One certificate revoked, with its reason; the public page says so.
    revocation = Revocation.objects.get()
    assert revocation.decision == bang_khen and revocation.certificate is not None
    assert revocation.reason and bang_khen.decided_on <= revocation.revoked_on < today
    assert timezone.localdate(revocation.recorded_at) == revocation.revoked_on
    response = client.get(f"/xac-minh/{revocation.certificate.short_code}/")
    assert response.status_code == 200
    assert response.context["revocation"] == revocation

    # The logins are followed by the address of a valid demo certificate.
    lines = output.splitlines()
    note = lines[-1]
    assert note.startswith("Xác minh giấy chứng nhận mẫu: http://testserver/xac-minh/")
    code = note.rsplit("/xac-minh/", 1)[1].strip("/")
    certificate = Certificate.objects.get(short_code=code)
    assert certificate.recipient.decision == ldst and revocation_of(certificate) is None
    response = client.get(f"/xac-minh/{code}/")
    assert response.status_code == 200 and response.context["revocation"] is None

    # A second run adds nothing.
    before = _state()
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_honours() is False
    again = _seed(settings, django_capture_on_commit_callbacks)
    assert "nothing changed" in again and again.splitlines()[-1] == note

    # The printed address is the one the site is served at, when told.
    out = StringIO()
    call_command("seed_demo", "--site-url", "http://127.0.0.1:8010/", stdout=out)
    assert out.getvalue().splitlines()[-1] == note.replace(
        "http://testserver/", "http://127.0.0.1:8010/"
    )
    assert _state() == before
