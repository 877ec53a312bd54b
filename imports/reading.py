"""Reading an uploaded workbook row by row, without holding it in memory (openpyxl read-only
mode), and turning its cells into clean values, with a Vietnamese message for every problem.

Cells may hold what Excel users type: dates as Excel dates or as ``dd/mm/yyyy`` text, phone
numbers stored as numbers that lost their leading 0, trailing spaces, thousands of empty rows
at the end. Merged cells are refused (read-only mode cannot see them, so the sheet's XML is
scanned for them first).
"""

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse

from accounts.errors import ApplicationError
from accounts.phone import normalise_phone
from accounts.uploads import check_archive


class RowError(Exception):
    """A cell that cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    explanation: Any
    parse: Callable[[Any], Any]
    required: bool = False
    example: Any = ""
    # A column added to the template after files were made with it: it comes last, and a sheet
    # that ends before it is read as if its cells were empty (the header check allows it).
    added_later: bool = False


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Report:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)
    rejected: list[tuple[int, list, str]] = field(default_factory=list)
    batch_id: int | None = None

    def reject(self, number: int, cells: list, error) -> None:
        """Record a row a rule refused while writing."""
        self.errors.append(Problem(number, getattr(error, "field", None) or "", str(error)))
        self.rejected.append((number, cells, str(error)))

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [problem.as_dict() for problem in self.errors],
        }


class FileError(Exception):
    """The file as a whole cannot be read (wrong type, other headers, merged cells)."""

    def __init__(self, message: str, column: str = ""):
        super().__init__(message)
        self.message = message
        self.column = column


# --- cell values ---------------------------------------------------------------------------

_DATE_TEXT = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def date_value(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_TEXT.fullmatch(text(value))
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise RowError(_("Write the date as dd/mm/yyyy, for example 17/05/1990."))


def phone_value(value: Any) -> str:
    raw = text(value)
    if not raw:
        return ""
    if isinstance(value, int | float) and not raw.startswith("0"):
        raw = "0" + raw  # a number cell drops the leading 0
    try:
        return normalise_phone(raw)
    except ValidationError:
        raise RowError(_("Enter a Vietnamese phone number such as 0912 345 678.")) from None


# --- the workbook --------------------------------------------------------------------------


def _size_from_sheet_head(sheet: ReadOnlyWorksheet) -> None:
    """The sheet's size as openpyxl's read-only mode reads it, without its full scan.

    openpyxl looks for the ``<dimension>`` element with ``end`` events, so when a file has none
    (openpyxl's write-only files, such as the register's exports, have none) it only gives up at
    the end of ``<sheetData>``: the whole sheet is parsed once more before its rows are read,
    about a fifth of the time of reading a members' file. The schema puts ``<dimension>`` before
    ``<sheetData>``, so stopping at the start of ``<sheetData>`` gives the same answer."""
    source = sheet._get_source()
    try:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == DIMENSION_TAG:
                boundaries = SheetDimension.from_tree(element).boundaries
                sheet._min_column, sheet._min_row, sheet._max_column, sheet._max_row = boundaries
                return
            if element.tag == DATA_TAG:
                return
    finally:
        source.close()


ReadOnlyWorksheet._get_size = _size_from_sheet_head


def _has_merged_cells(handle: IO[bytes]) -> bool:
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        for name in archive.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            with archive.open(name) as sheet:
                tail = b""
                while chunk := sheet.read(1 << 16):
                    if b"<mergeCell " in tail + chunk:
                        return True
                    tail = chunk[-16:]
            break  # only the first sheet is read
    return False


def read_rows(
    handle: IO[bytes],
    columns: list[Column],
    ignored_headers: set[str] = frozenset(),
    file_name: str = "",
) -> Iterator[tuple[int, list[Any]]]:
    """Yield ``(row number, cells)`` for each non-empty data row of the first sheet, after
    checking the headers. Raises FileError when the file cannot be read as the template, or
    is a zip bomb (``accounts.uploads.check_archive``; ``file_name`` names it)."""
    if zipfile.is_zipfile(handle):  # anything else is refused by the reader below
        try:
            check_archive(handle, file_name)
        except ApplicationError as error:
            raise FileError(error.message) from None
    try:
        if _has_merged_cells(handle):
            raise FileError(
                _("The sheet has merged cells; unmerge them so each cell holds one value.")
            )
        handle.seek(0)
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise FileError(_("The file is not an Excel workbook (.xlsx).")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headers = [text(cell) for cell in next(rows, ())]
        while headers and not headers[-1]:
            headers.pop()
        for index, column in enumerate(columns):
            found = headers[index] if index < len(headers) else ""
            if index >= len(headers) and all(later.added_later for later in columns[index:]):
                break  # a file made with the template before these columns were added
            if found != column.header:
                raise FileError(
                    _(
                        "The sheet's headers differ from the template: column %(number)d should "
                        "be “%(expected)s” but is “%(found)s”. Download the template and keep "
                        "its first row."
                    )
                    % {"number": index + 1, "expected": column.header, "found": found},
                    column=column.header,
                )
        for extra in headers[len(columns) :]:
            if extra and extra not in ignored_headers:
                raise FileError(
                    _("The sheet has a column the template does not know: “%(header)s”.")
                    % {"header": extra},
                    column=extra,
                )
        for number, cells in enumerate(rows, start=2):
            cells = list(cells[: len(columns)]) + [None] * (len(columns) - len(cells))
            if all(cell is None or text(cell) == "" for cell in cells):
                continue
            yield number, cells
    finally:
        workbook.close()
