"""XLSX workbooks made of tables: a bold header row, then the rows, one sheet per table.

Cells keep their types so the workbook can be computed with: numbers (``int``, ``float``,
``Decimal``) stay numbers, dates and datetimes become dates shown ``dd/mm/yyyy`` (aware
datetimes in the local time, since Excel has no time zones), translated lazy strings become
their text. Column widths follow the content unless given. The caller translates the headers
(usually inside ``translation.override(settings.LANGUAGE_CODE)``, so the workbook is in
Vietnamese whoever downloads it).

Text typed by users never becomes a formula: a text cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is written with a leading apostrophe, as text (CSV/formula
injection). Every workbook we write passes through ``cell_value``.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
MIN_WIDTH = 8
MAX_WIDTH = 60
SHEET_TITLE_LENGTH = 31  # Excel's limit
_FORBIDDEN_IN_TITLES = re.compile(r"[\[\]:*?/\\]")
# What a spreadsheet application reads as the start of a formula (or a DDE call).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class SheetTable:
    """One sheet: its name, the column headers and the rows (cells of any plain type).

    ``widths`` maps 1-based column numbers to widths in characters; other columns are sized
    to their content.
    """

    title: str
    headers: Sequence[Any]
    rows: Sequence[Sequence[Any]]
    widths: Mapping[int, float] = field(default_factory=dict)


def neutralised_text(text: str) -> str:
    """``text`` with an apostrophe in front when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def cell_value(value: Any) -> Any:
    """The value as a workbook cell holds it (see the module docstring)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return neutralised_text(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _text_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, float | Decimal):
        return len(f"{value:.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def sheet_title(title: str) -> str:
    """``title`` made acceptable as a sheet name (no ``[]:*?/\\``, at most 31 characters)."""
    cleaned = _FORBIDDEN_IN_TITLES.sub(" ", str(title)).strip() or "Sheet"
    return cleaned[:SHEET_TITLE_LENGTH]


def fill_worksheet(
    worksheet: Worksheet,
    *,
    headers: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    widths: Mapping[int, float] | None = None,
) -> None:
    """Write ``headers`` (bold, wrapped, frozen above the rows) and ``rows`` into
    ``worksheet``, with dates formatted ``dd/mm/yyyy`` and the column widths set."""
    widths = widths or {}
    worksheet.append([cell_value(header) for header in headers])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    longest = [min(max(_text_length(cell_value(h)), MIN_WIDTH), 30) for h in headers]
    for row in rows:
        values = [cell_value(value) for value in row]
        worksheet.append(values)
        for index, value in enumerate(values):
            if index < len(longest):
                longest[index] = max(longest[index], _text_length(value))
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    worksheet.freeze_panes = "A2"
    for index in range(1, len(headers) + 1):
        width = widths.get(index) or min(longest[index - 1] + 2, MAX_WIDTH)
        worksheet.column_dimensions[get_column_letter(index)].width = width


def workbook_bytes(tables: Sequence[SheetTable]) -> bytes:
    """An XLSX workbook with one sheet per table, in order, as bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        title = sheet_title(table.title)
        number = 2
        while title.lower() in used:
            suffix = f" ({number})"
            title = sheet_title(table.title)[: SHEET_TITLE_LENGTH - len(suffix)] + suffix
            number += 1
        used.add(title.lower())
        fill_worksheet(
            workbook.create_sheet(title),
            headers=table.headers,
            rows=table.rows,
            widths=table.widths,
        )
    if not tables:
        workbook.create_sheet("Sheet")
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
