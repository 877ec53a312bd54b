"""Reads of rounds, councils and scores: who sees which round, progress and results, what a
member has to score, where a recognised dossier may go next and the ladder of a dossier."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards.enums import AssignmentMode, CouncilRole, Outcome, RoundPurpose, RoundStatus
from awards.models import ReviewRound, RubricVersion
from awards.selectors.council import (
    is_decider_of,
    is_reviewer_of,
    seat_in,
    seats_of,
    sheets_of_member,
)
from awards.selectors.rounds import (
    entries_eligible_for,
    initiative_ladder,
    nomination_targets,
    nominations_used,
    round_council,
    round_entries,
    round_list,
    round_progress,
    rounds_visible_to,
    rubric_versions_usable_at,
)
from awards.selectors.scores import round_results, sheet_values
from awards.services import (
    CriterionData,
    conflict_declare,
    entry_assign,
    entry_nominate,
    round_transition,
)
from initiatives.enums import InitiativeStatus
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory, make_initiative
from tests.factories.awards import (
    accepted_dossier,
    close,
    enter,
    make_council,
    make_round,
    make_round_in,
    make_rubric,
    member_of,
    record_vote,
    score,
    seat,
)
from tests.factories.initiatives import set_review_rules
from unions.enums import Role

R = RoundStatus
S = InitiativeStatus
D = Decimal


def granted(role: str, unit) -> object:
    user = UserFactory()
    RoleGrantFactory(user=user, unit=unit, role=role)
    return user


# --- rounds a user sees --------------------------------------------------------------------


def test_rounds_visible_to_follows_the_grants_and_the_seats(tree):
    a1x = make_round(tree.grassroots_a1x)
    a1y = make_round(tree.grassroots_a1y)
    b1x = make_round(tree.grassroots_b1x)
    district = make_round(tree.district_a1)
    member = seat(b1x)

    def visible(user) -> set:
        return set(rounds_visible_to(user))

    assert visible(granted(Role.OFFICER, tree.district_a1)) == {a1x, a1y, district}
    assert visible(granted(Role.VIEWER, tree.province_a)) == {a1x, a1y, district}
    assert visible(granted(Role.OFFICER, tree.grassroots_a1x)) == {a1x}
    assert visible(granted(Role.EDITOR, tree.national)) == set()
    assert visible(member.user) == {b1x}
    assert visible(UserFactory()) == set()
    assert visible(AnonymousUser()) == set()
    assert visible(UserFactory(is_superuser=True)) == {a1x, a1y, b1x, district}


def test_rounds_visible_to_lists_a_round_once_for_a_seated_officer(tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x)
    both = setup.officer
    seat(setup.round, user=both, role=CouncilRole.VICE_CHAIR)

    assert list(rounds_visible_to(both)) == [setup.round]


def test_round_list_counts_dossiers_and_seats(tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x, dossiers=2, members=3)
    empty = make_round(tree.grassroots_a1x, officer=setup.officer)

    rows = {r.pk: (r.entry_count, r.seat_count) for r in round_list(setup.officer)}

    assert rows == {setup.round.pk: (2, 5), empty.pk: (0, 0)}


def test_round_council_puts_the_chair_vice_chair_and_secretary_first(tree):
    review_round = make_round(tree.grassroots_a1x)
    member = seat(review_round)
    secretary = seat(review_round, role=CouncilRole.SECRETARY)
    representative = seat(review_round, role=CouncilRole.UNION_REPRESENTATIVE)
    vice = seat(review_round, role=CouncilRole.VICE_CHAIR)
    chair = seat(review_round, role=CouncilRole.CHAIR)

    assert round_council(review_round) == [chair, vice, secretary, member, representative]


def test_seat_in_finds_the_user_s_seat(tree):
    setup = make_round_in(R.DRAFT, tree.grassroots_a1x)

    assert seat_in(setup.chair.user, setup.round) == setup.chair
    assert seat_in(setup.officer, setup.round) is None


# --- progress and results ------------------------------------------------------------------


def test_round_entries_show_progress_and_conflicts(tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x, dossiers=2, members=2)
    first = enter(setup.round, accepted_dossier(tree.grassroots_a1x, officer=setup.officer))
    # members[1] declares a conflict on every dossier of the round.
    for entry in [*setup.entries, first]:
        conflict_declare(
            entry=entry,
            member=setup.members[1],
            reason="Người hướng dẫn của các tác giả.",
            actor=setup.members[1].user,
        )
    round_transition(review_round=setup.round, action="start_scoring", actor=setup.officer)
    for sheet in setup.sheets(setup.entries[0]):
        score(sheet)

    rows = list(round_entries(setup.reload()))

    assert [r.pk for r in rows] == [*(e.pk for e in setup.entries), first.pk]
    assert [(r.sheets_expected, r.sheets_submitted) for r in rows] == [(3, 3), (3, 0), (3, 0)]
    assert all([c.member.user for c in r.conflicts.all()] == [setup.members[1].user] for r in rows)


def test_round_entries_queries_do_not_grow_with_the_dossiers(tree):
    def read(review_round) -> int:
        with CaptureQueriesContext(connection) as queries:
            for row in round_entries(review_round):
                _ = (row.initiative.unit.name, row.nominated_from, row.vote_recorded_by)
                _ = [a.full_name for a in row.initiative.authors.all()]
                _ = [c.member.user.get_full_name() for c in row.conflicts.all()]
        return len(queries)

    one = make_round_in(R.SCORING, tree.grassroots_a1x, dossiers=1)
    many = make_round_in(R.SCORING, tree.grassroots_a1x, dossiers=4, officer=one.officer)
    MembershipFactory(user=many.members[0].user, unit=tree.grassroots_a1x)

    assert read(many.reload()) == read(one.reload())


def test_round_progress_counts_sheets(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, dossiers=2)  # 6 sheets
    for sheet in setup.sheets()[:2]:
        score(sheet)

    assert round_progress(setup.round) == {"expected": 6, "submitted": 2, "percent": 33}
    empty = make_round(tree.grassroots_a1x)
    assert round_progress(empty) == {"expected": 0, "submitted": 0, "percent": 0}


def test_round_results_count_submitted_sheets_only_and_rank_the_dossiers(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, dossiers=3, members=1)
    first, second, third = setup.entries
    chair, secretary, member = setup.seats
    score(setup.sheet(first, chair), [20, 20, 30])  # 70
    score(setup.sheet(first, secretary), [24, 22, 34])  # 80
    score(setup.sheet(first, member), [0, 0, 0], submit=False)  # a draft: left out
    score(setup.sheet(second, chair), [28, 27, 35])  # 90
    score(setup.sheet(second, secretary), [10, 5, 5], submit=False)

    results = round_results(setup.round)

    assert set(results) == {first.pk, second.pk, third.pk}
    assert results[first.pk].sheet_count == 2
    assert results[first.pk].total.mean == D(75)
    assert results[first.pk].total.median == D(75)
    assert results[first.pk].passed
    assert results[second.pk].sheet_count == 1 and results[second.pk].total.mean == D(90)
    assert not results[third.pk].scored
    assert [results[e.pk].rank for e in (first, second, third)] == [2, 1, None]
    assert set(round_results(setup.round, entry_ids=[second.pk])) == {second.pk}


def test_round_results_eliminate_and_fail_below_the_threshold(tree):
    version = make_rubric(
        criteria=[
            CriterionData(name="Tính mới", max_points=D(30), eliminatory=True),
            CriterionData(name="Hiệu quả", max_points=D(70), weight=D(2)),
        ],
        pass_threshold=80,
    )
    setup = make_round_in(
        R.SCORING, tree.grassroots_a1x, dossiers=3, members=1, rubric_version=version
    )
    eliminated, failed, passed = setup.entries
    for seat_ in setup.seats:
        score(setup.sheet(eliminated, seat_), [0, 70])  # 140, but nothing new
        score(setup.sheet(failed, seat_), [10, 30])  # 70 < 80
        score(setup.sheet(passed, seat_), [10, 35])  # 80

    results = round_results(setup.round)

    assert results[eliminated.pk].eliminated and not results[eliminated.pk].passed
    assert results[eliminated.pk].total.mean == D(140)
    assert not results[failed.pk].eliminated and not results[failed.pk].passed
    assert results[passed.pk].passed
    # Eliminated ranks after every dossier still in the running, whatever its total.
    assert [results[e.pk].rank for e in (passed, failed, eliminated)] == [1, 2, 3]


def test_round_results_flag_disagreement_at_the_margin_of_the_review_rules(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, members=1)
    score(setup.sheet(setup.entry, setup.chair), [20, 20, 30])
    score(setup.sheet(setup.entry, setup.secretary), [26, 20, 30])  # novelty spread 6 of 30

    novelty = setup.round.rubric_version.criteria.order_by("sort_order").first()
    assert not round_results(setup.round)[setup.entry.pk].criteria[novelty.pk].disagreement
    set_review_rules(spread_margin_percent=15)
    assert round_results(setup.round)[setup.entry.pk].criteria[novelty.pk].disagreement


def test_round_results_queries_do_not_grow_with_the_dossiers(tree):
    one = make_round_in(R.DELIBERATION, tree.grassroots_a1x, dossiers=1)
    many = make_round_in(R.DELIBERATION, tree.grassroots_a1x, dossiers=4, officer=one.officer)

    one_round, many_round = one.reload(), many.reload()

    with CaptureQueriesContext(connection) as few:
        round_results(one_round)
    with CaptureQueriesContext(connection) as more:
        round_results(many_round)

    assert len(more) == len(few) <= 5


def test_sheet_values_list_submitted_sheets_with_weighted_totals(tree):
    version = make_rubric(
        criteria=[
            CriterionData(name="Tính mới", max_points=D(10), weight=D(3)),
            CriterionData(name="Hiệu quả", max_points=D(20), weight=D("0.5")),
        ]
    )
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, rubric_version=version)
    score(setup.sheet(setup.entry, setup.chair), [8, 10])
    score(setup.sheet(setup.entry, setup.members[0]), ["6.5", 20])
    score(setup.sheet(setup.entry, setup.secretary), [1, 1], submit=False)

    rows = sheet_values(setup.entry)

    assert [(r.member, r.total) for r in rows] == [
        (setup.chair, D(29)),
        (setup.members[0], D("29.5")),
    ]
    assert sorted(s.points for s in rows[1].scores.values()) == [D("6.5"), D(20)]


# --- what a member has to score ------------------------------------------------------------


def test_sheets_of_member_only_once_scoring_has_started(tree):
    review_round = make_round(tree.grassroots_a1x, assignment_mode=AssignmentMode.PER_DOSSIER)
    officer = review_round.created_by
    council = make_council(review_round)
    entry = enter(review_round, accepted_dossier(tree.grassroots_a1x, officer=officer))
    round_transition(review_round=review_round, action="open", actor=officer)
    entry_assign(entry=entry, members=[council.members[0], council.chair], actor=officer)
    user = council.members[0].user

    assert not sheets_of_member(user).exists()
    round_transition(review_round=review_round, action="start_scoring", actor=officer)
    assert [s.entry for s in sheets_of_member(user)] == [entry]
    assert not sheets_of_member(council.secretary.user).exists()


def test_sheets_of_member_nearest_deadline_first(tree):
    late = make_round_in(R.SCORING, tree.grassroots_a1x)
    user = late.members[0].user
    soon = make_round_in(R.OPEN, tree.grassroots_a1x, officer=late.officer, members=0)
    seat(soon.round, user=user, role=CouncilRole.UNION_REPRESENTATIVE)
    ReviewRound.objects.filter(pk=soon.round.pk).update(
        scoring_closes=timezone.localdate() + datetime.timedelta(days=20)
    )
    round_transition(review_round=soon.round, action="start_scoring", actor=late.officer)

    assert [s.entry.round_id for s in sheets_of_member(user)] == [soon.round.pk, late.round.pk]


def test_seats_of_count_sheets_and_submissions(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, dossiers=3)
    member = setup.members[0]
    score(setup.sheet(setup.entries[0], member))
    score(setup.sheet(setup.entries[1], member), submit=False)

    [row] = seats_of(member.user)

    assert row == member
    assert (row.sheet_count, row.submitted_count) == (3, 1)


# --- dossiers that may enter, and where they go next --------------------------------------


def test_entries_eligible_for_accepted_dossiers_of_the_subtree(tree):
    review_round = make_round(tree.district_a1)
    author = member_of(tree.grassroots_a1x)
    a1x = make_initiative(tree.grassroots_a1x, author, S.ACCEPTED)
    a1y = accepted_dossier(tree.grassroots_a1y)
    accepted_dossier(tree.grassroots_b1x)  # another branch
    make_initiative(tree.grassroots_a1x, author, S.SUBMITTED)
    entered = accepted_dossier(tree.grassroots_a1x)
    enter(make_round(tree.district_a1), entered)  # under review elsewhere

    assert set(entries_eligible_for(review_round)) == {a1x, a1y}
    nomination = make_round(tree.district_a1, purpose=RoundPurpose.NOMINATION)
    assert not entries_eligible_for(nomination).exists()


@pytest.fixture
def recognised(tree):
    """A closed round at grassroots_a1x: the first dossier recognised, the second not."""
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x, dossiers=2)
    record_vote(setup.entries[0])
    record_vote(setup.entries[1], Outcome.NOT_RECOGNISED)
    close(setup.round)
    setup.reload()
    return setup


def open_round(unit, purpose=RoundPurpose.NOMINATION, **values):
    review_round = make_round(unit, purpose=purpose, **values)
    round_transition(review_round=review_round, action="open", actor=review_round.created_by)
    return ReviewRound.objects.get(pk=review_round.pk)


def test_nomination_targets_are_open_nomination_rounds_above_closest_first(tree, recognised):
    district = open_round(tree.district_a1)
    province = open_round(tree.province_a, purpose=RoundPurpose.AWARD)
    national = open_round(tree.national)
    open_round(tree.district_a1, purpose=RoundPurpose.RECOGNITION)
    open_round(tree.province_b)  # another branch
    open_round(tree.grassroots_a1x)  # the same unit
    make_round(tree.province_a, purpose=RoundPurpose.NOMINATION)  # a draft
    closed_intake = open_round(tree.national)
    ReviewRound.objects.filter(pk=closed_intake.pk).update(
        intake_closes=timezone.localdate() - datetime.timedelta(days=1)
    )

    targets = list(nomination_targets(recognised.entries[0]))

    assert targets == [district, province, national]

    entry_nominate(entry=recognised.entries[0], target=district, actor=recognised.officer)
    assert list(nomination_targets(recognised.entries[0])) == [province, national]


def test_nominations_used_counts_the_dossiers_sent_upward(tree, recognised):
    province = open_round(tree.province_a)
    assert nominations_used(recognised.round) == 0

    entry_nominate(entry=recognised.entries[0], target=province, actor=recognised.officer)

    assert nominations_used(recognised.round) == 1


def test_initiative_ladder_lowest_level_first(tree, recognised):
    initiative = recognised.initiatives[0]
    province = open_round(tree.province_a)
    national = open_round(tree.national)
    at_province = entry_nominate(
        entry=recognised.entries[0], target=province, actor=recognised.officer
    )
    at_national = entry_nominate(
        entry=recognised.entries[0], target=national, actor=recognised.officer
    )

    ladder = initiative_ladder(initiative)

    assert ladder == [recognised.entries[0], at_province, at_national]
    assert [e.round.unit for e in ladder] == [tree.grassroots_a1x, tree.province_a, tree.national]
    assert ladder[0].round.decision.number.startswith("01/QĐ-CSX/")
    assert initiative_ladder(recognised.initiatives[1]) == [recognised.entries[1]]


def test_rubric_versions_usable_at_shared_and_above(tree):
    shared = make_rubric(name="A chung")
    province = make_rubric(unit=tree.province_a, name="B tỉnh")
    grassroots = make_rubric(unit=tree.grassroots_a1x, name="C cơ sở")
    sibling = make_rubric(unit=tree.grassroots_a1y, name="D cơ sở khác")
    other = make_rubric(unit=tree.province_b, name="E tỉnh khác")
    seeded = set(RubricVersion.objects.filter(rubric__unit__isnull=True))

    usable = set(rubric_versions_usable_at(tree.grassroots_a1x))

    assert {shared, province, grassroots} <= usable
    assert not {sibling, other} & usable
    assert usable == seeded | {province, grassroots}
    assert set(rubric_versions_usable_at(tree.province_a)) == seeded | {province}


# --- hooks of the dossier rules ------------------------------------------------------------


def test_is_reviewer_of_unconflicted_council_members_only(tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x, members=2)
    conflict_declare(
        entry=setup.entry,
        member=setup.members[1],
        reason="Anh ruột của tác giả.",
        actor=setup.members[1].user,
    )
    round_transition(review_round=setup.round, action="start_scoring", actor=setup.officer)
    initiative = setup.initiatives[0]

    assert is_reviewer_of(setup.members[0].user, initiative)
    assert not is_reviewer_of(setup.members[1].user, initiative)
    assert not is_reviewer_of(setup.officer, initiative)


def test_is_decider_of_chair_and_secretary_while_the_round_is_under_way(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    initiative = setup.initiatives[0]

    assert is_decider_of(setup.chair.user, initiative)
    assert is_decider_of(setup.secretary.user, initiative)
    assert not is_decider_of(setup.members[0].user, initiative)
    record_vote(setup.entry)
    close(setup.round)
    assert not is_decider_of(setup.chair.user, initiative)
