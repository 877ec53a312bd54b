"""A review round in a real browser: two council members score a dossier, the officer closes
the scoring, the secretary records the vote, the chair closes the round with a decision and the
author reads the result on the dossier page. Elements are found by ids and names, not by
translated text."""

import pytest
from django.utils import timezone

from awards.enums import Outcome, RoundStatus
from awards.models import Decision, RoundEntry, ScoreSheet
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from tests.browser.conftest import menu_link
from tests.factories.awards import criteria_of, make_round_in, score

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

POINTS = [("27", "25", "35"), ("22,5", "24", "30")]


def sign_in(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("#id_username", email)
    page.fill("#id_password", "mat-khau-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/viec-cua-toi/")


def score_in_browser(page, live_server, email: str, entry, criteria, points) -> None:
    """The member finds the dossier under "My council work", scores it and submits."""
    sign_in(page, live_server, email)
    menu_link(page, "/xet-duyet/cua-toi/").click()
    page.wait_for_url("**/xet-duyet/cua-toi/")
    page.locator(f"#sheets-table tr[data-pk='{entry.pk}'] a").click()
    page.wait_for_url(f"**/xet-duyet/ho-so/{entry.pk}/cham-diem/")
    assert page.locator("#blind-notice").is_visible()
    for criterion, value in zip(criteria, points, strict=True):
        page.fill(f"#score-sheet [name=points_{criterion.pk}]", value)
    page.locator("#submit-scores").click()
    page.wait_for_url(f"**/xet-duyet/ho-so/{entry.pk}/cham-diem/")
    assert page.locator(".messages .message-success").count() == 1
    # The sheet is locked: no inputs or buttons any more, the points are shown read-only.
    assert page.locator("#submit-scores").count() == 0
    assert page.locator("#score-sheet input[name^=points_]").count() == 0
    for criterion, value in zip(criteria, points, strict=True):
        assert page.locator(f"output#id_points_{criterion.pk}").inner_text() == value
    # Having submitted, the member sees the council's scores on this dossier.
    assert page.locator("#council-scores").is_visible()


def test_council_scores_votes_and_decides_and_the_author_sees_the_decision(live_server, page, tree):
    setup = make_round_in(RoundStatus.SCORING, tree.grassroots_a1x, members=2, submitted=False)
    review_round, entry = setup.round, setup.entry
    initiative = setup.initiatives[0]
    criteria = criteria_of(review_round.rubric_version)
    # The chair and the secretary score outside the browser.
    score(setup.sheet(entry, setup.chair))
    score(setup.sheet(entry, setup.secretary))

    # Both plain members score the dossier in the browser.
    for member, points in zip(setup.members, POINTS, strict=True):
        score_in_browser(page, live_server, member.user.email, entry, criteria, points)
    sheets = ScoreSheet.objects.filter(entry=entry)
    assert all(sheet.is_submitted for sheet in sheets)

    # The officer closes the scoring from the round page.
    sign_in(page, live_server, setup.officer.email)
    page.goto(f"{live_server.url}/xet-duyet/{review_round.pk}/")
    assert page.locator("#progress progress").get_attribute("value") == "4"
    page.locator("#action-close_scoring button[type=submit]").click()
    page.wait_for_url(f"**/xet-duyet/{review_round.pk}/")
    assert page.locator(".messages .message-success").count() == 1
    assert page.locator("#action-close_scoring").count() == 0
    setup.reload()
    assert setup.round.status == RoundStatus.DELIBERATION

    # The secretary records the council's vote on the dossier.
    sign_in(page, live_server, setup.secretary.user.email)
    page.goto(f"{live_server.url}/xet-duyet/ho-so/{entry.pk}/")
    vote = page.locator("#vote-form")
    vote.locator("[name=votes_for]").fill("4")
    vote.locator("[name=votes_against]").fill("0")
    vote.locator("[name=votes_abstain]").fill("0")
    vote.locator(f"input[name=outcome][value={Outcome.RECOGNISED}]").check()
    vote.locator("button[type=submit]").click()
    page.wait_for_url(f"**/xet-duyet/ho-so/{entry.pk}/")
    assert page.locator(".messages .message-success").count() == 1
    assert page.locator(f"#outcome .outcome-{Outcome.RECOGNISED}").is_visible()
    entry = RoundEntry.objects.get(pk=entry.pk)
    assert (entry.votes_for, entry.votes_against, entry.votes_abstain) == (4, 0, 0)
    assert entry.outcome == Outcome.RECOGNISED

    # The chair closes the round and the decision gets its number.
    sign_in(page, live_server, setup.chair.user.email)
    page.goto(f"{live_server.url}/xet-duyet/{review_round.pk}/")
    close = page.locator("#close-round")
    close.locator("[name=decided_on]").fill(timezone.localdate().isoformat())
    close.locator("[name=signer_name]").fill("Trần Thị Hoa")
    close.locator("[name=signer_title]").fill("Chủ tịch Công đoàn cơ sở")
    close.locator("button[type=submit]").click()
    page.wait_for_url(f"**/xet-duyet/{review_round.pk}/")
    decision = Decision.objects.get(round=review_round)
    assert decision.number
    assert decision.signer_name == "Trần Thị Hoa"
    assert decision.number in page.locator(".messages .message-success").inner_text()
    assert decision.number in page.locator("#decision").inner_text()
    assert page.locator("#close-round").count() == 0
    assert page.locator("#decision-pdf").is_visible()
    setup.reload()
    assert setup.round.status == RoundStatus.CLOSED

    # The author sees the dossier recognised and the decision on the ladder.
    sign_in(page, live_server, initiative.created_by.email)
    page.goto(f"{live_server.url}/sang-kien/{initiative.pk}/")
    assert page.locator(f"#dossier-facts .status-{InitiativeStatus.RECOGNISED}").is_visible()
    ladder = page.locator("#ladder")
    assert ladder.is_visible()
    assert ladder.locator(f".outcome-{Outcome.RECOGNISED}").is_visible()
    assert decision.number in ladder.inner_text()
    assert ladder.locator(f"a[href='/xet-duyet/{review_round.pk}/quyet-dinh.pdf']").count() == 1
    initiative = Initiative.objects.get(pk=initiative.pk)
    assert initiative.status == InitiativeStatus.RECOGNISED
