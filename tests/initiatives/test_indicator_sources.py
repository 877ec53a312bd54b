"""Initiatives submitted, as a computed pledge indicator: dossiers first submitted in the period,
counted where the unit they were submitted to stood on that day (local time)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from emulation.indicators import compute_indicator, indicator_source
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from tests.factories import UserFactory, make_initiative, make_unit
from unions.enums import UnitKind
from unions.models import Unit
from unions.services import NewUnit, unit_move, unit_split

START = datetime.date(2025, 1, 1)
END = datetime.date(2025, 12, 31)
MOVE = datetime.date(2025, 7, 1)
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
S = InitiativeStatus


def at(year, month, day, hour=9, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LOCAL)


def submitted(unit: Unit, when: datetime.datetime | None, status=S.SUBMITTED) -> Initiative:
    """A dossier at ``unit`` in ``status``, first submitted at ``when`` (its submission moved
    back in time; None keeps a draft)."""
    initiative = make_initiative(unit, UserFactory(), status)
    if when is not None:
        Initiative.objects.filter(pk=initiative.pk).update(submitted_at=when)
    return initiative


def count(unit: Unit, start=START, end=END) -> Decimal:
    return compute_indicator(
        "initiatives_submitted", unit=Unit.objects.get(pk=unit.pk), start=start, end=end
    ).value


@pytest.fixture
def dossiers(tree):
    """- a1x: 15/02, 30/06 23:59 (eve of its move to district_a2 on 01/07), 01/07 00:01, and
      31/12 23:30 (last day); one withdrawn since (still counted), one draft (never
      submitted);
    - a1y: 01/01 00:00 (first day), 31/12/2024 23:59 and 01/01/2026 00:00 (outside);
    - b1x (another province): 10/10.
    """
    submitted(tree.grassroots_a1x, at(2025, 2, 15))
    submitted(tree.grassroots_a1x, at(2025, 6, 30, 23, 59))
    submitted(tree.grassroots_a1x, at(2025, 7, 1, 0, 1))
    submitted(tree.grassroots_a1x, at(2025, 12, 31, 23, 30), S.WITHDRAWN)
    submitted(tree.grassroots_a1x, None, S.DRAFT)
    submitted(tree.grassroots_a1y, at(2025, 1, 1, 0, 0))
    submitted(tree.grassroots_a1y, at(2024, 12, 31, 23, 59))
    submitted(tree.grassroots_a1y, at(2026, 1, 1, 0, 0))
    submitted(tree.grassroots_b1x, at(2025, 10, 10))
    unit_move(unit=tree.grassroots_a1x, new_parent=tree.district_a2, effective_date=MOVE)


def test_initiatives_submitted_is_registered(db):
    source = indicator_source("initiatives_submitted")
    assert source is not None
    with translation.override("en"):
        assert str(source.label) == "Initiatives submitted"


def test_initiatives_submitted_follow_the_move(tree, dossiers):
    assert count(tree.district_a1) == 3  # a1x 15/02 and 30/06, a1y 01/01
    assert count(tree.district_a2) == 2  # a1x 01/07 and 31/12
    assert count(tree.grassroots_a1x) == 4
    assert count(tree.province_a) == 5
    assert count(tree.province_b) == 1
    assert count(tree.national) == 6


def test_initiatives_submitted_over_half_a_year(tree, dossiers):
    assert count(tree.district_a1, START, datetime.date(2025, 6, 30)) == 3
    assert count(tree.district_a2, START, datetime.date(2025, 6, 30)) == 0
    assert count(tree.district_a2, MOVE, END) == 2


def test_initiatives_submitted_explanation(tree, dossiers):
    with translation.override("en"):
        result = compute_indicator(
            "initiatives_submitted",
            unit=Unit.objects.get(pk=tree.district_a2.pk),
            start=START,
            end=END,
        )
    assert result.explanation.startswith(
        "2 initiative dossiers were first submitted between 01/01/2025 and 31/12/2025 to "
        "Liên đoàn Lao động huyện Gio Linh"
    )
    assert "moved from Liên đoàn Lao động thành phố Đông Hà" in result.explanation
    assert "on 01/07/2025" in result.explanation


def test_initiatives_of_a_split_union(tree):
    """A union split on 01/07: its dossiers stay its own; the new unions count from then."""
    before = submitted(tree.grassroots_a1x, at(2025, 3, 3))
    parts = unit_split(
        unit=tree.grassroots_a1x,
        parts=[
            NewUnit(code="CS-X1", name="Công đoàn Xí nghiệp may 1", kind=UnitKind.GRASSROOTS_UNION),
            NewUnit(code="CS-X2", name="Công đoàn Xí nghiệp may 2", kind=UnitKind.GRASSROOTS_UNION),
        ],
        effective_date=MOVE,
    )
    Initiative.objects.filter(pk=before.pk).update(submitted_at=at(2025, 3, 3))
    after = make_initiative(parts[1], UserFactory(), S.SUBMITTED)
    Initiative.objects.filter(pk=after.pk).update(submitted_at=at(2025, 9, 9))

    assert count(tree.grassroots_a1x) == 1
    assert count(parts[1]) == 1
    assert count(parts[0]) == 0
    assert count(tree.district_a1) == 2


def test_initiatives_submitted_queries_do_not_grow_with_units(tree):
    province = Unit.objects.get(pk=tree.province_a.pk)
    with CaptureQueriesContext(connection) as few:
        compute_indicator("initiatives_submitted", unit=province, start=START, end=END)
    for number in range(4):
        union = make_unit(tree.district_a2, code=f"CS-I{number}")
        submitted(union, at(2025, 4, 4))
    with CaptureQueriesContext(connection) as many:
        result = compute_indicator("initiatives_submitted", unit=province, start=START, end=END)
    assert result.value == 4
    assert len(many) == len(few) == 2
