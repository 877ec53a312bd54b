"""The emulation app's computed indicators, against hand-counted fixtures: members registered,
titles conferred and union members, over a year in which a grassroots union moved."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from emulation.enums import EmulationTitle, IndividualTitle, RegistrationStatus
from emulation.indicators import compute_indicator, indicator_source
from emulation.models import Registration, TitleConferral
from tests.factories import MembershipFactory, UserFactory, make_unit
from tests.factories.movements import make_movement, make_registration
from unions.models import Unit
from unions.services import unit_move

START = datetime.date(2025, 1, 1)
END = datetime.date(2025, 12, 31)
MOVE = datetime.date(2025, 7, 1)
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
R = RegistrationStatus


def at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LOCAL)


def figure(key: str, unit: Unit, start=START, end=END):
    with translation.override("en"):
        return compute_indicator(key, unit=Unit.objects.get(pk=unit.pk), start=start, end=end)


def member(unit: Unit, since=datetime.date(2015, 1, 1), until=None):
    person = UserFactory()
    MembershipFactory(user=person, unit=unit, valid_from=since, valid_to=until)
    return person


def move_a1x(tree) -> None:
    """grassroots_a1x leaves district_a1 for district_a2 on 1 July 2025."""
    unit_move(unit=tree.grassroots_a1x, new_parent=tree.district_a2, effective_date=MOVE)


def test_the_emulation_sources_are_registered(db):
    for key in ("members_registered", "titles_conferred", "union_members"):
        assert indicator_source(key) is not None


# --- members registered --------------------------------------------------------------------


def register(movement, person, status, sent_at=None, titles=(EmulationTitle.ADVANCED_WORKER,)):
    registration = make_registration(movement=movement, person=person, status=status, titles=titles)
    if sent_at is not None:
        Registration.objects.filter(pk=registration.pk).update(sent_at=sent_at)
    return registration


@pytest.fixture
def registrations(tree):
    """Approved personal registrations of 2025:

    - a1x: p1 sent 10/03 (and again in a second movement, 15/03), p2 sent 01/09 — a1x moved
      to district_a2 on 01/07; p3 sent 30/06 23:30 (the eve of the move, local time);
    - a1y: p4 sent 31/12 23:30 (last day), p5 sent 01/01/2026 00:30 (outside), p6 still
      awaiting approval, p7 returned;
    - b1x (another province): p8 sent 05/05.
    """
    stage = make_movement(
        launching_unit=tree.national,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2030, 12, 31),
    )
    other = make_movement(
        launching_unit=tree.national,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    people = {
        name: member(unit)
        for name, unit in [
            ("p1", tree.grassroots_a1x),
            ("p2", tree.grassroots_a1x),
            ("p3", tree.grassroots_a1x),
            ("p4", tree.grassroots_a1y),
            ("p5", tree.grassroots_a1y),
            ("p6", tree.grassroots_a1y),
            ("p7", tree.grassroots_a1y),
            ("p8", tree.grassroots_b1x),
        ]
    }
    register(stage, people["p1"], R.APPROVED, at(2025, 3, 10))
    register(other, people["p1"], R.APPROVED, at(2025, 3, 15))
    register(stage, people["p2"], R.APPROVED, at(2025, 9, 1))
    register(stage, people["p3"], R.APPROVED, at(2025, 6, 30, 23, 30))
    register(stage, people["p4"], R.APPROVED, at(2025, 12, 31, 23, 30))
    register(stage, people["p5"], R.APPROVED, at(2026, 1, 1, 0, 30))
    register(stage, people["p6"], R.AWAITING_APPROVAL, at(2025, 4, 1))
    register(stage, people["p7"], R.RETURNED, at(2025, 4, 1))
    register(stage, people["p8"], R.APPROVED, at(2025, 5, 5))
    move_a1x(tree)
    return people


def test_members_registered_split_by_the_day_they_were_sent(tree, registrations):
    assert figure("members_registered", tree.district_a1).value == Decimal(3)  # p1 p3 p4
    assert figure("members_registered", tree.district_a2).value == Decimal(1)  # p2
    assert figure("members_registered", tree.province_a).value == Decimal(4)
    assert figure("members_registered", tree.province_b).value == Decimal(1)  # p8
    assert figure("members_registered", tree.national).value == Decimal(5)


def test_members_registered_over_a_shorter_period(tree, registrations):
    spring = (datetime.date(2025, 3, 11), datetime.date(2025, 6, 30))
    # p1's first registration is before the period, the second inside: counted once.
    assert figure("members_registered", tree.grassroots_a1x, *spring).value == Decimal(2)


def test_members_registered_explains_the_move(tree, registrations):
    result = figure("members_registered", tree.district_a2)
    assert "1 member of Liên đoàn Lao động huyện Gio Linh" in result.explanation
    assert "01/01/2025" in result.explanation and "31/12/2025" in result.explanation
    assert (
        "Công đoàn cơ sở Công ty May Sông Hiếu moved from Liên đoàn Lao động thành phố Đông Hà "
        "to Liên đoàn Lao động huyện Gio Linh on 01/07/2025"
    ) in result.explanation


# --- titles conferred ----------------------------------------------------------------------


def confer(unit, decided_on, title=IndividualTitle.ADVANCED_WORKER):
    return TitleConferral.objects.create(
        person=member(unit),
        unit=unit,
        year=decided_on.year if decided_on.month > 1 else decided_on.year - 1,
        title=title,
        decision_number="01/QĐ-CĐCS",
        decided_on=decided_on,
    )


def test_titles_conferred_by_the_date_of_the_decision(tree):
    confer(tree.grassroots_a1x, datetime.date(2025, 1, 1))
    confer(tree.grassroots_a1x, datetime.date(2025, 6, 30), IndividualTitle.GRASSROOTS_FIGHTER)
    confer(tree.grassroots_a1x, datetime.date(2025, 7, 1))
    confer(tree.grassroots_a1x, datetime.date(2025, 12, 31))
    confer(tree.grassroots_a1y, datetime.date(2024, 12, 31))
    confer(tree.grassroots_a1y, datetime.date(2026, 1, 1))
    confer(tree.grassroots_b1x, datetime.date(2025, 3, 3))
    move_a1x(tree)

    assert figure("titles_conferred", tree.district_a1).value == Decimal(2)
    assert figure("titles_conferred", tree.district_a2).value == Decimal(2)
    assert figure("titles_conferred", tree.province_a).value == Decimal(4)
    assert figure("titles_conferred", tree.national).value == Decimal(5)
    result = figure("titles_conferred", tree.province_b)
    assert result.value == Decimal(1)
    assert "1 individual title" in result.explanation
    assert "moved" not in result.explanation


# --- union members -------------------------------------------------------------------------


def test_union_members_on_the_last_day(tree):
    member(tree.grassroots_a1x)  # in a1x all along: under district_a2 on 31/12
    member(tree.grassroots_a1x, until=datetime.date(2025, 6, 1))  # left before the end
    member(tree.grassroots_a1y)
    member(tree.grassroots_a1y, since=datetime.date(2025, 12, 31))  # joined on the last day
    member(tree.grassroots_a1y, until=datetime.date(2025, 12, 31))  # left on it
    member(tree.grassroots_a1y, until=datetime.date(2026, 1, 1))  # left the day after
    member(tree.grassroots_a1y, since=datetime.date(2026, 1, 1))  # joined after
    member(tree.grassroots_b1x)
    move_a1x(tree)

    assert figure("union_members", tree.district_a1).value == Decimal(3)
    assert figure("union_members", tree.district_a2).value == Decimal(1)
    assert figure("union_members", tree.province_a).value == Decimal(4)
    assert figure("union_members", tree.national).value == Decimal(5)
    # On 31/05 a1x still stood under district_a1, with both of its members then; a1y had the
    # three members who had not joined later.
    half = figure("union_members", tree.district_a1, START, datetime.date(2025, 5, 31))
    assert half.value == Decimal(5)
    result = figure("union_members", tree.district_a2)
    assert "on 31/12/2025" in result.explanation
    assert "not a count of everyone who was a member during it" in result.explanation


def test_union_members_of_a_merged_union(tree):
    """Members carried over by a merge count where the target stands; the merged union,
    ended, has none left on the last day."""
    from unions.services import unit_merge

    member(tree.grassroots_a1y)
    member(tree.grassroots_b1x)
    unit_merge(sources=[tree.grassroots_a1y], target=tree.grassroots_b1x, effective_date=MOVE)

    assert figure("union_members", tree.district_a1).value == Decimal(0)
    assert figure("union_members", tree.district_b1).value == Decimal(2)
    mid = figure("union_members", tree.district_a1, START, datetime.date(2025, 6, 30))
    assert mid.value == Decimal(1)


# --- queries -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["members_registered", "titles_conferred", "union_members"])
def test_queries_do_not_grow_with_the_number_of_units(tree, key):
    province = Unit.objects.get(pk=tree.province_a.pk)
    with CaptureQueriesContext(connection) as few:
        compute_indicator(key, unit=province, start=START, end=END)
    for number in range(5):
        union = make_unit(tree.district_a2, code=f"CS-Q{number}")
        member(union)
        confer(union, datetime.date(2025, 5, 5))
    with CaptureQueriesContext(connection) as many:
        compute_indicator(key, unit=province, start=START, end=END)
    assert len(many) == len(few) == 2
