"""Award decisions through their services: a draft takes recipients and is issued with the
unit's next number (the sequence its round decisions use too) and a certificate per recipient;
an issued decision never changes; quota and issuer kinds are enforced; revocations are dated,
reasoned acts of an officer of the issuer; a recognition round issues its initiative
certificates; two decisions issued at the same moment never share a number (PostgreSQL).

Award types are made by the tests themselves: the seeded catalogue is not relied upon.
"""

import datetime
import itertools
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.utils import timezone

from accounts.errors import ApplicationError
from awards.enums import (
    AwardDecisionStatus,
    BenefitStatus,
    RecipientKind,
    RoundStatus,
    RuleKind,
    Scope,
)
from awards.models import (
    AwardDecision,
    AwardType,
    Certificate,
    Decision,
    EligibilityRule,
    Recipient,
    ReviewRound,
    Revocation,
)
from awards.selectors.decisions import recipients_eligibility
from awards.services.benefits import benefit_claim, benefit_verify
from awards.services.honours import (
    award_decision_create,
    award_decision_delete,
    award_decision_issue,
    award_decision_update,
    certificate_revoke,
    recipient_add_person,
    recipient_add_unit,
    recipient_remove,
    recipients_add_authors,
    recipients_from_round,
)
from initiatives.enums import InitiativeStatus
from initiatives.services import AuthorData
from tests.factories import RoleGrantFactory, UserFactory, author_row, make_initiative
from tests.factories.awards import accepted_dossier, close, make_round_in, member_of, record_vote
from tests.factories.employers import make_employer
from tests.factories.emulation import make_unit
from tests.factories.initiatives import unit_officer
from unions.enums import Role, UnitKind

D = AwardDecisionStatus
_codes = itertools.count(1)
TODAY = timezone.localdate()
SIGNER = {"signer_name": "Trần Thị Hoa", "signer_title": "Chủ tịch Công đoàn cơ sở"}


def make_award_type(
    code: str = "",
    *,
    name: str = "Giấy khen thử nghiệm",
    kinds: tuple[str, ...] = (UnitKind.GRASSROOTS_UNION,),
    recipient_kind: str = RecipientKind.BOTH,
    quota: int | None = None,
    initiative_certificate: bool = False,
) -> AwardType:
    return AwardType.objects.create(
        code=code or f"thu-giay-khen-{next(_codes)}",
        name=name,
        issuer_kinds=list(kinds),
        recipient_kind=recipient_kind,
        quota_per_year=quota,
        is_initiative_certificate=initiative_certificate,
    )


def initiative_certificate_type() -> AwardType:
    """The catalogue's initiative certificate, made here when the seed has not run."""
    award_type, _created = AwardType.objects.get_or_create(
        code="initiative-certificate",
        defaults={
            "name": "Giấy chứng nhận sáng kiến",
            "issuer_kinds": [UnitKind.GRASSROOTS_UNION, UnitKind.PROFESSIONAL_UNION],
            "recipient_kind": RecipientKind.INDIVIDUAL,
            "is_initiative_certificate": True,
        },
    )
    AwardType.objects.filter(pk=award_type.pk).update(
        is_active=True, is_initiative_certificate=True
    )
    return award_type


def draft(issuer, officer, award_type=None, *, decided_on=None, **values) -> AwardDecision:
    return award_decision_create(
        issuer=issuer,
        award_type=award_type or make_award_type(),
        decided_on=decided_on or TODAY,
        actor=officer,
        **{**SIGNER, **values},
    )


def with_people(decision, officer, count: int = 1) -> list[Recipient]:
    return [
        recipient_add_person(decision=decision, actor=officer, name="", user=UserFactory())
        for _ in range(count)
    ]


def issued(issuer, officer, award_type=None, *, people: int = 2, **values) -> AwardDecision:
    decision = draft(issuer, officer, award_type, **values)
    with_people(decision, officer, people)
    return award_decision_issue(decision=decision, actor=officer)


# --- drafts, numbers, certificates ---------------------------------------------------------


def test_draft_has_no_number_until_issued_then_takes_the_units_next(tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    decision = draft(unit, officer, grounds="  Thành tích xuất sắc năm 2025.  ")
    assert decision.status == D.DRAFT
    assert decision.number == "" and decision.sequence is None
    assert decision.grounds == "Thành tích xuất sắc năm 2025."
    people = with_people(decision, officer, 3)

    decision = award_decision_issue(decision=decision, actor=officer)

    decision.refresh_from_db()
    assert decision.status == D.ISSUED
    assert decision.sequence == 1
    assert decision.number == f"01/QĐ-CSX/{TODAY.year}"
    assert decision.issued_by == officer and decision.issued_at is not None
    certificates = Certificate.objects.filter(recipient__decision=decision)
    assert certificates.count() == 3
    assert {c.recipient_id for c in certificates} == {p.pk for p in people}
    assert len({c.token for c in certificates}) == 3
    assert len({c.short_code for c in certificates}) == 3


def test_numbering_of_the_unit_apart_from_its_employers_recognition_decisions(tree):
    # Decree 13/2012/NĐ-CP Art. 7: recognising is the employer's act, in its own sequence.
    unit = tree.grassroots_a1x
    employer = make_employer(unit, name="Công ty May Sông Hiếu")
    closed = make_round_in(RoundStatus.CLOSED, unit)
    officer = closed.officer
    assert closed.decision.employer == employer
    assert (closed.decision.sequence, closed.decision.number) == (
        1,
        f"01/QĐ-{employer.code}/{TODAY.year}",
    )
    award_type = make_award_type()

    first = issued(unit, officer, award_type)
    assert (first.sequence, first.number) == (1, f"01/QĐ-CSX/{TODAY.year}")

    later = make_round_in(RoundStatus.DELIBERATION, unit, officer=officer)
    record_vote(later.entry)
    assert close(later.round, actor=officer).number == f"02/QĐ-{employer.code}/{TODAY.year}"

    second = issued(unit, officer, award_type)
    assert (second.sequence, second.number) == (2, f"02/QĐ-CSX/{TODAY.year}")
    # Another unit counts from one, and so does another year.
    other = issued(tree.grassroots_a1y, unit_officer(tree.grassroots_a1y), award_type)
    assert (other.sequence, other.number) == (1, f"01/QĐ-CSY/{TODAY.year}")
    last_year = issued(unit, officer, award_type, decided_on=datetime.date(TODAY.year - 1, 12, 30))
    assert last_year.number == f"01/QĐ-CSX/{TODAY.year - 1}"


def test_issuing_needs_a_recipient_and_a_date_not_in_the_future(tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    empty = draft(unit, officer)
    with pytest.raises(ApplicationError):
        award_decision_issue(decision=empty, actor=officer)
    future = draft(unit, officer, empty.award_type, decided_on=TODAY + datetime.timedelta(days=1))
    with_people(future, officer)
    with pytest.raises(ApplicationError) as error:
        award_decision_issue(decision=future, actor=officer)
    assert error.value.field == "decided_on"
    assert not AwardDecision.objects.filter(status=D.ISSUED, issuer=unit).exists()
    assert not Certificate.objects.filter(recipient__decision__issuer=unit).exists()


# --- issued decisions do not change --------------------------------------------------------


def test_an_issued_decision_refuses_every_change(tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    decision = issued(unit, officer, people=2)
    recipient = decision.recipients.first()
    before = AwardDecision.objects.filter(pk=decision.pk).values().get()
    dossier = make_initiative(unit, member_of(unit), InitiativeStatus.RECOGNISED)

    attempts: list[Callable[[], object]] = [
        lambda: award_decision_update(
            decision=decision, actor=officer, signer_name="Người khác", grounds="Sửa"
        ),
        lambda: recipient_add_person(decision=decision, actor=officer, name="Lê Văn Mới"),
        lambda: recipient_add_unit(decision=decision, actor=officer, unit=tree.grassroots_a1y),
        lambda: recipients_add_authors(decision=decision, actor=officer, initiative=dossier),
        lambda: recipient_remove(recipient=recipient, actor=officer),
        lambda: award_decision_delete(decision=decision, actor=officer),
        lambda: award_decision_issue(decision=decision, actor=officer),
    ]
    for attempt in attempts:
        with pytest.raises(ApplicationError):
            attempt()

    assert AwardDecision.objects.filter(pk=decision.pk).values().get() == before
    assert decision.recipients.count() == 2
    assert Certificate.objects.filter(recipient__decision=decision).count() == 2


def test_a_draft_changes_and_is_deleted_with_its_recipients(tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    decision = draft(unit, officer)
    [recipient] = with_people(decision, officer)
    last_year = datetime.date(TODAY.year - 1, 6, 1)
    decision = award_decision_update(
        decision=decision, actor=officer, decided_on=last_year, signer_name="Lê Văn Tâm"
    )
    assert (decision.year, decision.signer_name) == (last_year.year, "Lê Văn Tâm")
    recipient_remove(recipient=recipient, actor=officer)
    assert not decision.recipients.exists()
    with_people(decision, officer)
    award_decision_delete(decision=decision, actor=officer)
    assert not AwardDecision.objects.filter(pk=decision.pk).exists()
    assert not Recipient.objects.filter(decision_id=decision.pk).exists()


# --- who may issue what --------------------------------------------------------------------


def test_issuer_kind_and_active_award_are_checked(tree):
    grassroots_only = make_award_type()
    district_officer = unit_officer(tree.district_a1)
    with pytest.raises(ApplicationError) as error:
        draft(tree.district_a1, district_officer, grassroots_only)
    assert error.value.field == "award_type"

    officer = unit_officer(tree.grassroots_a1x)
    decision = draft(tree.grassroots_a1x, officer, grassroots_only)
    with_people(decision, officer)
    AwardType.objects.filter(pk=grassroots_only.pk).update(is_active=False)
    with pytest.raises(ApplicationError):
        award_decision_issue(decision=decision, actor=officer)
    with pytest.raises(ApplicationError):
        draft(tree.grassroots_a1x, officer, AwardType.objects.get(pk=grassroots_only.pk))


def test_only_officers_over_the_issuer_write_decisions(tree):
    unit = tree.grassroots_a1x
    award_type = make_award_type()
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=unit, role=Role.VIEWER)
    for outsider in (viewer, unit_officer(tree.grassroots_a1y), unit_officer(tree.province_b)):
        with pytest.raises(ApplicationError):
            draft(unit, outsider, award_type)
    # An officer of a unit above issues in the unit's name.
    decision = draft(unit, unit_officer(tree.province_a), award_type)
    with pytest.raises(ApplicationError):
        recipient_add_person(decision=decision, actor=viewer, name="Lê Văn An")


def test_recipient_kind_of_the_award_is_respected(tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    people_only = make_award_type("thu-ca-nhan", recipient_kind=RecipientKind.INDIVIDUAL)
    units_only = make_award_type("thu-tap-the", recipient_kind=RecipientKind.COLLECTIVE)
    for_people = draft(unit, officer, people_only)
    with pytest.raises(ApplicationError):
        recipient_add_unit(decision=for_people, actor=officer, unit=unit)
    for_units = draft(unit, officer, units_only)
    with pytest.raises(ApplicationError):
        recipient_add_person(decision=for_units, actor=officer, name="Lê Văn An")
    added = recipient_add_unit(decision=for_units, actor=officer, unit=unit)
    assert added.name == unit.name
    with pytest.raises(ApplicationError):
        recipient_add_unit(decision=for_units, actor=officer, unit=unit)


def test_a_person_needs_a_name_and_is_not_added_twice(tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    decision = draft(unit, officer)
    with pytest.raises(ApplicationError) as error:
        recipient_add_person(decision=decision, actor=officer, name="   ")
    assert error.value.field == "name"
    person = UserFactory(last_name="Phạm Thị", first_name="Lụa")
    added = recipient_add_person(decision=decision, actor=officer, name="", user=person)
    assert added.name == person.get_full_name()
    with pytest.raises(ApplicationError):
        recipient_add_person(decision=decision, actor=officer, name="", user=person)
    outside = recipient_add_person(decision=decision, actor=officer, name=" Đỗ Văn Hùng ")
    assert outside.name == "Đỗ Văn Hùng" and outside.user is None


# --- quota ---------------------------------------------------------------------------------


def test_quota_counts_recipients_per_issuer_and_year(tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    limited = make_award_type(quota=3)
    issued(unit, officer, limited, people=2)
    over = draft(unit, officer, limited)
    with_people(over, officer, 2)
    with pytest.raises(ApplicationError):
        award_decision_issue(decision=over, actor=officer)
    assert AwardDecision.objects.get(pk=over.pk).status == D.DRAFT

    # Up to the quota is fine; drafts do not count.
    recipient_remove(recipient=over.recipients.last(), actor=officer)
    assert award_decision_issue(decision=over, actor=officer).status == D.ISSUED
    # Another issuer and another year have their own quota.
    other = tree.grassroots_a1y
    assert issued(other, unit_officer(other), limited, people=3).status == D.ISSUED
    last_year = datetime.date(TODAY.year - 1, 11, 20)
    assert issued(unit, officer, limited, people=3, decided_on=last_year).status == D.ISSUED


# --- recipients from a round ---------------------------------------------------------------


def test_recipients_from_round_adds_every_author_of_each_recognised_initiative(tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    first_author, second_author = member_of(unit), member_of(unit)
    two_authors = accepted_dossier(
        unit,
        author=first_author,
        officer=officer,
        authors=[
            author_row(first_author, 70),
            AuthorData(full_name="Ngô Thị Thu Trang", contribution=30, workplace="Xưởng 3"),
        ],
    )
    one_author = accepted_dossier(unit, author=second_author, officer=officer)
    setup = make_round_in(
        RoundStatus.CLOSED, unit, officer=officer, dossiers=[two_authors, one_author]
    )
    decision = draft(unit, officer, source_round=setup.round)

    assert recipients_from_round(decision=decision, actor=officer) == 3
    rows = list(decision.recipients.order_by("order").values_list("name", "user", "initiative"))
    assert rows == [
        (first_author.get_full_name(), first_author.pk, two_authors.pk),
        ("Ngô Thị Thu Trang", None, two_authors.pk),
        (second_author.get_full_name(), second_author.pk, one_author.pk),
    ]
    # Running it again adds nobody.
    assert recipients_from_round(decision=decision, actor=officer) == 0
    with pytest.raises(ApplicationError):
        recipients_add_authors(decision=decision, actor=officer, initiative=one_author)


def test_an_open_round_cannot_be_the_grounds(tree):
    unit = tree.grassroots_a1x
    setup = make_round_in(RoundStatus.OPEN, unit)
    with pytest.raises(ApplicationError):
        draft(unit, setup.officer, source_round=setup.round)
    decision = draft(unit, setup.officer)
    with pytest.raises(ApplicationError):
        recipients_from_round(decision=decision, actor=setup.officer)


# --- a recognition round issues its initiative certificates --------------------------------


def test_closing_a_recognition_round_issues_one_certificate_per_author(tree):
    certificate_type = initiative_certificate_type()
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    author = member_of(unit)
    dossier = accepted_dossier(
        unit,
        author=author,
        officer=officer,
        authors=[
            author_row(author, 60),
            AuthorData(full_name="Vũ Đình Khoa", contribution=40, workplace="Phòng kỹ thuật"),
        ],
    )
    refused = accepted_dossier(unit, officer=officer)
    setup = make_round_in(
        RoundStatus.DELIBERATION, unit, officer=officer, dossiers=[dossier, refused]
    )
    record_vote(setup.entries[0])
    record_vote(setup.entries[1], "not_recognised")
    round_decision = close(setup.round, actor=officer)

    decision = AwardDecision.objects.select_related("award_type").get(round_decision=round_decision)
    assert decision.status == D.ISSUED
    assert decision.award_type == certificate_type
    assert decision.award_type.is_initiative_certificate
    assert (decision.number, decision.sequence) == (round_decision.number, round_decision.sequence)
    assert decision.decided_on == round_decision.decided_on
    assert decision.source_round == setup.round and decision.issuer == unit
    recipients = list(decision.recipients.order_by("order"))
    assert [(r.name, r.user_id, r.initiative_id) for r in recipients] == [
        (author.get_full_name(), author.pk, dossier.pk),
        ("Vũ Đình Khoa", None, dossier.pk),
    ]
    assert Certificate.objects.filter(recipient__decision=decision).count() == 2
    # The recognition decision is the employer's, numbered in its own sequence: the unit's
    # own decisions count apart.
    assert round_decision.numbering == "employer"
    assert issued(unit, officer).sequence == 1


# --- revocation ----------------------------------------------------------------------------


@pytest.fixture
def issued_at_district(tree):
    """A decision of district_a1 dated ten days ago, with two certificates."""
    award_type = make_award_type(kinds=(UnitKind.DISTRICT_FEDERATION,))
    officer = unit_officer(tree.district_a1)
    decision = issued(
        tree.district_a1, officer, award_type, decided_on=TODAY - datetime.timedelta(days=10)
    )
    return decision, officer


def revoke(decision, actor, **values):
    values = {"revoked_on": TODAY, "reason": "Phát hiện sai sót trong hồ sơ.", **values}
    return certificate_revoke(decision=decision, actor=actor, **values)


def test_revocation_by_officers_over_the_issuer_only(tree, issued_at_district):
    decision, _officer = issued_at_district
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.district_a1, role=Role.VIEWER)
    outsiders = [
        viewer,
        unit_officer(tree.grassroots_a1x),  # beneath the issuer
        unit_officer(tree.district_a2),  # beside it
        unit_officer(tree.province_b),  # another branch
        UserFactory(),
    ]
    for outsider in outsiders:
        with pytest.raises(ApplicationError):
            revoke(decision, outsider)
    assert not Revocation.objects.exists()
    revocation = revoke(decision, unit_officer(tree.province_a), reference="12/QĐ-QTR")
    assert revocation.certificate is None and revocation.reference == "12/QĐ-QTR"


def test_revocation_is_dated_between_the_decision_and_today(issued_at_district):
    decision, officer = issued_at_district
    for day in (decision.decided_on - datetime.timedelta(days=1), TODAY + datetime.timedelta(1)):
        with pytest.raises(ApplicationError) as error:
            revoke(decision, officer, revoked_on=day)
        assert error.value.field == "revoked_on"
    certificate = Certificate.objects.filter(recipient__decision=decision).first()
    assert revoke(decision, officer, revoked_on=decision.decided_on, certificate=certificate)


def test_revocation_needs_a_reason(issued_at_district):
    decision, officer = issued_at_district
    for reason in ("", "   "):
        with pytest.raises(ApplicationError) as error:
            revoke(decision, officer, reason=reason)
        assert error.value.field == "reason"
    assert not Revocation.objects.exists()


def test_nothing_is_revoked_twice(tree, issued_at_district):
    decision, officer = issued_at_district
    first, second = Certificate.objects.filter(recipient__decision=decision).order_by("pk")
    revoke(decision, officer, certificate=first)
    with pytest.raises(ApplicationError):
        revoke(decision, officer, certificate=first)
    revoke(decision, officer)
    with pytest.raises(ApplicationError):
        revoke(decision, officer)
    with pytest.raises(ApplicationError):
        revoke(decision, officer, certificate=second)
    assert Revocation.objects.filter(decision=decision).count() == 2


def test_drafts_and_certificates_of_other_decisions_are_not_revoked(tree, issued_at_district):
    decision, officer = issued_at_district
    other = issued(tree.district_a1, officer, decision.award_type, people=1)
    foreign = Certificate.objects.get(recipient__decision=other)
    with pytest.raises(ApplicationError):
        revoke(decision, officer, certificate=foreign)
    a_draft = draft(tree.district_a1, officer, decision.award_type)
    with pytest.raises(ApplicationError):
        revoke(a_draft, officer)
    assert not Revocation.objects.exists()


# --- eligibility of the recipients, read for the whole table at once -----------------------


def test_recipients_eligibility_for_the_table_matches_each_recipient_asked_alone(tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    award_type = make_award_type(recipient_kind=RecipientKind.BOTH)
    EligibilityRule.objects.create(
        award_type=award_type, alternative=1, kind=RuleKind.MIN_BENEFIT, amount_vnd=80_000_000
    )
    EligibilityRule.objects.create(
        award_type=award_type,
        alternative=1,
        kind=RuleKind.MIN_BENEFIT_OVER_YEARS,
        amount_vnd=120_000_000,
        years=3,
    )
    EligibilityRule.objects.create(
        award_type=award_type, alternative=2, kind=RuleKind.SCOPE, scope=Scope.UNIT
    )
    rich, poor = member_of(unit), member_of(unit)
    rich_dossier = make_initiative(unit, rich, InitiativeStatus.RECOGNISED, officer=officer)
    poor_dossier = make_initiative(unit, poor, InitiativeStatus.RECOGNISED, officer=officer)
    year = rich_dossier.first_applied_on.year
    for dossier, author, value in ((rich_dossier, rich, 90_000_000), (poor_dossier, poor, 10)):
        record = benefit_claim(initiative=dossier, year=year, claimed_vnd=value, actor=author)
        benefit_verify(
            record=record,
            actor=officer,
            status=BenefitStatus.VERIFIED,
            method="Đối chiếu sổ sách kế toán.",
            verified_on=TODAY,
            scope=Scope.UNIT,
        )

    decision = draft(unit, officer, award_type)
    recipient_add_person(decision=decision, actor=officer, name="", user=rich)
    recipient_add_person(decision=decision, actor=officer, name="", user=poor)
    recipient_add_person(
        decision=decision, actor=officer, name="Người đại diện", initiative=rich_dossier
    )
    recipient_add_person(decision=decision, actor=officer, name="Người ngoài")
    recipient_add_unit(decision=decision, actor=officer, unit=unit)
    recipient_add_unit(decision=decision, actor=officer, unit=make_unit(unit))
    recipients = list(decision.recipients.select_related("decision__award_type"))

    batched = recipients_eligibility(decision, recipients)

    for recipient in recipients:
        # Asked alone, each recipient gets what it gets among the others: nothing is mixed.
        one = recipients_eligibility(decision, [recipient])[recipient.pk]
        assert batched[recipient.pk].eligible == one.eligible, recipient.name
        assert [(c.requirement, c.found, c.passed) for c in batched[recipient.pk].checks] == [
            (c.requirement, c.found, c.passed) for c in one.checks
        ], recipient.name
    assert [batched[r.pk].eligible for r in recipients] == [
        True,  # rich: 90.000.000 ₫ in one year, scope within the unit
        False,  # poor: 10 ₫
        True,  # a person by name, for the rich dossier
        False,  # a person without account or dossier
        True,  # the unit, whose dossiers include the rich one
        False,  # another unit without any benefit
    ]


# --- concurrent issuing (PostgreSQL) -------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=f"needs PostgreSQL row locks; the database here is {connection.vendor}",
)
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at_once(*calls: Callable[[], object]) -> list[tuple[str, object]]:
    """Run ``calls`` in threads released together, each with its own connection."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[str, object]] = [("missing", None)] * len(calls)

    def worker(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck on a lock"
    return results


def issuing(pk: int, officer) -> Callable[[], AwardDecision]:
    return lambda: award_decision_issue(decision=AwardDecision.objects.get(pk=pk), actor=officer)


@postgresql_only
@committed
def test_decisions_issued_at_once_draw_different_numbers(tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    award_type = make_award_type()
    drafts = []
    for _ in range(4):
        decision = draft(unit, officer, award_type)
        with_people(decision, officer)
        drafts.append(decision)

    results = at_once(*(issuing(d.pk, officer) for d in drafts))

    assert [kind for kind, _value in results] == ["ok"] * 4, results
    numbers = list(AwardDecision.objects.filter(issuer=unit).values_list("sequence", "number"))
    assert sorted(s for s, _n in numbers) == [1, 2, 3, 4]
    assert len({n for _s, n in numbers}) == 4


@postgresql_only
@committed
def test_a_round_closing_while_an_award_is_issued_both_complete_in_their_own_sequences(tree):
    """The recognition round's decision is the employer's, numbered in the employer's sequence;
    the award decision is the union's. Closing one while issuing the other blocks neither."""
    unit = tree.grassroots_a1x
    setup = make_round_in(RoundStatus.DELIBERATION, unit)
    record_vote(setup.entry)
    officer = setup.officer
    decision = draft(unit, officer)
    with_people(decision, officer)
    review_round = setup.reload()

    results = at_once(
        lambda: close(ReviewRound.objects.get(pk=review_round.pk), actor=officer),
        issuing(decision.pk, officer),
    )

    assert [kind for kind, _value in results] == ["ok", "ok"], results
    round_decision = Decision.objects.get(round=review_round)
    assert round_decision.employer_id == review_round.employer_id is not None
    assert round_decision.sequence == 1
    assert AwardDecision.objects.get(pk=decision.pk).sequence == 1
