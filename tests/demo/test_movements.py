"""The demo movements and registrations: the four movements of the issue launched by the
national federation, registrations for 2026 in every state by units of three levels and by
members, each step recorded; nothing added twice."""

import pytest

from demo.federation import seed_federation
from demo.honours import seed_honours
from demo.movements import (
    CAMPAIGN_NAME,
    FAMILY_NAME,
    GREEN_NAME,
    PART_2026_NAME,
    PART_2027_NAME,
    STAGE_NAME,
    seed_movements,
)
from demo.steps import STEPS
from emulation.enums import MovementKind, MovementStatus
from emulation.enums import RegistrationStatus as R
from emulation.models import Movement, MovementEvent, Registration, RegistrationEvent
from emulation.selectors.movements import movement_participates
from unions.enums import GRASSROOTS_KINDS, UnitKind
from unions.models import Unit


def _state():
    return {
        "movements": list(Movement.objects.order_by("pk").values_list("pk", "status")),
        "registrations": list(Registration.objects.order_by("pk").values_list("pk", "status")),
        "events": MovementEvent.objects.count() + RegistrationEvent.objects.count(),
    }


@pytest.fixture
def seeded(db):
    seed_federation()
    assert seed_movements() is True
    return Movement.objects.select_related("launching_unit", "part_of")


def test_demo_movements_are_launched_by_the_national_federation(seeded):
    by_name = {movement.name: movement for movement in seeded}
    assert set(by_name) == {
        STAGE_NAME,
        PART_2026_NAME,
        PART_2027_NAME,
        FAMILY_NAME,
        GREEN_NAME,
        CAMPAIGN_NAME,
    }
    assert {movement.launching_unit.code for movement in seeded} == {"TLD"}
    stage = by_name[STAGE_NAME]
    assert stage.years == [2025, 2026, 2027, 2028, 2029, 2030]
    assert by_name[PART_2026_NAME].part_of == stage
    assert by_name[PART_2027_NAME].status == MovementStatus.PLANNED
    assert by_name[CAMPAIGN_NAME].kind == MovementKind.CAMPAIGN
    assert by_name[CAMPAIGN_NAME].years == [2023, 2024, 2025, 2026, 2027, 2028]
    assert "Lao động giỏi, lao động sáng tạo" in stage.name
    assert "Giỏi việc nước, đảm việc nhà" in by_name[FAMILY_NAME].name
    assert "Xanh – Sạch – Đẹp" in by_name[GREEN_NAME].name
    for name in (STAGE_NAME, PART_2026_NAME, FAMILY_NAME, GREEN_NAME, CAMPAIGN_NAME):
        assert by_name[name].status == MovementStatus.RUNNING


def test_green_movement_takes_selected_units_only(seeded):
    green = seeded.get(name=GREEN_NAME)
    assert not green.whole_subtree
    assert set(green.selections.values_list("unit__code", flat=True)) == {
        "KCN-QTR",
        "KCN-VPH",
        "KCN-QNI",
        "CDTKS",
    }
    assert movement_participates(green, Unit.objects.get(code="CS-KCN-QTR-01"))
    assert not movement_participates(green, Unit.objects.get(code="CS-DHA-01"))


def test_demo_registrations_for_2026_in_every_state(seeded):
    part = seeded.get(name=PART_2026_NAME)
    registrations = Registration.objects.filter(movement=part, year=2026).select_related("unit")
    units = [r for r in registrations if not r.is_personal]
    people = [r for r in registrations if r.is_personal]
    assert {r.status for r in units} == set(R.values)
    assert {r.status for r in people} == set(R.values)
    kinds = {r.unit.kind for r in units}
    assert UnitKind.PROVINCIAL_FEDERATION in kinds
    assert kinds & set(GRASSROOTS_KINDS)
    assert kinds - {UnitKind.PROVINCIAL_FEDERATION} - set(GRASSROOTS_KINDS)
    assert any(r.person.email == "doanvien@demo.congdoan.vn" for r in people)
    for registration in registrations:
        if registration.status == R.RETURNED:
            assert registration.return_reason
        assert registration.targets and registration.titles
        actions = list(registration.events.order_by("at", "pk").values_list("action", flat=True))
        assert actions[0] == "create"
    # Every unit registration is decided by the unit above, every personal one by the union.
    for registration in registrations:
        decided = registration.events.filter(action__in=["approve", "return"]).first()
        if decided is not None:
            assert decided.actor.has_perm("emulation.approve_registration", registration)


def test_demo_family_and_campaign_registrations(seeded):
    assert Registration.objects.filter(movement__name=FAMILY_NAME).count() == 2
    campaign = Registration.objects.get(movement__name=CAMPAIGN_NAME)
    assert campaign.unit.code == "QTR" and campaign.status == R.APPROVED


def test_second_run_changes_nothing(seeded):
    before = _state()
    assert seed_movements() is False
    assert _state() == before


def test_without_the_demo_federation_nothing_is_seeded(db):
    assert seed_movements() is False
    assert not Movement.objects.exists()


def test_the_step_runs_after_the_registry_data():
    assert STEPS.index(seed_movements) > STEPS.index(seed_honours) > STEPS.index(seed_federation)
