"""The round page tells the officer which seats a base council still needs before scoring can
start (Circular 18/2013/TT-BKHCN Art. 8), and the dossier page of a round says what the share
of votes is counted on."""

from django.urls import reverse

from awards.enums import CouncilRole, RoundPurpose, RoundStatus, VoteBasis
from awards.models import ReviewRound
from tests.factories.awards import accepted_dossier, enter, make_round, make_round_in, seat

R = RoundStatus


def test_round_page_names_the_missing_seats_before_the_officer_clicks(client, tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x, members=0)
    client.force_login(setup.officer)

    page = client.get(reverse("awards:round_detail", args=[setup.round.pk])).content.decode()

    assert 'id="council-missing-roles"' in page
    assert 'id="missing-roles"' in page
    assert "Đại diện công đoàn" in page  # the role's label (the page answers in Vietnamese)
    assert "18/2013/TT-BKHCN" in page


def test_round_page_without_missing_seats_shows_no_warning(client, tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x, members=1)
    client.force_login(setup.officer)

    page = client.get(reverse("awards:round_detail", args=[setup.round.pk])).content.decode()

    assert 'id="council-missing-roles"' not in page
    assert setup.round.vote_basis == VoteBasis.WHOLE_COUNCIL
    assert 'id="vote-basis"' in page


def test_start_scoring_without_a_union_representative_changes_nothing(client, tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x, members=0)
    client.force_login(setup.officer)

    response = client.post(
        reverse("awards:round_transition", args=[setup.round.pk, "start_scoring"]), {}
    )

    assert response.status_code == 302
    assert ReviewRound.objects.get(pk=setup.round.pk).status == R.OPEN
    page = client.get(response["Location"]).content.decode()
    assert "đại diện công đoàn" in page


def test_round_above_the_base_needs_no_union_representative(client, tree):
    review_round = make_round(tree.district_a1, purpose=RoundPurpose.NOMINATION)
    for role in (CouncilRole.CHAIR, CouncilRole.SECRETARY):
        seat(review_round, role=role)
    client.force_login(review_round.created_by)

    page = client.get(reverse("awards:round_detail", args=[review_round.pk])).content.decode()

    assert 'id="council-missing-roles"' not in page


def test_officer_sets_the_vote_basis_on_the_round_form(client, tree):
    review_round = make_round(tree.grassroots_a1x)
    client.force_login(review_round.created_by)
    form = client.get(reverse("awards:round_edit", args=[review_round.pk])).content.decode()
    assert 'name="vote_basis" value="unconflicted"' in form

    data = {
        "title": review_round.title,
        "purpose": review_round.purpose,
        "year": review_round.year,
        "period_start": review_round.period_start.isoformat(),
        "period_end": review_round.period_end.isoformat(),
        "intake_closes": review_round.intake_closes.isoformat(),
        "scoring_closes": review_round.scoring_closes.isoformat(),
        "rubric_version": review_round.rubric_version_id,
        "assignment_mode": review_round.assignment_mode,
        "vote_basis": VoteBasis.UNCONFLICTED,
        "forward_quota": "",
        "employer": review_round.employer_id,
    }
    response = client.post(reverse("awards:round_edit", args=[review_round.pk]), data)

    assert response.status_code == 302
    assert ReviewRound.objects.get(pk=review_round.pk).vote_basis == VoteBasis.UNCONFLICTED


def test_dossier_page_of_the_round_says_what_the_share_is_counted_on(client, tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x, members=2)
    client.force_login(setup.officer)

    page = client.get(reverse("awards:entry_detail", args=[setup.entry.pk])).content.decode()

    assert "2/3" in page
    assert setup.round.get_vote_basis_display() in page


def test_entering_a_colleague_s_dossier_records_no_conflict(client, tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x, members=1)
    entry = enter(setup.round, accepted_dossier(tree.grassroots_a1x, officer=setup.officer))

    assert not entry.conflicts.exists()
