"""The review-round pages: what each audience sees and can do, bad input, blind scoring on the
pages and exports, and the number of queries of the list pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.enums import Outcome, RoundStatus, SheetStatus
from awards.models import CouncilMember, Decision, ReviewRound, RoundEntry, ScoreSheet
from initiatives.enums import InitiativeStatus
from tests.factories import UserFactory
from tests.factories.awards import (
    accepted_dossier,
    make_council,
    make_round,
    make_round_in,
    round_employer,
    score,
)
from tests.factories.initiatives import unit_officer

R = RoundStatus
PASSWORD = "mat-khau-123"


def login(client, user):
    client.force_login(user)
    return client


# --- the list and the round page -----------------------------------------------------------


def test_round_list_shows_rounds_of_the_officers_scope_only(client, tree):
    mine = make_round(tree.grassroots_a1x)
    other = make_round(tree.grassroots_b1x)
    officer = unit_officer(tree.province_a)
    response = login(client, officer).get(reverse("awards:round_list"))
    assert response.status_code == 200
    assert mine.title in response.content.decode()
    assert other.title not in response.content.decode()


def test_round_list_is_refused_to_a_member_without_grant_or_seat(client, tree):
    response = login(client, UserFactory()).get(reverse("awards:round_list"))
    assert response.status_code == 403


def test_round_outside_the_scope_answers_404(client, tree):
    review_round = make_round(tree.grassroots_b1x)
    officer = unit_officer(tree.province_a)
    response = login(client, officer).get(reverse("awards:round_detail", args=[review_round.pk]))
    assert response.status_code == 404


def test_officer_creates_a_round_from_the_form(client, tree):
    officer = unit_officer(tree.grassroots_a1x)
    version = make_round(tree.grassroots_a1x).rubric_version
    today = timezone.localdate()
    data = {
        "unit": tree.grassroots_a1x.code,
        "title": "Xét sáng kiến quý IV",
        "purpose": "recognition",
        "year": today.year,
        "period_start": f"01/01/{today.year}",
        "period_end": f"31/12/{today.year}",
        "intake_closes": (today + datetime.timedelta(days=10)).strftime("%d/%m/%Y"),
        "scoring_closes": (today + datetime.timedelta(days=20)).strftime("%d/%m/%Y"),
        "rubric_version": version.pk,
        "assignment_mode": "everyone",
        "forward_quota": "3",
        "employer": round_employer(tree.grassroots_a1x).pk,
    }
    response = login(client, officer).post(reverse("awards:round_create"), data)
    created = ReviewRound.objects.get(title="Xét sáng kiến quý IV")
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:round_detail", args=[created.pk])
    assert created.status == R.DRAFT and created.forward_quota == 3


def test_round_form_with_dates_in_the_wrong_order_saves_nothing(client, tree):
    officer = unit_officer(tree.grassroots_a1x)
    version = make_round(tree.grassroots_a1x).rubric_version
    before = ReviewRound.objects.count()
    today = timezone.localdate()
    data = {
        "unit": tree.grassroots_a1x.code,
        "title": "Sai ngày",
        "purpose": "recognition",
        "year": today.year,
        "period_start": f"31/12/{today.year}",
        "period_end": f"01/01/{today.year}",
        "intake_closes": "không phải ngày",
        "scoring_closes": today.strftime("%d/%m/%Y"),
        "rubric_version": version.pk,
        "assignment_mode": "everyone",
    }
    response = login(client, officer).post(reverse("awards:round_create"), data)
    assert response.status_code == 200
    assert ReviewRound.objects.count() == before
    assert "field-error" in response.content.decode()


def test_officer_builds_the_council_and_brings_dossiers_in(client, tree):
    review_round = make_round(tree.grassroots_a1x)
    officer = review_round.created_by
    chair = UserFactory()
    client = login(client, officer)
    response = client.post(
        reverse("awards:council_add", args=[review_round.pk]),
        {"person": chair.email, "role": "chair", "position": "Phó Giám đốc"},
    )
    assert response.status_code == 302
    assert CouncilMember.objects.filter(round=review_round, user=chair, role="chair").exists()

    response = client.post(
        reverse("awards:council_add", args=[review_round.pk]),
        {"person": "khong-co@example.com", "role": "member"},
    )
    assert response.status_code == 400
    assert CouncilMember.objects.filter(round=review_round).count() == 1

    client.post(reverse("awards:round_transition", args=[review_round.pk, "open"]), {})
    dossier = accepted_dossier(tree.grassroots_a1x)
    page = client.get(reverse("awards:round_detail", args=[review_round.pk]))
    assert dossier.title in page.content.decode()
    response = client.post(
        reverse("awards:entries_add", args=[review_round.pk]), {"initiatives": [dossier.pk]}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == InitiativeStatus.UNDER_REVIEW


def test_start_scoring_without_secretary_shows_the_reason_and_changes_nothing(client, tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x)
    setup.council.secretary.delete()
    response = login(client, setup.officer).post(
        reverse("awards:round_transition", args=[setup.round.pk, "start_scoring"]), {}
    )
    assert response.status_code == 302  # back to the page with the message
    assert setup.reload().status == R.OPEN
    page = client.get(response["Location"])
    assert "secretary" in page.content.decode() or "thư ký" in page.content.decode()


def test_a_viewer_cannot_take_round_actions(client, tree):
    from tests.factories import RoleGrantFactory

    setup = make_round_in(R.OPEN, tree.grassroots_a1x)
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.grassroots_a1x, role="viewer")
    client = login(client, viewer)
    assert client.get(reverse("awards:round_detail", args=[setup.round.pk])).status_code == 200
    response = client.post(
        reverse("awards:round_transition", args=[setup.round.pk, "start_scoring"]), {}
    )
    assert response.status_code == 403
    assert setup.reload().status == R.OPEN


# --- the council member's pages ------------------------------------------------------------


def test_member_page_lists_dossiers_waiting_with_deadline(client, tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, dossiers=2, submitted=False)
    member = setup.members[0]
    response = login(client, member.user).get(reverse("awards:my_reviews"))
    content = response.content.decode()
    assert response.status_code == 200
    for entry in setup.entries:
        assert entry.initiative.title in content
    assert setup.round.scoring_closes.strftime("%d/%m/%Y") in content


def test_member_saves_a_draft_then_submits(client, tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, submitted=False)
    member = setup.members[0]
    entry = setup.entry
    criteria = list(setup.round.rubric_version.criteria.order_by("sort_order"))
    url = reverse("awards:score_sheet", args=[entry.pk])
    client = login(client, member.user)
    page = client.get(url)
    assert page.status_code == 200
    assert entry.initiative.title in page.content.decode()
    assert "Tính mới" in page.content.decode()

    data = {f"points_{c.pk}": "" for c in criteria}
    data[f"points_{criteria[0].pk}"] = "27,5"
    data["save"] = "1"
    assert client.post(url, data).status_code == 302
    sheet = ScoreSheet.objects.get(entry=entry, member=member)
    assert sheet.status == SheetStatus.DRAFT
    assert sheet.scores.get(criterion=criteria[0]).points == 27.5

    data = {f"points_{c.pk}": "20" for c in criteria}
    data["submit"] = "1"
    assert client.post(url, data).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED


def test_points_out_of_range_give_a_clear_error_and_save_nothing(client, tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, submitted=False)
    member = setup.members[0]
    criteria = list(setup.round.rubric_version.criteria.order_by("sort_order"))
    data = {f"points_{c.pk}": "10" for c in criteria}
    data[f"points_{criteria[0].pk}"] = "31"
    data["submit"] = "1"
    response = login(client, member.user).post(
        reverse("awards:score_sheet", args=[setup.entry.pk]), data
    )
    assert response.status_code == 400
    assert "30" in response.content.decode()
    sheet = ScoreSheet.objects.get(entry=setup.entry, member=member)
    assert sheet.status == SheetStatus.DRAFT
    assert not sheet.scores.exclude(points=None).exists()


def test_blind_scoring_on_the_pages(client, tree):
    """Before submitting, a member sees no other values; officers and the chair see progress
    only until scoring closes; the exports answer 404 until then."""
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, members=2, submitted=False)
    first, second = setup.members
    score(setup.sheet(setup.entry, first), ["29.75", 28, 37])  # a value found nowhere else
    secret = ("29,75", "29.75")
    reader = reverse("awards:score_sheet", args=[setup.entry.pk])

    page = login(client, second.user).get(reader).content.decode()
    assert not any(value in page for value in secret) and "blind-notice" in page

    for user in (setup.officer, setup.chair.user):
        client.force_login(user)
        for url in (
            reverse("awards:round_detail", args=[setup.round.pk]),
            reverse("awards:entry_detail", args=[setup.entry.pk]),
        ):
            content = client.get(url).content.decode()
            assert not any(value in content for value in secret)
            assert "1/" in content or "Submitted" in content or "Đã nộp" in content
        assert client.get(reverse("awards:minutes_pdf", args=[setup.round.pk])).status_code == 404
        assert client.get(reverse("awards:scores_xlsx", args=[setup.round.pk])).status_code == 404

    score(setup.sheet(setup.entry, second), [20, 20, 20])
    client.force_login(second.user)
    assert any(value in client.get(reader).content.decode() for value in secret)


def test_a_conflicted_member_has_no_reader_for_the_dossier(client, tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, submitted=False)
    author = setup.entry.initiative.created_by
    # The author sits on a second round's council holding the same dossier? Simpler: the
    # author cannot be given a sheet, so their reader answers 404.
    response = login(client, author).get(reverse("awards:score_sheet", args=[setup.entry.pk]))
    assert response.status_code == 404


def test_member_declares_a_conflict_and_loses_the_dossier(client, tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, submitted=False)
    member = setup.members[0]
    client = login(client, member.user)
    url = reverse("awards:declare_own_conflict", args=[setup.entry.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert ScoreSheet.objects.filter(entry=setup.entry, member=member).exists()
    response = client.post(url, {"reason": "Người thân của tác giả"})
    assert response.status_code == 302
    assert not ScoreSheet.objects.filter(entry=setup.entry, member=member).exists()
    assert client.get(reverse("awards:score_sheet", args=[setup.entry.pk])).status_code == 404


def test_chair_reopens_a_submitted_sheet_with_a_reason(client, tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, submitted=True)
    sheet = setup.sheet(setup.entry, setup.members[0])
    url = reverse("awards:sheet_reopen", args=[setup.entry.pk, sheet.pk])
    client = login(client, setup.members[0].user)
    assert client.post(url, {"note": "Sai sót"}).status_code == 403
    client.force_login(setup.chair.user)
    assert client.post(url, {"note": ""}).status_code == 400
    assert client.post(url, {"note": "Thành viên nhập nhầm điểm"}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT


# --- deliberation, decision and ladder -----------------------------------------------------


def test_secretary_records_the_vote_and_chair_closes_the_round(client, tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x, members=1)
    entry = setup.entry
    voters = CouncilMember.objects.filter(round=setup.round).count()
    client = login(client, setup.secretary.user)
    response = client.post(
        reverse("awards:entry_vote", args=[entry.pk]),
        {
            "votes_for": 1,
            "votes_against": voters - 1,
            "votes_abstain": 0,
            "outcome": "recognised",
        },
    )
    assert response.status_code == 400  # one vote in favour is not two thirds
    response = client.post(
        reverse("awards:entry_vote", args=[entry.pk]),
        {"votes_for": voters, "votes_against": 0, "votes_abstain": 0, "outcome": "recognised"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.outcome == Outcome.RECOGNISED

    client.force_login(setup.chair.user)
    today = timezone.localdate().strftime("%d/%m/%Y")
    close = {"decided_on": today, "signer_name": "Nguyễn Văn An", "signer_title": "Chủ tịch"}
    response = client.post(reverse("awards:round_close", args=[setup.round.pk]), close)
    assert response.status_code == 302
    decision = Decision.objects.get(round=setup.round)
    # Closing again changes nothing and says why.
    response = client.post(reverse("awards:round_close", args=[setup.round.pk]), close)
    assert Decision.objects.filter(round=setup.round).count() == 1
    entry.initiative.refresh_from_db()
    assert entry.initiative.status == InitiativeStatus.RECOGNISED

    author = entry.initiative.created_by
    client.force_login(author)
    page = client.get(reverse("initiatives:detail", args=[entry.initiative.pk])).content.decode()
    assert decision.number in page and "ladder" in page
    pdf = client.get(reverse("awards:decision_pdf", args=[setup.round.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_exports_after_scoring_closes(client, tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    client = login(client, setup.officer)
    pdf = client.get(reverse("awards:minutes_pdf", args=[setup.round.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("awards:scores_xlsx", args=[setup.round.pk]))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


# --- query counts --------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("status", [R.SCORING, R.DELIBERATION])
def test_round_overview_queries_do_not_grow_with_dossiers(client, tree, status):
    small = make_round_in(status, tree.grassroots_a1x, dossiers=1)
    large = make_round_in(status, tree.grassroots_a1y, dossiers=50, officer=None)
    officer = unit_officer(tree.province_a)
    client = login(client, officer)
    few = _queries(client, reverse("awards:round_detail", args=[small.round.pk]))
    many = _queries(client, reverse("awards:round_detail", args=[large.round.pk]))
    assert many == few


def test_council_member_list_queries_do_not_grow_with_dossiers(client, tree):
    small = make_round_in(R.SCORING, tree.grassroots_a1x, dossiers=1, submitted=False)
    large = make_round_in(R.SCORING, tree.grassroots_a1y, dossiers=50, submitted=False)
    url = reverse("awards:my_reviews") + "?show=all"
    client.force_login(small.members[0].user)
    few = _queries(client, url)
    client.force_login(large.members[0].user)
    many = _queries(client, url)
    assert many == few


def test_round_list_queries_do_not_grow_with_rounds(client, tree):
    officer = unit_officer(tree.national)
    client = login(client, officer)
    make_round(tree.grassroots_a1x)
    few = _queries(client, reverse("awards:round_list"))
    for _ in range(10):
        make_round(tree.grassroots_a1x)
    many = _queries(client, reverse("awards:round_list"))
    assert many == few


def test_entries_of_another_subtree_cannot_be_posted_into_a_round(client, tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x, dossiers=1)
    foreign = accepted_dossier(tree.grassroots_b1x)
    response = login(client, setup.officer).post(
        reverse("awards:entries_add", args=[setup.round.pk]), {"initiatives": [foreign.pk]}
    )
    assert response.status_code == 400
    assert not RoundEntry.objects.filter(initiative=foreign).exists()


def test_council_of_a_new_round_is_empty_and_round_page_says_so(client, tree):
    review_round = make_round(tree.grassroots_a1x)
    page = login(client, review_round.created_by).get(
        reverse("awards:round_detail", args=[review_round.pk])
    )
    assert page.status_code == 200
    assert "council-form" in page.content.decode()
    make_council(review_round)


def test_round_page_shows_the_latest_history_and_the_whole_on_request(client, tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x, dossiers=10, members=2)
    total = setup.round.events.count()
    assert total > 50
    client = login(client, setup.officer)
    url = reverse("awards:round_detail", args=[setup.round.pk])
    page = client.get(url)
    assert len(page.context["history"]) == 50 and page.context["history_cut"]
    full = client.get(url + "?history=all")
    assert len(full.context["history"]) == total and not full.context["history_cut"]


def test_reader_ranks_the_dossier_among_the_whole_round(client, tree):
    setup = make_round_in(
        R.DELIBERATION,
        tree.grassroots_a1x,
        dossiers=2,
        points=lambda entry, member: (
            [10, 10, 10]
            if entry.pk == min(e.pk for e in entry.round.entries.all())
            else [25, 25, 30]
        ),
    )
    weaker = min(setup.entries, key=lambda e: e.pk)
    from awards.selectors.scores import round_results

    assert round_results(setup.round, entry_ids=[weaker.pk])[weaker.pk].rank == 2


def test_chair_records_a_conflict_on_the_dossier_page(client, tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, submitted=False)
    member = setup.members[0]
    url = reverse("awards:entry_conflict", args=[setup.entry.pk])
    client = login(client, setup.chair.user)
    response = client.post(url, {"member": member.pk, "reason": ""})
    assert response.status_code == 400
    assert ScoreSheet.objects.filter(entry=setup.entry, member=member).exists()
    response = client.post(url, {"member": member.pk, "reason": "Cùng tổ với tác giả"})
    assert response.status_code == 302
    assert not ScoreSheet.objects.filter(entry=setup.entry, member=member).exists()


def test_officer_nominates_a_recognised_dossier_to_the_province(client, tree):
    setup = make_round_in(R.CLOSED, tree.grassroots_a1x)
    province_round = make_round(tree.province_a, purpose="nomination")
    from awards.services import round_transition

    round_transition(review_round=province_round, action="open", actor=province_round.created_by)
    client = login(client, setup.officer)
    page = client.get(reverse("awards:entry_detail", args=[setup.entry.pk]))
    assert province_round.title in page.content.decode()
    response = client.post(
        reverse("awards:entry_nominate", args=[setup.entry.pk]), {"target": province_round.pk}
    )
    assert response.status_code == 302
    nominated = RoundEntry.objects.get(round=province_round)
    assert nominated.nominated_from_id == setup.entry.pk
    response = client.post(
        reverse("awards:entry_nominate", args=[setup.entry.pk]), {"target": province_round.pk}
    )
    assert response.status_code == 400
    assert RoundEntry.objects.filter(round=province_round).count() == 1
