"""Importing past initiatives from Excel: the template, the dossier in its final state (history,
search text, similar dossiers, the employer's decision the bank reads), every bad input of issue
15, dry run, idempotent re-import, undo, who may import into which unit, the command, a round
trip through the export."""

import datetime
import json
from io import BytesIO

import pytest
from django.core.management import call_command

from accounts.errors import ApplicationError
from awards.models import ExternalRecognition
from awards.selectors.recognitions import recognition_of
from imports.initiatives import PastInitiativeImporter
from imports.models import ImportBatch
from imports.services import batch_undo, export_workbook, import_file, template_workbook
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative, SimilarInitiative
from site_cms.selectors.bank import at_level, recognised_initiatives
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory
from tests.factories.employers import make_employer
from tests.imports.workbooks import filled_template, sheet_rows, workbook
from unions.enums import Role
from unions.levels import Level

HEADERS = [column.header for column in PastInitiativeImporter().columns]


@pytest.fixture
def registry(tree):
    """The tree, an employer at CSX and two members with card numbers."""
    tree.employer = make_employer(tree.grassroots_a1x, name="Công ty May Sông Hiếu")
    tree.hang = UserFactory(last_name="Nguyễn Thị", first_name="Hằng")
    MembershipFactory(user=tree.hang, unit=tree.grassroots_a1x, card_number="QT-000001")
    tree.dong = UserFactory(last_name="Trần Văn", first_name="Đông")
    MembershipFactory(user=tree.dong, unit=tree.grassroots_a1y, card_number="QT-000002")
    return tree


def _field_label():
    from imports.units import choice_label
    from initiatives.enums import InitiativeField

    return choice_label(InitiativeField, InitiativeField.MECHANICAL)


def _row(
    receipt="SK-2019-00012",
    title="Cải tiến khuôn ép đế giày giảm phế phẩm",
    authors="QT-000001; Trần Văn Bình",
    unit="CSX",
    field=None,
    year=2019,
    level="Cơ sở",
    number="12/QĐ-MAYSH",
    decided_on=datetime.date(2019, 12, 20),
    benefit=150_000_000,
    body="",
):
    return [
        receipt,
        title,
        authors,
        unit,
        _field_label() if field is None else field,
        year,
        level,
        number,
        decided_on,
        benefit,
        body,
    ]


def _higher(**kwargs):
    values = {
        "receipt": "",
        "title": "Quy trình bảo dưỡng máy khâu theo ca",
        "authors": "QT-000002",
        "unit": "CSY",
        "year": 2018,
        "level": "Cấp trên",
        "number": "",
        "decided_on": None,
        "benefit": None,
    }
    values.update(kwargs)
    return _row(**values)


def _import(handle, **kwargs):
    kwargs.setdefault("file_name", "sang-kien.xlsx")
    return import_file(kind="initiatives", handle=handle, **kwargs)


def _where(report):
    return [(p.row, p.column) for p in report.errors]


def test_template_has_headers_an_example_and_explanations(db):
    content = template_workbook("initiatives")
    data = sheet_rows(content)
    assert list(data[0]) == HEADERS
    assert data[1][1] == "Cải tiến khuôn ép đế giày giảm phế phẩm"
    explanations = sheet_rows(content, sheet=1)
    assert [row[0] for row in explanations[1:]] == HEADERS
    assert "Cơ khí và chế tạo" in explanations[5][2]


def test_import_makes_recognised_dossiers_the_registry_reads(registry):
    report = _import(filled_template("initiatives", [_row(), _higher()]))
    assert (report.rows, report.created, report.errors) == (2, 2, [])
    dossier = Initiative.objects.get(receipt_number="SK-2019-00012")
    assert dossier.status == InitiativeStatus.RECOGNISED
    assert (dossier.unit, dossier.employer, dossier.receipt_year) == (
        registry.grassroots_a1x,
        registry.employer,
        2019,
    )
    assert dossier.receipt_sequence == 12 and dossier.benefit_claimed == 150_000_000
    authors = list(dossier.authors.order_by("order"))
    assert [(a.full_name, a.user) for a in authors] == [
        ("Nguyễn Thị Hằng", registry.hang),
        ("Trần Văn Bình", None),
    ]
    assert sum(a.contribution for a in authors) == 100
    step = dossier.transitions.get()
    assert (step.action, step.from_status, step.to_status) == ("record_past", "", "recognised")
    assert "sang-kien.xlsx" in step.note and "12/QĐ-MAYSH" in step.note
    # The search text is kept: title, receipt number and authors, without diacritics.
    for words in ("cai tien khuon", "sk 2019 00012", "tran van binh", "nguyen thi hang"):
        assert f" {words}" in dossier.search_document
    # Recognised at the base: the employer's decision, confirmed, as the bank reads it.
    recognition = recognition_of(dossier)
    assert (recognition.number, recognition.decided_on, recognition.employer) == (
        "12/QĐ-MAYSH",
        datetime.date(2019, 12, 20),
        registry.employer,
    )
    higher = Initiative.objects.get(unit=registry.grassroots_a1y)
    assert recognition_of(higher) is None and higher.receipt_number == ""
    assert ExternalRecognition.objects.count() == 1


def test_a_higher_body_gives_the_dossier_its_level_in_the_bank(registry):
    """A dossier recognised by the provincial federation is in the bank at the provincial
    level from its import on, not at the grassroots until its award is imported."""
    rows = [
        _higher(body="qtr"),
        _higher(title="Sổ tay an toàn lao động", body="DHA"),
        _higher(title="Bảng kiểm ca trực"),
    ]
    report = _import(filled_template("initiatives", rows))
    assert (report.created, report.errors) == (3, [])
    province = Initiative.objects.get(title__startswith="Quy trình")
    assert province.highest_level == Level.PROVINCIAL
    assert "Liên đoàn Lao động tỉnh Quảng Trị" in province.transitions.get().note
    levels = {
        key: set(at_level(recognised_initiatives(), key).values_list("title", flat=True))
        for key in ("provincial", "upper_direct", "grassroots")
    }
    assert levels == {
        "provincial": {"Quy trình bảo dưỡng máy khâu theo ca"},
        "upper_direct": {"Sổ tay an toàn lao động"},
        "grassroots": {"Bảng kiểm ca trực"},
    }
    # The export names the body of that level above the unit, and imports back unchanged.
    exported = sheet_rows(export_workbook("initiatives"))
    assert sorted(row[-1] or "" for row in exported[1:]) == ["", "DHA", "QTR"]
    again = _import(BytesIO(export_workbook("initiatives")))
    assert (again.errors, again.unchanged) == ([], 3)


def test_the_recognising_body_must_be_a_higher_body_above_the_unit(registry):
    rows = [
        _higher(body="CSX"),  # a grassroots union
        _higher(title="Hai", body="PTO"),  # a province, but not the unit's
        _higher(title="Ba", body="KHONG-CO"),
        _row(body="QTR"),  # at the base the employer recognises it
    ]
    report = _import(filled_template("initiatives", rows))
    assert _where(report) == [(row, "Mã đơn vị công nhận") for row in (2, 3, 4, 5)]
    assert "Công đoàn cơ sở Công ty May Sông Hiếu" in report.errors[0].message
    assert Initiative.objects.count() == 0


def test_similar_dossiers_are_stored_as_on_submission(registry):
    _import(filled_template("initiatives", [_row()]))
    report = _import(
        filled_template(
            "initiatives",
            [
                _higher(
                    title="Cải tiến khuôn ép đế giày giảm phế phẩm mới",
                    authors="QT-000002; Lê Văn Tư",
                )
            ],
        )
    )
    assert report.created == 1
    newer = Initiative.objects.get(unit=registry.grassroots_a1y)
    assert SimilarInitiative.objects.filter(
        initiative=newer, other__receipt_number="SK-2019-00012"
    ).exists()


def test_later_receipts_of_the_unit_follow_an_imported_one(registry):
    from initiatives.services import _next_receipt

    _import(filled_template("initiatives", [_row(receipt="SK-2019-00012")]))
    dossier = Initiative.objects.get()
    assert _next_receipt(dossier, 2019) == (13, "SK-2019-00013")


def test_reimport_changes_nothing_and_a_different_value_is_refused(registry):
    rows = [_row(), _higher()]
    _import(filled_template("initiatives", rows))
    again = _import(filled_template("initiatives", rows))
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 2, [])
    # Matched by unit, year and title without diacritics when there is no receipt number.
    folded = _higher(title="quy trinh bao duong may khau theo ca")
    assert _import(filled_template("initiatives", [folded])).unchanged == 1
    changed = _import(filled_template("initiatives", [_row(benefit=99)]))
    assert _where(changed) == [(2, "")]
    assert "Lợi ích kinh tế (đồng/năm)" in changed.errors[0].message
    assert Initiative.objects.count() == 2


def test_dry_run_counts_and_saves_nothing(registry):
    report = _import(filled_template("initiatives", [_row(), _higher()]), dry_run=True)
    assert (report.created, report.errors, report.batch_id) == (2, [], None)
    assert not Initiative.objects.exists() and not ImportBatch.objects.exists()


def test_wrong_file_type(db):
    report = _import(BytesIO(b"Ten sang kien;Nam\nA;2019\n"))
    assert report.rows == 0 and ".xlsx" in report.errors[0].message


def test_other_headers(registry):
    report = _import(workbook(["Tên", "Năm"], [["A", 2019]]))
    assert _where(report) == [(1, "Số biên nhận")]
    assert "mẫu" in report.errors[0].message
    assert not Initiative.objects.exists()


def test_a_file_made_with_the_template_before_its_last_column_imports(registry):
    # The template of issue 15's first release had no "Mã đơn vị công nhận" column.
    report = _import(workbook(HEADERS[:-1], [_row()[:-1], _higher()[:-1]]))

    assert report.errors == []
    assert Initiative.objects.count() == 2
    grassroots = at_level(recognised_initiatives(), Level.GRASSROOTS.key)
    assert grassroots.count() == 2  # no body named: both enter the bank at grassroots level


def test_merged_cells(registry):
    report = _import(workbook(HEADERS, [_row(), _higher()], merge="D2:D3"))
    assert len(report.errors) == 1 and "gộp" in report.errors[0].message


def test_dates_as_text_and_as_excel_dates(registry):
    rows = [
        _row(decided_on="20/12/2019"),
        _higher(
            receipt="SK-2019-00013",
            unit="CSX",
            level="Cơ sở",
            number="13/QĐ-MAYSH",
            decided_on=datetime.datetime(2019, 12, 21),
        ),
        _higher(
            receipt="SK-2019-00014", unit="CSX", level="Cơ sở", number="14", decided_on="31/02/2019"
        ),
    ]
    report = _import(workbook(HEADERS, rows))
    assert _where(report) == [(4, "Ngày quyết định công nhận")]
    assert "dd/mm/yyyy" in report.errors[0].message
    assert _import(workbook(HEADERS, rows[:2])).created == 2
    assert sorted(ExternalRecognition.objects.values_list("decided_on", flat=True)) == [
        datetime.date(2019, 12, 20),
        datetime.date(2019, 12, 21),
    ]


def test_unknown_unit_codes_and_card_numbers(registry):
    rows = [_row(unit="XYZ"), _higher(authors="QT-999999"), _higher(title="Khác", unit="DHA")]
    report = _import(workbook(HEADERS, rows))
    assert _where(report) == [(2, "Mã đơn vị"), (3, "Tác giả"), (4, "Mã đơn vị")]
    assert "XYZ" in report.errors[0].message and "QT-999999" in report.errors[1].message
    assert not Initiative.objects.exists()


def test_the_same_initiative_twice_in_one_file(registry):
    rows = [
        _row(),
        _row(title="Tên khác"),
        _higher(),
        _higher(title="QUY TRÌNH bảo dưỡng máy khâu theo ca"),
    ]
    report = _import(workbook(HEADERS, rows))
    assert _where(report) == [(3, "Số biên nhận"), (5, "Tên sáng kiến")]
    assert "2" in report.errors[0].message and "4" in report.errors[1].message


def test_a_hundred_thousand_empty_rows_at_the_end(registry):
    report = _import(workbook(HEADERS, [_row()], blank_rows=100_000))
    assert (report.rows, report.created, report.errors) == (1, 1, [])


def test_base_level_needs_the_decision_and_an_employer(registry):
    rows = [_row(number=""), _higher(level="Cơ sở", number="1/QĐ", decided_on="01/01/2018")]
    report = _import(workbook(HEADERS, rows))
    assert _where(report) == [(2, "Số quyết định công nhận"), (3, "Mã đơn vị")]
    assert "cơ sở" in report.errors[1].message.lower()


def test_valid_only_imports_the_rest(registry):
    report = _import(workbook(HEADERS, [_row(), _higher(unit="XYZ")]), valid_only=True)
    assert report.created == 1 and report.batch_id and len(report.rejected) == 1


@pytest.mark.parametrize(
    ("place", "allowed"),
    [
        ("grassroots_a1x", True),  # the same unit
        ("district_a1", True),  # its parent
        ("province_a", True),  # an ancestor further up
        ("grassroots_a1y", False),  # a sibling
        ("province_b", False),  # another branch
    ],
)
def test_an_officer_imports_only_into_units_in_scope(registry, place, allowed):
    officer = UserFactory()
    RoleGrantFactory(user=officer, unit=getattr(registry, place), role=Role.OFFICER)
    report = _import(workbook(HEADERS, [_row()]), actor=officer)
    if allowed:
        assert (report.created, report.errors) == (1, [])
        assert Initiative.objects.get().created_by == officer
    else:
        assert _where(report) == [(2, "Mã đơn vị")]
        assert "không được" in report.errors[0].message.lower()
        assert not Initiative.objects.exists()


def test_a_viewer_may_not_import(registry):
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=registry.national, role=Role.VIEWER)
    report = _import(workbook(HEADERS, [_row()]), actor=viewer)
    assert _where(report) == [(2, "Mã đơn vị")]


def test_undo_deletes_the_dossiers(registry):
    report = _import(filled_template("initiatives", [_row(), _higher()]))
    batch_undo(batch=ImportBatch.objects.get(pk=report.batch_id))
    assert not Initiative.objects.exists() and not ExternalRecognition.objects.exists()
    assert ImportBatch.objects.get().undone_at is not None


def test_undo_refused_once_an_award_names_the_dossier(registry):
    from tests.factories.awards import issue_award

    report = _import(filled_template("initiatives", [_row()]))
    issue_award(
        "giay-khen-co-so",
        registry.grassroots_a1x,
        persons=[registry.hang],
        initiative=Initiative.objects.get(),
    )
    with pytest.raises(ApplicationError) as error:
        batch_undo(batch=ImportBatch.objects.get(pk=report.batch_id))
    assert "hoàn tác" in error.value.message
    assert Initiative.objects.count() == 1


def test_round_trip_template_import_export(registry):
    rows = [_row(), _higher()]
    _import(filled_template("initiatives", rows))
    exported = export_workbook("initiatives")
    data = sheet_rows(exported)
    assert list(data[0]) == HEADERS

    def _plain(row):
        return [v.date() if isinstance(v, datetime.datetime) else (v or "") for v in row]

    assert sorted(_plain(r) for r in data[1:]) == sorted(_plain(r) for r in rows)
    again = _import(BytesIO(exported))
    assert (again.errors, again.unchanged) == ([], 2)
    # An officer's export holds the units in scope only.
    assert len(sheet_rows(export_workbook("initiatives", registry.grassroots_a1y))) == 2


def test_command_json_exit_status_template_and_export(registry, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(filled_template("initiatives", [_row()]).getvalue())
    call_command("import_data", "initiatives", str(good), "--dry-run", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "kind": "initiatives",
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(HEADERS, [_row(unit="XYZ")]).getvalue())
    with pytest.raises(SystemExit) as exit_:
        call_command("import_data", "initiatives", str(bad), "--format", "json")
    assert exit_.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["errors"][0]["row"] == 2 and out["errors"][0]["column"] == "Mã đơn vị"
    call_command("import_data", "initiatives", str(good), "--unit", "QTR")
    assert Initiative.objects.count() == 1
    template = tmp_path / "mau.xlsx"
    call_command("import_data", "initiatives", str(template), "--template")
    assert list(sheet_rows(template.read_bytes())[0]) == HEADERS
    export = tmp_path / "xuat.xlsx"
    call_command("import_data", "initiatives", str(export), "--export", "--unit", "DHA")
    assert sheet_rows(export.read_bytes())[1][0] == "SK-2019-00012"
