"""Individual titles: the rules (pure), the recognition provider, and ``titles_confer``.

Chiến sĩ thi đua cơ sở needs Lao động tiên tiến the same year and an initiative recognised by a
decision of that year or the year before, or a recorded exception; every title needs an
approved registration."""

import datetime

import pytest
from django.utils import timezone, translation

from accounts.errors import ApplicationError
from accounts.models import Notification
from awards.enums import Outcome, RoundStatus
from awards.records import Recognition
from awards.selectors.achievements import recognitions_by_person
from awards.services import round_close
from emulation.enums import EmulationTitle, IndividualTitle, RegistrationStatus
from emulation.models import TitleConferral
from emulation.services.titles import TitleChoice, titles_confer
from emulation.titles import (
    RULE_ADVANCED_WORKER,
    RULE_EXCEPTION,
    RULE_INITIATIVE,
    RULE_REGISTERED,
    Check,
    MemberFacts,
    PriorTitle,
    evaluate,
    offered_titles,
)
from tests.factories import MembershipFactory, UserFactory
from tests.factories.awards import accepted_dossier, make_round_in, record_vote
from tests.factories.movements import make_movement, make_registration, officer_of
from unions.enums import Role
from unions.models import Unit

T = IndividualTitle
E = EmulationTitle
YEAR = 2025
DECIDED = datetime.date(2025, 12, 20)


def recognition(year: int, month: int = 6, title: str = "Cải tiến khuôn dập") -> Recognition:
    return Recognition(
        initiative_title=title,
        decision_number=f"15/QĐ-CĐCS-{year}",
        decided_on=datetime.date(year, month, 15),
        level="Grassroots",
        deciding_unit="Công đoàn cơ sở Công ty May Sông Hiếu",
    )


def facts(**values) -> MemberFacts:
    values.setdefault("year", YEAR)
    values.setdefault("movements", ("Lao động giỏi, lao động sáng tạo",))
    return MemberFacts(**values)


def rules_of(evaluation) -> dict[str, bool]:
    return {check.rule: check.passed for check in evaluation.checks}


# --- the rules, without a database ---------------------------------------------------------


def test_advanced_worker_needs_an_approved_registration():
    assert evaluate(T.ADVANCED_WORKER, facts()).passed
    refused = evaluate(T.ADVANCED_WORKER, facts(movements=()))
    assert not refused.passed
    assert rules_of(refused) == {RULE_REGISTERED: False}


def test_fighter_with_an_initiative_recognised_the_same_year():
    result = evaluate(
        T.GRASSROOTS_FIGHTER, facts(recognitions=(recognition(2025),)), advanced_worker_now=True
    )
    assert result.passed
    assert rules_of(result) == {
        RULE_REGISTERED: True,
        RULE_ADVANCED_WORKER: True,
        RULE_INITIATIVE: True,
    }


def test_fighter_with_an_initiative_recognised_the_year_before():
    result = evaluate(
        T.GRASSROOTS_FIGHTER,
        facts(
            recognitions=(recognition(2024, 1),),
            conferred=(PriorTitle(T.ADVANCED_WORKER, "09/QĐ", datetime.date(2025, 12, 1)),),
        ),
    )
    assert result.passed


def test_fighter_with_an_initiative_of_two_years_before_fails():
    result = evaluate(
        T.GRASSROOTS_FIGHTER,
        facts(recognitions=(recognition(2023, 12),)),
        advanced_worker_now=True,
    )
    assert not result.passed
    assert result.needs_exception
    assert rules_of(result)[RULE_INITIATIVE] is False


def test_fighter_with_an_initiative_of_a_later_year_fails():
    result = evaluate(
        T.GRASSROOTS_FIGHTER, facts(recognitions=(recognition(2026),)), advanced_worker_now=True
    )
    assert not result.passed


def test_fighter_by_exception_records_the_reason():
    result = evaluate(
        T.GRASSROOTS_FIGHTER,
        facts(),
        advanced_worker_now=True,
        exception_reason="  Đề tài khoa học cấp tỉnh được nghiệm thu.  ",
    )
    assert result.passed and result.exception_used
    assert rules_of(result) == {
        RULE_REGISTERED: True,
        RULE_ADVANCED_WORKER: True,
        RULE_INITIATIVE: False,
        RULE_EXCEPTION: True,
    }
    assert result.checks[-1].figure == "Đề tài khoa học cấp tỉnh được nghiệm thu."


def test_an_exception_is_ignored_when_an_initiative_was_found():
    result = evaluate(
        T.GRASSROOTS_FIGHTER,
        facts(recognitions=(recognition(2025),)),
        advanced_worker_now=True,
        exception_reason="Không cần",
    )
    assert result.passed and not result.exception_used


def test_fighter_without_advanced_worker_fails_even_with_an_exception():
    result = evaluate(T.GRASSROOTS_FIGHTER, facts(recognitions=(recognition(2025),)))
    assert not result.passed and not result.needs_exception
    assert rules_of(result)[RULE_ADVANCED_WORKER] is False
    with_reason = evaluate(T.GRASSROOTS_FIGHTER, facts(), exception_reason="Lý do")
    assert not with_reason.passed


def test_fighter_without_registration_fails():
    result = evaluate(
        T.GRASSROOTS_FIGHTER,
        facts(movements=(), recognitions=(recognition(2025),)),
        advanced_worker_now=True,
    )
    assert not result.passed


def test_checks_explain_what_was_found():
    result = evaluate(
        T.GRASSROOTS_FIGHTER,
        facts(
            recognitions=(recognition(2024, 3, "Máy cắt vải tự động"),),
            conferred=(PriorTitle(T.ADVANCED_WORKER, "09/QĐ", datetime.date(2025, 12, 1)),),
        ),
    )
    with translation.override("en"):
        figures = {check.rule: check.figure for check in result.checks}
        labels = {check.rule: check.label for check in result.checks}
    assert figures[RULE_REGISTERED] == "Approved registration in: Lao động giỏi, lao động sáng tạo."
    assert figures[RULE_ADVANCED_WORKER] == "Conferred by decision No. 09/QĐ of 01/12/2025."
    assert figures[RULE_INITIATIVE] == (
        "“Máy cắt vải tự động”, decision No. 15/QĐ-CĐCS-2024 of 15/03/2024 (Grassroots, "
        "Công đoàn cơ sở Công ty May Sông Hiếu)"
    )
    assert labels[RULE_INITIATIVE] == "An initiative recognised in the year or the year before"
    failing = evaluate(T.GRASSROOTS_FIGHTER, facts())
    with translation.override("en"):
        texts = [check.figure for check in failing.checks]
    assert "Not conferred for 2025 yet" in texts[1]
    assert texts[2] == (
        "No initiative of this member was recognised by a decision dated in 2024 or 2025."
    )


def test_checks_survive_a_trip_through_json():
    result = evaluate(
        T.GRASSROOTS_FIGHTER, facts(recognitions=(recognition(2025),)), advanced_worker_now=True
    )
    stored = [check.as_dict() for check in result.checks]
    assert [Check.from_dict(item) for item in stored] == list(result.checks)


def test_titles_offered_follow_the_registration():
    assert offered_titles([E.ADVANCED_WORKER]) == [T.ADVANCED_WORKER]
    assert offered_titles([E.GRASSROOTS_FIGHTER]) == [T.ADVANCED_WORKER, T.GRASSROOTS_FIGHTER]
    assert offered_titles([E.CERTIFICATE_OF_MERIT]) == []


# --- the recognition provider (awards) -----------------------------------------------------


def recognise(unit: Unit, author, decided_on: datetime.date, title: str | None = None):
    """A round at ``unit`` recognising a dossier of ``author`` by a decision of
    ``decided_on``."""
    fields = {"title": title} if title else {}
    setup = make_round_in(
        RoundStatus.DELIBERATION,
        unit,
        dossiers=[accepted_dossier(unit, author=author, **fields)],
    )
    for entry in setup.entries:
        record_vote(entry, Outcome.RECOGNISED, actor=setup.officer)
    return round_close(
        review_round=setup.round,
        actor=setup.officer,
        decided_on=decided_on,
        signer_name="Trần Thị Hoa",
        signer_title="Chủ tịch Công đoàn",
    )


def test_recognitions_by_person_come_from_closed_rounds(tree):
    author = UserFactory()
    MembershipFactory(user=author, unit=tree.grassroots_a1x)
    decision = recognise(tree.grassroots_a1x, author, datetime.date(2024, 11, 5), "Dao cắt mới")
    other = UserFactory()

    found = recognitions_by_person([author.pk, other.pk], [2024, 2025])
    assert list(found) == [author.pk]
    [item] = found[author.pk]
    assert item.initiative_title == "Dao cắt mới"
    assert item.decision_number == decision.number
    assert item.decided_on == datetime.date(2024, 11, 5)
    assert item.deciding_unit == tree.grassroots_a1x.name
    assert recognitions_by_person([author.pk], [2025]) == {}
    assert recognitions_by_person([], [2025]) == {}


# --- conferring ----------------------------------------------------------------------------


class Setting:
    """A running 2025–2030 movement of the national federation, and an officer of
    grassroots_a1x who confers its titles."""

    def __init__(self, tree):
        self.tree = tree
        self.unit = tree.grassroots_a1x
        self.movement = make_movement(
            launching_unit=tree.national,
            name="Lao động giỏi, lao động sáng tạo giai đoạn 2025–2030",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2030, 12, 31),
        )
        self.officer = officer_of(self.unit)

    def member(self, titles=(E.ADVANCED_WORKER,), status=RegistrationStatus.APPROVED, unit=None):
        person = UserFactory()
        MembershipFactory(user=person, unit=unit or self.unit)
        if titles is not None:
            make_registration(
                movement=self.movement, year=YEAR, person=person, titles=titles, status=status
            )
        return person

    def confer(self, *choices, actor=None, number="12/QĐ-CĐCS", decided_on=DECIDED, unit=None):
        return titles_confer(
            unit=unit or self.unit,
            year=YEAR,
            choices=[
                choice if isinstance(choice, TitleChoice) else TitleChoice(*choice)
                for choice in choices
            ],
            decision_number=number,
            decided_on=decided_on,
            actor=actor or self.officer,
        )


@pytest.fixture
def setting(tree):
    return Setting(tree)


def test_confer_advanced_worker_stores_the_checks_and_tells_the_member(
    setting, django_capture_on_commit_callbacks
):
    person = setting.member()
    with django_capture_on_commit_callbacks(execute=True):
        [row] = setting.confer((person, T.ADVANCED_WORKER))

    row = TitleConferral.objects.select_related("registration").get(pk=row.pk)
    assert (row.person, row.unit, row.year, row.title) == (
        person,
        setting.unit,
        YEAR,
        T.ADVANCED_WORKER,
    )
    assert row.decision_number == "12/QĐ-CĐCS" and row.decided_on == DECIDED
    assert row.registration.movement == setting.movement
    assert row.conferred_by == setting.officer
    assert row.checks[0] == {
        "rule": RULE_REGISTERED,
        "passed": True,
        "data": {"year": YEAR, "movements": [setting.movement.name]},
    }
    # The exclusions of Lao động tiên tiến, not recorded for this member: shown, not blocking.
    assert {c["rule"] for c in row.checks[1:]} == {"months_worked", "leave_days", "not_disciplined"}
    assert all(c["passed"] and c["data"]["found"] is None for c in row.checks[1:])
    [note] = Notification.objects.filter(user=person)
    assert "12/QĐ-CĐCS" in note.message and "20/12/2025" in note.message


def test_confer_both_titles_with_an_initiative_of_the_year(setting):
    person = setting.member(titles=(E.ADVANCED_WORKER, E.GRASSROOTS_FIGHTER))
    decision = recognise(setting.unit, person, datetime.date(2025, 4, 2))

    rows = setting.confer((person, T.ADVANCED_WORKER), (person, T.GRASSROOTS_FIGHTER))

    fighter = TitleConferral.objects.get(pk=rows[1].pk)
    checks = {item["rule"]: item for item in fighter.checks}
    assert checks[RULE_ADVANCED_WORKER]["data"]["now"] is True
    assert checks[RULE_INITIATIVE]["passed"] is True
    assert checks[RULE_INITIATIVE]["data"]["recognitions"][0]["number"] == decision.number
    assert fighter.exception_reason == ""


def test_confer_fighter_after_advanced_worker_of_an_earlier_decision(setting):
    person = setting.member(titles=(E.GRASSROOTS_FIGHTER,))
    recognise(setting.unit, person, datetime.date(2024, 12, 30))
    setting.confer((person, T.ADVANCED_WORKER), number="10/QĐ-CĐCS")

    [row] = setting.confer((person, T.GRASSROOTS_FIGHTER), number="11/QĐ-CĐCS")

    checks = {item["rule"]: item for item in row.checks}
    assert checks[RULE_ADVANCED_WORKER]["data"]["decision_number"] == "10/QĐ-CĐCS"


def test_confer_fighter_with_an_initiative_two_years_before_needs_an_exception(setting):
    person = setting.member(titles=(E.GRASSROOTS_FIGHTER,))
    recognise(setting.unit, person, datetime.date(2023, 12, 28))

    with (
        translation.override("en"),
        pytest.raises(ApplicationError, match="give the reason for an exception"),
    ):
        setting.confer((person, T.ADVANCED_WORKER), (person, T.GRASSROOTS_FIGHTER))
    assert not TitleConferral.objects.exists()  # not even the Lao động tiên tiến

    rows = setting.confer(
        (person, T.ADVANCED_WORKER),
        (person, T.GRASSROOTS_FIGHTER, "Chủ nhiệm đề tài cấp tỉnh nghiệm thu năm 2025."),
    )
    fighter = rows[1]
    assert fighter.exception_reason == "Chủ nhiệm đề tài cấp tỉnh nghiệm thu năm 2025."
    assert [item["rule"] for item in fighter.checks][-1] == RULE_EXCEPTION
    assert rows[0].exception_reason == ""


def test_confer_fighter_without_advanced_worker_is_refused(setting):
    person = setting.member(titles=(E.GRASSROOTS_FIGHTER,))
    recognise(setting.unit, person, datetime.date(2025, 2, 2))
    with (
        translation.override("en"),
        pytest.raises(ApplicationError, match="needs Lao động tiên tiến"),
    ):
        setting.confer((person, T.GRASSROOTS_FIGHTER, "Lý do bất kỳ"))


def test_confer_twice_is_a_clear_error(setting):
    person = setting.member()
    setting.confer((person, T.ADVANCED_WORKER))
    with (
        translation.override("en"),
        pytest.raises(ApplicationError, match="already holds the title"),
    ):
        setting.confer((person, T.ADVANCED_WORKER), number="13/QĐ-CĐCS")
    assert TitleConferral.objects.count() == 1


def test_the_same_choice_twice_in_one_decision_confers_once(setting):
    person = setting.member()
    rows = setting.confer((person, T.ADVANCED_WORKER), (person, T.ADVANCED_WORKER))
    assert len(rows) == 1


@pytest.mark.parametrize(
    "status",
    [
        RegistrationStatus.NOT_SENT,
        RegistrationStatus.AWAITING_APPROVAL,
        RegistrationStatus.RETURNED,
    ],
)
def test_confer_needs_an_approved_registration(setting, status):
    person = setting.member(status=status)
    with (
        translation.override("en"),
        pytest.raises(ApplicationError, match="no approved registration"),
    ):
        setting.confer((person, T.ADVANCED_WORKER))


def test_confer_refuses_a_member_who_never_registered(setting):
    person = setting.member(titles=None)
    with pytest.raises(ApplicationError):
        setting.confer((person, T.ADVANCED_WORKER))


def test_confer_refuses_a_title_not_aimed_for(setting):
    person = setting.member(titles=(E.ADVANCED_WORKER,))
    recognise(setting.unit, person, datetime.date(2025, 2, 2))
    with translation.override("en"), pytest.raises(ApplicationError, match="did not register for"):
        setting.confer((person, T.ADVANCED_WORKER), (person, T.GRASSROOTS_FIGHTER))


def test_confer_refuses_members_registered_at_another_union(setting):
    person = setting.member(unit=setting.tree.grassroots_a1y)
    with pytest.raises(ApplicationError):
        setting.confer((person, T.ADVANCED_WORKER))


def test_one_refused_choice_saves_nothing(setting):
    good, bad = setting.member(), setting.member(titles=None)
    with pytest.raises(ApplicationError):
        setting.confer((good, T.ADVANCED_WORKER), (bad, T.ADVANCED_WORKER))
    assert not TitleConferral.objects.exists()


@pytest.mark.parametrize(
    ("number", "decided_on", "field"),
    [
        ("  ", DECIDED, "decision_number"),
        ("12/QĐ", None, "decided_on"),
        ("12/QĐ", datetime.date(2024, 12, 31), "decided_on"),
        ("12/QĐ", timezone.localdate() + datetime.timedelta(days=1), "decided_on"),
    ],
)
def test_confer_checks_the_decision(setting, number, decided_on, field):
    person = setting.member()
    with pytest.raises(ApplicationError) as caught:
        setting.confer((person, T.ADVANCED_WORKER), number=number, decided_on=decided_on)
    assert caught.value.field == field


def test_confer_needs_a_choice_and_a_known_title(setting):
    with pytest.raises(ApplicationError):
        setting.confer()
    with pytest.raises(ApplicationError):
        setting.confer((setting.member(), "emulation_flag"))


def test_titles_are_conferred_by_a_grassroots_union(setting):
    person = setting.member()
    district_officer = officer_of(setting.tree.district_a1)
    with pytest.raises(ApplicationError):
        setting.confer(
            (person, T.ADVANCED_WORKER), unit=setting.tree.district_a1, actor=district_officer
        )


# --- who may confer: role × position -------------------------------------------------------

POSITIONS = {
    # where the grant is held, relative to grassroots_a1x
    "same_unit": "grassroots_a1x",
    "ancestor": "district_a1",
    "province": "province_a",
    "sibling": "grassroots_a1y",
    "other_branch": "grassroots_b1x",
}


@pytest.mark.parametrize("position", list(POSITIONS))
@pytest.mark.parametrize("role", [Role.OFFICER, Role.ADMINISTRATOR, Role.VIEWER, Role.EDITOR])
def test_permission_matrix(setting, role, position):
    holder = officer_of(getattr(setting.tree, POSITIONS[position]), role)
    allowed = role in (Role.OFFICER, Role.ADMINISTRATOR) and position in (
        "same_unit",
        "ancestor",
        "province",
    )
    unit = Unit.objects.get(pk=setting.unit.pk)
    assert holder.has_perm("emulation.confer_title", unit) is allowed
    person = setting.member()
    if allowed:
        assert setting.confer((person, T.ADVANCED_WORKER), actor=holder)
    else:
        with pytest.raises(ApplicationError):
            setting.confer((person, T.ADVANCED_WORKER), actor=holder)


def test_a_plain_member_may_not_confer(setting):
    person = setting.member()
    assert not person.has_perm("emulation.confer_title", setting.unit)
    with pytest.raises(ApplicationError):
        setting.confer((person, T.ADVANCED_WORKER), actor=person)


def test_an_officer_does_not_confer_a_title_on_themself(setting):
    officer = setting.officer
    MembershipFactory(user=officer, unit=setting.unit)
    from tests.factories.movements import make_registration as register

    register(
        movement=setting.movement,
        year=YEAR,
        person=officer,
        titles=(E.ADVANCED_WORKER,),
        status=RegistrationStatus.APPROVED,
    )
    with translation.override("en"), pytest.raises(ApplicationError, match="on yourself"):
        setting.confer((officer, T.ADVANCED_WORKER))
    colleague = officer_of(setting.unit)
    assert setting.confer((officer, T.ADVANCED_WORKER), actor=colleague)
