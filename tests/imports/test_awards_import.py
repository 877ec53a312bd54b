"""Importing past awards from Excel: the template, issued decisions that keep their numbers with
their recipients (no certificate, nothing sent), every bad input of issue 15, dry run,
idempotent re-import, undo, who may import for which issuer, the command, a round trip through
the export."""

import datetime
import json
from io import BytesIO

import pytest
from django.core.management import call_command

from accounts.errors import ApplicationError
from awards.codes import new_short_code, new_token
from awards.enums import AwardDecisionStatus
from awards.models import AwardDecision, Certificate, Recipient
from awards.services.numbering import next_decision_number
from imports.awards import PastAwardImporter
from imports.models import ImportBatch
from imports.services import batch_undo, export_workbook, import_file, template_workbook
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory
from tests.factories.employers import make_employer
from tests.imports.workbooks import filled_template, sheet_rows, workbook
from unions.enums import Role

HEADERS = [column.header for column in PastAwardImporter().columns]
GIAY_KHEN = "Giấy khen của Công đoàn cơ sở"
BANG_KHEN = "Bằng khen của LĐLĐ tỉnh, thành phố / Công đoàn ngành trung ương"
CO_THI_DUA = "Cờ thi đua của LĐLĐ tỉnh, thành phố / Công đoàn ngành trung ương"


@pytest.fixture
def registry(tree):
    """The tree, an administrator (an operator's import records decisions in their name), two
    members with card numbers and two past initiatives of CSX."""
    tree.admin = UserFactory(is_superuser=True)
    make_employer(tree.grassroots_a1x, name="Công ty May Sông Hiếu")
    tree.hang = UserFactory(last_name="Nguyễn Thị", first_name="Hằng")
    MembershipFactory(user=tree.hang, unit=tree.grassroots_a1x, card_number="QT-000001")
    tree.dong = UserFactory(last_name="Trần Văn", first_name="Đông")
    MembershipFactory(user=tree.dong, unit=tree.grassroots_a1y, card_number="QT-000002")
    report = import_file(
        kind="initiatives",
        handle=filled_template(
            "initiatives",
            [
                [
                    "SK-2019-00012",
                    "Cải tiến khuôn ép đế giày",
                    "QT-000001",
                    "CSX",
                    "",
                    2019,
                    "Cơ sở",
                    "12/QĐ-MAYSH",
                    datetime.date(2019, 12, 20),
                    None,
                ],
                ["", "Sổ tay an toàn", "QT-000001", "CSX", "", 2018, "Cấp trên", "", None, None],
            ],
        ),
        file_name="sang-kien.xlsx",
    )
    assert report.created == 2, report.errors
    return tree


def _row(
    number="15/QĐ-CSX",
    decided_on=datetime.date(2020, 1, 15),
    issuer="CSX",
    award=GIAY_KHEN,
    signer="Lê Văn Nam",
    signer_title="Chủ tịch",
    card="QT-000001",
    name="Nguyễn Thị Hằng",
    unit="",
    initiative_unit="",
    receipt="",
    title="",
):
    return [
        number,
        decided_on,
        issuer,
        award,
        signer,
        signer_title,
        card,
        name,
        unit,
        initiative_unit,
        receipt,
        title,
    ]


def _rows():
    return [
        _row(),
        _row(card="", name="Phạm Văn Hải"),
        _row(
            number="120/QĐ-LĐLĐ",
            decided_on=datetime.date(2021, 3, 2),
            issuer="QTR",
            award=CO_THI_DUA,
            signer="",
            signer_title="",
            card="",
            name="",
            unit="CSX",
        ),
        _row(number="16/QĐ-CSX", initiative_unit="CSX", receipt="SK-2019-00012"),
        _row(number="17/QĐ-CSX", initiative_unit="CSX", title="Sổ tay an toàn"),
    ]


def _import(handle, **kwargs):
    kwargs.setdefault("file_name", "khen-thuong.xlsx")
    return import_file(kind="awards", handle=handle, **kwargs)


def _where(report):
    return [(p.row, p.column) for p in report.errors]


def test_template_has_headers_an_example_and_explanations(db):
    content = template_workbook("awards")
    data = sheet_rows(content)
    assert list(data[0]) == HEADERS
    assert data[1][0] == "15/QĐ-CSX"
    explanations = sheet_rows(content, sheet=1)
    assert [row[0] for row in explanations[1:]] == HEADERS
    assert GIAY_KHEN in explanations[4][2]  # the award types of the registry


def test_import_records_issued_decisions_keeping_their_numbers(
    registry, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as callbacks:
        report = _import(filled_template("awards", _rows()))
    assert (report.rows, report.created, report.errors) == (5, 5, [])
    decision = AwardDecision.objects.get(number="15/QĐ-CSX")
    assert decision.status == AwardDecisionStatus.ISSUED
    assert (decision.issuer, decision.year, decision.sequence) == (
        registry.grassroots_a1x,
        2020,
        15,
    )
    assert (decision.signer_name, decision.decided_on) == ("Lê Văn Nam", datetime.date(2020, 1, 15))
    assert [(r.name, r.user) for r in decision.recipients.order_by("order")] == [
        ("Nguyễn Thị Hằng", registry.hang),
        ("Phạm Văn Hải", None),
    ]
    flag = AwardDecision.objects.get(number="120/QĐ-LĐLĐ")
    assert flag.recipients.get().unit == registry.grassroots_a1x and flag.sequence == 120
    assert Recipient.objects.get(decision__number="16/QĐ-CSX").initiative.receipt_number == (
        "SK-2019-00012"
    )
    assert Recipient.objects.get(decision__number="17/QĐ-CSX").initiative.title == (
        "Sổ tay an toàn"
    )
    # No certificate is drawn and nothing is sent or queued.
    assert not Certificate.objects.exists()
    # (the public site's cache version is bumped after any write, and the figures' refresh is
    # queued; nothing is sent)
    assert {callback.__name__ for callback in callbacks} <= {
        "bump_site_version",
        "_enqueue_readers",
    }
    assert mailoutbox == []
    # The unit's next decision of that year is numbered after the imported ones.
    assert next_decision_number(registry.grassroots_a1x, 2020)[0] == 18


def test_reimport_changes_nothing_and_an_issued_decision_does_not_grow(registry):
    _import(filled_template("awards", _rows()))
    again = _import(filled_template("awards", _rows()))
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 5, [])
    more = _import(filled_template("awards", [_row(card="QT-000002", name="")]))
    assert _where(more) == [(2, "")]
    assert "không thay đổi" in more.errors[0].message
    assert Recipient.objects.count() == 5


def test_dry_run_counts_and_saves_nothing(registry):
    report = _import(filled_template("awards", _rows()), dry_run=True)
    assert (report.created, report.errors, report.batch_id) == (5, [], None)
    assert not AwardDecision.objects.exists()


def test_wrong_file_type(db):
    report = _import(BytesIO(b"So quyet dinh;Ngay\n1;2020\n"))
    assert report.rows == 0 and ".xlsx" in report.errors[0].message


def test_other_headers(registry):
    report = _import(workbook(["Số", "Ngày"], [["1", "01/01/2020"]]))
    assert _where(report) == [(1, "Số quyết định")]
    assert not AwardDecision.objects.exists()


def test_merged_cells(registry):
    report = _import(workbook(HEADERS, _rows()[:2], merge="A2:A3"))
    assert len(report.errors) == 1 and "gộp" in report.errors[0].message


def test_dates_as_text_and_as_excel_dates(registry):
    rows = [
        _row(decided_on="15/01/2020"),
        _row(number="16/QĐ-CSX", decided_on=datetime.datetime(2020, 2, 1)),
        _row(number="17/QĐ-CSX", decided_on="2020-13-01"),
    ]
    report = _import(workbook(HEADERS, rows))
    assert _where(report) == [(4, "Ngày quyết định")]
    assert "dd/mm/yyyy" in report.errors[0].message
    assert _import(workbook(HEADERS, rows[:2])).created == 2
    assert sorted(AwardDecision.objects.values_list("decided_on", flat=True)) == [
        datetime.date(2020, 1, 15),
        datetime.date(2020, 2, 1),
    ]


def test_unknown_unit_codes_card_numbers_and_awards(registry):
    rows = [
        _row(issuer="XYZ"),
        _row(number="2", card="QT-999999"),
        _row(number="3", card="", name="", unit="ABC"),
        _row(number="4", award="Huân chương không có"),
    ]
    report = _import(workbook(HEADERS, rows))
    assert _where(report) == [
        (2, "Mã đơn vị ban hành"),
        (3, "Số thẻ đoàn viên"),
        (4, "Mã đơn vị được khen"),
        (5, "Hình thức khen thưởng"),
    ]
    assert "XYZ" in report.errors[0].message and "QT-999999" in report.errors[1].message
    assert not AwardDecision.objects.exists()


def test_the_same_row_twice_and_a_decision_told_two_ways(registry):
    rows = [
        _row(),
        _row(name=""),  # the same member by card number
        _row(card="", name="Phạm Văn Hải"),
        _row(card="", name="pham van hai"),  # the same name, diacritics aside
        _row(card="QT-000002", name="", decided_on=datetime.date(2020, 1, 16)),
    ]
    report = _import(workbook(HEADERS, rows))
    assert _where(report) == [(3, "Số quyết định"), (5, "Số quyết định"), (6, "Số quyết định")]
    assert "2" in report.errors[0].message and "4" in report.errors[1].message


def test_recipient_the_award_is_not_given_to(registry):
    report = _import(workbook(HEADERS, [_row(issuer="QTR", award=CO_THI_DUA)]))
    assert report.created == 0 and len(report.errors) == 1
    assert not AwardDecision.objects.exists()


def test_a_hundred_thousand_empty_rows_at_the_end(registry):
    report = _import(workbook(HEADERS, [_row()], blank_rows=100_000))
    assert (report.rows, report.created, report.errors) == (1, 1, [])


@pytest.mark.parametrize(
    ("place", "allowed"),
    [
        ("grassroots_a1x", True),  # the issuer itself
        ("district_a1", True),  # its parent
        ("province_a", True),  # an ancestor further up
        ("grassroots_a1y", False),  # a sibling
        ("province_b", False),  # another branch
    ],
)
def test_an_officer_imports_only_decisions_of_units_in_scope(registry, place, allowed):
    officer = UserFactory()
    RoleGrantFactory(user=officer, unit=getattr(registry, place), role=Role.OFFICER)
    report = _import(workbook(HEADERS, [_row()]), actor=officer)
    if allowed:
        assert (report.created, report.errors) == (1, [])
        assert AwardDecision.objects.get().issued_by == officer
    else:
        assert _where(report) == [(2, "Mã đơn vị ban hành")]
        assert "không được" in report.errors[0].message
        assert not AwardDecision.objects.exists()


def test_undo_deletes_the_decisions(registry):
    report = _import(filled_template("awards", _rows()))
    batch_undo(batch=ImportBatch.objects.get(pk=report.batch_id))
    assert not AwardDecision.objects.exists() and not Recipient.objects.exists()


def test_undo_refused_once_a_certificate_was_made(registry):
    report = _import(filled_template("awards", _rows()[:1]))
    Certificate.objects.create(
        recipient=Recipient.objects.get(), token=new_token(), short_code=new_short_code()
    )
    with pytest.raises(ApplicationError) as error:
        batch_undo(batch=ImportBatch.objects.get(pk=report.batch_id))
    assert "hoàn tác" in error.value.message
    assert AwardDecision.objects.count() == 1


def test_round_trip_template_import_export(registry):
    rows = _rows()
    _import(filled_template("awards", rows))
    exported = export_workbook("awards")
    data = sheet_rows(exported)
    assert list(data[0]) == HEADERS

    def _plain(row):
        return [v.date() if isinstance(v, datetime.datetime) else (v or "") for v in row]

    assert sorted(_plain(r) for r in data[1:]) == sorted(_plain(r) for r in rows)
    again = _import(BytesIO(exported))
    assert (again.errors, again.unchanged) == ([], 5)
    # An officer's export holds the issuers in scope only.
    assert len(sheet_rows(export_workbook("awards", registry.grassroots_a1x))) == 5


def test_command_json_exit_status_template_and_export(registry, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(filled_template("awards", [_row()]).getvalue())
    call_command("import_data", "awards", str(good), "--dry-run", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "kind": "awards",
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(HEADERS, [_row(issuer="XYZ")]).getvalue())
    with pytest.raises(SystemExit) as exit_:
        call_command("import_data", "awards", str(bad), "--format", "json")
    assert exit_.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["errors"][0]["row"] == 2 and out["errors"][0]["column"] == "Mã đơn vị ban hành"
    call_command("import_data", "awards", str(good))
    assert AwardDecision.objects.count() == 1
    export = tmp_path / "xuat.xlsx"
    call_command("import_data", "awards", str(export), "--export", "--unit", "CSX")
    assert sheet_rows(export.read_bytes())[1][0] == "15/QĐ-CSX"
