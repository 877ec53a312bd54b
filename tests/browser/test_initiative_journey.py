"""A dossier's journey in a real browser: drafted with a file, submitted, returned, completed,
resubmitted and accepted. Elements are found by ids and names, not by translated text."""

import datetime
import re

import pytest
from django.utils import timezone

from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from tests.browser.conftest import menu_link
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory
from unions.enums import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
REASON = "Bổ sung cơ sở tính giá trị làm lợi."


def sign_in(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("#id_username", email)
    page.fill("#id_password", "mat-khau-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/viec-cua-toi/")


def submit_action(page, action: str, note: str = "") -> None:
    form = page.locator(f"#action-{action}")
    if note:
        form.locator("textarea[name=note]").fill(note)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_member_and_officer_take_a_dossier_to_its_receipt(live_server, page, tree):
    member = UserFactory(email="thanhvien@example.vn", last_name="Trần Thị", first_name="Bình")
    MembershipFactory(user=member, unit=tree.grassroots_a1x)
    officer = UserFactory(email="canbo@example.vn", last_name="Hoàng Văn", first_name="Thành")
    RoleGrantFactory(user=officer, unit=tree.grassroots_a1x, role=Role.OFFICER)

    # The member drafts the dossier with a file, previews it and submits it.
    sign_in(page, live_server, "thanhvien@example.vn")
    menu_link(page, "/sang-kien/cua-toi/").click()
    page.locator("#new-initiative").click()
    assert page.locator("#id_unit").input_value() == "CSX"
    assert page.locator("#id_authors-0-member").input_value() == "thanhvien@example.vn"
    page.fill("#id_title", "Đồ gá hàn nhanh cho khung xe đạp điện")
    page.select_option("#id_field", "mechanical")
    page.select_option("#id_kind", "technical")
    page.fill("#id_first_applied_on", "2020-03-01")
    page.fill("#id_previous_state", "Hàn thủ công, sai lệch kích thước lớn.")
    page.fill("#id_solution_purpose", "Giữ đúng kích thước khung khi hàn.")
    page.fill("#id_solution_steps", "Thiết kế đồ gá; chế tạo thử; áp dụng tại tổ hàn.")
    page.fill("#id_solution_novelty", "Đồ gá điều chỉnh nhanh cho ba cỡ khung.")
    page.fill("#id_application_conditions", "Có máy phay và thép tấm.")
    page.fill("#id_benefit_claimed", "50.000.000")
    page.fill("#id_benefit_basis", "Giảm phế phẩm.")
    page.set_input_files(
        "#id_files",
        files=[{"name": "ban-ve.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}],
    )
    page.locator("#save-draft").click()
    page.wait_for_url(re.compile(r"/sang-kien/\d+/sua/#messages$"))
    # The first application was years ago: the draft is saved with a warning.
    assert page.locator("#past-limit-warning").is_visible()
    page.fill("#id_first_applied_on", "")
    page.locator("#save-draft").click()
    page.wait_for_url(re.compile(r"/sang-kien/\d+/sua/#messages$"))
    assert page.locator("#past-limit-warning").count() == 0
    assert "ban-ve.pdf" in page.locator("#attachments").inner_text()
    initiative = Initiative.objects.get()
    assert initiative.first_applied_on is None
    assert initiative.benefit_claimed == 50_000_000

    # An incomplete dossier cannot go: the checklist says what is missing.
    assert page.locator("#submission-checklist li").count() == 1
    recently = timezone.localdate() - datetime.timedelta(days=30)
    page.fill("#id_first_applied_on", recently.isoformat())
    page.locator("#save-draft").click()
    page.wait_for_url(re.compile(r"/sang-kien/\d+/sua/#messages$"))
    assert page.locator("#submission-checklist li").count() == 0

    page.locator("#preview-link").click()
    assert page.locator("#application-preview").is_visible()
    assert page.locator("#similar").is_visible()
    submit_action(page, "submit")
    page.wait_for_url(f"**/sang-kien/{initiative.pk}/")
    assert page.locator("#dossier-facts .status-submitted").is_visible()

    # The officer returns it with a reason.
    sign_in(page, live_server, "canbo@example.vn")
    menu_link(page, "/sang-kien/hop-thu/").click()
    page.locator(f"#inbox tr[data-pk='{initiative.pk}'] a").click()
    page.wait_for_url(f"**/sang-kien/{initiative.pk}/")
    assert page.locator("#confidential-text").count() == 1
    submit_action(page, "return", REASON)
    assert page.locator("#dossier-facts .status-returned").is_visible()

    # The member reads the reason, completes the dossier and resubmits it.
    sign_in(page, live_server, "thanhvien@example.vn")
    page.goto(live_server.url + "/sang-kien/cua-toi/")
    page.locator(f"#my-initiatives tr[data-pk='{initiative.pk}'] a[href$='/sua/']").click()
    assert REASON in page.locator("#return-reason").inner_text()
    page.fill("#id_benefit_basis", "5.000 khung mỗi năm × 10.000 đồng tiết kiệm mỗi khung.")
    page.locator("#save-draft").click()
    page.wait_for_url(re.compile(r"/sang-kien/\d+/sua/#messages$"))
    page.locator("#preview-link").click()
    submit_action(page, "resubmit")
    page.wait_for_url(f"**/sang-kien/{initiative.pk}/")
    assert page.locator("#dossier-facts .status-resubmitted").is_visible()

    # The officer accepts it and the receipt number appears.
    sign_in(page, live_server, "canbo@example.vn")
    page.goto(f"{live_server.url}/sang-kien/{initiative.pk}/")
    submit_action(page, "accept")
    assert page.locator("#dossier-facts .status-accepted").is_visible()
    receipt = page.locator("#receipt-number").inner_text()
    assert re.fullmatch(r"SK-\d{4}-00001", receipt)
    assert page.locator("#receipt-pdf").is_visible()
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.ACCEPTED
    assert initiative.receipt_number == receipt

    # The member sees the receipt number in their list.
    sign_in(page, live_server, "thanhvien@example.vn")
    page.goto(live_server.url + "/sang-kien/cua-toi/")
    assert receipt in page.locator(f"#my-initiatives tr[data-pk='{initiative.pk}']").inner_text()
