"""Workbooks for the import tests, written with openpyxl as a user's Excel would save them."""

from io import BytesIO

from openpyxl import Workbook, load_workbook

from imports.services import template_workbook


def workbook(headers, rows, *, merge: str | None = None, blank_rows: int = 0) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if blank_rows:
        # Formatted but empty rows, as Excel keeps after rows are cleared.
        last = sheet.max_row
        for number in range(last + 1, last + 1 + blank_rows):
            sheet.cell(row=number, column=1).number_format = "@"
    if merge:
        sheet.merge_cells(merge)
    output = BytesIO()
    book.save(output)
    output.seek(0)
    return output


def filled_template(kind: str, rows) -> BytesIO:
    """The downloaded template with its example row replaced by ``rows``."""
    book = load_workbook(BytesIO(template_workbook(kind)))
    sheet = book.worksheets[0]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(row)
    output = BytesIO()
    book.save(output)
    output.seek(0)
    return output


def sheet_rows(content: bytes, sheet: int = 0) -> list[tuple]:
    book = load_workbook(BytesIO(content), read_only=True)
    return [tuple(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]
