"""Reading an uploaded officials' file (XLSX or CSV) into header + rows, or a clear refusal.

The format is decided by the content, never by the file name: a renamed PDF is refused as a
PDF. CSV encodings are tried in a fixed order (UTF-8 with BOM, UTF-16 with BOM, UTF-8,
Windows-1258) and the one used is reported. Formula cells are read as their text and never
evaluated.

The column headings are found by headers.py (under a title, over one row or two, with a
row of column numbers skipped; Table.layout says where), and every row keeps the number
the spreadsheet shows for it. In an XLSX file a unit or position cell merged over several
rows (lists grouped by commune) counts for each of those rows.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from itertools import chain, islice

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser

from sandbox.numbers import thousands
from sandbox.operations.onboarding.headers import (
    HEADER_SEARCH_ROWS,
    find_header,
    header_columns,
    is_header,
    is_numbering,
    non_blank,
)
from sandbox.operations.onboarding.problems import FileProblem, empty_file
from sandbox.operations.onboarding.text import clean

# Columns whose cell, merged down over several rows, holds the value of each of those rows:
# lists grouped by commune merge the unit, and within a commune often the position
# ("Lãnh đạo" over the chairman and vice-chairmen). Never names, e-mails or phones (one
# person each; copying them would invent people or duplicates), nor the role (a right is
# granted on each person's own row, not spread by a merge).
MERGE_FILLED = ("unit", "position")
_DELIMITERS = (",", ";", "\t")


@dataclass
class Table:
    file_format: str
    encoding: str
    columns: dict  # field → column index
    rows: list  # (row number, {field: raw cell})
    ignored_headers: list = field(default_factory=list)
    # How the file was read: the header's first and last row, the column-numbering row.
    layout: dict = field(default_factory=dict)


_MAGIC = [
    (b"%PDF", "pdf"),
    (b"\xd0\xcf\x11\xe0", "xls"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"\x1f\x8b", "archive"),
    (b"Rar!", "archive"),
    (b"7z\xbc\xaf", "archive"),
]


def _refuse_binary(data: bytes, name: str):
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            messages = {
                "pdf": _(
                    "Tệp “%(name)s” là tệp PDF, không phải bảng tính. Xin tải lên tệp "
                    "XLSX hoặc CSV (có thể bắt đầu từ tệp mẫu)."
                ),
                "xls": _(
                    "Tệp “%(name)s” có định dạng Excel 97–2003 (.xls) hoặc Word cũ, chưa "
                    "được hỗ trợ. Xin mở tệp và lưu lại dạng .xlsx hoặc CSV."
                ),
                "image": _(
                    "Tệp “%(name)s” là ảnh, không phải bảng tính. Xin tải lên tệp XLSX "
                    "hoặc CSV."
                ),
                "archive": _(
                    "Tệp “%(name)s” là tệp nén, không phải bảng tính. Xin giải nén và tải "
                    "lên tệp XLSX hoặc CSV."
                ),
            }
            raise FileProblem(messages[kind] % {"name": name})


def read_table(data: bytes, name: str, *, max_rows: int) -> Table:
    """Parse `data` into a table of officials' rows, or raise FileProblem."""
    if not data.strip():
        raise empty_file(name)
    _refuse_binary(data, name)
    if data.startswith(b"PK\x03\x04"):
        file_format, encoding, records = "xlsx", "", _xlsx_records(data, name)
    else:
        text, encoding = _decode(data, name)
        file_format, records = "csv", _csv_records(text, name)
    return _table(file_format, encoding, records, name, max_rows)


# --- XLSX -----------------------------------------------------------------------------------


def _xlsx_records(data: bytes, name: str):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise FileProblem(
            _("Tệp “%(name)s” bị hỏng, không mở được.") % {"name": name}
        ) from exc
    if "xl/workbook.xml" not in names:
        if "mimetype" in names or "content.xml" in names:
            message = _(
                "Tệp “%(name)s” là bảng tính OpenDocument (.ods). Xin lưu lại dạng .xlsx "
                "hoặc CSV."
            )
        else:
            message = _(
                "Tệp “%(name)s” là tệp nén hoặc tài liệu Word, không phải bảng tính XLSX."
            )
        raise FileProblem(message % {"name": name})
    try:
        # data_only=False: a formula cell gives its text ("=..."), never a computed value.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise FileProblem(
            _("Tệp “%(name)s” bị hỏng, không mở được bằng Excel.") % {"name": name}
        ) from exc
    return SheetRecords(book)


class SheetRecords:
    """(row number, cell values) of a workbook's first sheet, streamed; then its merges.

    A read-only worksheet runs openpyxl's own sheet parser but drops the merged ranges it
    parses (they follow the cells in the file); a normal workbook keeps them, but also every
    cell: on a 20,000-row list about 40–50 % more CPU and 2.5 times the memory, and no
    bound at all on a sheet of many formatted empty cells. So the parser is run here as the
    read-only sheet runs it (private names of openpyxl 3.1, pinned; the tests of
    tests/operations/test_reading.py fail if they change), and `merged` holds its ranges
    (min_col, min_row, max_col, max_row) once every row is read.
    """

    def __init__(self, book):
        self.book = book
        self.merged = []

    def __iter__(self):
        book = self.book
        sheet = book.worksheets[0]
        try:
            with book._archive.open(sheet._worksheet_path) as source:
                parser = WorkSheetParser(
                    source,
                    sheet._shared_strings,
                    data_only=False,
                    epoch=book.epoch,
                    date_formats=book._date_formats,
                    timedelta_formats=book._timedelta_formats,
                )
                for number, cells in parser.parse():
                    yield number, _values(cells)
                if parser.merged_cells is not None:
                    self.merged = [m.bounds for m in parser.merged_cells.mergeCell]
        finally:
            book.close()


def _values(cells) -> list:
    # A row stores only its non-empty cells, each with its column (1 = A).
    if not cells:
        return []
    values = [None] * max(cell["column"] for cell in cells)
    for cell in cells:
        values[cell["column"] - 1] = cell["value"]
    return values


# --- CSV ------------------------------------------------------------------------------------


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", name), "UTF-8 (có BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", name), "UTF-16 (có BOM)"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    return _strict(data, "cp1258", name), "Windows-1258"


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise FileProblem(
            _(
                "Không đọc được tệp “%(name)s”: không phải UTF-8 hay Windows-1258. Xin "
                "lưu lại dạng “CSV UTF-8” hoặc XLSX."
            )
            % {"name": name}
        ) from exc
    if "\x00" in text:
        raise FileProblem(
            _("Tệp “%(name)s” không phải bảng tính XLSX hay CSV.") % {"name": name}
        )
    return text


def _delimiter(text: str) -> str:
    """The separator with which one of the first rows reads as the header.

    Counting separators on the first line alone fails on a title line ("DANH SÁCH CÁN BỘ
    CÁC XÃ, PHƯỜNG" has a comma in a semicolon file); that count only orders the tries.
    """
    head = text[:65536]  # the first rows are enough; a list can be megabytes long
    first = next((line for line in io.StringIO(head, newline=None) if line.strip()), "")
    ranked = sorted(_DELIMITERS, key=lambda d: -first.count(d))  # ties keep the order
    for delimiter in ranked:
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        try:
            if any(is_header(r) for r in islice(reader, HEADER_SEARCH_ROWS)):
                return delimiter
        except csv.Error:
            continue
    return ranked[0] if first.count(ranked[0]) else ","


def _csv_records(text: str, name: str):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            yield number, record
    except csv.Error as exc:
        raise FileProblem(
            _("Tệp CSV “%(name)s” bị hỏng ở dòng %(row)s.")
            % {"name": name, "row": number + 1}
        ) from exc


def _table(file_format, encoding, records, name, max_rows) -> Table:
    rows_read = non_blank(records)
    header, after = find_header(rows_read, name)
    columns, ignored = header_columns(header.cells, name, header.rows)
    numbering = None
    after = after or next(rows_read, None)
    if after and is_numbering(after[1]):
        numbering, after = after[0], None
    rows = []
    for number, cells in chain([after] if after else [], rows_read):
        if len(rows) >= max_rows:
            raise FileProblem(
                _(
                    "Tệp “%(name)s” có hơn %(max)s dòng dữ liệu; mỗi lần nhập tối đa "
                    "%(max)s dòng. Xin chia thành nhiều tệp (ví dụ theo nhóm xã) rồi nhập "
                    "lần lượt. Chưa có dòng nào được nhập."
                )
                % {"name": name, "max": thousands(max_rows)}
            )
        rows.append((number, _cells(cells, columns)))
    if not rows:
        raise FileProblem(
            _("Tệp “%(name)s” chỉ có dòng tiêu đề, chưa có dòng cán bộ nào.")
            % {"name": name}
        )
    _fill_merged(rows, columns, getattr(records, "merged", ()))
    layout = {"header": [header.first, header.last], "numbering": numbering}
    return Table(file_format, encoding, columns, rows, ignored, layout)


def _fill_merged(rows, columns, merged) -> None:
    """Give each row under a merged unit or position cell the value of the merge's top cell."""
    filled = {columns[f] + 1: f for f in MERGE_FILLED if f in columns}  # 1 = column A
    if not merged or not filled:
        return
    by_number = dict(rows)
    for min_col, min_row, max_col, max_row in merged:
        field_name = filled.get(min_col)
        if field_name is None or max_col != min_col or max_row == min_row:
            continue  # not a merge down one of those columns
        top = by_number.get(min_row)
        if top is None:
            continue
        for number in range(min_row + 1, max_row + 1):
            cells = by_number.get(number)
            if cells is not None and cells[field_name] == "":
                cells[field_name] = top[field_name]


def _cells(cells, columns) -> dict:
    values = {}
    for field_name, index in columns.items():
        value = cells[index] if index < len(cells) else None
        # Keep numbers as numbers (a phone stored as a number lost its leading zero);
        # everything else becomes text at once, so nothing downstream can evaluate it.
        values[field_name] = (
            value
            if isinstance(value, int | float) and not isinstance(value, bool)
            else clean(value)
        )
    return values
