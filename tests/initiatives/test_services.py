"""Dossier services: drafts, submission rules, the one-year limit, receipts and due dates, the
history of every step and attachments checked by their content. A refused call saves nothing."""

import io
import struct
import zipfile
import zlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone, translation

from accounts.errors import ApplicationError
from initiatives.enums import InitiativeStatus
from initiatives.models import (
    Attachment,
    Initiative,
    InitiativeAuthor,
    InitiativeTransition,
)
from initiatives.services import (
    REQUIRED_FOR_SUBMISSION,
    AuthorData,
    add_months,
    application_deadline,
    attachment_add,
    attachment_remove,
    decision_due,
    initiative_delete_draft,
    initiative_save_draft,
    initiative_transition,
    is_past_application_limit,
    submission_problems,
)
from tests.factories import (
    MembershipFactory,
    RoleGrantFactory,
    UserFactory,
    advance,
    author_row,
    dossier_values,
    make_initiative,
    make_unit,
    unit_officer,
)
from tests.factories.initiatives import set_review_rules
from unions.enums import Role, UnitKind

S = InitiativeStatus


def first_applied_for_last_day(day: date) -> date:
    """The earliest first application whose one-year limit (in calendar dates) ends on ``day``
    or, where no date does (29 February), the day after."""
    first = add_months(day, -12)
    while add_months(first, 12) < day:
        first += timedelta(days=1)
    return first


@pytest.fixture(autouse=True)
def in_english():
    # Messages are asserted in the source language, whatever the catalogue holds.
    with translation.override("en"):
        yield


@pytest.fixture
def member(tree):
    user = UserFactory(first_name="Bình", last_name="Trần Thị")
    MembershipFactory(user=user, unit=tree.grassroots_a1x)
    return user


@pytest.fixture
def officer(tree):
    """An officer of the district above the member's grassroots union."""
    return unit_officer(tree.district_a1)


def fresh(initiative: Initiative) -> Initiative:
    return Initiative.objects.get(pk=initiative.pk)


def rows() -> dict:
    """Everything a refused service could have touched."""
    return {
        "initiatives": list(Initiative.objects.order_by("pk").values()),
        "authors": list(InitiativeAuthor.objects.order_by("pk").values()),
        "transitions": list(InitiativeTransition.objects.order_by("pk").values()),
        "attachments": list(Attachment.objects.order_by("pk").values()),
    }


def history(initiative: Initiative) -> list[tuple]:
    return list(
        InitiativeTransition.objects.filter(initiative=initiative)
        .order_by("at", "pk")
        .values_list("action", "from_status", "to_status", "actor_id", "note")
    )


def save(actor, unit, authors, initiative=None, **values):
    return initiative_save_draft(
        actor=actor, unit=unit, values=values, authors=authors, initiative=initiative
    )


# --- drafts ------------------------------------------------------------------------------


def test_save_draft_accepts_a_partial_dossier(tree, member):
    initiative = save(member, tree.grassroots_a1x, [author_row(member)], title="Máy cắt vải")

    initiative = fresh(initiative)
    assert initiative.status == S.DRAFT
    assert initiative.title == "Máy cắt vải"
    assert initiative.field == ""
    assert initiative.first_applied_on is None
    assert initiative.benefit_claimed is None
    assert initiative.created_by == member
    assert initiative.entered_on_behalf is False
    assert list(initiative.authors.values_list("user", "contribution")) == [
        (member.pk, Decimal("100.00"))
    ]
    assert history(initiative) == [("create", "", S.DRAFT, member.pk, "")]


def test_save_draft_allows_contributions_below_100_while_drafting(tree, member):
    initiative = save(member, tree.grassroots_a1x, [author_row(member, 40)], title="Đồ gá hàn ống")

    assert fresh(initiative).status == S.DRAFT
    problems = submission_problems(fresh(initiative))
    assert any("40%" in problem for problem in problems)


def test_save_draft_updates_fields_and_replaces_the_authors(tree, member):
    colleague = UserFactory()
    initiative = make_initiative(tree.grassroots_a1x, member)

    save(
        member,
        tree.grassroots_a1x,
        [
            author_row(colleague, 30),
            author_row(member, "69.5"),
            AuthorData(full_name="  Lê Văn Khách  ", contribution=Decimal("0.5")),
        ],
        initiative=initiative,
        **dossier_values(title="Tên mới", benefit_claimed=5_000_000),
    )

    initiative = fresh(initiative)
    assert initiative.title == "Tên mới"
    assert initiative.benefit_claimed == 5_000_000
    assert list(initiative.authors.order_by("order").values_list("order", "user", "full_name")) == [
        (0, colleague.pk, colleague.get_full_name()),
        (1, member.pk, member.get_full_name()),
        (2, None, "Lê Văn Khách"),
    ]
    # Only the creation is a step of the lifecycle; saving again is not.
    assert [step[0] for step in history(initiative)] == ["create"]


def test_officer_enters_a_dossier_on_a_members_behalf(tree, member, officer):
    initiative = save(
        officer, tree.grassroots_a1x, [author_row(member)], **dossier_values(title="Hộ")
    )

    initiative = fresh(initiative)
    assert initiative.created_by == officer
    assert initiative.entered_on_behalf is True
    assert list(initiative.authors.values_list("user", flat=True)) == [member.pk]
    [(action, source, target, actor_id, note)] = history(initiative)
    assert (action, source, target, actor_id) == ("create", "", S.DRAFT, officer.pk)
    assert note == "Entered on behalf of the authors."


def test_officer_listed_as_author_is_not_entering_on_behalf(tree, officer):
    initiative = save(officer, tree.grassroots_a1x, [author_row(officer)], title="Của tôi")

    assert fresh(initiative).entered_on_behalf is False
    assert history(initiative)[0][4] == ""


@pytest.mark.parametrize("officer_unit", ["grassroots_a1y", "district_a2", "province_b"])
def test_officer_out_of_scope_cannot_enter_on_behalf(tree, member, officer_unit):
    outsider = unit_officer(getattr(tree, officer_unit))
    before = rows()

    with pytest.raises(ApplicationError) as error:
        save(outsider, tree.grassroots_a1x, [author_row(member)], title="Không được")

    assert error.value.field == "authors"
    assert rows() == before


def test_non_author_member_cannot_enter_a_dossier(tree, member):
    stranger = UserFactory()
    MembershipFactory(user=stranger, unit=tree.grassroots_a1x)
    before = rows()

    with pytest.raises(ApplicationError) as error:
        save(stranger, tree.grassroots_a1x, [author_row(member)], title="Ghi hộ")

    assert error.value.field == "authors"
    assert "Add yourself as one of the authors" in error.value.message
    assert rows() == before


def test_non_author_cannot_take_over_someone_elses_draft(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)
    stranger = UserFactory()
    before = rows()

    with pytest.raises(ApplicationError, match="You may not change this dossier"):
        save(
            stranger,
            tree.grassroots_a1x,
            [author_row(stranger)],
            initiative=initiative,
            title="Chiếm",
        )

    assert rows() == before


def test_co_author_may_edit_the_draft(tree, member):
    colleague = UserFactory()
    initiative = make_initiative(
        tree.grassroots_a1x,
        member,
        authors=[author_row(member, 50), author_row(colleague, 50)],
    )

    save(
        colleague,
        tree.grassroots_a1x,
        [author_row(member, 50), author_row(colleague, 50)],
        initiative=initiative,
        title="Sửa bởi đồng tác giả",
    )

    assert fresh(initiative).title == "Sửa bởi đồng tác giả"


@pytest.mark.parametrize("unit_name", ["district_a1", "province_a", "national"])
def test_save_draft_refuses_a_unit_above_grassroots(tree, member, unit_name):
    before = rows()

    with pytest.raises(ApplicationError) as error:
        save(member, getattr(tree, unit_name), [author_row(member)], title="Sai đơn vị")

    assert error.value.field == "unit"
    assert rows() == before


def test_save_draft_accepts_a_professional_union(tree, member):
    professional = make_unit(tree.district_a1, kind=UnitKind.PROFESSIONAL_UNION)

    initiative = save(member, professional, [author_row(member)], title="Nghiệp đoàn")

    assert fresh(initiative).unit == professional


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "X", "first_applied_on": "tomorrow"}, "first_applied_on"),
        ({"title": "X", "benefit_claimed": -1}, "benefit_claimed"),
        ({"title": "X", "benefit_claimed": Decimal("1500.5")}, "benefit_claimed"),
        ({"title": "X", "benefit_claimed": 1500.0}, "benefit_claimed"),
        ({"title": "X", "benefit_claimed": "1500"}, "benefit_claimed"),
        ({"title": "X", "benefit_claimed": True}, "benefit_claimed"),
    ],
)
def test_save_draft_refuses_bad_values_and_saves_nothing(tree, member, values, field):
    if values.get("first_applied_on") == "tomorrow":
        values["first_applied_on"] = timezone.localdate() + timedelta(days=1)
    before = rows()

    with pytest.raises(ApplicationError) as error:
        save(member, tree.grassroots_a1x, [author_row(member)], **values)

    assert error.value.field == field
    assert rows() == before


def test_save_draft_accepts_today_and_zero_benefit(tree, member):
    initiative = save(
        member,
        tree.grassroots_a1x,
        [author_row(member)],
        title="Hôm nay",
        first_applied_on=timezone.localdate(),
        benefit_claimed=0,
    )

    assert fresh(initiative).first_applied_on == timezone.localdate()
    assert fresh(initiative).benefit_claimed == 0


@pytest.mark.parametrize(
    "authors",
    [
        pytest.param(lambda m, o: [author_row(m, 60), author_row(o, "40.01")], id="over_100"),
        pytest.param(lambda m, o: [author_row(m, 100), author_row(o, 0)], id="zero_share"),
        pytest.param(lambda m, o: [author_row(m, 101)], id="share_over_100"),
        pytest.param(lambda m, o: [author_row(m, 50), author_row(m, 50)], id="listed_twice"),
        pytest.param(
            lambda m, o: [author_row(m, 50), AuthorData(full_name=" ", contribution=50)],
            id="blank_name",
        ),
        pytest.param(
            lambda m, o: [
                author_row(m, 50),
                AuthorData(
                    full_name="Ngày sinh sai",
                    contribution=Decimal(50),
                    date_of_birth=timezone.localdate() + timedelta(days=1),
                ),
            ],
            id="born_in_the_future",
        ),
    ],
)
def test_save_draft_refuses_bad_author_rows_and_saves_nothing(tree, member, authors):
    other = UserFactory()
    initiative = make_initiative(tree.grassroots_a1x, member)
    before = rows()

    with pytest.raises(ApplicationError) as error:
        save(member, tree.grassroots_a1x, authors(member, other), initiative=initiative, title="Y")

    assert error.value.field == "authors"
    assert rows() == before


def test_contributions_over_100_are_reported_with_their_total(tree, member):
    other = UserFactory()

    with pytest.raises(ApplicationError) as error:
        save(
            member,
            tree.grassroots_a1x,
            [author_row(member, 60), author_row(other, "40.5")],
            title="Quá 100",
        )

    assert "100.5%" in error.value.message


@pytest.mark.parametrize("status", [S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED, S.REFUSED, S.WITHDRAWN])
def test_save_draft_refused_once_out_of_the_authors_hands(tree, member, status):
    initiative = make_initiative(tree.grassroots_a1x, member, status=status)
    before = rows()

    with pytest.raises(ApplicationError, match="can no longer be changed"):
        save(member, tree.grassroots_a1x, [author_row(member)], initiative=initiative, title="Z")

    assert rows() == before


def test_returned_dossier_can_be_completed(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.RETURNED)

    save(
        member,
        tree.grassroots_a1x,
        [author_row(member)],
        initiative=initiative,
        **dossier_values(benefit_basis="Bảng tính chi tiết đính kèm."),
    )

    assert fresh(initiative).benefit_basis == "Bảng tính chi tiết đính kèm."
    assert fresh(initiative).status == S.RETURNED


def test_returned_dossier_stays_with_its_unit(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.RETURNED)
    before = rows()

    with pytest.raises(ApplicationError) as error:
        save(
            member,
            tree.grassroots_b1x,
            [author_row(member)],
            initiative=initiative,
            **dossier_values(),
        )

    assert error.value.field == "unit"
    assert rows() == before


def test_draft_may_move_to_another_unit(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)

    save(member, tree.grassroots_a1y, [author_row(member)], initiative=initiative, title="Dời")

    assert fresh(initiative).unit == tree.grassroots_a1y


def test_delete_draft_by_its_author(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)

    initiative_delete_draft(initiative=initiative, actor=member)

    assert not Initiative.objects.filter(pk=initiative.pk).exists()
    assert not InitiativeAuthor.objects.exists()
    assert not InitiativeTransition.objects.exists()


def test_delete_draft_refused_to_others_and_after_submission(tree, member, officer):
    draft = make_initiative(tree.grassroots_a1x, member)
    submitted = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    before = rows()

    with pytest.raises(ApplicationError):
        initiative_delete_draft(initiative=draft, actor=UserFactory())
    with pytest.raises(ApplicationError):
        initiative_delete_draft(initiative=draft, actor=officer)
    with pytest.raises(ApplicationError, match="never submitted"):
        initiative_delete_draft(initiative=submitted, actor=member)

    assert rows() == before


# --- submission --------------------------------------------------------------------------


def test_complete_draft_submits(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)
    assert submission_problems(initiative) == []

    initiative_transition(initiative=initiative, action="submit", actor=member)

    initiative = fresh(initiative)
    assert initiative.status == S.SUBMITTED
    assert initiative.submitted_at is not None
    assert tree.grassroots_a1x.name in initiative.unit_name_snapshot
    assert history(initiative)[-1] == ("submit", S.DRAFT, S.SUBMITTED, member.pk, "")


@pytest.mark.parametrize("name", [f for f in REQUIRED_FOR_SUBMISSION if f != "title"])
def test_submit_requires_every_required_field(tree, member, name):
    blank = None if name in ("first_applied_on", "benefit_claimed") else ""
    initiative = make_initiative(tree.grassroots_a1x, member, **{name: blank})
    before = rows()

    with pytest.raises(ApplicationError) as error:
        initiative_transition(initiative=initiative, action="submit", actor=member)

    label = str(Initiative._meta.get_field(name).verbose_name).capitalize()
    assert f"Fill in “{label}”." in error.value.message
    assert rows() == before


def test_title_is_required_from_the_first_save(tree, member):
    assert "title" in REQUIRED_FOR_SUBMISSION
    with pytest.raises(ApplicationError) as error:
        save(member, tree.grassroots_a1x, [author_row(member)], title="")
    assert error.value.field == "title"


def test_submit_lists_every_missing_field_at_once(tree, member):
    initiative = save(member, tree.grassroots_a1x, [author_row(member)], title="Chỉ có tên")

    with pytest.raises(ApplicationError) as error:
        initiative_transition(initiative=initiative, action="submit", actor=member)

    assert error.value.message.count("Fill in") == len(REQUIRED_FOR_SUBMISSION) - 1


def test_submit_requires_the_basis_of_a_claimed_benefit(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, benefit_basis="  ")

    with pytest.raises(ApplicationError, match="how the claimed benefit was calculated"):
        initiative_transition(initiative=initiative, action="submit", actor=member)


def test_zero_benefit_needs_no_basis(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, benefit_claimed=0, benefit_basis="")

    initiative_transition(initiative=initiative, action="submit", actor=member)

    assert fresh(initiative).status == S.SUBMITTED


def test_submit_requires_an_author(tree, officer):
    initiative = save(officer, tree.grassroots_a1x, [], **dossier_values())
    before = rows()

    with pytest.raises(ApplicationError, match="Add at least one author"):
        initiative_transition(initiative=initiative, action="submit", actor=officer)

    assert rows() == before


@pytest.mark.parametrize(
    ("shares", "accepted"),
    [
        (["60", "39.5"], False),
        (["99.99"], False),
        (["100.00"], True),
        (["100"], True),
        (["60", "40"], True),
        (["33.34", "33.33", "33.33"], True),
        (["33.33", "33.33", "33.33"], False),
    ],
)
def test_submit_requires_contributions_summing_to_exactly_100(tree, member, shares, accepted):
    people = [member] + [UserFactory() for _ in shares[1:]]
    initiative = make_initiative(
        tree.grassroots_a1x,
        member,
        authors=[author_row(person, share) for person, share in zip(people, shares, strict=True)],
    )
    before = rows()

    if accepted:
        initiative_transition(initiative=initiative, action="submit", actor=member)
        assert fresh(initiative).status == S.SUBMITTED
    else:
        with pytest.raises(ApplicationError) as error:
            initiative_transition(initiative=initiative, action="submit", actor=member)
        total = sum(Decimal(share) for share in shares)
        assert f"add up to {total:g}%" in error.value.message
        assert rows() == before


def test_co_author_may_submit(tree, member):
    colleague = UserFactory()
    initiative = make_initiative(
        tree.grassroots_a1x, member, authors=[author_row(member, 50), author_row(colleague, 50)]
    )

    initiative_transition(initiative=initiative, action="submit", actor=colleague)

    assert history(initiative)[-1][3] == colleague.pk


@pytest.mark.parametrize("who", ["other_member", "officer"])
def test_only_the_authors_submit(tree, member, officer, who):
    actor = {"other_member": UserFactory(), "officer": officer}[who]
    initiative = make_initiative(tree.grassroots_a1x, member)
    before = rows()

    with pytest.raises(ApplicationError, match="You may not do this"):
        initiative_transition(initiative=initiative, action="submit", actor=actor)

    assert rows() == before


def test_submit_refused_when_the_unit_was_dissolved(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)
    type(tree.grassroots_a1x).objects.filter(pk=tree.grassroots_a1x.pk).update(is_active=False)
    before = rows()

    with pytest.raises(ApplicationError) as error:
        initiative_transition(initiative=initiative, action="submit", actor=member)

    assert tree.grassroots_a1x.name in error.value.message
    assert rows() == before


# --- the one-year limit ------------------------------------------------------------------


def test_application_deadline_is_one_year_after_first_application(tree, member):
    first = timezone.localdate() - timedelta(days=10)
    initiative = make_initiative(tree.grassroots_a1x, member, first_applied_on=first)
    deadline = add_months(first, 12)

    assert application_deadline(initiative) == deadline
    assert (deadline.month, deadline.year) == (first.month, first.year + 1)
    assert not is_past_application_limit(initiative)
    assert is_past_application_limit(initiative, deadline + timedelta(days=1))
    assert not is_past_application_limit(initiative, deadline)


@pytest.mark.parametrize(
    ("first", "deadline"),
    [
        # Calendar dates, not 365 days: a year holding 29 February is 366 days long.
        (date(2024, 1, 15), date(2025, 1, 15)),
        (date(2023, 3, 1), date(2024, 3, 1)),
        (date(2023, 2, 28), date(2024, 2, 28)),
        # No 29 February next year: the period ends on the month's last day (Civil Code
        # 2015, Art. 148).
        (date(2024, 2, 29), date(2025, 2, 28)),
        (date(2027, 2, 28), date(2028, 2, 28)),
        (date(2024, 12, 31), date(2025, 12, 31)),
    ],
)
def test_application_deadline_counts_calendar_dates(tree, member, first, deadline):
    initiative = Initiative(first_applied_on=first)

    assert application_deadline(initiative) == deadline
    assert not is_past_application_limit(initiative, deadline)
    assert is_past_application_limit(initiative, deadline + timedelta(days=1))


def test_application_deadline_unknown_without_a_date(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, first_applied_on=None)

    assert application_deadline(initiative) is None
    assert not is_past_application_limit(initiative)


def test_member_may_submit_on_the_last_day(tree, member):
    first = first_applied_for_last_day(timezone.localdate())
    initiative = make_initiative(tree.grassroots_a1x, member, first_applied_on=first)

    initiative_transition(initiative=initiative, action="submit", actor=member)

    assert fresh(initiative).status == S.SUBMITTED
    assert fresh(initiative).late_acceptance_reason == ""


def test_member_is_blocked_past_the_limit_with_the_lapse_date(tree, member):
    first = first_applied_for_last_day(timezone.localdate()) - timedelta(days=1)
    initiative = make_initiative(tree.grassroots_a1x, member, first_applied_on=first)
    before = rows()

    with pytest.raises(ApplicationError) as error:
        initiative_transition(
            initiative=initiative, action="submit", actor=member, note="Xin nộp muộn"
        )

    lapse = add_months(first, 12).strftime("%d/%m/%Y")
    assert lapse in error.value.message
    assert "officer" in error.value.message
    assert rows() == before


def test_officer_entering_on_behalf_submits_late_with_a_recorded_reason(tree, member, officer):
    first = first_applied_for_last_day(timezone.localdate()) - timedelta(days=40)
    initiative = make_initiative(
        tree.grassroots_a1x, member, entered_by=officer, first_applied_on=first
    )
    reason = "Tác giả điều trị dài ngày tại bệnh viện."

    initiative_transition(initiative=initiative, action="submit", actor=officer, note=reason)

    initiative = fresh(initiative)
    assert initiative.status == S.SUBMITTED
    assert initiative.late_acceptance_reason == reason
    assert history(initiative)[-1] == ("submit", S.DRAFT, S.SUBMITTED, officer.pk, reason)


def test_officer_of_the_unit_submits_a_members_late_draft_with_a_reason(tree, member, officer):
    first = first_applied_for_last_day(timezone.localdate()) - timedelta(days=1)
    initiative = make_initiative(tree.grassroots_a1x, member, first_applied_on=first)
    assert officer.has_perm("initiatives.submit_initiative", initiative)

    initiative_transition(
        initiative=initiative, action="submit", actor=officer, note="Đơn vị chậm tổng hợp."
    )

    assert fresh(initiative).late_acceptance_reason == "Đơn vị chậm tổng hợp."


def test_officer_still_needs_a_reason_past_the_limit(tree, member, officer):
    first = first_applied_for_last_day(timezone.localdate()) - timedelta(days=1)
    initiative = make_initiative(
        tree.grassroots_a1x, member, entered_by=officer, first_applied_on=first
    )
    before = rows()

    with pytest.raises(ApplicationError, match="lapsed"):
        initiative_transition(initiative=initiative, action="submit", actor=officer, note="  ")

    assert rows() == before


def test_late_dossier_keeps_its_reason_when_accepted(tree, member, officer):
    first = first_applied_for_last_day(timezone.localdate()) - timedelta(days=1)
    initiative = make_initiative(
        tree.grassroots_a1x, member, entered_by=officer, first_applied_on=first
    )
    initiative_transition(initiative=initiative, action="submit", actor=officer, note="Lý do")

    initiative_transition(initiative=initiative, action="accept", actor=officer)

    initiative = fresh(initiative)
    assert initiative.status == S.ACCEPTED
    assert initiative.late_acceptance_reason == "Lý do"


# --- acceptance: receipt numbers and due dates -------------------------------------------


def test_submit_gives_the_receipt_number_on_arrival(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)
    today = timezone.localdate()
    assert fresh(initiative).receipt_number == ""

    initiative_transition(initiative=initiative, action="submit", actor=member)

    initiative = fresh(initiative)
    assert initiative.status == S.SUBMITTED
    assert initiative.receipt_number == f"SK-{today.year}-00001"
    assert (initiative.receipt_year, initiative.receipt_sequence) == (today.year, 1)
    assert initiative.accepted_at is None
    assert initiative.decision_due is None


def test_accept_keeps_the_receipt_and_gives_a_due_date(tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    number = fresh(initiative).receipt_number
    today = timezone.localdate()

    initiative_transition(initiative=initiative, action="accept", actor=officer)

    initiative = fresh(initiative)
    assert initiative.status == S.ACCEPTED
    assert initiative.receipt_number == number == f"SK-{today.year}-00001"
    assert initiative.accepted_at is not None
    assert initiative.decision_due == add_months(today, 3)
    assert history(initiative)[-1] == ("accept", S.SUBMITTED, S.ACCEPTED, officer.pk, "")


def test_returned_and_resubmitted_dossier_keeps_its_receipt(tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.RESUBMITTED)
    assert fresh(initiative).receipt_number.endswith("-00001")
    other = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)

    initiative_transition(initiative=initiative, action="accept", actor=officer)

    assert fresh(initiative).receipt_number.endswith("-00001")
    assert fresh(other).receipt_number.endswith("-00002")


def test_accept_numbers_a_dossier_submitted_before_receipts_came_on_arrival(tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    Initiative.objects.filter(pk=initiative.pk).update(
        receipt_number="", receipt_year=None, receipt_sequence=None
    )

    initiative_transition(initiative=initiative, action="accept", actor=officer)

    assert fresh(initiative).receipt_number == f"SK-{timezone.localdate().year}-00001"


@pytest.mark.parametrize(
    ("accepted", "first", "due"),
    [
        (date(2025, 3, 10), date(2024, 12, 1), date(2025, 6, 10)),
        (date(2025, 3, 10), date(2025, 4, 2), date(2025, 7, 2)),
        (date(2025, 11, 30), None, date(2026, 2, 28)),
    ],
)
def test_decision_due_from_the_later_of_acceptance_and_first_application(db, accepted, first, due):
    assert decision_due(accepted, first) == due


def test_receipt_numbers_run_per_unit_and_year(tree, member, officer):
    year = timezone.localdate().year
    x = [make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED) for _ in range(3)]
    y = [make_initiative(tree.grassroots_a1y, member, status=S.RESUBMITTED) for _ in range(2)]
    last_year = make_initiative(tree.grassroots_a1y, member, status=S.ACCEPTED)
    Initiative.objects.filter(pk=last_year.pk).update(
        receipt_year=year - 1, receipt_sequence=41, receipt_number=f"SK-{year - 1}-00041"
    )

    numbers = []
    for initiative in [x[0], y[0], x[1], y[1], x[2]]:
        numbers.append(
            initiative_transition(
                initiative=initiative, action="accept", actor=officer
            ).receipt_number
        )

    assert numbers == [
        f"SK-{year}-00001",
        f"SK-{year}-00001",
        f"SK-{year}-00002",
        f"SK-{year}-00002",
        f"SK-{year}-00003",
    ]
    accepted = Initiative.objects.filter(status=S.ACCEPTED, receipt_year=year)
    assert accepted.count() == len(set(accepted.values_list("unit", "receipt_number")))


def test_withdrawn_accepted_dossier_keeps_its_number(tree, member, officer):
    first = make_initiative(tree.grassroots_a1x, member, status=S.ACCEPTED, officer=officer)
    initiative_transition(initiative=first, action="withdraw", actor=member)
    second = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)

    initiative_transition(initiative=second, action="accept", actor=officer)

    assert fresh(first).receipt_number.endswith("-00001")
    assert fresh(second).receipt_number.endswith("-00002")


def test_decision_due_follows_the_review_rules(tree, member, officer):
    set_review_rules(decision_months=6)
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)

    initiative_transition(initiative=initiative, action="accept", actor=officer)

    assert fresh(initiative).decision_due == add_months(timezone.localdate(), 6)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2025, 11, 29), 3, date(2026, 2, 28)),
        (date(2025, 12, 31), 3, date(2026, 3, 31)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 3, date(2026, 6, 30)),
        (date(2026, 10, 15), 3, date(2027, 1, 15)),
        (date(2026, 10, 31), 14, date(2027, 12, 31)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
        (date(2026, 5, 20), 12, date(2027, 5, 20)),
    ],
)
def test_add_months_handles_month_ends_and_years(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("actor_kind", ["author", "other_member", "sibling_officer", "viewer"])
def test_only_officers_in_scope_accept(tree, member, actor_kind):
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.district_a1, role=Role.VIEWER)
    actor = {
        "author": member,
        "other_member": UserFactory(),
        "sibling_officer": unit_officer(tree.grassroots_a1y),
        "viewer": viewer,
    }[actor_kind]
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    before = rows()

    with pytest.raises(ApplicationError, match="You may not do this"):
        initiative_transition(initiative=initiative, action="accept", actor=actor)

    assert rows() == before


# --- returns, refusals, withdrawals and the history --------------------------------------


@pytest.mark.parametrize("action", ["return", "refuse"])
@pytest.mark.parametrize("note", ["", "   \n "])
def test_return_and_refuse_need_the_reasons(tree, member, officer, action, note):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    before = rows()

    with pytest.raises(ApplicationError) as error:
        initiative_transition(initiative=initiative, action=action, actor=officer, note=note)

    assert error.value.field == "note"
    assert rows() == before


@pytest.mark.parametrize(("action", "target"), [("return", S.RETURNED), ("refuse", S.REFUSED)])
def test_return_and_refuse_record_the_reasons(tree, member, officer, action, target):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.RESUBMITTED)

    initiative_transition(
        initiative=initiative, action=action, actor=officer, note="  Thiếu bản vẽ.  "
    )

    assert fresh(initiative).status == target
    assert history(initiative)[-1] == (action, S.RESUBMITTED, target, officer.pk, "Thiếu bản vẽ.")


def test_refused_dossier_keeps_its_receipt_but_gets_no_due_date(tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.REFUSED, officer=officer)

    assert initiative.receipt_number.endswith("-00001")
    assert initiative.decision_due is None


@pytest.mark.parametrize("status", [S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.UNDER_REVIEW])
def test_author_withdraws_before_a_decision(tree, member, status):
    initiative = make_initiative(tree.grassroots_a1x, member, status=status)

    initiative_transition(initiative=initiative, action="withdraw", actor=member)

    assert fresh(initiative).status == S.WITHDRAWN
    assert history(initiative)[-1][:4] == ("withdraw", status, S.WITHDRAWN, member.pk)


@pytest.mark.parametrize("status", [S.DRAFT, S.REFUSED, S.RECOGNISED, S.NOT_RECOGNISED])
def test_withdraw_refused_without_a_pending_dossier(tree, member, status):
    initiative = make_initiative(tree.grassroots_a1x, member, status=status)
    before = rows()

    with pytest.raises(ApplicationError) as error:
        initiative_transition(initiative=initiative, action="withdraw", actor=member)

    assert initiative.get_status_display() in error.value.message
    assert rows() == before


def test_officer_cannot_withdraw_a_members_dossier(tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    before = rows()

    with pytest.raises(ApplicationError, match="You may not do this"):
        initiative_transition(initiative=initiative, action="withdraw", actor=officer)

    assert rows() == before


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.DRAFT, "accept"),
        (S.DRAFT, "resubmit"),
        (S.SUBMITTED, "submit"),
        (S.RETURNED, "accept"),
        (S.ACCEPTED, "accept"),
        (S.ACCEPTED, "return"),
        (S.WITHDRAWN, "resubmit"),
        (S.SUBMITTED, "no_such_action"),
    ],
)
def test_actions_outside_the_table_are_refused(tree, member, officer, status, action):
    initiative = make_initiative(tree.grassroots_a1x, member, status=status, officer=officer)
    before = rows()

    with pytest.raises(ApplicationError):
        initiative_transition(initiative=initiative, action=action, actor=officer, note="N")

    assert rows() == before


def test_every_step_records_who_when_from_to_and_note(tree, member, officer):
    started = timezone.now()
    initiative = make_initiative(tree.grassroots_a1x, member)
    initiative_transition(initiative=initiative, action="submit", actor=member)
    initiative_transition(
        initiative=initiative, action="return", actor=officer, note="Bổ sung số liệu."
    )
    initiative_transition(initiative=initiative, action="resubmit", actor=member, note="Đã bổ sung")
    initiative_transition(initiative=initiative, action="accept", actor=officer)
    initiative_transition(initiative=initiative, action="start_review", actor=officer)
    initiative_transition(
        initiative=initiative, action="not_recognise", actor=officer, note="Không có tính mới."
    )

    assert history(initiative) == [
        ("create", "", S.DRAFT, member.pk, ""),
        ("submit", S.DRAFT, S.SUBMITTED, member.pk, ""),
        ("return", S.SUBMITTED, S.RETURNED, officer.pk, "Bổ sung số liệu."),
        ("resubmit", S.RETURNED, S.RESUBMITTED, member.pk, "Đã bổ sung"),
        ("accept", S.RESUBMITTED, S.ACCEPTED, officer.pk, ""),
        ("start_review", S.ACCEPTED, S.UNDER_REVIEW, officer.pk, ""),
        ("not_recognise", S.UNDER_REVIEW, S.NOT_RECOGNISED, officer.pk, "Không có tính mới."),
    ]
    moments = list(initiative.transitions.order_by("pk").values_list("at", flat=True))
    assert moments == sorted(moments)
    assert all(started <= moment <= timezone.now() for moment in moments)


def test_resubmission_keeps_the_first_submission_time(tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.RETURNED, officer=officer)
    first_submitted = initiative.submitted_at

    initiative_transition(initiative=initiative, action="resubmit", actor=member)

    assert fresh(initiative).submitted_at == first_submitted


def test_resubmission_checks_the_dossier_again(tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.RETURNED, officer=officer)
    save(
        member,
        tree.grassroots_a1x,
        [author_row(member, 90)],
        initiative=initiative,
        **dossier_values(),
    )
    before = rows()

    with pytest.raises(ApplicationError, match="add up to 90%"):
        initiative_transition(initiative=initiative, action="resubmit", actor=member)

    assert rows() == before


def test_factory_drives_a_dossier_to_every_status(tree, member):
    for status in S.values:
        initiative = make_initiative(tree.grassroots_a1x, member, status=status)
        assert initiative.status == status
    again = advance(make_initiative(tree.grassroots_a1y, member), S.SUBMITTED)
    assert again.status == S.SUBMITTED


# --- attachments -------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


def zip_bytes(entries: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/"/>'


def docx_bytes() -> bytes:
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document/>"),
        ]
    )


def xlsx_bytes() -> bytes:
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", b"<Relationships/>"),
            ("xl/workbook.xml", b"<workbook/>"),
        ]
    )


def odf_bytes(mime: str) -> bytes:
    return zip_bytes(
        [("mimetype", mime.encode()), ("content.xml", b"<office:document-content/>")],
        stored_first=True,
    )


GOOD_FILES = {
    "bang-tinh.pdf": (pdf_bytes, "application/pdf"),
    "anh-chup.png": (png_bytes, "image/png"),
    "anh-chup.jpg": (jpeg_bytes, "image/jpeg"),
    "thuyet-minh.docx": (
        docx_bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "so-lieu.xlsx": (
        xlsx_bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "mo-ta.odt": (
        lambda: odf_bytes("application/vnd.oasis.opendocument.text"),
        "application/vnd.oasis.opendocument.text",
    ),
    "bang.ods": (
        lambda: odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
}

BAD_FILES = {
    "text_named_pdf": ("gia-mao.pdf", lambda: b"Day khong phai PDF\n" * 20),
    "exe": ("cai-dat.exe", lambda: b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200),
    "exe_named_pdf": (
        "tai-lieu.pdf",
        lambda: b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200,
    ),
    "zip": ("nen.zip", lambda: zip_bytes([("a.txt", b"abc"), ("b.txt", b"def")])),
    "zip_named_docx": ("gia.docx", lambda: zip_bytes([("a.txt", b"abc")])),
    "html": ("trang.pdf", lambda: b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    "gif": ("anh.gif", lambda: b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 30),
    "empty": ("rong.pdf", lambda: b""),
}


def stored_files(initiative: Initiative) -> list[str]:
    # The in-memory storage lives as long as the process, so look only at this dossier's folder
    # and only after clearing what earlier tests may have left under the same id.
    folder = f"initiatives/{initiative.pk}"
    storage = storages["private"]
    return storage.listdir(folder)[1] if storage.exists(folder) else []


@pytest.fixture(autouse=True)
def empty_private_storage():
    storage = storages["private"]
    if storage.exists("initiatives"):
        for folder in storage.listdir("initiatives")[0]:
            for name in storage.listdir(f"initiatives/{folder}")[1]:
                storage.delete(f"initiatives/{folder}/{name}")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def draft(tree, member):
    return make_initiative(tree.grassroots_a1x, member)


@pytest.mark.parametrize("name", list(GOOD_FILES))
def test_attachment_accepts_real_documents(draft, member, name):
    make, mime = GOOD_FILES[name]
    content = make()

    attachment = attachment_add(
        initiative=draft, upload=upload(name, content), actor=member, description=" Phụ lục 1 "
    )

    attachment = Attachment.objects.get(pk=attachment.pk)
    assert attachment.content_type == mime
    assert attachment.original_name == name
    assert attachment.size == len(content)
    assert attachment.description == "Phụ lục 1"
    assert attachment.uploaded_by == member
    with attachment.file.open("rb") as stored:
        assert stored.read() == content
    assert stored_files(draft) == [attachment.file.name.rsplit("/", 1)[-1]]


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_attachment_refuses_content_that_is_not_an_accepted_type(draft, member, case):
    name, make = BAD_FILES[case]
    before = rows()

    with pytest.raises(ApplicationError) as error:
        attachment_add(initiative=draft, upload=upload(name, make()), actor=member)

    assert error.value.field == "upload"
    assert name in error.value.message
    assert rows() == before
    assert stored_files(draft) == []


def test_attachment_name_follows_its_content(draft, member):
    attachment = attachment_add(
        initiative=draft, upload=upload("../../etc/anh.png", pdf_bytes()), actor=member
    )

    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "anh.png.pdf"


def test_attachment_is_stored_in_private_storage_under_a_new_name(draft, member):
    attachment = attachment_add(
        initiative=draft, upload=upload("bang-tinh.pdf", pdf_bytes()), actor=member
    )

    assert attachment.file.storage is storages["private"]
    assert attachment.file.storage is not storages["default"]
    assert attachment.file.name.startswith(f"initiatives/{draft.pk}/")
    assert "bang-tinh" not in attachment.file.name
    assert storages["private"].exists(attachment.file.name)
    assert not storages["default"].exists(attachment.file.name)


@override_settings(INITIATIVE_ATTACHMENT_MAX_BYTES=1000, INITIATIVE_DOSSIER_MAX_BYTES=5000)
def test_attachment_per_file_limit(draft, member):
    at_limit = pdf_bytes() + b"%" * (1000 - len(pdf_bytes()))
    attachment_add(initiative=draft, upload=upload("vua.pdf", at_limit), actor=member)
    before = rows()

    with pytest.raises(ApplicationError) as error:
        attachment_add(initiative=draft, upload=upload("lon.pdf", at_limit + b"%"), actor=member)

    assert error.value.field == "upload"
    assert "lon.pdf" in error.value.message
    assert rows() == before


@override_settings(INITIATIVE_ATTACHMENT_MAX_BYTES=3000, INITIATIVE_DOSSIER_MAX_BYTES=5000)
def test_attachment_per_dossier_limit(draft, member, tree):
    content = pdf_bytes() + b"%" * (2500 - len(pdf_bytes()))
    attachment_add(initiative=draft, upload=upload("mot.pdf", content), actor=member)
    attachment_add(initiative=draft, upload=upload("hai.pdf", content), actor=member)
    before = rows()

    with pytest.raises(ApplicationError) as error:
        attachment_add(initiative=draft, upload=upload("ba.pdf", pdf_bytes()), actor=member)

    assert error.value.field == "upload"
    assert rows() == before
    # The limit is per dossier: another dossier still takes files.
    other = make_initiative(tree.grassroots_a1x, member)
    attachment_add(initiative=other, upload=upload("ba.pdf", pdf_bytes()), actor=member)


@pytest.mark.parametrize("status", [S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED, S.WITHDRAWN])
def test_attachments_only_while_the_dossier_is_editable(tree, member, status):
    initiative = make_initiative(tree.grassroots_a1x, member, status=status)
    before = rows()

    with pytest.raises(ApplicationError, match="while the dossier is being prepared"):
        attachment_add(initiative=initiative, upload=upload("a.pdf", pdf_bytes()), actor=member)

    assert rows() == before


def test_attachment_added_to_a_returned_dossier(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.RETURNED)

    attachment_add(initiative=initiative, upload=upload("bo-sung.pdf", pdf_bytes()), actor=member)

    assert initiative.attachments.count() == 1


def test_attachment_refused_to_people_who_may_not_edit(draft, tree):
    officer = unit_officer(tree.grassroots_a1x)
    before = rows()

    for actor in (UserFactory(), officer):
        with pytest.raises(ApplicationError, match="You may not change this dossier"):
            attachment_add(initiative=draft, upload=upload("a.pdf", pdf_bytes()), actor=actor)

    assert rows() == before


def test_attachment_remove_deletes_the_file_after_commit(
    draft, member, django_capture_on_commit_callbacks
):
    attachment = attachment_add(
        initiative=draft, upload=upload("bang-tinh.pdf", pdf_bytes()), actor=member
    )
    name = attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=attachment, actor=member)

    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not storages["private"].exists(name)


def test_attachment_remove_refused_after_submission(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)
    attachment = attachment_add(
        initiative=initiative, upload=upload("a.pdf", pdf_bytes()), actor=member
    )
    initiative_transition(initiative=initiative, action="submit", actor=member)

    with pytest.raises(ApplicationError):
        attachment_remove(attachment=attachment, actor=member)

    assert storages["private"].exists(attachment.file.name)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_delete_draft_removes_its_files_after_commit(
    draft, member, django_capture_on_commit_callbacks
):
    attachment = attachment_add(initiative=draft, upload=upload("a.pdf", pdf_bytes()), actor=member)

    with django_capture_on_commit_callbacks(execute=True):
        initiative_delete_draft(initiative=draft, actor=member)

    assert not storages["private"].exists(attachment.file.name)
    assert not Attachment.objects.exists()
