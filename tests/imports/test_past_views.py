"""The import pages for past initiatives and past awards: the kinds offered by capability, their
templates, an upload through the task queue with its report and undo, the export of what the
registry holds within the officer's scope (role × place in the tree)."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import AwardDecision
from imports.models import ImportBatch, ImportStatus
from imports.services import import_file
from initiatives.models import Initiative
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory
from tests.factories.employers import make_employer
from tests.imports.workbooks import filled_template, sheet_rows
from unions.enums import Role


def _client_for(client, unit, role=Role.OFFICER):
    person = UserFactory()
    RoleGrantFactory(user=person, unit=unit, role=role)
    client.force_login(person)
    return person


def _past(title, unit, card, year=2018):
    return ["", title, card, unit, "", year, "Cấp trên", "", None, None]


@pytest.fixture
def registry(tree):
    make_employer(tree.grassroots_a1x, name="Công ty May Sông Hiếu")
    tree.hang = UserFactory(last_name="Nguyễn Thị", first_name="Hằng")
    MembershipFactory(user=tree.hang, unit=tree.grassroots_a1x, card_number="QT-000001")
    tree.tam = UserFactory(last_name="Lê Văn", first_name="Tám")
    MembershipFactory(user=tree.tam, unit=tree.grassroots_b1x, card_number="PT-000001")
    return tree


def test_the_page_offers_the_past_kinds_to_an_officer(registry, client):
    _client_for(client, registry.district_a1)
    body = client.get(reverse("imports:start")).content.decode()
    assert "Sáng kiến trước đây" in body and "Khen thưởng trước đây" in body
    assert reverse("imports:export", args=["initiatives"]) in body
    template = client.get(reverse("imports:template", args=["awards"]))
    assert sheet_rows(template.content)[0][0] == "Số quyết định"


def test_an_editor_gets_neither_templates_nor_exports(registry, client):
    _client_for(client, registry.national, Role.EDITOR)
    assert client.get(reverse("imports:template", args=["initiatives"])).status_code == 404
    assert client.get(reverse("imports:export", args=["awards"])).status_code == 404
    # Members have their own export in the register.
    _client_for(client, registry.national)
    assert client.get(reverse("imports:export", args=["members"])).status_code == 404


def test_upload_report_fix_and_undo(registry, client, django_capture_on_commit_callbacks):
    _client_for(client, registry.district_a1)
    template = client.get(reverse("imports:template", args=["initiatives"])).content
    book = load_workbook(BytesIO(template))
    sheet = book.worksheets[0]
    sheet.delete_rows(2, sheet.max_row)
    sheet.append(_past("Sổ tay an toàn", "CSX", "QT-000001"))
    sheet.append(_past("Máy cắt vải tự động", "CSB", "PT-000001"))  # another branch
    output = BytesIO()
    book.save(output)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:start"),
            {
                "kind": "initiatives",
                "mode": "import",
                "file": SimpleUploadedFile("sang-kien.xlsx", output.getvalue()),
            },
        )
    page = client.get(response.url)
    body = page.content.decode()
    batch = page.context["batch"]
    assert batch.status == ImportStatus.DONE and not batch.recorded
    assert batch.errors[0]["row"] == 3 and batch.errors[0]["column"] == "Mã đơn vị"
    assert "Bạn không được ghi nhận sáng kiến của" in body
    assert not Initiative.objects.exists()

    sheet.delete_rows(3)
    output = BytesIO()
    book.save(output)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:start"),
            {
                "kind": "initiatives",
                "mode": "import",
                "file": SimpleUploadedFile("sang-kien.xlsx", output.getvalue()),
            },
        )
    batch = client.get(response.url).context["batch"]
    assert (batch.recorded, batch.created, batch.errors) == (True, 1, [])
    assert Initiative.objects.get().title == "Sổ tay an toàn"
    client.post(reverse("imports:batch_undo", args=[batch.pk]))
    assert not Initiative.objects.exists()
    assert ImportBatch.objects.get(pk=batch.pk).undone_at is not None


def test_past_awards_upload_refuses_an_issuer_out_of_scope(
    registry, client, django_capture_on_commit_callbacks
):
    _client_for(client, registry.grassroots_a1x)
    rows = [
        ["1/QĐ-CSX", datetime.date(2020, 1, 2), "CSX", "Giấy khen của Công đoàn cơ sở"]
        + ["", "", "QT-000001", "", "", "", "", ""],
        ["1/QĐ-CSY", datetime.date(2020, 1, 2), "CSY", "Giấy khen của Công đoàn cơ sở"]
        + ["", "", "", "Lê Văn Tư", "", "", "", ""],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:start"),
            {
                "kind": "awards",
                "mode": "valid_only",
                "file": SimpleUploadedFile(
                    "khen-thuong.xlsx", filled_template("awards", rows).getvalue()
                ),
            },
        )
    body = client.get(response.url).content.decode()
    assert "Bạn không được ghi nhận khen thưởng của" in body
    assert list(AwardDecision.objects.values_list("number", flat=True)) == ["1/QĐ-CSX"]


@pytest.mark.parametrize(
    ("place", "role", "titles"),
    [
        ("grassroots_a1x", Role.OFFICER, ["Sổ tay an toàn"]),  # the same unit
        ("province_a", Role.OFFICER, ["Sổ tay an toàn"]),  # an ancestor
        ("grassroots_a1y", Role.OFFICER, []),  # a sibling
        ("province_b", Role.OFFICER, ["Máy cắt vải tự động"]),  # the other branch
        ("national", Role.VIEWER, None),  # no capability to import: no export either
    ],
)
def test_the_export_holds_the_units_in_scope(registry, client, place, role, titles):
    report = import_file(
        kind="initiatives",
        handle=filled_template(
            "initiatives",
            [
                _past("Sổ tay an toàn", "CSX", "QT-000001"),
                _past("Máy cắt vải tự động", "CSB", "PT-000001"),
            ],
        ),
        file_name="sang-kien.xlsx",
    )
    assert report.created == 2
    _client_for(client, getattr(registry, place), role)
    response = client.get(reverse("imports:export", args=["initiatives"]))
    if titles is None:
        assert response.status_code == 404
        return
    assert [row[1] for row in sheet_rows(response.content)[1:]] == titles


def test_the_write_phase_reports_rows_written_out_of_the_total(registry, monkeypatch):
    from django.core.files.base import ContentFile

    from imports import services

    calls = []
    monkeypatch.setattr(services, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(
        services._SideConnection, "update", lambda self, pk, **values: calls.append(values)
    )
    rows = [_past(f"Sáng kiến số {n}", "CSX", "QT-000001") for n in range(3)]
    batch = ImportBatch.objects.create(
        kind="initiatives", file_name="a.xlsx", status=ImportStatus.QUEUED
    )
    batch.file.save("a.xlsx", ContentFile(filled_template("initiatives", rows).getvalue()))
    done = services.batch_run(batch.pk)
    assert (done.status, done.created) == ("done", 3)
    assert [(c["written_rows"], c["rows_to_write"]) for c in calls] == [
        (0, 3),
        (1, 3),
        (2, 3),
        (3, 3),
    ]


def test_a_running_batch_shows_the_rows_written(registry, client):
    person = _client_for(client, registry.district_a1)
    batch = ImportBatch.objects.create(
        kind="members",
        file_name="doan-vien.xlsx",
        created_by=person,
        status=ImportStatus.RUNNING,
        checked_rows=10,
        written_rows=4,
        rows_to_write=10,
    )
    body = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "Đang ghi: 4 trên 10 dòng" in body


def test_an_imported_dossier_reads_as_recognised_by_its_employer(registry, client):
    report = import_file(
        kind="initiatives",
        handle=filled_template(
            "initiatives",
            [
                [
                    "SK-2019-00012",
                    "Cải tiến khuôn ép",
                    "QT-000001",
                    "CSX",
                    "",
                    2019,
                    "Cơ sở",
                    "12/QĐ-MAYSH",
                    datetime.date(2019, 12, 20),
                    None,
                ]
            ],
        ),
        file_name="sang-kien.xlsx",
    )
    assert report.created == 1
    dossier = Initiative.objects.get()
    _client_for(client, registry.grassroots_a1x)
    body = client.get(reverse("initiatives:detail", args=[dossier.pk])).content.decode()
    assert "12/QĐ-MAYSH" in body and "Công ty May Sông Hiếu" in body
    assert "bản giấy của quyết định được lưu tại đơn vị" in body
    record = dossier.external_recognition
    assert client.get(reverse("recognitions:scan", args=[record.pk])).status_code == 404


def test_the_units_export_holds_the_officers_subtree_and_imports_back_unchanged(registry, client):
    _client_for(client, registry.district_a1)
    response = client.get(reverse("imports:export", args=["units"]))
    assert response.status_code == 200
    rows = sheet_rows(response.content)
    codes = [row[0] for row in rows[1:]]
    # The district first, then the unions under it; nothing of the other branch.
    assert codes[0] == registry.district_a1.code
    assert set(codes) == {
        unit.code
        for unit in (registry.district_a1, registry.grassroots_a1x, registry.grassroots_a1y)
    }
    employer = next(row for row in rows[1:] if row[0] == registry.grassroots_a1x.code)[6]
    assert employer == "Công ty May Sông Hiếu"

    report = import_file(
        kind="units", handle=BytesIO(response.content), file_name="don-vi.xlsx", dry_run=True
    )
    assert not report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(codes))


def test_a_member_gets_no_units_export(registry, client):
    person = UserFactory()
    MembershipFactory(user=person, unit=registry.grassroots_a1x)
    client.force_login(person)
    assert client.get(reverse("imports:export", args=["units"])).status_code == 404
