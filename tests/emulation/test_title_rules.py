"""The year-end titles as the employer's decision (Luật Thi đua, khen thưởng 2022, Điều 80) and
their rules kept as data (issue 13, §4): the employer, signer and the member's recorded
exclusions are kept with the conferral; Lao động tiên tiến refuses a member recorded with fewer
than 10 months of work, a discipline or 40 days of leave (and passes at 10 months and 39 days);
Chiến sĩ thi đua cơ sở stays within the share cap when it is switched on; every rule row names
its source; conferrals made before employers were kept are marked as recorded by the union."""

import datetime
from decimal import Decimal

import pytest

from accounts.errors import ApplicationError
from emulation.enums import ConferringBody, IndividualTitle
from emulation.models import TitleConferral, TitleRule
from emulation.services.titles import TitleChoice
from emulation.titles import Check
from tests.factories.employers import make_employer
from tests.migrations import head, migrate

T = IndividualTitle
YEAR = 2025
DECIDED = datetime.date(2025, 12, 20)


def test_every_title_rule_names_its_source(db):
    rules = list(TitleRule.objects.all())
    assert {(r.title, r.kind) for r in rules} == {
        (T.ADVANCED_WORKER, "min_months_worked"),
        (T.ADVANCED_WORKER, "max_leave_days"),
        (T.ADVANCED_WORKER, "not_disciplined"),
        (T.GRASSROOTS_FIGHTER, "max_share_of_advanced"),
    }
    assert all("98/2023" in r.legal_source for r in rules)
    assert TitleRule.objects.get(kind="min_months_worked").value == Decimal(10)
    assert TitleRule.objects.get(kind="max_leave_days").value == Decimal(40)
    assert not TitleRule.objects.get(kind="max_share_of_advanced").is_active


@pytest.fixture
def setting(tree):
    from tests.emulation.test_titles import Setting  # noqa: PLC0415

    return Setting(tree)


@pytest.mark.parametrize(
    ("recorded", "refused"),
    [
        ({"months_worked": 10, "leave_days": 39, "disciplined": False}, False),
        ({"months_worked": 9}, True),
        ({"leave_days": 40}, True),
        ({"disciplined": True}, True),
        ({}, False),
    ],
)
def test_advanced_worker_exclusions_at_their_edges(setting, recorded, refused):
    person = setting.member()
    choice = TitleChoice(person, T.ADVANCED_WORKER, **recorded)

    if refused:
        with pytest.raises(ApplicationError) as error:
            setting.confer(choice)
        assert "không được xét" in error.value.message
        assert not TitleConferral.objects.filter(person=person).exists()
        return
    [row] = setting.confer(choice)
    assert (row.months_worked, row.leave_days, row.disciplined) == (
        recorded.get("months_worked"),
        recorded.get("leave_days"),
        recorded.get("disciplined"),
    )
    sources = [Check.from_dict(c).source for c in row.checks[1:]]
    assert sources and all("98/2023" in s for s in sources)


def test_the_employer_decides_and_its_head_signs(setting):
    employer = make_employer(setting.unit, name="Công ty May Sông Hiếu")
    person = setting.member()

    [row] = setting.confer((person, T.ADVANCED_WORKER))

    assert row.employer == employer
    assert row.conferring_body == ConferringBody.EMPLOYER
    assert (row.signer_name, row.signer_title) == ("Nguyễn Văn Giám", "Giám đốc")


def test_without_an_employer_the_union_records_it(setting):
    [row] = setting.confer((setting.member(), T.ADVANCED_WORKER))

    assert row.employer is None and row.conferring_body == ConferringBody.UNION


def test_fighter_share_cap_when_switched_on(setting):
    from tests.emulation.test_titles import recognise  # noqa: PLC0415

    TitleRule.objects.filter(kind="max_share_of_advanced").update(is_active=True)
    make_employer(setting.unit)
    advanced = [setting.member() for _ in range(6)]
    fighter = setting.member(titles=(T.ADVANCED_WORKER, T.GRASSROOTS_FIGHTER))
    recognise(setting.unit, fighter, datetime.date(2025, 4, 2))
    choices = [(p, T.ADVANCED_WORKER) for p in advanced] + [(fighter, T.ADVANCED_WORKER)]

    # 1 of 7 advanced workers is 14.3%: within 15%.
    with pytest.raises(ApplicationError) as error:
        setting.confer(*choices[1:], (fighter, T.GRASSROOTS_FIGHTER))  # 1 of 6: 16.7%
    assert "98/2023" in error.value.message
    rows = setting.confer(*choices, (fighter, T.GRASSROOTS_FIGHTER))
    share = Check.from_dict(rows[-1].checks[-1])
    assert share.rule == "share_of_advanced" and share.passed


BEFORE = [("emulation", "0007_title_conferral_employer_and_rules")]


@pytest.mark.django_db(transaction=True)
def test_earlier_conferrals_are_marked_as_recorded_by_the_union():
    latest = head()
    executor = migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        user = apps.get_model("accounts", "User").objects.create(
            email="doanvien@example.vn", last_name="Lê", first_name="Hoa", password="!"
        )
        unit = apps.get_model("unions", "Unit").objects.create(
            path="0901",
            depth=1,
            code="CSMIG",
            name="Công đoàn cơ sở thử",
            kind="grassroots_union",
            valid_from=datetime.date(2020, 1, 1),
        )
        apps.get_model("emulation", "TitleRule").objects.all().delete()
        row = apps.get_model("emulation", "TitleConferral").objects.create(
            person=user,
            unit=unit,
            year=2024,
            title="advanced_worker",
            decision_number="5/QĐ-CĐCS",
            decided_on=datetime.date(2024, 12, 20),
        )
        assert row.conferring_body == "employer"  # the schema default, before the data step

        executor = migrate(latest)
        apps = executor.loader.project_state(latest).apps
        kept = apps.get_model("emulation", "TitleConferral").objects.get(pk=row.pk)
        assert kept.conferring_body == "union" and kept.decision_number == "5/QĐ-CĐCS"
        assert apps.get_model("emulation", "TitleRule").objects.count() == 4
    finally:
        migrate(latest)


# --- the union's own titles ------------------------------------------------------------------


def test_excellent_member_is_conferred_by_the_grassroots_union_on_its_registration(setting):
    from emulation.services.titles import union_title_confer  # noqa: PLC0415
    from tests.factories.movements import make_registration  # noqa: PLC0415

    person = setting.member(titles=None)
    registration = make_registration(
        movement=setting.movement,
        year=YEAR,
        person=person,
        titles=["excellent_member"],
        status="approved",
    )

    row = union_title_confer(
        registration=registration,
        title="excellent_member",
        decision_number="3/QĐ-CĐCS",
        decided_on=DECIDED,
        actor=setting.officer,
    )

    assert (row.person, row.conferring_unit, row.registration) == (
        person,
        setting.unit,
        registration,
    )
    assert row.legal_source
    with pytest.raises(ApplicationError):  # once a year
        union_title_confer(
            registration=registration,
            title="excellent_member",
            decision_number="4/QĐ-CĐCS",
            decided_on=DECIDED,
            actor=setting.officer,
        )
    with pytest.raises(ApplicationError):  # a collective title on a personal registration
        union_title_confer(
            registration=registration,
            title="strong_union",
            decision_number="4/QĐ-CĐCS",
            decided_on=DECIDED,
            actor=setting.officer,
        )


def test_strong_union_is_conferred_by_the_union_above(setting):
    from emulation.services.titles import union_title_confer  # noqa: PLC0415
    from tests.factories.movements import make_registration, officer_of  # noqa: PLC0415

    registration = make_registration(
        movement=setting.movement,
        year=YEAR,
        unit=setting.unit,
        titles=["strong_union"],
        status="approved",
    )
    above = officer_of(setting.tree.district_a1)

    with pytest.raises(ApplicationError):  # the union does not confer it on itself
        union_title_confer(
            registration=registration,
            title="strong_union",
            decision_number="8/QĐ-LĐLĐ",
            decided_on=DECIDED,
            actor=setting.officer,
        )
    row = union_title_confer(
        registration=registration,
        title="strong_union",
        decision_number="8/QĐ-LĐLĐ",
        decided_on=DECIDED,
        actor=above,
    )
    assert (row.recipient_unit, row.conferring_unit) == (setting.unit, setting.tree.district_a1)


def test_a_registration_not_approved_or_not_aimed_is_refused(setting):
    from emulation.services.titles import union_title_confer  # noqa: PLC0415
    from tests.factories.movements import make_registration  # noqa: PLC0415

    person = setting.member(titles=None)
    registration = make_registration(
        movement=setting.movement,
        year=YEAR,
        person=person,
        titles=["advanced_worker"],
        status="approved",
    )
    with pytest.raises(ApplicationError) as error:
        union_title_confer(
            registration=registration,
            title="excellent_member",
            decision_number="3/QĐ-CĐCS",
            decided_on=DECIDED,
            actor=setting.officer,
        )
    assert "chưa được duyệt" in error.value.message
