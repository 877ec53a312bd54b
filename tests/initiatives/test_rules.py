"""Permission matrix of a dossier: who the user is × what they ask × the state of the dossier.

The dossier is recognised by grassroots_a1x (under district_a1, province_a). The expected answers
are written out by hand below, not recomputed from the rules.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from initiatives.enums import InitiativeStatus
from initiatives.models import InitiativeAuthor
from initiatives.services import initiative_transition
from tests.factories import (
    MembershipFactory,
    RoleGrantFactory,
    UserFactory,
    author_row,
    make_initiative,
)
from unions.enums import Role

S = InitiativeStatus
T, F = True, False

KINDS = [
    "author",  # entered the dossier and is its first author
    "co_author",  # second author row
    "other_member",  # member of the same grassroots union, not an author
    "creator_officer",  # district officer who entered it on the authors' behalf
    "officer_same_unit",  # officer granted on grassroots_a1x itself
    "officer_ancestor",  # officer granted on district_a1
    "officer_sibling",  # officer granted on grassroots_a1y
    "officer_other_branch",  # officer granted on province_b
    "viewer_ancestor",  # viewer granted on district_a1
    "superuser",
    "anonymous",
]
STATES = [S.DRAFT, S.RETURNED, S.ACCEPTED]

# perm: kind: answer in every state, or (draft, returned, accepted)
EXPECTED = {
    "initiatives.view_initiative": {
        "author": T,
        "co_author": T,
        "other_member": F,
        "creator_officer": T,
        "officer_same_unit": T,
        "officer_ancestor": T,
        "officer_sibling": F,
        "officer_other_branch": F,
        "viewer_ancestor": T,
        "superuser": T,
        "anonymous": F,
    },
    "initiatives.edit_initiative": {
        "author": (T, T, F),
        "co_author": (T, T, F),
        "other_member": F,
        "creator_officer": (T, T, F),
        "officer_same_unit": F,
        "officer_ancestor": F,
        "officer_sibling": F,
        "officer_other_branch": F,
        "viewer_ancestor": F,
        "superuser": T,
        "anonymous": F,
    },
    "initiatives.submit_initiative": {
        "author": T,
        "co_author": T,
        "other_member": F,
        "creator_officer": T,
        "officer_same_unit": F,
        "officer_ancestor": F,
        "officer_sibling": F,
        "officer_other_branch": F,
        "viewer_ancestor": F,
        "superuser": T,
        "anonymous": F,
    },
    "initiatives.withdraw_initiative": {
        "author": T,
        "co_author": T,
        "other_member": F,
        "creator_officer": T,
        "officer_same_unit": F,
        "officer_ancestor": F,
        "officer_sibling": F,
        "officer_other_branch": F,
        "viewer_ancestor": F,
        "superuser": T,
        "anonymous": F,
    },
    "initiatives.receive_initiative": {
        "author": F,
        "co_author": F,
        "other_member": F,
        "creator_officer": T,
        "officer_same_unit": T,
        "officer_ancestor": T,
        "officer_sibling": F,
        "officer_other_branch": F,
        "viewer_ancestor": F,
        "superuser": T,
        "anonymous": F,
    },
    "initiatives.review_initiative": {
        "author": F,
        "co_author": F,
        "other_member": F,
        "creator_officer": T,
        "officer_same_unit": T,
        "officer_ancestor": T,
        "officer_sibling": F,
        "officer_other_branch": F,
        "viewer_ancestor": F,
        "superuser": T,
        "anonymous": F,
    },
    # Only the authors and the people of the deciding unit itself; not the district above it.
    "initiatives.view_confidential": {
        "author": T,
        "co_author": T,
        "other_member": F,
        "creator_officer": T,
        "officer_same_unit": T,
        "officer_ancestor": F,
        "officer_sibling": F,
        "officer_other_branch": F,
        "viewer_ancestor": F,
        "superuser": T,
        "anonymous": F,
    },
    "initiatives.download_attachment": {
        "author": T,
        "co_author": T,
        "other_member": F,
        "creator_officer": T,
        "officer_same_unit": T,
        "officer_ancestor": T,
        "officer_sibling": F,
        "officer_other_branch": F,
        "viewer_ancestor": T,
        "superuser": T,
        "anonymous": F,
    },
}


def expected(permission: str, kind: str, state: str) -> bool:
    answer = EXPECTED[permission][kind]
    return answer[STATES.index(state)] if isinstance(answer, tuple) else answer


def officer_on(unit, role=Role.OFFICER):
    user = UserFactory()
    RoleGrantFactory(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def cast(tree):
    """One person of each kind."""
    author = UserFactory()
    co_author = UserFactory()
    other_member = UserFactory()
    for person in (author, co_author, other_member):
        MembershipFactory(user=person, unit=tree.grassroots_a1x)
    return {
        "author": author,
        "co_author": co_author,
        "other_member": other_member,
        "creator_officer": officer_on(tree.district_a1),
        "officer_same_unit": officer_on(tree.grassroots_a1x),
        "officer_ancestor": officer_on(tree.district_a1),
        "officer_sibling": officer_on(tree.grassroots_a1y),
        "officer_other_branch": officer_on(tree.province_b),
        "viewer_ancestor": officer_on(tree.district_a1, Role.VIEWER),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "anonymous": AnonymousUser(),
    }


def dossier(tree, cast, state, *, entered_by_officer=False, **fields):
    return make_initiative(
        tree.grassroots_a1x,
        cast["author"],
        status=state,
        authors=[author_row(cast["author"], 60), author_row(cast["co_author"], 40)],
        entered_by=cast["creator_officer"] if entered_by_officer else None,
        officer=cast["officer_same_unit"],
        **fields,
    )


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("permission", list(EXPECTED))
@pytest.mark.parametrize("kind", KINDS)
def test_permission_matrix(tree, cast, kind, permission, state):
    initiative = dossier(tree, cast, state, entered_by_officer=kind == "creator_officer")
    user = cast[kind]

    assert user.has_perm(permission, initiative) is expected(permission, kind, state)


@pytest.mark.parametrize(
    "permission", ["initiatives.view_initiative", "initiatives.view_confidential"]
)
@pytest.mark.parametrize("kind", KINDS)
def test_attachments_and_author_rows_follow_their_dossier(tree, cast, kind, permission):
    initiative = dossier(tree, cast, S.ACCEPTED, entered_by_officer=kind == "creator_officer")
    row = InitiativeAuthor.objects.filter(initiative=initiative).first()

    assert cast[kind].has_perm(permission, row) is expected(permission, kind, S.ACCEPTED)


def test_matrix_is_not_trivial():
    for permission, answers in EXPECTED.items():
        values = {expected(permission, kind, state) for kind in answers for state in STATES}
        assert values == {True, False}, permission
    assert set(EXPECTED["initiatives.view_initiative"]) == set(KINDS)


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        ("author", True),
        ("other_member", False),
        ("officer_same_unit", True),
        ("officer_ancestor", True),
        ("officer_sibling", False),
        ("officer_other_branch", False),
        ("viewer_ancestor", False),
    ],
)
def test_officers_in_scope_may_submit_a_draft_past_the_one_year_limit(tree, cast, kind, allowed):
    late = timezone.localdate() - timedelta(days=400)
    initiative = dossier(tree, cast, S.DRAFT, first_applied_on=late)

    assert cast[kind].has_perm("initiatives.submit_initiative", initiative) is allowed


def test_late_returned_dossier_is_resubmitted_by_its_authors_only(tree, cast):
    late = timezone.localdate() - timedelta(days=400)
    initiative = dossier(tree, cast, S.DRAFT, first_applied_on=late, entered_by_officer=True)

    initiative_transition(
        initiative=initiative, action="submit", actor=cast["creator_officer"], note="Muộn"
    )
    initiative = initiative_transition(
        initiative=initiative, action="return", actor=cast["officer_same_unit"], note="Bổ sung"
    )

    assert cast["author"].has_perm("initiatives.submit_initiative", initiative)
    assert not cast["officer_same_unit"].has_perm("initiatives.submit_initiative", initiative)


@pytest.mark.parametrize(
    ("kind", "unit_name", "allowed"),
    [
        ("officer_same_unit", "grassroots_a1x", True),
        ("officer_ancestor", "grassroots_a1x", True),
        ("officer_ancestor", "grassroots_a1y", True),
        ("officer_sibling", "grassroots_a1x", False),
        ("officer_other_branch", "grassroots_a1x", False),
        ("officer_other_branch", "grassroots_b1x", True),
        ("viewer_ancestor", "grassroots_a1x", False),
        ("author", "grassroots_a1x", False),
        ("superuser", "grassroots_b1x", True),
        ("anonymous", "grassroots_a1x", False),
    ],
)
def test_enter_on_behalf_needs_the_receiving_capability_on_the_unit(
    tree, cast, kind, unit_name, allowed
):
    unit = getattr(tree, unit_name)

    assert cast[kind].has_perm("initiatives.enter_on_behalf", unit) is allowed


def test_ended_grant_no_longer_reaches_the_dossier(tree, cast):
    initiative = dossier(tree, cast, S.ACCEPTED)
    former = UserFactory()
    RoleGrantFactory(
        user=former,
        unit=tree.grassroots_a1x,
        role=Role.OFFICER,
        valid_from=timezone.localdate() - timedelta(days=100),
        valid_to=timezone.localdate() - timedelta(days=1),
    )

    for permission in EXPECTED:
        assert not former.has_perm(permission, initiative), permission
