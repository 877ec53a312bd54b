"""A block's year in a real browser: an officer registers its unit for the movement; the
officers of the two member units write and submit their year-end reports on the block's
pledge; the officer of the unit chairing the block scores both reports (a score above the
maximum is refused first); the ranking appears on the pledge page. Elements are found by ids,
names and data attributes, not by translated text."""

import datetime

import pytest

from emulation.enums import EmulationTitle, PledgeStatus, RegistrationStatus, ReportStatus
from emulation.models import PledgeReport, Registration
from tests.factories.movements import make_movement, officer_of
from tests.factories.pledges import make_block, make_pledge, reported

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


def write_year_end_report(page, live_server, pledge, unit, value: str) -> PledgeReport:
    page.goto(live_server.url + f"/thi-dua/khoi/giao-uoc/{pledge.pk}/")
    row = page.locator(f"#report-table tr[data-unit='{unit.code}']")
    row.locator("td[data-period=year_end] form.report-open button[type=submit]").click()
    page.wait_for_url("**/thi-dua/khoi/bao-cao/*/")
    report = PledgeReport.objects.get(pledge=pledge, unit=unit)
    indicator = pledge.indicators.get()
    form = page.locator("#report-form")
    form.locator(f"[name=value_{indicator.pk}]").fill(value)
    form.locator(f"[name=comment_{indicator.pk}]").fill("Theo phần mềm quản lý văn bản")
    form.locator("#submit-report").click()
    page.wait_for_url(f"**/thi-dua/khoi/bao-cao/{report.pk}/")
    assert page.locator(".report-status").first.get_attribute("data-status") == "submitted"
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    return report


def test_registration_reports_scores_and_ranking(live_server, page, tree):
    movement = make_movement(launching_unit=tree.national)
    block = make_block(
        tree.province_a,
        [tree.district_a1, tree.district_a2],
        chair=tree.district_a1,
        year=2026,
        name="Cụm thi đua các LĐLĐ huyện tỉnh Quảng Trị",
    )
    pledge = make_pledge(
        block,
        year=2026,
        indicators=[reported("Tỷ lệ văn bản ký số", target="90", max_score="10")],
        movement=movement,
        signed=True,
        signed_on=datetime.date(2026, 1, 15),
    )
    indicator = pledge.indicators.get()
    member_officer = officer_of(tree.district_a2)
    chair_officer = officer_of(tree.district_a1)

    # The officer of a member unit registers it for the movement and sends the registration.
    sign_in(page, live_server, member_officer.email)
    page.goto(live_server.url + f"/thi-dua/phong-trao/{movement.pk}/dang-ky/?as=unit")
    form = page.locator("#registration-form")
    form.locator("[name=unit]").select_option(tree.district_a2.code)
    form.locator("[name=year]").select_option("2026")
    form.locator("[name=targets]").fill("90% văn bản được ký số\nKhông để xảy ra tai nạn lao động")
    form.locator(f"[name=titles][value={EmulationTitle.ADVANCED_COLLECTIVE}]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/thi-dua/dang-ky/*/")
    registration = Registration.objects.get(unit=tree.district_a2, movement=movement)
    page.locator("#registration-actions button[data-action=send]").click()
    page.wait_for_url(f"**/thi-dua/dang-ky/{registration.pk}/")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.AWAITING_APPROVAL

    # The same officer writes the unit's year-end report; the chair's officer writes its own.
    write_year_end_report(page, live_server, pledge, tree.district_a2, "95,5")
    sign_in(page, live_server, chair_officer.email)
    write_year_end_report(page, live_server, pledge, tree.district_a1, "72")

    # The chair scores both reports; a score above the maximum is refused first.
    for unit, score in ((tree.district_a2, "10"), (tree.district_a1, "8")):
        report = PledgeReport.objects.get(pledge=pledge, unit=unit)
        page.goto(live_server.url + f"/thi-dua/khoi/bao-cao/{report.pk}/")
        page.locator("#score-report").click()
        page.wait_for_url(f"**/thi-dua/khoi/bao-cao/{report.pk}/cham-diem/")
        form = page.locator("#score-form")
        form.locator(f"[name=score_{indicator.pk}]").fill("12")
        form.locator("#save-scores").click()
        assert page.locator(".field-error [role=alert]").count() == 1
        report.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED
        form.locator(f"[name=score_{indicator.pk}]").fill(score)
        form.locator("#save-scores").click()
        page.wait_for_url(f"**/thi-dua/khoi/giao-uoc/{pledge.pk}/")
        report.refresh_from_db()
        assert report.status == ReportStatus.SCORED

    # The ranking appears on the pledge page.
    rows = page.locator("#ranking-table tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).get_attribute("data-unit") == tree.district_a2.code
    assert rows.nth(0).get_attribute("data-rank") == "1"
    assert rows.nth(1).get_attribute("data-unit") == tree.district_a1.code
    assert rows.nth(1).get_attribute("data-rank") == "2"
    assert rows.nth(0).locator(".total").inner_text().strip() == "10"
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED
