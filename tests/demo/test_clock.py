"""The demo's clock: inside ``at`` the services take the planned moment for the present; it
refuses the future; ``run`` asks the rules afresh on the day (grants begin and end); ``officer``
is whoever looked after the unit that day; a timeline runs many stories in the order of their
moments. And the round driver shared with the tests' factories stamps each step when it is
taken."""

import datetime
import random

import pytest
from django.utils import timezone

from awards.models import RoundEvent
from demo.builders.rounds import RoundDriver, Seat
from demo.clock import DemoClock, Timeline, WorkingDays
from tests.factories import RoleGrantFactory, UserFactory
from tests.factories.awards import accepted_dossier, make_rubric, round_employer, round_values
from unions.enums import Capability, Role
from unions.selectors import has_capability_on

DAY = datetime.date(2025, 3, 10)


def test_at_makes_the_services_take_the_moment_for_now():
    clock = DemoClock()
    moment = clock.moment(DAY, 14, 30)
    with clock.at(moment):
        assert timezone.now() == moment
        assert timezone.localdate() == DAY
    assert timezone.now() >= clock.now
    with clock.at(None):
        assert timezone.localdate() == clock.today


def test_at_refuses_the_future():
    clock = DemoClock()
    with pytest.raises(ValueError), clock.at(clock.now + datetime.timedelta(minutes=1)):
        pass


def test_run_asks_the_rules_on_the_day(tree):
    officer = UserFactory()
    RoleGrantFactory(
        user=officer, unit=tree.province_a, role=Role.OFFICER, valid_from=datetime.date(2025, 7, 1)
    )
    clock = DemoClock()
    before = clock.moment(datetime.date(2025, 6, 30))
    after = clock.moment(datetime.date(2025, 7, 1))
    kwargs = {"capability": Capability.RECEIVE_INITIATIVES, "unit": tree.grassroots_a1x}
    # The same person asked on three days: the answer the rules cached on him is not reused.
    assert clock.run(after, has_capability_on, user=officer, **kwargs)
    assert not clock.run(before, has_capability_on, user=officer, **kwargs)
    assert clock.run(after, has_capability_on, user=officer, **kwargs)


def test_officer_is_whoever_looked_after_the_unit_that_day(tree):
    national, provincial = UserFactory(), UserFactory()
    RoleGrantFactory(user=national, unit=tree.national, valid_from=datetime.date(2024, 1, 1))
    RoleGrantFactory(user=provincial, unit=tree.province_a, valid_from=datetime.date(2025, 7, 1))
    clock = DemoClock()
    capability = Capability.RECEIVE_INITIATIVES
    unit = tree.grassroots_a1x
    assert clock.officer(unit, capability, clock.moment(datetime.date(2025, 3, 1))) == national
    assert clock.officer(unit, capability, clock.moment(datetime.date(2025, 9, 1))) == provincial
    with pytest.raises(LookupError):
        clock.officer(unit, capability, clock.moment(datetime.date(2023, 9, 1)))


def test_timeline_runs_the_steps_of_all_stories_in_the_order_of_their_moments():
    clock = DemoClock()
    seen = []
    timeline = Timeline()
    first, second = clock.moment(DAY, 9), clock.moment(DAY, 10)
    timeline.add(second, lambda moment: seen.append(("a", moment)))
    timeline.add(first, lambda moment: seen.append(("b", moment)))
    timeline.add(second, lambda moment: seen.append(("c", moment)))
    timeline.run()
    assert seen == [("b", first), ("a", second), ("c", second)]


def test_working_days_are_in_order_within_working_hours():
    days = WorkingDays(random.Random(1))
    moments = [days.at(DAY) for _ in range(5)] + [days.at(DAY - datetime.timedelta(days=1))]
    assert moments == sorted(moments) and len(set(moments)) == len(moments)
    assert 7 <= timezone.localtime(moments[0]).hour <= 16


def test_round_driver_stamps_each_step_when_it_is_taken(tree):
    officer = UserFactory()
    RoleGrantFactory(user=officer, unit=tree.grassroots_a1x, valid_from=datetime.date(2024, 1, 1))
    clock = DemoClock()
    created, opened, entered = (
        clock.moment(DAY - datetime.timedelta(days=7)),
        clock.moment(DAY),
        clock.moment(DAY + datetime.timedelta(days=2)),
    )
    dossier = accepted_dossier(tree.grassroots_a1x, officer=officer)
    values = round_values(
        rubric_version=make_rubric(),
        year=DAY.year,
        period_start=DAY,
        period_end=DAY + datetime.timedelta(days=60),
        intake_closes=DAY + datetime.timedelta(days=20),
        scoring_closes=DAY + datetime.timedelta(days=40),
        employer=round_employer(tree.grassroots_a1x),
    )
    driver = RoundDriver.create(
        unit=tree.grassroots_a1x, runner=officer, clock=clock, notify=False, at=created, **values
    )
    driver.seat(Seat(UserFactory(), "chair", "Giám đốc"), at=created)
    driver.open(at=opened)
    entry = driver.enter(dossier, at=entered)
    assert driver.round.created_at == created and entry.entered_at == entered
    assert list(RoundEvent.objects.filter(round=driver.round).values_list("at", flat=True)) == [
        created,
        created,
        opened,
        entered,
    ]
