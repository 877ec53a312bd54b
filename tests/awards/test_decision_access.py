"""Who may download a closed round's decision (``awards.view_decision``): the deciding unit's
officers and those above, the round's council and the authors it decides on. Reading one of
its dossiers some other way (a seat on the provincial council it was nominated to) is not
enough: out of scope answers 404."""

import pytest
from django.urls import reverse

from awards.enums import CouncilRole, RoundPurpose, RoundStatus
from awards.services import entry_nominate, round_transition
from initiatives.selectors import initiatives_visible_to
from tests.factories import RoleGrantFactory, UserFactory
from tests.factories.awards import make_round, make_round_in, member_of, seat
from tests.factories.initiatives import unit_officer
from unions.enums import Role


@pytest.fixture
def decided(tree):
    """A closed round at grassroots_a1x deciding on two dossiers, the first nominated to an
    open provincial round whose union representative is an officer of grassroots_a1y."""
    grassroots = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x, dossiers=2)
    province_officer = unit_officer(tree.province_a)
    provincial = make_round(
        tree.province_a, officer=province_officer, purpose=RoundPurpose.NOMINATION
    )
    representative = unit_officer(tree.grassroots_a1y)
    seat(provincial, role=CouncilRole.UNION_REPRESENTATIVE, user=representative)
    round_transition(review_round=provincial, action="open", actor=province_officer)
    entry_nominate(entry=grassroots.entries[0], target=provincial, actor=grassroots.officer)
    grassroots.reload()
    return grassroots, representative


def _people(tree, decided) -> dict:
    grassroots, representative = decided
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.district_a1, role=Role.VIEWER)
    return {
        "officer of the deciding unit": (grassroots.officer, 200),
        "officer of the upper-direct union": (unit_officer(tree.district_a1), 200),
        "officer of the provincial federation": (unit_officer(tree.province_a), 200),
        "officer of the national federation": (unit_officer(tree.national), 200),
        "viewer above": (viewer, 200),
        "council member": (grassroots.council.members[0].user, 200),
        "council chair": (grassroots.council.chair.user, 200),
        "author of a dossier it decides": (grassroots.initiatives[1].created_by, 200),
        "officer of a sibling grassroots union": (unit_officer(tree.grassroots_a1y), 404),
        "officer of another district": (unit_officer(tree.district_a2), 404),
        "officer of another province": (unit_officer(tree.province_b), 404),
        "officer of a grassroots union of another branch": (
            unit_officer(tree.grassroots_b1x),
            404,
        ),
        "member of the unit, not an author": (member_of(tree.grassroots_a1x), 404),
        "provincial council's union representative": (representative, 404),
    }


def test_decision_pdf_is_read_in_scope_only(client, tree, decided):
    grassroots, representative = decided
    # The representative reads the nominated dossier (they review it at the province) ...
    assert initiatives_visible_to(representative).filter(pk=grassroots.initiatives[0].pk).exists()
    url = reverse("awards:decision_pdf", args=[grassroots.round.pk])
    people = _people(tree, decided)
    answers = {}
    for label, (person, _expected) in people.items():
        client.force_login(person)
        response = client.get(url)
        answers[label] = response.status_code
        if response.status_code == 200:
            assert response.content.startswith(b"%PDF")
    # ... but not the grassroots decision that lists every dossier with its reasons.
    assert answers == {label: expected for label, (_person, expected) in people.items()}


def test_dossier_ladder_links_the_decision_only_for_those_who_may_read_it(client, tree, decided):
    grassroots, representative = decided
    url = reverse("initiatives:detail", args=[grassroots.initiatives[0].pk])
    pdf = reverse("awards:decision_pdf", args=[grassroots.round.pk])
    client.force_login(grassroots.initiatives[0].created_by)
    assert pdf in client.get(url).content.decode()
    client.force_login(representative)
    response = client.get(url)
    assert response.status_code == 200
    assert grassroots.round.decision.number in response.content.decode()
    assert pdf not in response.content.decode()


def test_decision_pdf_asks_an_anonymous_visitor_to_sign_in(client, decided):
    grassroots, _representative = decided
    response = client.get(reverse("awards:decision_pdf", args=[grassroots.round.pk]))
    assert response.status_code == 302
    assert "dang-nhap" in response["Location"]
