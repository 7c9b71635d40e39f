"""Finding the column headings of an officials' list: one row or two, and the row of column
numbers under them.

Provincial lists usually open with a title ("DANH SÁCH CÁN BỘ…", a date line) above the
column headings: the header is the first of the first HEADER_SEARCH_ROWS rows that names at
least two known columns. A heading written over two rows (a group heading above some
columns) is read as one, and a row of column numbers under it ("1 2 3…", "(1) (2)…") is
skipped.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sandbox.operations.onboarding.columns import (
    BY_FIELD,
    COLUMNS,
    column_letter,
    field_for_header,
)
from sandbox.operations.onboarding.problems import FileProblem, empty_file
from sandbox.operations.onboarding.text import clean

# The header must be among the first rows, as the spreadsheet numbers them.
HEADER_SEARCH_ROWS = 10
# A row naming at least this many known columns is the header: one alone could be a title
# line such as "Đơn vị: | UBND tỉnh…".
HEADER_MIN_COLUMNS = 2


def _is_blank(cells) -> bool:
    return all(clean(c) == "" for c in cells)


def is_header(cells) -> bool:
    known = {field_for_header(text) for text in map(clean, cells) if text}
    return len(known - {None}) >= HEADER_MIN_COLUMNS


def header_columns(header: list, name: str, number: int) -> tuple[dict, list]:
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
                "Tệp “%(name)s” thiếu cột: %(missing)s (dòng tiêu đề là dòng %(row)s). Xin "
                "sửa dòng tiêu đề như trong tệp mẫu."
            )
            % {"name": name, "missing": _quoted(missing), "row": number}
        )
    return found, ignored


def _quoted(headers) -> str:
    return ", ".join(f"“{h}”" for h in headers)


def _no_header(name: str) -> FileProblem:
    required = [c.header for c in COLUMNS if c.required]
    return FileProblem(
        _(
            "Không tìm thấy dòng tiêu đề trong %(rows)s dòng đầu của tệp “%(name)s”. "
            "Dòng tiêu đề phải có các cột %(columns)s, như trong tệp mẫu."
        )
        % {"name": name, "rows": HEADER_SEARCH_ROWS, "columns": _quoted(required)}
    )


@dataclass(frozen=True)
class Header:
    first: int  # its row number, as the spreadsheet shows it
    last: int  # the same, or the next row's, for a heading written over two rows
    cells: list

    @property
    def rows(self) -> str:
        return (
            str(self.first) if self.first == self.last else f"{self.first}–{self.last}"
        )


def non_blank(records):
    return ((n, cells) for n, cells in records if not _is_blank(cells))


def _field_at(cells, index: int):
    return field_for_header(clean(cells[index])) if index < len(cells) else None


def _combined(main: list, other: list) -> list | None:
    """`main` with `other`'s known headings where `main` has none, if that adds a column.

    Lists often head their columns over two rows: a group heading above the columns
    ("Liên hệ" over "Email" and "Điện thoại"), or a column merged down both rows ("Họ và
    tên") beside others split under a group. Either row may be the one that names most
    columns. `other` only counts if it adds a known column and repeats none of `main`'s
    (a data row never names columns).
    """
    known = {f for i in range(len(main)) if (f := _field_at(main, i))}
    width = max(len(main), len(other))
    cells, added = [], False
    for index in range(width):
        mine, theirs = _field_at(main, index), _field_at(other, index)
        if theirs in known:
            return None
        if mine is None and theirs is not None:
            cells.append(other[index])
            added = True
        else:
            cell = main[index] if index < len(main) else None
            cells.append(
                cell if clean(cell) else (other[index] if index < len(other) else None)
            )
    return cells if added else None


def find_header(rows, name: str) -> tuple[Header, tuple | None]:
    """The header (one or two rows) among the first rows, and the row read after it."""
    above, anything = None, False
    for number, cells in rows:
        anything = True
        if number > HEADER_SEARCH_ROWS:
            raise _no_header(name)
        if not is_header(cells):
            above = (number, cells)  # a title line, or the upper row of the heading
            continue
        cells, first = list(cells), number
        if above and above[0] == number - 1 and (both := _combined(cells, above[1])):
            cells, first = both, above[0]
        after = next(rows, None)
        if after and after[0] == number + 1 and first == number:
            if both := _combined(cells, list(after[1])):
                return Header(first, after[0], both), None
        return Header(first, number, cells), after
    raise _no_header(name) if anything else empty_file(name)


# A row of column numbers under the heading, as official lists carry: "1 2 3…", "(1) (2)…",
# "A B C…". Never data: a name or a unit is longer than two characters.
_NUMBERING = re.compile(r"\(?(?:\d{1,2}|[A-Za-z])\)?\.?")


def is_numbering(cells) -> bool:
    texts = [t for t in map(clean, cells) if t]
    return len(texts) >= HEADER_MIN_COLUMNS and all(
        _NUMBERING.fullmatch(t) for t in texts
    )
