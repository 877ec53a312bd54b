"""The demo blocks and pledges seed_demo adds: two blocks of each kind, the 2025 pledges closed
with their leader proposed for the flag, the 2026 pledges signed with reported and computed
indicators and their mid-year reports; nobody told, nothing added twice."""

from io import StringIO

from django.core.management import call_command

from accounts.models import Notification
from awards.models import AwardDecision
from emulation.enums import IndicatorSourceKind, PledgeStatus, ReportPeriod, ReportStatus
from emulation.models import (
    BlockLeadership,
    BlockMember,
    EmulationBlock,
    Pledge,
    PledgeEvent,
    PledgeReport,
    ReportValue,
)
from emulation.selectors.pledges import pledge_ranking


def _demo_state():
    return {
        model.__name__: list(model.objects.order_by("pk").values_list("pk", flat=True))
        for model in (
            EmulationBlock,
            BlockMember,
            BlockLeadership,
            Pledge,
            PledgeReport,
            PledgeEvent,
            AwardDecision,
        )
    }


def test_seed_demo_adds_blocks_and_pledges_in_every_state_and_tells_nobody(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    blocks = EmulationBlock.objects.select_related("managing_unit")
    assert sorted(b.managing_unit.code for b in blocks) == ["QTR", "QTR", "TLD", "TLD"]
    # The chair rotates between 2025 and 2026.
    for block in blocks:
        chairs = dict(BlockLeadership.objects.filter(block=block).values_list("year", "chair"))
        assert set(chairs) == {2025, 2026} and chairs[2025] != chairs[2026]
    closed = Pledge.objects.filter(status=PledgeStatus.CLOSED)
    assert closed.count() == 2
    for pledge in closed:
        assert pledge.year == 2025 and pledge.flag_unit_id is not None
        assert pledge.flag_decision.recipients.get().unit_id == pledge.flag_unit_id
        ranking = pledge_ranking(pledge)
        assert ranking[0].rank == 1 and pledge.flag_unit_id == ranking[0].unit.pk
    signed = Pledge.objects.filter(status=PledgeStatus.SIGNED, year=2026)
    assert signed.count() == 4
    assert all(p.movement and "Lao động giỏi" in p.movement.name for p in signed)
    assert signed.filter(indicators__source=IndicatorSourceKind.COMPUTED).exists()
    assert signed.filter(indicators__source=IndicatorSourceKind.REPORTED).exists()
    mid = PledgeReport.objects.filter(pledge__in=signed, period=ReportPeriod.MID_YEAR)
    assert mid.filter(status=ReportStatus.SCORED).exists()
    assert mid.filter(status=ReportStatus.SUBMITTED).exists()
    computed_values = ReportValue.objects.filter(
        report__in=mid, indicator__source=IndicatorSourceKind.COMPUTED
    )
    assert computed_values.exists()
    assert not computed_values.filter(explanation="").exists()
    assert not Notification.objects.filter(url__startswith="/thi-dua/khoi/").exists(), list(
        Notification.objects.values_list("message", flat=True)[:3]
    )
    first = _demo_state()
    call_command("seed_demo", stdout=StringIO())
    assert _demo_state() == first
