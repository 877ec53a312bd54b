"""An award decision in a real browser: the officer of a grassroots union writes a Giấy khen for
the authors of the initiatives its closed review round recognised, issues it, sees the
certificates ready, downloads one; then, signed out, a member of the public types the
certificate's short code and sees it valid under the holder's name. Elements are found by ids
and names, not by translated text."""

import pytest
from django.utils import timezone

from awards.enums import AwardDecisionStatus, RecipientKind, RoundStatus
from awards.models import AwardDecision, AwardType, Certificate
from tests.browser.conftest import menu_link
from tests.factories.awards import make_round_in
from unions.enums import UnitKind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("#id_username", email)
    page.fill("#id_password", "mat-khau-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/viec-cua-toi/")


def test_officer_issues_an_award_and_the_public_verifies_a_certificate(live_server, page, tree):
    unit = tree.grassroots_a1x
    setup = make_round_in(RoundStatus.CLOSED, unit, dossiers=2)
    award_type = AwardType.objects.create(
        code="thu-giay-khen-cong-doan-co-so",
        name="Giấy khen của Ban Chấp hành Công đoàn cơ sở",
        issuer_kinds=[UnitKind.GRASSROOTS_UNION],
        recipient_kind=RecipientKind.BOTH,
    )
    authors = {
        author.full_name for initiative in setup.initiatives for author in initiative.authors.all()
    }

    # The officer starts a draft from the awards page.
    sign_in(page, live_server, setup.officer.email)
    menu_link(page, "/khen-thuong/").click()
    page.wait_for_url("**/khen-thuong/")
    page.locator("#new-decision").click()
    page.wait_for_url("**/khen-thuong/moi/")
    form = page.locator("#decision-form")
    form.locator("[name=issuer]").select_option(unit.code)
    form.locator("[name=award_type]").select_option(str(award_type.pk))
    form.locator("[name=decided_on]").fill(timezone.localdate().isoformat())
    form.locator("[name=signer_name]").fill("Trần Thị Hoa")
    form.locator("[name=signer_title]").fill("Chủ tịch Công đoàn cơ sở")
    form.locator("[name=grounds]").fill("Các tác giả có sáng kiến được Hội đồng công nhận.")
    form.locator("[name=source_round]").select_option(str(setup.round.pk))
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/khen-thuong/*/")
    decision = AwardDecision.objects.get(award_type=award_type)
    assert page.url.endswith(f"/khen-thuong/{decision.pk}/")
    assert decision.status == AwardDecisionStatus.DRAFT
    assert page.locator("#no-recipients").is_visible()

    # The authors of the round's recognised initiatives become the recipients.
    page.locator("#recipients-from-round button[type=submit]").click()
    page.wait_for_url(f"**/khen-thuong/{decision.pk}/")
    assert page.locator(".messages .message-success").count() == 1
    rows = page.locator("#recipients-table tbody tr")
    assert rows.count() == len(authors) == 2
    assert {name.strip() for name in rows.locator(".recipient-name").all_inner_texts()} == authors

    # Issuing needs the confirmation; the certificates are made as it commits.
    issue = page.locator("#issue-form")
    assert page.locator("#issue-warning").is_visible()
    issue.locator("[name=confirm]").check()
    issue.locator("button[type=submit]").click()
    page.wait_for_url(f"**/khen-thuong/{decision.pk}/")
    decision.refresh_from_db()
    assert decision.status == AwardDecisionStatus.ISSUED and decision.number
    assert decision.number in page.locator(".messages .message-success").inner_text()
    assert decision.number in page.locator("h1").inner_text()
    progress = page.locator("#certificate-progress")
    assert progress.get_attribute("data-done") == "true"
    assert progress.locator("progress").get_attribute("value") == "2"
    assert progress.locator(".progress-done").is_visible()
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert page.locator("#issue-form").count() == 0

    # The officer downloads the first certificate.
    first = page.locator("#recipients-table tbody tr").first
    with page.expect_download() as download_info:
        first.locator("a.certificate-download").click()
    download = download_info.value
    certificate = Certificate.objects.get(recipient_id=int(first.get_attribute("data-pk")))
    assert download.suggested_filename == f"chung-nhan-{certificate.short_code}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # Signed out, the public checks the code typed loosely (lower case, no dashes).
    # Sign-out sits in the account menu under the person's name.
    page.locator(".account-menu > summary").click()
    page.locator("form[action='/dang-xuat/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".main-nav a[href='/khen-thuong/']").count() == 0
    page.goto(f"{live_server.url}/xac-minh/")
    lookup = page.locator("#verification-form")
    lookup.locator("[name=code]").fill(certificate.short_code.replace("-", " ").lower())
    lookup.locator("button[type=submit]").click()
    page.wait_for_url(f"**/xac-minh/{certificate.short_code}/")
    assert page.locator("#holder").inner_text().strip() == certificate.recipient.name
    assert page.locator("#certificate-status .badge-ok").is_visible()
    assert page.locator("#certificate-status .badge-ended").count() == 0
    assert page.locator("#decision-number").inner_text().strip() == decision.number
    assert page.locator("#award").inner_text().strip() == award_type.name
