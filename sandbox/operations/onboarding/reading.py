"""Reading an uploaded officials' file (XLSX or CSV) into header + rows, or a clear refusal.

The format is decided by the content, never by the file name: a renamed PDF is refused as a
PDF. CSV encodings are tried in a fixed order (UTF-8 with BOM, UTF-16 with BOM, UTF-8,
Windows-1258) and the one used is reported. Formula cells are read as their text and never
evaluated.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from sandbox.numbers import thousands
from sandbox.operations.onboarding.columns import (
    BY_FIELD,
    COLUMNS,
    column_letter,
    field_for_header,
)
from sandbox.operations.onboarding.text import clean


class FileProblem(Exception):
    """The whole file is refused; the message says why, in Vietnamese."""


@dataclass
class Table:
    file_format: str
    encoding: str
    columns: dict  # field → column index
    rows: list  # (row number, {field: raw cell})
    ignored_headers: list = field(default_factory=list)


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
        raise FileProblem(_("Tệp “%(name)s” rỗng, không có dòng nào.") % {"name": name})
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
    return _sheet_records(book)


def _sheet_records(book):
    sheet = book.worksheets[0]
    sheet.reset_dimensions()  # some writers store a wrong size; read what is really there
    for row in sheet.iter_rows():
        number = next((c.row for c in row if getattr(c, "row", None)), None)
        if number is None:
            continue
        yield number, [c.value for c in row]
    book.close()


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
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


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


# --- header and rows ------------------------------------------------------------------------


def _is_blank(cells) -> bool:
    return all(clean(c) == "" for c in cells)


def _columns(header: list, name: str) -> tuple[dict, list]:
    found, ignored = {}, []
    for index, cell in enumerate(header):
        text = clean(cell)
        if not text:
            continue
        field_name = field_for_header(text)
        if field_name is None:
            ignored.append(text)
        elif field_name in found:
            raise FileProblem(
                _(
                    "Cột “%(header)s” xuất hiện hai lần (cột %(first)s và cột %(second)s). "
                    "Xin xóa một cột rồi tải lên lại."
                )
                % {
                    "header": BY_FIELD[field_name].header,
                    "first": column_letter(found[field_name]),
                    "second": column_letter(index),
                }
            )
        else:
            found[field_name] = index
    missing = [c.header for c in COLUMNS if c.required and c.field not in found]
    if missing:
        raise FileProblem(
            _(
                "Tệp “%(name)s” thiếu cột: %(missing)s. Dòng đầu tiên phải là dòng tiêu "
                "đề như trong tệp mẫu."
            )
            % {"name": name, "missing": ", ".join(f"“{m}”" for m in missing)}
        )
    return found, ignored


def _table(file_format, encoding, records, name, max_rows) -> Table:
    columns = ignored = None
    rows = []
    for number, cells in records:
        if _is_blank(cells):
            continue
        if columns is None:
            columns, ignored = _columns(list(cells), name)
            continue
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
    if columns is None:
        raise FileProblem(_("Tệp “%(name)s” rỗng, không có dòng nào.") % {"name": name})
    if not rows:
        raise FileProblem(
            _("Tệp “%(name)s” chỉ có dòng tiêu đề, chưa có dòng cán bộ nào.")
            % {"name": name}
        )
    return Table(file_format, encoding, columns, rows, ignored)


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
