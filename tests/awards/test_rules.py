"""Permission matrix of a review round: who the user is × where their grant sits relative to the
round's unit × the round's state; then the blind scoring rules and the conflicts of interest.

The round is held by district_a1 (under province_a; grassroots_a1x beneath it; district_a2
beside it; province_b in another branch); its dossier comes from grassroots_a1x. The expected
answers are written out by hand below, not recomputed from the rules.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from awards.enums import Outcome, RoundStatus
from awards.models import ReviewRound, RoundEntry
from awards.services import conflict_declare, round_transition
from tests.factories import RoleGrantFactory, UserFactory
from tests.factories.awards import (
    close,
    make_round_in,
    make_rubric,
    record_vote,
    score,
)
from tests.factories.initiatives import unit_officer
from unions.enums import Role

R = RoundStatus
STATES = list(R.values)
GRANT_ROLES = list(Role.values)  # officer, viewer, editor, administrator

# position: (unit the grant is held on, whether the round's unit lies in the grant's subtree)
POSITIONS = {
    "same_unit": ("district_a1", True),
    "ancestor": ("province_a", True),
    "descendant": ("grassroots_a1x", False),
    "sibling": ("district_a2", False),
    "other_branch": ("province_b", False),
}
COUNCIL_KINDS = ["chair", "secretary", "member"]
KINDS = [f"{role}@{position}" for role in GRANT_ROLES for position in POSITIONS] + [
    "no_grant",
    *COUNCIL_KINDS,
]
AFTER_SCORING = {R.DELIBERATION, R.CLOSED}

# permission: (grant roles allowed when the round is in their subtree, council seats allowed,
# states in which the answer may be yes)
EXPECTED = {
    "awards.run_round": ({Role.OFFICER, Role.ADMINISTRATOR}, set(), set(STATES)),
    "awards.view_round": (
        {Role.OFFICER, Role.ADMINISTRATOR, Role.VIEWER},
        {"chair", "secretary", "member"},
        set(STATES),
    ),
    "awards.close_round": ({Role.OFFICER, Role.ADMINISTRATOR}, {"chair"}, set(STATES)),
    "awards.record_vote": ({Role.OFFICER, Role.ADMINISTRATOR}, {"secretary"}, set(STATES)),
    "awards.view_round_scores": (
        {Role.OFFICER, Role.ADMINISTRATOR, Role.VIEWER},
        {"chair", "secretary"},
        AFTER_SCORING,
    ),
    "awards.view_progress": (
        {Role.OFFICER, Role.ADMINISTRATOR, Role.VIEWER},
        {"chair", "secretary", "member"},
        set(STATES),
    ),
    "awards.manage_council": ({Role.OFFICER, Role.ADMINISTRATOR}, {"chair"}, set(STATES)),
    "awards.reopen_sheet": (set(), {"chair"}, set(STATES)),
    "awards.nominate": ({Role.OFFICER, Role.ADMINISTRATOR}, set(), set(STATES)),
}


def expected(permission: str, kind: str, state: str) -> bool:
    roles, seats, states = EXPECTED[permission]
    if state not in states:
        return False
    if kind in COUNCIL_KINDS:
        return kind in seats
    if kind == "no_grant":
        return False
    role, position = kind.split("@")
    return role in roles and POSITIONS[position][1]


def round_at(tree, state: str):
    return make_round_in(state, tree.district_a1, dossier_unit=tree.grassroots_a1x, members=1)


def cast(tree, setup) -> dict:
    people = {"no_grant": UserFactory()}
    for role in GRANT_ROLES:
        for position, (unit_name, _in_scope) in POSITIONS.items():
            user = UserFactory()
            RoleGrantFactory(user=user, unit=getattr(tree, unit_name), role=role)
            people[f"{role}@{position}"] = user
    people["chair"] = setup.chair.user
    people["secretary"] = setup.secretary.user
    people["member"] = setup.members[0].user
    return people


@pytest.mark.parametrize("permission", list(EXPECTED))
@pytest.mark.parametrize("state", STATES)
def test_round_permission_matrix(tree, state, permission):
    setup = round_at(tree, state)
    people = cast(tree, setup)
    review_round = setup.reload()

    answers = {kind: people[kind].has_perm(permission, review_round) for kind in KINDS}

    assert answers == {kind: expected(permission, kind, state) for kind in KINDS}


def test_round_permission_matrix_is_not_trivial():
    for permission in EXPECTED:
        values = {expected(permission, kind, state) for kind in KINDS for state in STATES}
        assert values == {True, False}, permission
    assert len(KINDS) == len(GRANT_ROLES) * len(POSITIONS) + 1 + len(COUNCIL_KINDS)


@pytest.mark.parametrize("permission", [*EXPECTED, "awards.view_entry_scores"])
def test_round_permissions_refused_to_anonymous_and_given_to_superusers(tree, permission):
    setup = round_at(tree, R.CLOSED)
    review_round = setup.reload()
    target = setup.entry if permission == "awards.view_entry_scores" else review_round

    assert not AnonymousUser().has_perm(permission, target)
    assert UserFactory(is_superuser=True).has_perm(permission, target)


def test_round_permissions_follow_the_seat_of_the_round_only(tree):
    """A chair of one round is nobody in another round of the same unit."""
    setup = round_at(tree, R.DELIBERATION)
    other = make_round_in(
        R.DELIBERATION, tree.district_a1, dossier_unit=tree.grassroots_a1x, officer=setup.officer
    )
    chair = setup.chair.user

    assert chair.has_perm("awards.close_round", setup.reload())
    for permission in EXPECTED:
        assert not chair.has_perm(permission, other.reload()), permission


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [("chair", True), ("secretary", False), ("member", False), ("officer", False)],
)
def test_reopen_sheet_is_for_the_chair(tree, kind, allowed):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    user = {
        "chair": setup.chair.user,
        "secretary": setup.secretary.user,
        "member": setup.members[0].user,
        "officer": setup.officer,
    }[kind]

    assert user.has_perm("awards.reopen_sheet", setup.reload()) is allowed


def test_manage_council_for_officers_and_the_chair(tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x)
    review_round = setup.reload()

    assert setup.officer.has_perm("awards.manage_council", review_round)
    assert setup.chair.user.has_perm("awards.manage_council", review_round)
    assert not setup.secretary.user.has_perm("awards.manage_council", review_round)
    assert not setup.members[0].user.has_perm("awards.manage_council", review_round)


def test_score_is_for_the_sheet_s_own_member(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    sheet = setup.sheet(setup.entry, setup.members[0])

    assert setup.members[0].user.has_perm("awards.score", sheet)
    assert not setup.chair.user.has_perm("awards.score", sheet)
    assert not setup.officer.has_perm("awards.score", sheet)


def test_nominate_needs_the_run_capability_on_the_round(tree):
    setup = make_round_in(R.CLOSED, tree.grassroots_a1x)
    review_round = setup.reload()

    assert setup.officer.has_perm("awards.nominate", review_round)
    assert unit_officer(tree.district_a1).has_perm("awards.nominate", review_round)
    assert not unit_officer(tree.grassroots_a1y).has_perm("awards.nominate", review_round)
    assert not setup.chair.user.has_perm("awards.nominate", review_round)


def test_manage_rubric_kept_by_a_unit_or_shared(tree):
    shared = make_rubric().rubric
    kept = make_rubric(unit=tree.district_a1).rubric
    national = unit_officer(tree.national)
    province = unit_officer(tree.province_a)
    grassroots = unit_officer(tree.grassroots_a1x)
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.national, role=Role.VIEWER)

    assert national.has_perm("awards.manage_rubric", shared)
    assert not province.has_perm("awards.manage_rubric", shared)
    assert national.has_perm("awards.manage_rubric", kept)
    assert province.has_perm("awards.manage_rubric", kept)
    assert not grassroots.has_perm("awards.manage_rubric", kept)
    assert not viewer.has_perm("awards.manage_rubric", kept)
    assert not viewer.has_perm("awards.manage_rubric", shared)


# --- blind scoring -------------------------------------------------------------------------


def fresh(entry: RoundEntry) -> RoundEntry:
    """The entry and its round read again: the rules cache seats and conflicts on them."""
    return RoundEntry.objects.select_related("round").get(pk=entry.pk)


def test_blind_member_sees_no_scores_until_they_submit_their_own(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, members=2, dossiers=2)
    late, early = setup.members
    entry, other_entry = setup.entries
    score(setup.sheet(entry, early))
    score(setup.sheet(entry, setup.chair))
    score(setup.sheet(other_entry, late))

    assert not late.user.has_perm("awards.view_entry_scores", fresh(entry))
    assert late.user.has_perm("awards.view_progress", setup.reload())
    assert early.user.has_perm("awards.view_entry_scores", fresh(entry))
    # Submitting on one dossier opens that dossier only.
    assert late.user.has_perm("awards.view_entry_scores", fresh(other_entry))
    assert not early.user.has_perm("awards.view_entry_scores", fresh(other_entry))

    score(setup.sheet(entry, late), submit=False)
    assert not late.user.has_perm("awards.view_entry_scores", fresh(entry))
    score(setup.sheet(entry, late))
    assert late.user.has_perm("awards.view_entry_scores", fresh(entry))


def test_blind_officers_and_chair_see_progress_only_while_scoring(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, submitted=True)
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.district_a1, role=Role.VIEWER)
    chair_setup = make_round_in(R.SCORING, tree.grassroots_a1x, officer=setup.officer)
    score(chair_setup.sheet(chair_setup.entry, chair_setup.members[0]))
    score(chair_setup.sheet(chair_setup.entry, chair_setup.secretary))

    review_round = setup.reload()
    for person in (setup.officer, viewer):
        # Every sheet is in, yet nobody outside the council sees a value before scoring closes.
        assert not person.has_perm("awards.view_entry_scores", fresh(setup.entry))
        assert not person.has_perm("awards.view_round_scores", review_round)
        assert person.has_perm("awards.view_progress", review_round)
    chair = chair_setup.chair.user
    assert not chair.has_perm("awards.view_entry_scores", fresh(chair_setup.entry))
    assert not chair.has_perm("awards.view_round_scores", chair_setup.reload())
    assert chair.has_perm("awards.view_progress", chair_setup.reload())
    for seat in setup.seats:  # submitted their own: they see that dossier, not the round
        assert seat.user.has_perm("awards.view_entry_scores", fresh(setup.entry))
        assert not seat.user.has_perm("awards.view_round_scores", review_round)


def test_blind_lifts_when_scoring_closes(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, members=2)
    score(setup.sheet(setup.entry, setup.chair))
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.province_a, role=Role.VIEWER)
    stranger = unit_officer(tree.grassroots_a1y)

    round_transition(
        review_round=setup.round, action="close_scoring", actor=setup.officer, note="Hết hạn."
    )

    entry, review_round = fresh(setup.entry), setup.reload()
    for person in (setup.officer, viewer, setup.chair.user, setup.secretary.user):
        assert person.has_perm("awards.view_entry_scores", entry)
        assert person.has_perm("awards.view_round_scores", review_round)
    # An ordinary member sees each dossier's values, not the round's overview.
    member = setup.members[0].user
    assert member.has_perm("awards.view_entry_scores", entry)
    assert not member.has_perm("awards.view_round_scores", review_round)
    assert not stranger.has_perm("awards.view_entry_scores", entry)
    assert not stranger.has_perm("awards.view_round_scores", review_round)


def test_blind_stays_lifted_after_the_round_closes(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    record_vote(setup.entry)
    close(setup.round)

    entry, review_round = fresh(setup.entry), setup.reload()
    assert setup.members[0].user.has_perm("awards.view_entry_scores", entry)
    assert setup.officer.has_perm("awards.view_round_scores", review_round)


# --- conflicts of interest -----------------------------------------------------------------


@pytest.fixture
def conflicted(tree):
    """A round in scoring at grassroots_a1x with two members; the first declared a conflict on
    the dossier, the second did not."""
    setup = make_round_in(R.OPEN, tree.grassroots_a1x, members=2)
    conflict_declare(
        entry=setup.entry,
        member=setup.members[0],
        reason="Em ruột của tác giả.",
        actor=setup.members[0].user,
    )
    round_transition(review_round=setup.round, action="start_scoring", actor=setup.officer)
    setup.reload()
    return setup


def test_conflicted_member_never_sees_the_dossier_s_scores(conflicted):
    setup = conflicted
    colleague, outsider = setup.members
    for seat in (setup.chair, setup.secretary, outsider):
        score(setup.sheet(setup.entry, seat))

    assert not colleague.user.has_perm("awards.view_entry_scores", fresh(setup.entry))
    round_transition(review_round=setup.round, action="close_scoring", actor=setup.officer)
    assert not colleague.user.has_perm("awards.view_entry_scores", fresh(setup.entry))
    assert outsider.user.has_perm("awards.view_entry_scores", fresh(setup.entry))


def test_conflicted_chair_does_not_see_the_round_overview(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, dossiers=2)
    conflict_declare(
        entry=setup.entries[0],
        member=setup.chair,
        reason="Vợ tôi là đồng tác giả.",
        actor=setup.chair.user,
    )
    for sheet in setup.sheets():
        score(sheet)
    round_transition(review_round=setup.round, action="close_scoring", actor=setup.officer)

    review_round = setup.reload()
    assert not setup.chair.user.has_perm("awards.view_round_scores", review_round)
    assert not setup.chair.user.has_perm("awards.view_entry_scores", fresh(setup.entries[0]))
    assert setup.chair.user.has_perm("awards.view_entry_scores", fresh(setup.entries[1]))
    assert setup.secretary.user.has_perm("awards.view_round_scores", review_round)


@pytest.mark.parametrize(
    "permission", ["initiatives.view_initiative", "initiatives.view_confidential"]
)
def test_council_member_reads_the_dossier_unless_conflicted(conflicted, permission):
    colleague, outsider = conflicted.members
    initiative = conflicted.initiatives[0]

    assert outsider.user.has_perm(permission, initiative)
    assert conflicted.chair.user.has_perm(permission, initiative)
    assert not colleague.user.has_perm(permission, initiative)


@pytest.mark.parametrize(
    "permission", ["initiatives.view_initiative", "initiatives.view_confidential"]
)
def test_declared_conflict_closes_the_dossier_to_the_member(tree, permission):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    member = setup.members[0]
    initiative = setup.initiatives[0]
    assert member.user.has_perm(permission, initiative)

    conflict_declare(entry=setup.entry, member=member, reason="Họ hàng.", actor=member.user)

    assert not member.user.has_perm(permission, initiative)


def test_dossier_stays_closed_to_people_of_other_rounds(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    elsewhere = make_round_in(R.SCORING, tree.grassroots_a1y)
    initiative = setup.initiatives[0]

    assert not elsewhere.members[0].user.has_perm("initiatives.view_initiative", initiative)
    assert not elsewhere.chair.user.has_perm("initiatives.view_confidential", initiative)


def test_chair_drives_the_dossier_review_while_the_round_is_under_way(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    initiative = setup.initiatives[0]

    assert setup.chair.user.has_perm("initiatives.review_initiative", initiative)
    assert setup.secretary.user.has_perm("initiatives.review_initiative", initiative)
    assert not setup.members[0].user.has_perm("initiatives.review_initiative", initiative)

    record_vote(setup.entry, Outcome.RECOGNISED)
    close(setup.round)
    assert ReviewRound.objects.get(pk=setup.round.pk).status == R.CLOSED
    assert not setup.chair.user.has_perm("initiatives.review_initiative", initiative)
