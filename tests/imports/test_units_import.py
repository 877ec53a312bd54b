"""Importing units (with their employers) from Excel: template, parents from earlier rows,
idempotent re-import, renames, bad input, undo, round trip."""

import datetime

import pytest

from accounts.errors import ApplicationError
from imports.models import ImportBatch
from imports.services import batch_undo, import_file, template_workbook
from imports.units import UnitImporter, unit_export_rows
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory
from tests.imports.workbooks import filled_template, sheet_rows, workbook
from unions.enums import Role, UnitKind
from unions.models import Employer, Unit, UnitVersion
from unions.selectors.employers import employer_of

HEADERS = [column.header for column in UnitImporter().columns]
GRASSROOTS = "Công đoàn cơ sở"
PRIVATE = "Doanh nghiệp tư nhân"


def _kind_label(value, choices=UnitKind):
    from imports.units import choice_label

    return choice_label(choices, value)


def _rows():
    return [
        [
            "HLA",
            "Liên đoàn Lao động huyện Hải Lăng",
            "LĐLĐ Hải Lăng",
            _kind_label(UnitKind.DISTRICT_FEDERATION),
            "QTR",
            datetime.date(2001, 1, 1),
            "",
            "",
            "",
        ],
        [
            "CSHL",
            "Công đoàn cơ sở Công ty Gạch Hải Lăng",
            "",
            _kind_label(UnitKind.GRASSROOTS_UNION),
            "HLA",
            datetime.date(2010, 5, 1),
            "Công ty TNHH Gạch Hải Lăng",
            "GACHHL",
            _employer_private(),
        ],
    ]


def _employer_private():
    from imports.units import choice_label
    from unions.enums import EmployerKind

    return choice_label(EmployerKind, EmployerKind.PRIVATE)


def _import(handle, **kwargs):
    return import_file(kind="units", handle=handle, file_name="don-vi.xlsx", **kwargs)


def test_template(db):
    content = template_workbook("units")
    assert list(sheet_rows(content)[0]) == HEADERS
    assert len(sheet_rows(content, 1)) == len(HEADERS) + 1


def test_import_creates_units_under_earlier_rows_and_reimport_changes_nothing(tree):
    report = _import(filled_template("units", _rows()))
    assert (report.created, report.errors) == (2, [])
    grassroots = Unit.objects.get(code="CSHL")
    assert Unit.objects.get(path=grassroots.parent_path).code == "HLA"
    assert grassroots.valid_from == datetime.date(2010, 5, 1)
    assert employer_of(grassroots).code == "GACHHL"
    again = _import(filled_template("units", _rows()))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_reimport_renames(tree):
    _import(filled_template("units", _rows()))
    rows = _rows()
    rows[0][1] = "Liên đoàn Lao động thị xã Hải Lăng"
    report = _import(filled_template("units", rows))
    assert (report.updated, report.unchanged) == (1, 1)
    assert Unit.objects.get(code="HLA").name == "Liên đoàn Lao động thị xã Hải Lăng"


def test_round_trip(tree):
    rows = _rows()
    _import(filled_template("units", rows))
    exported = list(
        unit_export_rows(Unit.objects.filter(code__in=["HLA", "CSHL"]).order_by("path"))
    )
    assert exported == rows


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({4: "KHONG-CO"}, "Mã đơn vị cấp trên"),
        ({3: "Loại lạ"}, "Loại đơn vị"),
        ({5: "32/13/2001"}, "Ngày thành lập"),
        ({0: ""}, "Mã đơn vị"),
    ],
)
def test_bad_rows_are_reported_and_nothing_saved(tree, change, column):
    rows = _rows()
    for index, value in change.items():
        rows[0][index] = value
    report = _import(workbook(HEADERS, rows))
    assert (report.errors[0].row, report.errors[0].column) == (2, column)
    assert not Unit.objects.filter(code__in=["HLA", "CSHL"]).exists()


def test_same_unit_twice(tree):
    rows = _rows()
    report = _import(workbook(HEADERS, [rows[0], rows[0]]))
    assert [(p.row, p.column) for p in report.errors] == [(3, "Mã đơn vị")]


def test_kind_or_parent_change_is_refused(tree):
    rows = [
        [
            "CSX",
            tree.grassroots_a1x.name,
            "",
            _kind_label(UnitKind.GRASSROOTS_UNION),
            "GLI",
            datetime.date(2000, 1, 1),
            "",
            "",
            "",
        ]
    ]
    report = _import(workbook(HEADERS, rows))
    assert report.errors and not report.batch_id


def test_actor_needs_the_restructure_capability_on_the_parent(tree):
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.province_a, role=Role.VIEWER)
    report = _import(workbook(HEADERS, _rows()), actor=viewer)
    assert (report.errors[0].row, report.errors[0].column) == (2, "Mã đơn vị cấp trên")


def test_undo_deletes_created_units_unless_they_have_members(tree):
    report = _import(filled_template("units", _rows()))
    batch = ImportBatch.objects.get(pk=report.batch_id)
    member = MembershipFactory(unit=Unit.objects.get(code="CSHL"))
    with pytest.raises(ApplicationError):
        batch_undo(batch=batch)
    member.delete()
    versions = UnitVersion.objects.count()
    batch_undo(batch=batch)
    assert not Unit.objects.filter(code__in=["HLA", "CSHL"]).exists()
    assert not Employer.objects.filter(code="GACHHL").exists()
    assert UnitVersion.objects.count() == versions - 2
    assert Unit.objects.get(code="QTR").numchild == 2


def _names(unit):
    return list(
        UnitVersion.objects.filter(unit=unit).order_by("valid_from").values_list("name", "valid_to")
    )


def test_undoing_a_rename_takes_it_back_without_recording_another(tree):
    from unions.enums import UnitEventAction
    from unions.models import UnitEvent

    _import(filled_template("units", _rows()))
    unit = Unit.objects.get(code="HLA")
    versions_before = _names(unit)
    events_before = list(UnitEvent.objects.filter(unit=unit).values_list("pk", flat=True))
    rows = _rows()
    rows[0][1] = "Liên đoàn Lao động thị xã Hải Lăng"
    rows[0][2] = "LĐLĐ thị xã Hải Lăng"
    report = _import(filled_template("units", rows))
    assert report.updated == 1 and len(_names(unit)) == 2
    batch_undo(batch=ImportBatch.objects.get(pk=report.batch_id))
    unit.refresh_from_db()
    assert (unit.name, unit.short_name) == ("Liên đoàn Lao động huyện Hải Lăng", "LĐLĐ Hải Lăng")
    assert _names(unit) == versions_before
    assert list(UnitEvent.objects.filter(unit=unit).values_list("pk", flat=True)) == events_before
    assert not UnitEvent.objects.filter(unit=unit, action=UnitEventAction.RENAMED).exists()


def test_undoing_a_rename_on_the_day_the_version_began(tree):
    from unions.models import UnitEvent

    rows = _rows()[:1]
    rows[0][5] = None  # established today: the rename replaces the day's version
    _import(filled_template("units", rows))
    unit = Unit.objects.get(code="HLA")
    renamed = [list(rows[0])]
    renamed[0][1] = "Liên đoàn Lao động thị xã Hải Lăng"
    report = _import(filled_template("units", renamed))
    assert _names(unit) == [("Liên đoàn Lao động thị xã Hải Lăng", None)]
    batch_undo(batch=ImportBatch.objects.get(pk=report.batch_id))
    assert _names(unit) == [("Liên đoàn Lao động huyện Hải Lăng", None)]
    assert UnitEvent.objects.filter(unit=unit).count() == 1  # its creation only


def test_undoing_a_rename_is_refused_after_a_later_change(tree):
    from unions.services import unit_rename

    _import(filled_template("units", _rows()))
    rows = _rows()
    rows[0][1] = "Liên đoàn Lao động thị xã Hải Lăng"
    report = _import(filled_template("units", rows))
    unit_rename(
        unit=Unit.objects.get(code="HLA"),
        name="Liên đoàn Lao động thị xã Hải Lăng mới",
        short_name="",
        effective_date=datetime.date.today(),
    )
    with pytest.raises(ApplicationError) as error:
        batch_undo(batch=ImportBatch.objects.get(pk=report.batch_id))
    assert "đã thay đổi" in error.value.message
    assert Unit.objects.get(code="HLA").name == "Liên đoàn Lao động thị xã Hải Lăng mới"
