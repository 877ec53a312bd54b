"""Issue 15's browser test: an officer downloads the members' template, uploads a filled file
with one bad row, reads the report, fixes the row, imports, and finds the member by a search
without diacritics. Fields are found by name, so the test holds before and after the new
messages reach the Vietnamese catalogue."""

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.factories import RoleGrantFactory, UserFactory
from unions.enums import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/dang-nhap/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill("mat-khau-123")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/viec-cua-toi/")


def _upload(page, live_server, path: Path) -> None:
    page.goto(live_server.url + "/nhap-du-lieu/")
    page.locator("select[name=kind]").select_option("members")
    page.locator("input[name=file]").set_input_files(str(path))
    page.locator("input[name=mode][value=import]").check()
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url("**/nhap-du-lieu/*/")


def test_officer_imports_members_from_the_template(live_server, page, tree, tmp_path):
    officer = UserFactory(email="canbo@example.vn")
    RoleGrantFactory(user=officer, unit=tree.district_a1, role=Role.OFFICER)
    _sign_in(page, live_server, "canbo@example.vn")

    page.goto(live_server.url + "/nhap-du-lieu/")
    with page.expect_download() as download_info:
        page.locator("a[href$='/mau/members/']").click()
    template = tmp_path / "mau.xlsx"
    download_info.value.save_as(template)

    book = load_workbook(template)
    sheet = book.worksheets[0]
    sheet.delete_rows(2, sheet.max_row)
    sheet.append(
        [
            "Phạm Thị Ngọc Ánh",
            "02/09/1992",
            "Nữ",
            "",
            "0905111333",
            "",
            "CSX",
            "QT-ANH-01",
            "01/03/2015",
            "Kế toán",
        ]
    )
    sheet.append(
        ["Lê Văn Đức", "30/02/1988", "Nam", "", "0905111444", "", "CSY", "QT-DUC-01", "", ""]
    )
    filled = tmp_path / "doan-vien.xlsx"
    book.save(filled)

    _upload(page, live_server, filled)
    problems = page.locator("#problems tbody tr")
    assert problems.count() == 1
    cells = problems.first.locator("td").all_inner_texts()
    assert cells[:2] == ["3", "Ngày sinh"]
    assert page.locator("#count-created").inner_text() == "0"

    sheet.cell(row=3, column=2).value = "28/02/1988"
    book.save(filled)
    _upload(page, live_server, filled)
    assert page.locator("#problems").count() == 0
    assert page.locator("#count-created").inner_text() == "2"

    page.goto(live_server.url + "/don-vi/doan-vien/")
    page.locator("#id_q").fill("pham thi ngoc anh")
    page.locator("form.filters button[type=submit]").click()
    rows = page.locator("#member-list tbody tr")
    assert rows.count() == 1
    assert "Phạm Thị Ngọc Ánh" in rows.first.inner_text()
