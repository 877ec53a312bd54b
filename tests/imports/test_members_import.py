"""Importing members from Excel: the template, every bad input of issue 15, dry run,
idempotent re-import, valid-only with a rejected-rows file, undo, the command, a round trip."""

import datetime
import json
import zipfile
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from imports.models import ImportBatch
from imports.services import batch_undo, import_file, rejected_rows_workbook, template_workbook
from tests.factories import RoleGrantFactory, UserFactory
from tests.imports.workbooks import filled_template, sheet_rows, workbook
from unions.enums import Role
from unions.member_columns import MEMBER_COLUMNS
from unions.models import Membership

HEADERS = [header for _key, header in MEMBER_COLUMNS]


def _row(
    name="Nguyễn Thị Hằng",
    card="QT-000001",
    phone="0912345678",
    email="",
    unit="CSX",
    dob=datetime.date(1990, 5, 17),
    sex="Nữ",
    identity="045190001234",
    joined=datetime.date(2012, 3, 1),
    position="Công nhân",
):
    return [name, dob, sex, identity, phone, email, unit, card, joined, position]


def _import(handle, **kwargs):
    kwargs.setdefault("file_name", "doan-vien.xlsx")
    return import_file(kind="members", handle=handle, **kwargs)


def _messages(report):
    return [(p.row, p.column, p.message) for p in report.errors]


def test_template_has_headers_an_example_and_explanations(db):
    content = template_workbook("members")
    data = sheet_rows(content)
    assert list(data[0]) == HEADERS
    assert data[1][0] == "Nguyễn Thị Hằng"
    explanations = sheet_rows(content, sheet=1)
    assert [row[0] for row in explanations[1:]] == HEADERS


def test_import_creates_members_and_reimport_changes_nothing(tree):
    rows = [
        _row(),
        _row(
            name="Trần Văn Đông",
            card="QT-2",
            phone="0987000111",
            sex="Nam",
            identity="",
            unit="CSY",
        ),
    ]
    report = _import(filled_template("members", rows))
    assert (report.rows, report.created, report.errors) == (2, 2, [])
    hang = Membership.objects.get(card_number="QT-000001")
    assert (hang.user.last_name, hang.user.first_name) == ("Nguyễn Thị", "Hằng")
    assert hang.user.date_of_birth == datetime.date(1990, 5, 17)
    assert hang.joined_on == datetime.date(2012, 3, 1)
    assert not hang.user.is_active  # no sign-in account from an import
    again = _import(filled_template("members", rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Membership.objects.count() == 2 and ImportBatch.objects.count() == 2


def test_reimport_with_a_change_updates_and_matches_by_phone(tree):
    _import(filled_template("members", [_row(card="")]))
    report = _import(filled_template("members", [_row(card="", position="Tổ trưởng")]))
    assert (report.created, report.updated) == (0, 1)
    assert Membership.objects.get().position == "Tổ trưởng"


def test_dry_run_counts_and_saves_nothing(tree):
    _import(filled_template("members", [_row()]))
    rows = [
        _row(position="Tổ trưởng"),
        _row(name="Lê Văn Tám", card="QT-3", phone="0912000333", identity=""),
    ]
    report = _import(filled_template("members", rows), dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert Membership.objects.count() == 1
    assert Membership.objects.get().position == "Công nhân"
    assert ImportBatch.objects.count() == 1


def test_one_bad_row_saves_nothing_and_reports_row_and_column(tree):
    rows = [
        _row(),
        _row(name="Lê Văn Tám", card="QT-3", phone="0912000333", identity="", unit="KHONG-CO"),
    ]
    report = _import(filled_template("members", rows))
    assert [(p.row, p.column) for p in report.errors] == [(3, "Mã đơn vị")]
    assert "KHONG-CO" in report.errors[0].message
    assert Membership.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_valid_only_imports_the_rest_and_returns_rejected_rows(tree):
    rows = [
        _row(),
        _row(name="Lê Văn Tám", card="QT-3", phone="0912000333", identity="", unit="KHONG-CO"),
    ]
    report = _import(filled_template("members", rows), valid_only=True)
    assert report.created == 1 and report.batch_id
    rejected = sheet_rows(rejected_rows_workbook("members", report))
    assert rejected[1][0] == "Lê Văn Tám" and "KHONG-CO" in rejected[1][-1]


def test_wrong_file_type(db):
    report = _import(BytesIO(b"Ho va ten;Ngay sinh\nAn;1/1/1990\n"))
    assert len(report.errors) == 1 and report.rows == 0
    assert any(word in report.errors[0].message for word in (".xlsx",))


def test_other_headers(tree):
    report = _import(workbook(["Tên", "Ngày sinh"], [["An", "01/01/1990"]]))
    assert report.errors and report.errors[0].column == "Họ và tên"
    assert Membership.objects.count() == 0


def test_merged_cells(tree):
    report = _import(workbook(HEADERS, [_row(), _row(card="QT-2", phone="")], merge="G2:G3"))
    # One problem for the whole file: the merged cells (the rows are not read).
    assert len(report.errors) == 1 and report.rows == 0
    assert any(word in report.errors[0].message for word in ("merged", "gộp"))


def test_dates_typed_as_text_and_as_excel_dates(tree):
    rows = [
        _row(dob="17/05/1990", joined=datetime.datetime(2012, 3, 1)),
        _row(name="Lê Văn Tám", card="QT-3", phone="0912000333", identity="", dob="31/02/1990"),
    ]
    report = _import(workbook(HEADERS, rows))
    assert [(p.row, p.column) for p in report.errors] == [(3, "Ngày sinh")]
    report = _import(workbook(HEADERS, rows[:1]))
    assert report.created == 1
    assert Membership.objects.get().user.date_of_birth == datetime.date(1990, 5, 17)


def test_phone_stored_as_a_number_keeps_its_leading_zero(tree):
    report = _import(workbook(HEADERS, [_row(phone=912345678, identity=45190001234)]))
    assert report.created == 1, _messages(report)
    person = User.objects.get(first_name="Hằng")
    assert (person.phone, person.identity_number) == ("0912345678", "045190001234")


def test_unknown_unit_code_and_unit_that_takes_no_members(tree):
    rows = [
        _row(unit="XYZ"),
        _row(name="Lê Văn Tám", card="QT-3", phone="0912000333", identity="", unit="DHA"),
    ]
    report = _import(workbook(HEADERS, rows))
    assert [(p.row, p.column) for p in report.errors] == [(2, "Mã đơn vị"), (3, "Mã đơn vị")]


def test_same_person_twice_in_one_file(tree):
    rows = [_row(), _row(name="Nguyễn Thị Hằng", phone="0912000999", identity="")]
    report = _import(workbook(HEADERS, rows))
    assert [(p.row, p.column) for p in report.errors] == [(3, "Số thẻ đoàn viên")]
    assert "2" in report.errors[0].message


def test_a_hundred_thousand_empty_rows_at_the_end(tree):
    report = _import(workbook(HEADERS, [_row()], blank_rows=100_000))
    assert (report.rows, report.created, report.errors) == (1, 1, [])


def test_a_row_without_any_key_is_refused(tree):
    report = _import(workbook(HEADERS, [_row(card="", phone="", email="")]))
    assert [(p.row, p.column) for p in report.errors] == [(2, "Số thẻ đoàn viên")]


def test_scope_limits_the_units(tree):
    officer = UserFactory()
    RoleGrantFactory(user=officer, unit=tree.grassroots_a1y, role=Role.OFFICER)
    report = _import(workbook(HEADERS, [_row()]), actor=officer)
    assert [(p.row, p.column) for p in report.errors] == [(2, "Mã đơn vị")]
    report = _import(workbook(HEADERS, [_row()]), scope=tree.province_b)
    assert report.errors


def test_undo_removes_created_members_and_restores_changes(tree):
    first = _import(filled_template("members", [_row()]))
    second = _import(
        filled_template(
            "members",
            [
                _row(position="Tổ trưởng"),
                _row(name="Lê Văn Tám", card="QT-3", phone="0912000333", identity=""),
            ],
        )
    )
    batch_undo(batch=ImportBatch.objects.get(pk=second.batch_id))
    assert list(Membership.objects.values_list("card_number", "position")) == [
        ("QT-000001", "Công nhân")
    ]
    assert not User.objects.filter(first_name="Tám").exists()
    batch_undo(batch=ImportBatch.objects.get(pk=first.batch_id))
    assert Membership.objects.count() == 0


def test_undo_refused_once_a_member_was_moved(tree):
    from unions.services import membership_move

    report = _import(filled_template("members", [_row()]))
    membership_move(
        membership=Membership.objects.get(),
        unit=tree.grassroots_a1y,
        effective_date=datetime.date(2024, 1, 1),
    )
    from accounts.errors import ApplicationError

    with pytest.raises(ApplicationError):
        batch_undo(batch=ImportBatch.objects.get(pk=report.batch_id))
    assert Membership.objects.count() == 2


def test_round_trip_template_import_export(tree, client):
    rows = [
        _row(),
        _row(
            name="Trần Văn Đông",
            card="QT-2",
            phone="0987000111",
            sex="Nam",
            identity="",
            unit="CSY",
            email="dong@example.vn",
        ),
    ]
    _import(filled_template("members", rows))
    officer = UserFactory()
    RoleGrantFactory(user=officer, unit=tree.province_a, role=Role.OFFICER)
    client.force_login(officer)
    exported = client.get(reverse("unions:member_list"), {"export": "xlsx"}).content
    data = sheet_rows(exported)
    assert list(data[0][: len(HEADERS)]) == HEADERS
    by_card = {row[7]: row[: len(HEADERS)] for row in data[1:]}

    def _plain(row):
        return [v.date() if isinstance(v, datetime.datetime) else (v or "") for v in row]

    assert _plain(by_card["QT-000001"]) == _plain(rows[0])
    assert _plain(by_card["QT-2"]) == _plain(rows[1])
    # The export imports back without a change.
    again = _import(BytesIO(exported))
    assert (again.errors, again.unchanged) == ([], 2)


def test_command_json_and_exit_status(tree, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(filled_template("members", [_row()]).getvalue())
    call_command("import_data", "members", str(good), "--dry-run", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "kind": "members",
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    assert Membership.objects.count() == 0
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(HEADERS, [_row(unit="XYZ")]).getvalue())
    with pytest.raises(SystemExit) as exit_:
        call_command("import_data", "members", str(bad), "--format", "json")
    assert exit_.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["errors"][0]["row"] == 2 and out["errors"][0]["column"] == "Mã đơn vị"
    call_command("import_data", "members", str(good), "--unit", "QTR")
    assert Membership.objects.count() == 1


def test_command_writes_the_template(db, tmp_path):
    out = tmp_path / "mau.xlsx"
    call_command("import_data", "members", str(out), "--template")
    assert list(sheet_rows(out.read_bytes())[0]) == HEADERS


def test_a_zip_bomb_dressed_as_a_workbook_is_refused_unread(tree, settings):
    settings.UPLOAD_ARCHIVE_MAX_BYTES = 1024 * 1024
    book = workbook(HEADERS, [_row()])
    bomb = BytesIO()
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        out.writestr("xl/media/zeros.bin", bytes(2 * 1024 * 1024))
    bomb.seek(0)
    report = _import(bomb)
    assert _messages(report) == [(1, "", "“doan-vien.xlsx” khi giải nén sẽ chiếm hơn 1 MB.")]
    assert report.rows == 0 and Membership.objects.count() == 0
