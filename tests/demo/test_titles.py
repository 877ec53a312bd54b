"""The demo titles of 2025: conferred through the service on members of two Quảng Trị
grassroots unions who registered, Chiến sĩ thi đua cơ sở for those with an initiative
recognised in time (one by a recorded exception), once only."""

from io import StringIO

from django.core.management import call_command

from demo.clock import DemoClock
from demo.federation import seed_federation
from demo.movements import seed_movements
from demo.pledges import seed_pledges
from demo.steps import STEPS
from demo.titles import EXCEPTION_REASON, UNIONS, YEAR, seed_titles
from emulation.enums import IndividualTitle, RegistrationStatus
from emulation.models import Registration, RegistrationEvent, TitleConferral
from emulation.selectors.titles import candidate_details, title_candidates
from emulation.titles import RULE_INITIATIVE, Check
from unions.enums import Capability
from unions.selectors import has_capability_on

T = IndividualTitle
CODES = {code for code, _number, _email in UNIONS}


def _state() -> list[tuple]:
    return list(
        TitleConferral.objects.order_by("pk").values_list("pk", "person_id", "title", "checks")
    )


def test_the_step_runs_after_movements_and_pledges():
    assert STEPS.index(seed_titles) > STEPS.index(seed_pledges) > STEPS.index(seed_movements)


def test_without_the_demo_federation_nothing_is_seeded(db):
    assert seed_titles() is False
    assert not TitleConferral.objects.exists()


def test_seed_demo_confers_the_titles_of_2025_once(db):
    call_command("seed_demo", stdout=StringIO())
    titles = list(TitleConferral.objects.select_related("unit", "registration__movement"))
    assert titles
    assert {row.unit.code for row in titles} <= CODES
    assert {row.year for row in titles} == {YEAR}
    # Every title goes with an approved registration of 2025 aiming for it.
    for row in titles:
        assert row.registration.status == RegistrationStatus.APPROVED
        assert row.registration.year == YEAR
        assert row.decided_on.year == YEAR
    fighters = [row for row in titles if row.title == T.GRASSROOTS_FIGHTER]
    workers = {row.person_id for row in titles if row.title == T.ADVANCED_WORKER}
    assert fighters and all(row.person_id in workers for row in fighters)
    # Exactly one by exception; the others found an initiative recognised in 2024 or 2025.
    exceptions = [row for row in fighters if row.exception_reason]
    assert [row.exception_reason for row in exceptions] == [EXCEPTION_REASON]
    for row in fighters:
        checks = {check.rule: check for check in map(Check.from_dict, row.checks)}
        assert checks[RULE_INITIATIVE].passed is (not row.exception_reason)
    # The registrations were sent at the start of 2025 and approved by whoever looked after
    # the union on the day (the demo's clock travelled there), the titles conferred at its end.
    registrations = Registration.objects.filter(titles_conferred__isnull=False).distinct()
    assert {r.sent_at.year for r in registrations} == {YEAR}
    assert {r.created_at.date() for r in registrations} == {r.sent_at.date() for r in registrations}
    clock = DemoClock()
    for event in RegistrationEvent.objects.filter(registration__in=registrations, action="approve"):
        assert event.at.year == YEAR
        assert clock.run(
            event.at,
            has_capability_on,
            user=event.actor,
            capability=Capability.MANAGE_EMULATION,
            unit=event.registration.unit,
        )
    assert {row.created_at.year for row in titles} == {YEAR}
    # One registered member of each union is still waiting for a title.
    for unit in {row.unit for row in titles}:
        people = list(title_candidates(unit, YEAR))
        pending = [c for c in candidate_details(unit, YEAR, people) if c.open_options]
        assert len(pending) >= 1

    before = _state()
    assert seed_titles() is False
    call_command("seed_demo", stdout=StringIO())
    assert _state() == before


def test_titles_are_seeded_even_without_review_rounds(db):
    """Without any recognised initiative the unions still confer Lao động tiên tiến, and one
    Chiến sĩ thi đua cơ sở by exception."""
    seed_federation()
    seed_movements()

    assert seed_titles() is True
    fighters = TitleConferral.objects.filter(title=T.GRASSROOTS_FIGHTER)
    assert [row.exception_reason for row in fighters] == [EXCEPTION_REASON]
    assert TitleConferral.objects.filter(title=T.ADVANCED_WORKER).count() >= 3
    assert seed_titles() is False
