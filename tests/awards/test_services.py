"""Every write of the review rounds: rounds and their councils, dossiers in a round, conflicts
of interest, scoring, votes, the decision and the nomination of recognised dossiers to the
level above (rubrics: test_rubric_services.py).

Rounds are built by ``tests.factories.awards``; the grassroots rounds sit at grassroots_a1x
(code CSX) under district_a1 and province_a.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.errors import ApplicationError
from accounts.models import Notification
from awards.enums import (
    AssignmentMode,
    ConflictKind,
    CouncilRole,
    Outcome,
    RoundEventAction,
    RoundPurpose,
    RoundStatus,
    SheetStatus,
    VoteBasis,
)
from awards.models import (
    AwardDecision,
    Conflict,
    Decision,
    ReviewRound,
    RoundEntry,
    RoundEvent,
    RubricVersion,
    Score,
    ScoreSheet,
)
from awards.selectors.council import missing_council_roles
from awards.selectors.rounds import initiative_ladder
from awards.selectors.scores import round_results
from awards.services import (
    ScoreData,
    conflict_declare,
    eligible_voters,
    entry_assign,
    entry_nominate,
    entry_record_vote,
    entry_reenter,
    entry_remove,
    refresh_conflicts,
    round_close,
    round_create,
    round_transition,
    round_update,
    sheet_reopen,
    sheet_save,
    vote_denominator,
)
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from initiatives.services import initiative_transition
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory, make_initiative
from tests.factories.awards import (
    DEFAULT_POINTS,
    accepted_dossier,
    close,
    criteria_of,
    enter,
    make_council,
    make_round,
    make_round_in,
    make_rubric,
    member_of,
    record_vote,
    round_employer,
    round_values,
    score,
    score_data,
    seat,
)
from tests.factories.employers import make_employer
from tests.factories.initiatives import author_row, set_review_rules, unit_officer
from unions.enums import Role

R = RoundStatus
S = InitiativeStatus


@pytest.fixture(autouse=True)
def in_english():
    # Messages are asserted in the source language, whatever the catalogue holds.
    with translation.override("en"):
        yield


def events(review_round: ReviewRound) -> list[str]:
    return list(review_round.events.order_by("at", "pk").values_list("action", flat=True))


def status_of(initiative: Initiative) -> str:
    return Initiative.objects.get(pk=initiative.pk).status


def person_with(role: str, unit) -> object:
    user = UserFactory()
    RoleGrantFactory(user=user, unit=unit, role=role)
    return user


# --- rounds --------------------------------------------------------------------------------


@pytest.mark.parametrize("grant_unit", ["grassroots_a1x", "district_a1", "national"])
def test_round_create_by_an_officer_of_the_unit_or_above(tree, grant_unit):
    officer = unit_officer(getattr(tree, grant_unit))

    review_round = round_create(
        unit=tree.grassroots_a1x,
        actor=officer,
        employer=round_employer(tree.grassroots_a1x),
        **round_values(title="Xét sáng kiến 2025"),
    )

    assert review_round.status == R.DRAFT
    assert review_round.unit == tree.grassroots_a1x
    assert review_round.created_by == officer
    assert events(review_round) == [RoundEventAction.CREATED]


@pytest.mark.parametrize(
    ("role", "grant_unit"),
    [
        (Role.VIEWER, "grassroots_a1x"),
        (Role.EDITOR, "grassroots_a1x"),
        (Role.OFFICER, "grassroots_a1y"),
        (Role.OFFICER, "province_b"),
    ],
)
def test_round_create_refused_without_the_capability_on_the_unit(tree, role, grant_unit):
    actor = person_with(role, getattr(tree, grant_unit))

    with pytest.raises(ApplicationError, match="may not run review rounds"):
        round_create(unit=tree.grassroots_a1x, actor=actor, **round_values())

    assert not ReviewRound.objects.exists()


def test_round_create_officer_below_cannot_run_a_round_of_the_unit_above(tree):
    with pytest.raises(ApplicationError):
        round_create(
            unit=tree.district_a1, actor=unit_officer(tree.grassroots_a1x), **round_values()
        )

    assert not ReviewRound.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {"period_start": datetime.date(2025, 6, 1), "period_end": datetime.date(2025, 5, 31)},
            "period_end",
        ),
        (
            {
                "intake_closes": datetime.date(2025, 6, 1),
                "scoring_closes": datetime.date(2025, 5, 31),
            },
            "scoring_closes",
        ),
        ({"title": "   "}, "title"),
    ],
)
def test_round_create_refuses_bad_values_and_saves_nothing(tree, overrides, field):
    officer = unit_officer(tree.grassroots_a1x)

    with pytest.raises(ApplicationError) as raised:
        round_create(unit=tree.grassroots_a1x, actor=officer, **round_values(**overrides))

    assert raised.value.field == field
    assert not ReviewRound.objects.exists()
    assert not RoundEvent.objects.exists()


def test_round_update_changes_the_rubric_only_in_draft(tree):
    review_round = make_round(tree.grassroots_a1x)
    officer = review_round.created_by
    other = make_rubric()

    updated = round_update(review_round=review_round, actor=officer, rubric_version=other)
    assert updated.rubric_version == other
    round_transition(review_round=review_round, action="open", actor=officer)

    with pytest.raises(ApplicationError) as raised:
        round_update(review_round=review_round, actor=officer, rubric_version=make_rubric())
    assert raised.value.field == "rubric_version"
    renamed = round_update(review_round=review_round, actor=officer, title="Đợt 2 năm nay")
    assert renamed.title == "Đợt 2 năm nay"


def test_round_open_records_the_step(tree):
    review_round = make_round(tree.grassroots_a1x)

    opened = round_transition(
        review_round=review_round, action="open", actor=review_round.created_by
    )

    assert opened.status == R.OPEN
    assert ReviewRound.objects.get(pk=review_round.pk).status == R.OPEN
    assert events(review_round) == [RoundEventAction.CREATED, RoundEventAction.OPENED]


def test_round_open_refused_to_a_viewer_and_from_the_wrong_status(tree):
    review_round = make_round(tree.grassroots_a1x)
    viewer = person_with(Role.VIEWER, tree.grassroots_a1x)

    with pytest.raises(ApplicationError):
        round_transition(review_round=review_round, action="open", actor=viewer)
    with pytest.raises(ApplicationError, match="not possible"):
        round_transition(
            review_round=review_round, action="start_scoring", actor=review_round.created_by
        )

    assert ReviewRound.objects.get(pk=review_round.pk).status == R.DRAFT


def test_round_transition_does_not_close_a_round(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)

    with pytest.raises(ValueError):
        round_transition(review_round=setup.round, action="close", actor=setup.officer)


def _open_round(tree, unit_name="grassroots_a1x", **values):
    review_round = make_round(getattr(tree, unit_name), **values)
    round_transition(review_round=review_round, action="open", actor=review_round.created_by)
    return ReviewRound.objects.get(pk=review_round.pk)


BASE_COUNCIL = (CouncilRole.CHAIR, CouncilRole.SECRETARY, CouncilRole.UNION_REPRESENTATIVE)
MISSING_NAMED = {
    CouncilRole.CHAIR: "chair",
    CouncilRole.SECRETARY: "secretary",
    CouncilRole.UNION_REPRESENTATIVE: "union representative",
}


@pytest.mark.parametrize("missing", BASE_COUNCIL)
def test_round_start_scoring_refused_without_a_base_council_seat(tree, missing):
    review_round = _open_round(tree)
    for role in (*BASE_COUNCIL, CouncilRole.MEMBER):
        if role != missing:
            seat(review_round, role=role)
    enter(review_round, accepted_dossier(tree.grassroots_a1x))

    with pytest.raises(ApplicationError, match=f"has no {MISSING_NAMED[missing]} yet"):
        round_transition(
            review_round=review_round, action="start_scoring", actor=review_round.created_by
        )

    assert ReviewRound.objects.get(pk=review_round.pk).status == R.OPEN
    assert not ScoreSheet.objects.exists()


def test_round_start_scoring_names_every_missing_seat(tree):
    review_round = _open_round(tree)
    seat(review_round, role=CouncilRole.MEMBER)
    enter(review_round, accepted_dossier(tree.grassroots_a1x))

    with translation.override("en"), pytest.raises(ApplicationError) as error:
        round_transition(
            review_round=review_round, action="start_scoring", actor=review_round.created_by
        )

    assert str(error.value.message) == (
        "Scoring cannot start: the council has no chair, secretary, union representative yet."
    )


def test_round_start_scoring_above_the_base_needs_no_union_representative(tree):
    review_round = make_round(tree.district_a1, purpose=RoundPurpose.NOMINATION)
    for role in (CouncilRole.CHAIR, CouncilRole.SECRETARY):
        seat(review_round, role=role)

    assert missing_council_roles(review_round) == []


def test_round_start_scoring_refused_without_dossiers(tree):
    review_round = _open_round(tree)
    make_council(review_round)

    with pytest.raises(ApplicationError, match="No dossier"):
        round_transition(
            review_round=review_round, action="start_scoring", actor=review_round.created_by
        )

    assert ReviewRound.objects.get(pk=review_round.pk).status == R.OPEN


def test_round_start_scoring_gives_every_unconflicted_member_a_sheet_per_dossier(tree):
    review_round = _open_round(tree, "district_a1")
    council = make_council(review_round, members=2)
    first = enter(review_round, accepted_dossier(tree.grassroots_a1x))
    second = enter(review_round, accepted_dossier(tree.grassroots_a1y, author=UserFactory()))
    # A colleague of the first dossier's author scores it; a member who declared a conflict
    # on it does not.
    MembershipFactory(user=council.members[0].user, unit=tree.grassroots_a1x)
    conflict_declare(
        entry=first,
        member=council.members[1],
        reason="Trưởng phòng trực tiếp của tác giả.",
        actor=council.members[1].user,
    )

    started = round_transition(
        review_round=review_round, action="start_scoring", actor=review_round.created_by
    )

    assert started.status == R.SCORING
    pairs = set(ScoreSheet.objects.values_list("entry_id", "member_id"))
    seats = {m.pk for m in council.seats}
    assert pairs == {(second.pk, m) for m in seats} | {
        (first.pk, m) for m in seats - {council.members[1].pk}
    }
    assert set(ScoreSheet.objects.values_list("rubric_version_id", flat=True)) == {
        review_round.rubric_version_id
    }
    assert set(ScoreSheet.objects.values_list("status", flat=True)) == {SheetStatus.DRAFT}
    assert RoundEventAction.SCORING_STARTED in events(review_round)


def test_round_start_scoring_tells_the_scorers(tree, django_capture_on_commit_callbacks):
    review_round = _open_round(tree)
    council = make_council(review_round)
    enter(review_round, accepted_dossier(tree.grassroots_a1x))

    with django_capture_on_commit_callbacks(execute=True):
        round_transition(
            review_round=review_round, action="start_scoring", actor=review_round.created_by
        )

    told = Notification.objects.filter(url=reverse("awards:my_reviews"))
    assert set(told.values_list("user_id", flat=True)) == {m.user_id for m in council.seats}
    deadline = review_round.scoring_closes.strftime("%d/%m/%Y")
    assert all(review_round.title in n.message and deadline in n.message for n in told)


def test_round_close_scoring_with_open_sheets_needs_a_note(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    score(setup.sheet(setup.entry, setup.chair))

    with pytest.raises(ApplicationError, match="2 score sheets are not submitted") as raised:
        round_transition(review_round=setup.round, action="close_scoring", actor=setup.officer)
    assert raised.value.field == "note"

    closed = round_transition(
        review_round=setup.round, action="close_scoring", actor=setup.officer, note="Hết hạn."
    )
    assert closed.status == R.DELIBERATION


def test_round_reopen_scoring_needs_the_reasons(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)

    with pytest.raises(ApplicationError, match="reasons"):
        round_transition(review_round=setup.round, action="reopen_scoring", actor=setup.officer)
    reopened = round_transition(
        review_round=setup.round,
        action="reopen_scoring",
        actor=setup.officer,
        note="Một thành viên chấm nhầm tiêu chí.",
    )

    assert reopened.status == R.SCORING
    event = setup.round.events.get(action=RoundEventAction.SCORING_REOPENED)
    assert event.note == "Một thành viên chấm nhầm tiêu chí."


# --- the council ---------------------------------------------------------------------------


def test_council_has_one_chair_and_one_secretary(tree):
    review_round = make_round(tree.grassroots_a1x)
    council = make_council(review_round)

    for role in (CouncilRole.CHAIR, CouncilRole.SECRETARY):
        with pytest.raises(ApplicationError, match="already has someone") as raised:
            seat(review_round, role=role)
        assert raised.value.field == "role"
    with pytest.raises(ApplicationError, match="already sits"):
        seat(review_round, user=council.members[0].user, role=CouncilRole.VICE_CHAIR)
    assert review_round.council.count() == 3


def test_council_is_fixed_once_scoring_starts(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)

    with pytest.raises(ApplicationError, match="not possible"):
        seat(setup.round)


def test_council_member_add_needs_the_run_capability(tree):
    review_round = make_round(tree.grassroots_a1x)
    viewer = person_with(Role.VIEWER, tree.district_a1)

    with pytest.raises(ApplicationError):
        seat(review_round, actor=viewer)
    assert not review_round.council.exists()


# --- per-dossier assignment ----------------------------------------------------------------


@pytest.fixture
def assigned_round(tree):
    """An open round where officers assign scorers, a council of four and two dossiers; the
    last member declared a conflict on both dossiers."""
    review_round = _open_round(tree, assignment_mode=AssignmentMode.PER_DOSSIER)
    council = make_council(review_round, members=2)
    entries = [enter(review_round, accepted_dossier(tree.grassroots_a1x)) for _ in range(2)]
    for entry in entries:
        conflict_declare(
            entry=entry,
            member=council.members[1],
            reason="Vợ của tác giả.",
            actor=council.members[1].user,
        )
    return review_round, council, entries


def test_entry_assign_creates_sheets_for_the_chosen_members(assigned_round):
    review_round, council, (first, second) = assigned_round
    officer = review_round.created_by

    with pytest.raises(ApplicationError, match="Assign scorers"):
        round_transition(review_round=review_round, action="start_scoring", actor=officer)

    entry_assign(entry=first, members=[council.chair, council.members[0]], actor=officer)
    entry_assign(entry=second, members=[council.secretary], actor=officer)
    round_transition(review_round=review_round, action="start_scoring", actor=officer)

    assert set(ScoreSheet.objects.values_list("entry_id", "member_id")) == {
        (first.pk, council.chair.pk),
        (first.pk, council.members[0].pk),
        (second.pk, council.secretary.pk),
    }
    assert RoundEventAction.ASSIGNED in events(review_round)


def test_entry_assign_refuses_a_conflicted_member(assigned_round):
    review_round, council, (first, _second) = assigned_round

    with pytest.raises(ApplicationError, match="conflict of interest") as raised:
        entry_assign(
            entry=first,
            members=[council.chair, council.members[1]],
            actor=review_round.created_by,
        )

    assert raised.value.field == "members"
    assert not ScoreSheet.objects.exists()


def test_entry_assign_removes_a_draft_sheet_but_not_a_submitted_one(assigned_round):
    review_round, council, (first, second) = assigned_round
    officer = review_round.created_by
    entry_assign(entry=first, members=[council.chair, council.members[0]], actor=officer)
    entry_assign(entry=second, members=[council.chair], actor=officer)
    round_transition(review_round=review_round, action="start_scoring", actor=officer)
    score(ScoreSheet.objects.get(entry=first, member=council.chair))

    entry_assign(entry=first, members=[council.chair, council.secretary], actor=officer)
    assert set(first.sheets.values_list("member_id", flat=True)) == {
        council.chair.pk,
        council.secretary.pk,
    }

    with pytest.raises(ApplicationError, match="already submitted"):
        entry_assign(entry=first, members=[council.secretary], actor=officer)
    assert first.sheets.filter(member=council.chair, status=SheetStatus.SUBMITTED).exists()


def test_entry_assign_only_in_rounds_that_assign_per_dossier(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)

    with pytest.raises(ApplicationError, match="every council member scores"):
        entry_assign(entry=setup.entry, members=[setup.chair], actor=setup.officer)


# --- dossiers in a round -------------------------------------------------------------------


def test_entry_add_puts_an_accepted_dossier_under_review(tree):
    review_round = make_round(tree.district_a1)
    initiative = accepted_dossier(tree.grassroots_a1x)

    entry = enter(review_round, initiative)

    assert entry.round == review_round and entry.initiative == initiative
    assert entry.outcome == Outcome.PENDING
    assert entry.entered_by == review_round.created_by
    assert status_of(initiative) == S.UNDER_REVIEW
    assert events(review_round)[-1] == RoundEventAction.ENTRY_ADDED


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.RETURNED, S.RECOGNISED])
def test_entry_add_refuses_a_dossier_that_is_not_accepted(tree, status):
    review_round = make_round(tree.grassroots_a1x)
    initiative = make_initiative(tree.grassroots_a1x, member_of(tree.grassroots_a1x), status)

    with pytest.raises(ApplicationError, match="Only accepted dossiers"):
        enter(review_round, initiative)

    assert not RoundEntry.objects.exists()
    assert status_of(initiative) == status


@pytest.mark.parametrize("unit_name", ["grassroots_a1y", "grassroots_b1x"])
def test_entry_add_refuses_a_dossier_outside_the_subtree(tree, unit_name):
    review_round = make_round(tree.grassroots_a1x)
    initiative = accepted_dossier(getattr(tree, unit_name))

    with pytest.raises(ApplicationError, match="another unit"):
        enter(review_round, initiative)

    assert status_of(initiative) == S.ACCEPTED


def test_entry_add_refused_after_the_intake_closes(tree):
    review_round = make_round(tree.grassroots_a1x)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ReviewRound.objects.filter(pk=review_round.pk).update(intake_closes=yesterday)
    initiative = accepted_dossier(tree.grassroots_a1x)

    with pytest.raises(ApplicationError, match=yesterday.strftime("%d/%m/%Y")):
        enter(review_round, initiative)

    assert not RoundEntry.objects.exists()
    assert status_of(initiative) == S.ACCEPTED


def test_entry_add_refused_once_scoring_started_and_in_nomination_rounds(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    nomination = make_round(tree.grassroots_a1x, purpose=RoundPurpose.NOMINATION)

    with pytest.raises(ApplicationError, match="not possible"):
        enter(setup.round, accepted_dossier(tree.grassroots_a1x))
    with pytest.raises(ApplicationError, match="nominations"):
        enter(nomination, accepted_dossier(tree.grassroots_a1x))


def test_entry_add_needs_the_run_capability(tree):
    review_round = make_round(tree.grassroots_a1x)
    initiative = accepted_dossier(tree.grassroots_a1x)

    with pytest.raises(ApplicationError):
        enter(review_round, initiative, actor=person_with(Role.VIEWER, tree.grassroots_a1x))

    assert status_of(initiative) == S.ACCEPTED


def test_entry_remove_puts_the_dossier_back_to_accepted(tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x)
    initiative = setup.initiatives[0]

    entry_remove(entry=setup.entry, actor=setup.officer, note="Nhầm đợt.")

    assert not RoundEntry.objects.filter(pk=setup.entry.pk).exists()
    assert status_of(initiative) == S.ACCEPTED
    removed = setup.round.events.get(action=RoundEventAction.ENTRY_REMOVED)
    assert initiative.title in removed.note and "Nhầm đợt." in removed.note


def test_entry_remove_refused_once_scoring_started(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)

    with pytest.raises(ApplicationError, match="not possible"):
        entry_remove(entry=setup.entry, actor=setup.officer)

    assert RoundEntry.objects.filter(pk=setup.entry.pk).exists()
    assert status_of(setup.initiatives[0]) == S.UNDER_REVIEW


# --- conflicts of interest -----------------------------------------------------------------


def test_conflict_automatic_for_an_author_on_the_council(tree):
    author = member_of(tree.grassroots_a1x)
    review_round = make_round(tree.grassroots_a1x)
    entry = enter(review_round, accepted_dossier(tree.grassroots_a1x, author=author))

    member = seat(review_round, user=author)

    conflict = Conflict.objects.get(entry=entry, member=member)
    assert conflict.kind == ConflictKind.AUTHOR


def test_conflict_not_automatic_for_colleagues_of_the_author(tree):
    """A base council sits at the workplace: members of the author's grassroots union score
    unless they declare a conflict (TT 18/2013 Art. 8)."""
    author = member_of(tree.grassroots_a1x)
    review_round = make_round(tree.grassroots_a1x)
    council = make_council(review_round, members=2)
    for seat_ in council.seats:
        MembershipFactory(user=seat_.user, unit=tree.grassroots_a1x)

    entry = enter(review_round, accepted_dossier(tree.grassroots_a1x, author=author))

    assert not Conflict.objects.filter(entry=entry).exists()


def test_conflict_automatic_for_a_co_author_on_the_council(tree):
    review_round = make_round(tree.grassroots_a1x)
    council = make_council(review_round, members=2)
    co_author = council.members[1].user
    author = member_of(tree.grassroots_a1x)
    initiative = accepted_dossier(
        tree.grassroots_a1x,
        author=author,
        authors=[author_row(author, 60), author_row(co_author, 40)],
    )

    entry = enter(review_round, initiative)

    assert list(Conflict.objects.filter(entry=entry).values_list("member", "kind")) == [
        (council.members[1].pk, ConflictKind.AUTHOR)
    ]


def test_conflict_not_automatic_for_the_officer_who_typed_the_dossier_in(tree):
    review_round = make_round(tree.grassroots_a1x)
    council = make_council(review_round, members=1)
    clerk = council.members[0].user
    initiative = accepted_dossier(tree.grassroots_a1x)
    Initiative.objects.filter(pk=initiative.pk).update(created_by=clerk, entered_on_behalf=True)

    entry = enter(review_round, initiative)

    assert not Conflict.objects.filter(entry=entry).exists()


def test_refresh_conflicts_keeps_what_it_found_and_adds_nothing_twice(tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x)
    author = setup.entry.initiative.authors.first().user
    seat(setup.round, user=author, actor=setup.officer)
    Conflict.objects.all().delete()

    assert refresh_conflicts(setup.round) == 1
    assert refresh_conflicts(setup.round) == 0
    assert Conflict.objects.count() == 1


def test_conflict_declare_by_the_member_takes_their_sheet_out(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    member = setup.members[0]
    score(setup.sheet(setup.entry, member))  # even a submitted sheet goes

    conflict = conflict_declare(
        entry=setup.entry,
        member=member,
        reason="Tôi là người hướng dẫn kỹ thuật cho nhóm tác giả.",
        actor=member.user,
    )

    assert conflict.kind == ConflictKind.DECLARED
    assert conflict.reason == "Tôi là người hướng dẫn kỹ thuật cho nhóm tác giả."
    assert conflict.declared_by == member.user
    assert not ScoreSheet.objects.filter(entry=setup.entry, member=member).exists()
    assert ScoreSheet.objects.filter(entry=setup.entry).count() == 2
    event = setup.round.events.get(action=RoundEventAction.CONFLICT_DECLARED)
    assert "hướng dẫn kỹ thuật" in event.note
    assert eligible_voters(setup.entry) == 2


def test_conflict_declare_needs_a_reason(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    member = setup.members[0]

    with pytest.raises(ApplicationError, match="reason") as raised:
        conflict_declare(entry=setup.entry, member=member, reason="  ", actor=member.user)

    assert raised.value.field == "reason"
    assert not Conflict.objects.exists()
    assert ScoreSheet.objects.filter(entry=setup.entry, member=member).exists()


def test_conflict_declare_for_someone_else_by_the_chair_only(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, members=2)
    target = setup.members[0]

    with pytest.raises(ApplicationError):
        conflict_declare(
            entry=setup.entry, member=target, reason="Họ hàng.", actor=setup.members[1].user
        )
    conflict_declare(entry=setup.entry, member=target, reason="Họ hàng.", actor=setup.chair.user)

    assert Conflict.objects.get().declared_by == setup.chair.user
    with pytest.raises(ApplicationError, match="already recorded"):
        conflict_declare(entry=setup.entry, member=target, reason="Lần nữa.", actor=setup.officer)


def test_conflicted_member_cannot_save_scores(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    member = setup.members[0]
    sheet = setup.sheet(setup.entry, member)
    # A conflict recorded while the sheet still exists (the services take the sheet out when
    # they record one; this is the last line of defence).
    Conflict.objects.create(
        entry=setup.entry, member=member, kind=ConflictKind.DECLARED, reason="Đồng tác giả cũ."
    )

    with pytest.raises(ApplicationError, match="conflict of interest"):
        score(sheet)

    assert not Score.objects.filter(sheet=sheet).exists()


# --- scoring -------------------------------------------------------------------------------


def test_sheet_save_draft_then_submit(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    sheet = setup.sheet(setup.entry, setup.members[0])
    novelty, applicability, benefit = criteria_of(setup.round.rubric_version)

    draft = sheet_save(
        sheet=sheet,
        actor=setup.members[0].user,
        scores={
            novelty.pk: ScoreData(points="22,5", comment="  Khá mới  "),
            applicability.pk: ScoreData(points=""),
        },
        overall_comment="Cần xem thêm số liệu.",
    )

    assert draft.status == SheetStatus.DRAFT and draft.submitted_at is None
    assert draft.overall_comment == "Cần xem thêm số liệu."
    saved = {s.criterion_id: (s.points, s.comment) for s in Score.objects.filter(sheet=sheet)}
    assert saved == {
        novelty.pk: (Decimal("22.5"), "Khá mới"),
        applicability.pk: (None, ""),
        benefit.pk: (None, ""),
    }
    assert RoundEventAction.SHEET_SUBMITTED not in events(setup.round)

    submitted = score(sheet, [Decimal("22.5"), 20, Decimal("35.25")])

    assert submitted.status == SheetStatus.SUBMITTED and submitted.is_submitted
    assert submitted.submitted_at is not None
    assert sorted(Score.objects.filter(sheet=sheet).values_list("points", flat=True)) == [
        Decimal(20),
        Decimal("22.5"),
        Decimal("35.25"),
    ]
    assert Score.objects.filter(sheet=sheet).count() == 3
    event = setup.round.events.get(action=RoundEventAction.SHEET_SUBMITTED)
    assert event.entry_id == setup.entry.pk and event.actor == setup.members[0].user


def test_sheet_submit_needs_every_criterion_and_saves_nothing_otherwise(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    sheet = setup.sheet(setup.entry, setup.members[0])

    with pytest.raises(ApplicationError, match="Score every criterion.*Hiệu quả, lợi ích"):
        score(sheet, [20, 20, None])

    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    assert not Score.objects.filter(sheet=sheet).exists()
    assert not RubricVersion.objects.get(pk=setup.round.rubric_version_id).is_frozen


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([31, 20, 30], "between 0 and 30 points"),
        ([20, -1, 30], "between 0 and 30 points"),
        ([20, 20, "40.01"], "between 0 and 40 points"),
        (["mười", 20, 30], "as a number"),
        ([20, "NaN", 30], "between 0 and 30 points"),
        ([20, "1e3", 30], "between 0 and 30 points"),
        (["10.125", 20, 30], "two decimal places"),
    ],
)
def test_sheet_save_refuses_bad_points_and_saves_nothing(tree, points, message):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    sheet = setup.sheet(setup.entry, setup.members[0])
    score(sheet, [10, None, None], submit=False)

    with pytest.raises(ApplicationError, match=message) as raised:
        score(sheet, points, submit=False)

    assert raised.value.field and raised.value.field.startswith("points_")
    assert sorted(
        (p for p in Score.objects.filter(sheet=sheet).values_list("points", flat=True)),
        key=lambda p: (p is None, p),
    ) == [Decimal(10), None, None]


def test_sheet_submitted_is_locked(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    sheet = score(setup.sheet(setup.entry, setup.members[0]))

    with pytest.raises(ApplicationError, match="only the chair can reopen"):
        score(sheet, [30, 30, 40])

    assert sorted(Score.objects.filter(sheet=sheet).values_list("points", flat=True)) == sorted(
        Decimal(p) for p in DEFAULT_POINTS
    )


def test_sheet_belongs_to_its_member_only(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    sheet = setup.sheet(setup.entry, setup.members[0])

    for intruder in (setup.chair.user, setup.officer):
        with pytest.raises(ApplicationError, match="Only the member"):
            sheet_save(
                sheet=sheet,
                actor=intruder,
                scores=score_data(sheet.rubric_version, DEFAULT_POINTS),
                submit=True,
            )
    assert not Score.objects.filter(sheet=sheet).exists()


@pytest.mark.parametrize("status", [R.DELIBERATION, R.CLOSED])
def test_sheet_save_refused_outside_scoring(tree, status):
    setup = make_round_in(status, tree.grassroots_a1x, submitted=False, outcome=Outcome.RETURNED)
    sheet = setup.sheet(setup.entry, setup.members[0])

    with pytest.raises(ApplicationError, match="Scoring is not open"):
        score(sheet, submit=False)

    assert not Score.objects.filter(sheet=sheet).exists()


def test_sheet_reopen_by_the_chair_with_the_reason(tree, django_capture_on_commit_callbacks):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    member = setup.members[0]
    sheet = score(setup.sheet(setup.entry, member))

    with django_capture_on_commit_callbacks(execute=True):
        reopened = sheet_reopen(sheet=sheet, actor=setup.chair.user, reason="Nhầm tiêu chí 2.")

    assert reopened.status == SheetStatus.DRAFT and reopened.submitted_at is None
    event = setup.round.events.get(action=RoundEventAction.SHEET_REOPENED)
    assert "Nhầm tiêu chí 2." in event.note and member.user.get_full_name() in event.note
    [told] = Notification.objects.filter(user=member.user)
    assert "Nhầm tiêu chí 2." in told.message
    assert setup.initiatives[0].title in told.message
    assert told.url == reverse("awards:score_sheet", args=[setup.entry.pk])
    # The member may change the scores again.
    assert score(reopened, [30, 30, 40]).status == SheetStatus.SUBMITTED


def test_sheet_reopen_refused_to_others_and_without_reason(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, members=2)
    sheet = score(setup.sheet(setup.entry, setup.members[0]))
    draft = setup.sheet(setup.entry, setup.members[1])

    for actor in (setup.secretary.user, setup.members[0].user, setup.officer):
        with pytest.raises(ApplicationError, match="may not"):
            sheet_reopen(sheet=sheet, actor=actor, reason="Xin chấm lại.")
    with pytest.raises(ApplicationError, match="reasons"):
        sheet_reopen(sheet=sheet, actor=setup.chair.user, reason=" ")
    with pytest.raises(ApplicationError, match="not been submitted"):
        sheet_reopen(sheet=draft, actor=setup.chair.user, reason="Xin chấm lại.")

    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.SUBMITTED


# --- votes ---------------------------------------------------------------------------------


def nine_member_round(tree) -> object:
    """A round in deliberation with a council of nine (chair, secretary, seven members)."""
    return make_round_in(R.DELIBERATION, tree.grassroots_a1x, members=7)


def test_vote_only_in_deliberation(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)

    with pytest.raises(ApplicationError, match="once scoring has closed"):
        record_vote(setup.entry, actor=setup.secretary.user, votes_for=3, votes_against=0)

    assert RoundEntry.objects.get(pk=setup.entry.pk).outcome == Outcome.PENDING


@pytest.mark.parametrize("who", ["secretary", "officer", "district_officer"])
def test_vote_recorded_by_the_secretary_or_an_officer(tree, who):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    actor = {
        "secretary": setup.secretary.user,
        "officer": setup.officer,
        "district_officer": unit_officer(tree.district_a1),
    }[who]

    entry = record_vote(setup.entry, actor=actor, votes_for=3, votes_against=0)

    assert (entry.votes_for, entry.votes_against, entry.votes_abstain) == (3, 0, 0)
    assert entry.outcome == Outcome.RECOGNISED
    assert entry.vote_recorded_by == actor and entry.vote_recorded_at is not None
    event = setup.round.events.get(action=RoundEventAction.VOTE_RECORDED)
    assert event.entry_id == setup.entry.pk and event.actor == actor


@pytest.mark.parametrize("who", ["chair", "member", "viewer"])
def test_vote_refused_to_others(tree, who):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    actor = {
        "chair": setup.chair.user,
        "member": setup.members[0].user,
        "viewer": person_with(Role.VIEWER, tree.grassroots_a1x),
    }[who]

    with pytest.raises(ApplicationError, match="may not"):
        record_vote(setup.entry, actor=actor, votes_for=3, votes_against=0)

    assert RoundEntry.objects.get(pk=setup.entry.pk).outcome == Outcome.PENDING


def test_vote_cannot_count_more_than_the_unconflicted_council(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, members=2)
    conflict_declare(
        entry=setup.entry,
        member=setup.members[1],
        reason="Cùng tổ sản xuất với tác giả.",
        actor=setup.members[1].user,
    )
    for sheet in setup.sheets():
        score(sheet)
    round_transition(review_round=setup.round, action="close_scoring", actor=setup.officer)
    assert eligible_voters(setup.entry) == 3

    with pytest.raises(ApplicationError, match="4 votes, but only 3") as raised:
        record_vote(setup.entry, votes_for=2, votes_against=1, votes_abstain=1)
    assert raised.value.field == "votes_for"
    with pytest.raises(ApplicationError, match="number of votes"):
        record_vote(setup.entry, votes_for=-1, votes_against=1)

    # Two thirds are counted on the whole council of four by default (TT 18/2013 Art. 8.1).
    with pytest.raises(ApplicationError, match="2 of 4 in favour") as raised:
        record_vote(setup.entry, votes_for=2, votes_against=1)
    assert raised.value.field == "outcome"
    assert record_vote(setup.entry, votes_for=3, votes_against=0).outcome == Outcome.RECOGNISED


def test_vote_counted_on_the_unconflicted_members_where_the_round_says_so(tree):
    setup = make_round_in(
        R.SCORING, tree.grassroots_a1x, members=2, vote_basis=VoteBasis.UNCONFLICTED
    )
    conflict_declare(
        entry=setup.entry,
        member=setup.members[1],
        reason="Cùng tổ sản xuất với tác giả.",
        actor=setup.members[1].user,
    )
    for sheet in setup.sheets():
        score(sheet)
    round_transition(review_round=setup.round, action="close_scoring", actor=setup.officer)

    assert vote_denominator(setup.entry) == 3
    # Two thirds of the three who may vote, though only half of the council of four.
    assert record_vote(setup.entry, votes_for=2, votes_against=1).outcome == Outcome.RECOGNISED


def test_vote_share_follows_the_review_rules_in_force(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x, members=2)  # council of four
    set_review_rules(vote_share_numerator=3, vote_share_denominator=4)

    with pytest.raises(ApplicationError, match="less than the 3/4"):
        record_vote(setup.entry, votes_for=2, votes_against=2)
    assert record_vote(setup.entry, votes_for=3, votes_against=1).outcome == Outcome.RECOGNISED


def test_vote_recognised_with_six_of_nine(tree):
    setup = nine_member_round(tree)

    entry = record_vote(setup.entry, votes_for=6, votes_against=3)

    assert entry.outcome == Outcome.RECOGNISED


def test_vote_five_of_nine_with_three_abstaining_does_not_recognise(tree):
    setup = nine_member_round(tree)

    with pytest.raises(ApplicationError, match="5 of 9") as raised:
        record_vote(setup.entry, votes_for=5, votes_against=1, votes_abstain=3)
    assert raised.value.field == "outcome"

    entry = record_vote(
        setup.entry,
        Outcome.NOT_RECOGNISED,
        votes_for=5,
        votes_against=1,
        votes_abstain=3,
        reason="Chưa đủ hai phần ba thành viên tán thành.",
    )
    assert entry.outcome == Outcome.NOT_RECOGNISED
    assert entry.outcome_reason == "Chưa đủ hai phần ba thành viên tán thành."


def test_vote_not_recognised_refused_when_the_council_voted_in_favour(tree):
    setup = nine_member_round(tree)

    with pytest.raises(ApplicationError, match="voted in favour"):
        record_vote(setup.entry, Outcome.NOT_RECOGNISED, votes_for=6, votes_against=3)


@pytest.mark.parametrize("outcome", [Outcome.NOT_RECOGNISED, Outcome.RETURNED])
def test_vote_not_recognised_and_returned_need_reasons(tree, outcome):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    entry = RoundEntry.objects.get(pk=setup.entry.pk)

    with pytest.raises(ApplicationError, match="reasons") as raised:
        entry_record_vote(
            entry=entry,
            actor=setup.secretary.user,
            votes_for=0,
            votes_against=3,
            votes_abstain=0,
            outcome=outcome,
            reason="  ",
        )
    assert raised.value.field == "reason"
    assert RoundEntry.objects.get(pk=entry.pk).outcome == Outcome.PENDING


@pytest.mark.parametrize("outcome", [Outcome.PENDING, Outcome.WITHDRAWN, "approved"])
def test_vote_needs_a_real_outcome(tree, outcome):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)

    with pytest.raises(ApplicationError, match="Choose the outcome"):
        record_vote(setup.entry, outcome, votes_for=0, reason="Không rõ.")


def test_vote_can_be_corrected_until_the_round_closes(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    record_vote(setup.entry, Outcome.NOT_RECOGNISED, votes_for=1, votes_against=2)

    entry = record_vote(setup.entry, votes_for=3, votes_against=0)

    assert entry.outcome == Outcome.RECOGNISED and entry.outcome_reason == ""


def test_vote_returned_sends_the_dossier_back_and_reentry_clears_the_vote(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    initiative = setup.initiatives[0]
    author = initiative.created_by

    returned = record_vote(
        setup.entry,
        Outcome.RETURNED,
        actor=setup.secretary.user,
        reason="Bổ sung biên bản áp dụng thử.",
    )
    assert returned.outcome == Outcome.RETURNED
    assert status_of(initiative) == S.RETURNED
    with pytest.raises(ApplicationError, match="can no longer change"):
        record_vote(setup.entry, votes_for=3, votes_against=0)
    with pytest.raises(ApplicationError, match="not answered"):
        entry_reenter(entry=setup.entry, actor=setup.officer)

    initiative_transition(initiative=initiative, action="resubmit", actor=author)
    with pytest.raises(ApplicationError):
        entry_reenter(entry=setup.entry, actor=setup.members[0].user)
    entry = entry_reenter(entry=setup.entry, actor=setup.officer)

    assert status_of(initiative) == S.UNDER_REVIEW
    entry = RoundEntry.objects.get(pk=entry.pk)
    assert entry.outcome == Outcome.PENDING
    assert entry.outcome_reason == ""
    assert (entry.votes_for, entry.votes_against, entry.votes_abstain) == (None, None, None)
    assert entry.vote_recorded_by is None and entry.vote_recorded_at is None
    assert events(setup.round)[-1] == RoundEventAction.ENTRY_REENTERED
    # The council votes again and the round closes on the new vote.
    record_vote(entry, votes_for=3, votes_against=0)
    close(setup.round)
    assert status_of(initiative) == S.RECOGNISED


def test_entry_reenter_only_a_returned_dossier(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)

    with pytest.raises(ApplicationError, match="Only a returned dossier"):
        entry_reenter(entry=setup.entry, actor=setup.officer)


# --- closing the round ---------------------------------------------------------------------


def test_round_close_needs_every_dossier_decided(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x, dossiers=2)
    record_vote(setup.entries[0])

    with pytest.raises(ApplicationError, match="1 left"):
        close(setup.round)

    assert ReviewRound.objects.get(pk=setup.round.pk).status == R.DELIBERATION
    assert not Decision.objects.exists()
    assert status_of(setup.initiatives[0]) == S.UNDER_REVIEW


def test_round_close_issues_the_decision_and_decides_the_dossiers(
    tree, django_capture_on_commit_callbacks
):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x, dossiers=2)
    yes, no = setup.entries
    record_vote(yes, actor=setup.secretary.user)
    record_vote(no, Outcome.NOT_RECOGNISED, reason="Không có tính mới.")
    today = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        decision = round_close(
            review_round=setup.round,
            actor=setup.officer,
            decided_on=today,
            signer_name="Trần Thị Hoa",
            signer_title="Chủ tịch Công đoàn cơ sở",
        )

    assert decision.round == setup.round and decision.unit == tree.grassroots_a1x
    assert (decision.year, decision.sequence) == (today.year, 1)
    assert decision.number == f"01/QĐ-CSX/{today.year}"
    assert (decision.signer_name, decision.signer_title) == (
        "Trần Thị Hoa",
        "Chủ tịch Công đoàn cơ sở",
    )
    closed = ReviewRound.objects.get(pk=setup.round.pk)
    assert closed.status == R.CLOSED and closed.closed_at is not None
    assert status_of(setup.initiatives[0]) == S.RECOGNISED
    assert status_of(setup.initiatives[1]) == S.NOT_RECOGNISED
    recognised = setup.initiatives[0].transitions.get(to_status=S.RECOGNISED)
    assert recognised.note == decision.number
    not_recognised = setup.initiatives[1].transitions.get(to_status=S.NOT_RECOGNISED)
    assert not_recognised.note == "Không có tính mới."
    assert closed.events.get(action=RoundEventAction.CLOSED).note == decision.number
    # Each author hears of the outcome of their own dossier.
    for initiative in setup.initiatives:
        url = reverse("initiatives:detail", args=[initiative.pk])
        told = Notification.objects.filter(user=initiative.created_by, url=url)
        assert told.exists()
        assert all(initiative.title in n.message for n in told)


def test_round_close_numbers_decisions_per_unit_and_year(tree):
    year = timezone.localdate().year
    first = make_round_in(R.CLOSED, tree.grassroots_a1x)
    officer = first.officer
    second = make_round_in(R.CLOSED, tree.grassroots_a1x, officer=officer)
    elsewhere = make_round_in(R.CLOSED, tree.grassroots_a1y)

    assert (first.decision.sequence, first.decision.number) == (1, f"01/QĐ-CSX/{year}")
    assert (second.decision.sequence, second.decision.number) == (2, f"02/QĐ-CSX/{year}")
    assert (elsewhere.decision.sequence, elsewhere.decision.number) == (1, f"01/QĐ-CSY/{year}")


def test_round_close_numbering_starts_again_each_year(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    last_year = timezone.localdate().year - 1
    earlier = make_round_in(R.CLOSED, tree.grassroots_a1x, officer=setup.officer)
    Decision.objects.filter(pk=earlier.decision.pk).update(year=last_year, sequence=7)
    # Its initiative certificates are the same act, with the same number.
    AwardDecision.objects.filter(round_decision=earlier.decision).update(year=last_year, sequence=7)
    record_vote(setup.entry)

    decision = close(setup.round)

    assert decision.sequence == 1


def test_round_close_twice_fails_and_leaves_one_decision(tree):
    setup = make_round_in(R.CLOSED, tree.grassroots_a1x)

    with pytest.raises(ApplicationError, match="not possible"):
        close(setup.round)

    assert Decision.objects.filter(round=setup.round).count() == 1
    assert Decision.objects.count() == 1


def test_round_close_by_the_chair_but_not_the_secretary(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    record_vote(setup.entry)

    with pytest.raises(ApplicationError, match="may not"):
        close(setup.round, actor=setup.secretary.user)
    decision = close(setup.round, actor=setup.chair.user)

    assert decision.created_by == setup.chair.user
    assert status_of(setup.initiatives[0]) == S.RECOGNISED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"signer_name": " "}, "signer_name"),
        ({"signer_title": ""}, "signer_title"),
        ({"decided_on": timezone.localdate() + datetime.timedelta(days=1)}, "decided_on"),
    ],
)
def test_round_close_needs_a_signer_and_no_future_date(tree, changes, field):
    # An employer without its head recorded: nobody to sign by default.
    employer = make_employer(tree.grassroots_a1x, head_name="", head_title="")
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x, employer=employer)
    record_vote(setup.entry)
    values = {
        "decided_on": timezone.localdate(),
        "signer_name": "Trần Thị Hoa",
        "signer_title": "Chủ tịch",
        **changes,
    }

    with pytest.raises(ApplicationError) as raised:
        round_close(review_round=setup.round, actor=setup.officer, **values)

    assert raised.value.field == field
    assert not Decision.objects.exists()


def test_round_close_lists_a_withdrawn_dossier_as_withdrawn(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x, dossiers=2)
    withdrawn, kept = setup.initiatives
    initiative_transition(initiative=withdrawn, action="withdraw", actor=withdrawn.created_by)
    record_vote(setup.entries[1])

    close(setup.round)

    assert RoundEntry.objects.get(pk=setup.entries[0].pk).outcome == Outcome.WITHDRAWN
    assert status_of(withdrawn) == S.WITHDRAWN
    assert status_of(kept) == S.RECOGNISED


# --- nominations to the level above --------------------------------------------------------


@pytest.fixture
def ladder(tree):
    """A closed grassroots round at grassroots_a1x (two dossiers recognised, one not, a quota
    of one nomination) and an open nomination round at province_a."""
    officer = unit_officer(tree.grassroots_a1x)
    grassroots = make_round_in(
        R.DELIBERATION, tree.grassroots_a1x, dossiers=3, officer=officer, forward_quota=1
    )
    first, second, third = grassroots.entries
    record_vote(first)
    record_vote(second)
    record_vote(third, Outcome.NOT_RECOGNISED)
    close(grassroots.round)
    province_officer = unit_officer(tree.province_a)
    provincial = make_round(
        tree.province_a,
        officer=province_officer,
        purpose=RoundPurpose.NOMINATION,
        title="Lựa chọn sáng kiến đề nghị khen thưởng cấp tỉnh",
    )
    round_transition(review_round=provincial, action="open", actor=province_officer)
    grassroots.reload()
    return grassroots, ReviewRound.objects.get(pk=provincial.pk)


def test_entry_nominate_forwards_a_recognised_dossier_to_the_province(ladder):
    grassroots, provincial = ladder
    entry = grassroots.entries[0]

    nominated = entry_nominate(entry=entry, target=provincial, actor=grassroots.officer)

    assert nominated.round == provincial
    assert nominated.initiative_id == entry.initiative_id
    assert nominated.nominated_from == entry
    assert nominated.outcome == Outcome.PENDING
    assert status_of(grassroots.initiatives[0]) == S.RECOGNISED
    assert events(grassroots.round)[-1] == RoundEventAction.NOMINATED
    assert events(provincial)[-1] == RoundEventAction.ENTRY_ADDED


def test_entry_nominate_refused_beyond_the_quota(ladder):
    grassroots, provincial = ladder
    entry_nominate(entry=grassroots.entries[0], target=provincial, actor=grassroots.officer)

    with pytest.raises(ApplicationError, match="quota of 1"):
        entry_nominate(entry=grassroots.entries[1], target=provincial, actor=grassroots.officer)

    assert provincial.entries.count() == 1


def test_entry_nominate_refused_twice_into_the_same_round(ladder):
    grassroots, provincial = ladder
    ReviewRound.objects.filter(pk=grassroots.round.pk).update(forward_quota=None)
    entry_nominate(entry=grassroots.entries[0], target=provincial, actor=grassroots.officer)

    with pytest.raises(ApplicationError, match="already in that round"):
        entry_nominate(entry=grassroots.entries[0], target=provincial, actor=grassroots.officer)


def test_entry_nominate_refused_for_a_dossier_not_recognised(ladder):
    grassroots, provincial = ladder

    with pytest.raises(ApplicationError, match="Only dossiers recognised"):
        entry_nominate(entry=grassroots.entries[2], target=provincial, actor=grassroots.officer)

    assert not provincial.entries.exists()


@pytest.mark.parametrize("unit_name", ["province_b", "grassroots_a1y", "grassroots_a1x"])
def test_entry_nominate_refused_to_a_round_not_above(tree, ladder, unit_name):
    grassroots, _provincial = ladder
    unit = getattr(tree, unit_name)
    other = make_round(
        unit,
        officer=grassroots.officer if unit == tree.grassroots_a1x else None,
        purpose=RoundPurpose.NOMINATION,
    )
    round_transition(review_round=other, action="open", actor=other.created_by)

    with pytest.raises(ApplicationError, match="unit above") as raised:
        entry_nominate(entry=grassroots.entries[0], target=other, actor=grassroots.officer)

    assert raised.value.field == "target"
    assert not RoundEntry.objects.filter(round=other).exists()


def test_entry_nominate_refused_to_a_recognition_round(tree, ladder):
    grassroots, _provincial = ladder
    district = make_round(tree.district_a1)
    round_transition(review_round=district, action="open", actor=district.created_by)

    with pytest.raises(ApplicationError, match="does not take nominations"):
        entry_nominate(entry=grassroots.entries[0], target=district, actor=grassroots.officer)


def test_entry_nominate_refused_to_a_round_not_open(tree, ladder):
    grassroots, provincial = ladder
    draft = make_round(tree.national, purpose=RoundPurpose.NOMINATION)

    with pytest.raises(ApplicationError, match="does not take nominations"):
        entry_nominate(entry=grassroots.entries[0], target=draft, actor=grassroots.officer)


def test_entry_nominate_refused_to_a_closed_round(ladder):
    grassroots, provincial = ladder
    ReviewRound.objects.filter(pk=grassroots.round.pk).update(forward_quota=None)
    nominated = entry_nominate(
        entry=grassroots.entries[0], target=provincial, actor=grassroots.officer
    )
    make_council(provincial)
    officer = provincial.created_by
    round_transition(review_round=provincial, action="start_scoring", actor=officer)
    for sheet in ScoreSheet.objects.filter(entry=nominated):
        score(sheet)
    round_transition(review_round=provincial, action="close_scoring", actor=officer)
    record_vote(nominated, actor=officer)
    close(provincial, actor=officer)

    with pytest.raises(ApplicationError, match="does not take nominations") as raised:
        entry_nominate(entry=grassroots.entries[1], target=provincial, actor=grassroots.officer)

    assert raised.value.field == "target"
    assert list(provincial.entries.all()) == [nominated]


def test_entry_nominate_refused_from_a_round_not_closed(tree, ladder):
    _grassroots, provincial = ladder
    open_round = make_round_in(R.DELIBERATION, tree.grassroots_a1y)
    record_vote(open_round.entry)

    with pytest.raises(ApplicationError, match="closed round"):
        entry_nominate(entry=open_round.entry, target=provincial, actor=open_round.officer)


def test_entry_nominate_needs_the_run_capability_on_the_source(ladder):
    grassroots, provincial = ladder

    with pytest.raises(ApplicationError, match="may not"):
        entry_nominate(entry=grassroots.entries[0], target=provincial, actor=grassroots.chair.user)


def test_escalation_scores_and_closes_at_the_province_and_keeps_the_ladder(
    tree, ladder, django_capture_on_commit_callbacks
):
    grassroots, provincial = ladder
    source = grassroots.entries[0]
    initiative = grassroots.initiatives[0]
    nominated = entry_nominate(entry=source, target=provincial, actor=grassroots.officer)
    council = make_council(provincial, members=2)
    officer = provincial.created_by
    round_transition(review_round=provincial, action="start_scoring", actor=officer)
    for sheet in ScoreSheet.objects.filter(entry=nominated):
        score(sheet, [28, 27, 36])
    round_transition(review_round=provincial, action="close_scoring", actor=officer)
    record_vote(nominated, actor=council.secretary.user)

    with django_capture_on_commit_callbacks(execute=True):
        decision = close(provincial, actor=council.chair.user)

    year = timezone.localdate().year
    assert decision.unit == tree.province_a and decision.number == f"01/QĐ-QTR/{year}"
    assert status_of(initiative) == S.RECOGNISED  # decided once, at grassroots level
    ladder_entries = initiative_ladder(initiative)
    assert [(e.round.unit, e.outcome) for e in ladder_entries] == [
        (tree.grassroots_a1x, Outcome.RECOGNISED),
        (tree.province_a, Outcome.RECOGNISED),
    ]
    assert [e.round.decision.number for e in ladder_entries] == [
        f"01/QĐ-CSX/{year}",
        f"01/QĐ-QTR/{year}",
    ]
    assert round_results(provincial)[nominated.pk].total.mean == Decimal(91)
    # The grassroots scores stay with the grassroots round.
    assert round_results(grassroots.round)[source.pk].total.mean == Decimal(80)
    told = Notification.objects.filter(
        user=initiative.created_by, url=reverse("initiatives:detail", args=[initiative.pk])
    )
    assert any(decision.number in n.message for n in told)


def test_escalation_returned_at_the_province_leaves_the_dossier_recognised(ladder):
    grassroots, provincial = ladder
    nominated = entry_nominate(
        entry=grassroots.entries[0], target=provincial, actor=grassroots.officer
    )
    make_council(provincial)
    officer = provincial.created_by
    round_transition(review_round=provincial, action="start_scoring", actor=officer)
    round_transition(
        review_round=provincial, action="close_scoring", actor=officer, note="Chưa chấm."
    )

    record_vote(nominated, Outcome.RETURNED, actor=officer, reason="Bổ sung xác nhận.")

    assert status_of(grassroots.initiatives[0]) == S.RECOGNISED
