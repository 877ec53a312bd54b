"""The registry of figures lives in emulation, and its "emulation" section counts movements,
registrations, pledges with their average year-end score, and titles — in five queries."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emulation.enums import (
    IndividualTitle,
    MovementStatus,
    PledgeStatus,
    RegistrantKind,
    RegistrationStatus,
    ReportPeriod,
    ReportStatus,
)
from emulation.models import (
    EmulationBlock,
    Movement,
    Pledge,
    PledgeReport,
    Registration,
    TitleConferral,
)
from emulation.rollup import figures_rebuild
from emulation.statistics import FIGURE_SECTIONS, emulation_figures, registry_figures
from tests.factories import UserFactory
from unions.statistics import FigureScope

R = RegistrationStatus


def movement(unit, status, start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31)):
    return Movement.objects.create(
        launching_unit=unit,
        name=f"Phong trào {status}",
        period_start=start,
        period_end=end,
        status=status,
    )


def registration(mov, unit, status, year=2025, person=None):
    return Registration.objects.create(
        movement=mov,
        year=year,
        registrant_kind=RegistrantKind.PERSON if person else RegistrantKind.UNIT,
        unit=unit,
        person=person,
        targets="Hoàn thành kế hoạch",
        status=status,
    )


def pledge(block, year, status, scores=()):
    row = Pledge.objects.create(block=block, year=year, title=f"Giao ước {year}", status=status)
    for unit, score in scores:
        PledgeReport.objects.create(
            pledge=row,
            unit=unit,
            period=ReportPeriod.YEAR_END,
            status=ReportStatus.SCORED if score is not None else ReportStatus.SUBMITTED,
            as_of=datetime.date(year, 12, 31),
            total_score=score,
        )
    return row


def title(unit, year, code=IndividualTitle.ADVANCED_WORKER):
    return TitleConferral.objects.create(
        person=UserFactory(),
        unit=unit,
        year=year,
        title=code,
        decision_number="05/QĐ",
        decided_on=datetime.date(year, 12, 20),
    )


@pytest.fixture
def emulation(tree):
    """- national: a running 2025–2030 movement, a planned 2026 one and a closed 2024 one;
      province_b: a running 2025 one;
    - registrations of 2025 at the running national movement: district_a1 approved,
      district_a2 awaiting, grassroots_b1x returned; people of a1x approved ×2, not sent ×1;
      one of 2026 (not sent) at grassroots_a1y;
    - blocks of province_a: a 2025 pledge closed with year-end scores 90 and 85.5 (and one
      report still unscored), a 2026 draft; a block of province_b: a 2025 signed pledge scored
      70 at mid-year only;
    - titles: 2025 at a1x: 2 Lao động tiên tiến, 1 Chiến sĩ thi đua cơ sở; 2024 at b1x: 1.
    """
    stage = movement(tree.national, MovementStatus.RUNNING, end=datetime.date(2030, 12, 31))
    movement(
        tree.national,
        MovementStatus.PLANNED,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    movement(
        tree.national,
        MovementStatus.CLOSED,
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 12, 31),
    )
    movement(tree.province_b, MovementStatus.RUNNING)
    registration(stage, tree.district_a1, R.APPROVED)
    registration(stage, tree.district_a2, R.AWAITING_APPROVAL)
    registration(stage, tree.grassroots_b1x, R.RETURNED)
    registration(stage, tree.grassroots_a1x, R.APPROVED, person=UserFactory())
    registration(stage, tree.grassroots_a1x, R.APPROVED, person=UserFactory())
    registration(stage, tree.grassroots_a1x, R.NOT_SENT, person=UserFactory())
    registration(stage, tree.grassroots_a1y, R.NOT_SENT, year=2026)
    block_a = EmulationBlock.objects.create(managing_unit=tree.province_a, name="Khối huyện")
    block_b = EmulationBlock.objects.create(managing_unit=tree.province_b, name="Khối thành phố")
    pledge(
        block_a,
        2025,
        PledgeStatus.CLOSED,
        [
            (tree.district_a1, Decimal("90")),
            (tree.district_a2, Decimal("85.5")),
            (tree.grassroots_a1x, None),
        ],
    )
    pledge(block_a, 2026, PledgeStatus.DRAFT)
    mid = pledge(block_b, 2025, PledgeStatus.SIGNED)
    PledgeReport.objects.create(
        pledge=mid,
        unit=tree.district_b1,
        period=ReportPeriod.MID_YEAR,
        status=ReportStatus.SCORED,
        as_of=datetime.date(2025, 6, 30),
        total_score=Decimal("70"),
    )
    for _ in range(2):
        title(tree.grassroots_a1x, 2025)
    title(tree.grassroots_a1x, 2025, IndividualTitle.GRASSROOTS_FIGHTER)
    title(tree.grassroots_b1x, 2024)
    figures_rebuild()


def test_the_figures_have_their_sections_in_a_stable_order(db):
    assert list(FIGURE_SECTIONS) == ["employers", "emulation", "initiatives", "reviews", "awards"]
    assert list(registry_figures())[2:] == list(FIGURE_SECTIONS)


def test_emulation_figures_for_the_whole_registry(emulation):
    figures = registry_figures()["emulation"]
    assert figures["movements_running"] == 2
    assert figures["movements_by_status"] == {"planned": 1, "running": 2, "closed": 1}
    assert figures["registrations_by_state"] == {
        "units": {"not_sent": 1, "awaiting_approval": 1, "approved": 1, "returned": 1},
        "people": {"not_sent": 1, "awaiting_approval": 0, "approved": 2, "returned": 0},
    }
    assert figures["pledges"] == 3
    assert figures["pledges_by_status"] == {"draft": 1, "signed": 1, "closed": 1}
    assert figures["pledge_average_year_end_score"] == "87.75"
    assert figures["titles_by_title"] == {"advanced_worker": 3, "grassroots_fighter": 1}
    assert figures["titles_conferred"] == 4


def test_emulation_figures_for_a_subtree_and_a_year(tree, emulation):
    province_a = registry_figures(unit=tree.province_a, year=2025)["emulation"]
    assert province_a["movements_by_status"] == {"planned": 0, "running": 0, "closed": 0}
    assert province_a["registrations_by_state"]["units"] == {
        "not_sent": 0,
        "awaiting_approval": 1,
        "approved": 1,
        "returned": 0,
    }
    assert province_a["registrations_by_state"]["people"]["approved"] == 2
    assert province_a["pledges_by_status"] == {"draft": 0, "signed": 0, "closed": 1}
    assert province_a["pledge_average_year_end_score"] == "87.75"
    assert province_a["titles_by_title"] == {"advanced_worker": 2, "grassroots_fighter": 1}

    national_2026 = registry_figures(unit=tree.national, year=2026)["emulation"]
    # The 2025–2030 stage runs in 2026 too.
    assert national_2026["movements_by_status"] == {"planned": 1, "running": 1, "closed": 0}
    assert national_2026["registrations_by_state"]["units"]["not_sent"] == 1
    assert national_2026["pledges_by_status"]["draft"] == 1
    assert national_2026["pledge_average_year_end_score"] is None
    assert national_2026["titles_conferred"] == 0

    province_b = registry_figures(unit=tree.province_b)["emulation"]
    assert province_b["movements_running"] == 1
    # The only scored report of province_b is a mid-year one.
    assert province_b["pledge_average_year_end_score"] is None
    assert province_b["titles_by_title"] == {"advanced_worker": 1, "grassroots_fighter": 0}


def test_emulation_figures_take_five_queries_whatever_the_rows(tree):
    with CaptureQueriesContext(connection) as few:
        emulation_figures(FigureScope(unit=tree.province_a, year=2025))
    assert len(few) == 5


def test_emulation_figures_queries_with_many_rows(emulation, tree):
    with CaptureQueriesContext(connection) as many:
        emulation_figures(FigureScope(unit=tree.province_a, year=2025))
    assert len(many) == 5


def test_registry_stats_shows_the_emulation_section(emulation):
    out = StringIO()
    call_command("registry_stats", "--format", "json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["emulation"]["movements_running"] == 2
    assert figures["emulation"]["pledge_average_year_end_score"] == "87.75"

    table = StringIO()
    call_command("registry_stats", "--unit", "QTR", "--year", "2025", stdout=table)
    text = table.getvalue()
    assert "emulation" in text
    assert "registrations_by_state.people.approved" in text
    assert "titles_by_title.grassroots_fighter" in text
