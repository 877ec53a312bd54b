"""The link between a pledge and the award decision its flag proposal drafted moves from the
decision (``AwardDecision.source_pledge``) to the pledge (``Pledge.flag_decision``): a database
with proposals made before migrates forward with every link kept, and back again."""

from datetime import date

import pytest

from tests.migrations import head, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("emulation", "0004_organisation_moved_to_unions"),
    ("awards", "0006_organisation_moved_to_unions"),
]


def _proposal(apps) -> tuple[int, int, int]:
    """A pledge whose leader was proposed for the flag, and a pledge without a proposal."""
    officer = apps.get_model("accounts", "User").objects.create(
        email="canbo@example.vn", last_name="Nguyễn Văn", first_name="An", password="!"
    )
    unit_model = apps.get_model("unions", "Unit")
    national = unit_model.objects.create(
        path="0001",
        depth=1,
        code="TLD",
        name="Tổng Liên đoàn",
        kind="national_federation",
        valid_from=date(2024, 1, 1),
    )
    block = apps.get_model("emulation", "EmulationBlock").objects.create(
        managing_unit=national, name="Khối các LĐLĐ tỉnh miền Trung", kind="block"
    )
    pledge_model = apps.get_model("emulation", "Pledge")
    proposed = pledge_model.objects.create(
        block=block, year=2025, title="Giao ước 2025", status="closed", flag_unit=national
    )
    other = pledge_model.objects.create(block=block, year=2024, title="Giao ước 2024")
    # Its own award type: a transactional test before this one may have emptied the seeded ones.
    award_type = apps.get_model("awards", "AwardType").objects.create(
        code="co-thi-dua-thu",
        name="Cờ thi đua thử",
        issuer_kinds=["national_federation"],
        recipient_kind="unit",
    )
    decision = apps.get_model("awards", "AwardDecision").objects.create(
        issuer=national,
        award_type=award_type,
        year=2026,
        decided_on=date(2026, 1, 10),
        signer_name="Chưa rõ",
        signer_title="Chưa rõ",
        source_pledge=proposed,
        created_by=officer,
    )
    return proposed.pk, other.pk, decision.pk


def test_flag_proposals_keep_their_decision_when_the_link_moves_to_the_pledge():
    latest = head()
    executor = migrate(BEFORE)
    try:
        proposed, other, decision = _proposal(executor.loader.project_state(BEFORE).apps)

        executor = migrate(latest)
        pledges = executor.loader.project_state(latest).apps.get_model("emulation", "Pledge")
        assert pledges.objects.get(pk=proposed).flag_decision_id == decision
        assert pledges.objects.get(pk=other).flag_decision_id is None

        executor = migrate(BEFORE)
        decisions = executor.loader.project_state(BEFORE).apps.get_model("awards", "AwardDecision")
        assert decisions.objects.get(pk=decision).source_pledge_id == proposed
    finally:
        migrate(latest)
