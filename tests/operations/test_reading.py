"""Reading files: formats by content, encodings, headers, limits, formula cells."""

import csv
import io
import unicodedata

import pytest
from openpyxl import Workbook

from sandbox.operations.onboarding.columns import COLUMNS
from sandbox.operations.onboarding.problems import FileProblem
from sandbox.operations.onboarding.reading import read_table

HEADER = [c.header for c in COLUMNS]
ROW = [
    "Nguyễn Thị Hòa",
    "Phường Hoa Lư",
    "Cán bộ tiếp nhận",
    "hoa@xa.saban.test",
    "0912345678",
    "",
]


def _csv(rows, *, sep=",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _xlsx(rows) -> bytes:
    book = Workbook()
    for r in rows:
        book.active.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_utf8_without_bom():
    table = read_table(_csv([HEADER, ROW]).encode(), "a.csv", max_rows=10)
    assert (table.file_format, table.encoding) == ("csv", "UTF-8")
    assert table.rows[0][1]["full_name"] == "Nguyễn Thị Hòa"


def test_utf8_with_bom_is_reported():
    table = read_table(
        b"\xef\xbb\xbf" + _csv([HEADER, ROW]).encode(), "a.csv", max_rows=10
    )
    assert table.encoding == "UTF-8 (có BOM)"
    assert "full_name" in table.columns  # the BOM did not stick to the first header


def cp1258(text: str) -> bytes:
    """Encode as Windows does: base letters precomposed, tone marks as combining marks."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


def test_windows_1258_is_decoded_and_composed():
    data = cp1258(_csv([HEADER, ROW], sep=";"))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = read_table(data, "a.csv", max_rows=10)
    assert table.encoding == "Windows-1258"
    # cp1258 writes tones as combining marks; cells come back in composed (NFC) form.
    assert table.rows[0][1]["full_name"] == "Nguyễn Thị Hòa"
    assert table.rows[0][1]["unit"] == "Phường Hoa Lư"


def test_semicolons_and_tabs_are_recognised():
    for sep in (";", "\t"):
        table = read_table(_csv([HEADER, ROW], sep=sep).encode(), "a.csv", max_rows=10)
        assert table.rows[0][1]["email"] == "hoa@xa.saban.test"


def test_utf16_text_export_of_excel():
    data = _csv([HEADER, ROW], sep="\t").encode("utf-16")
    assert read_table(data, "a.txt", max_rows=10).encoding == "UTF-16 (có BOM)"


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", "\ufeff".encode()])
def test_empty_file_is_refused(data):
    with pytest.raises(FileProblem, match="rỗng"):
        read_table(data, "rong.csv", max_rows=10)


def test_header_only_is_refused():
    with pytest.raises(FileProblem, match="chỉ có dòng tiêu đề"):
        read_table(_csv([HEADER]).encode(), "a.csv", max_rows=10)


def test_renamed_pdf_is_refused_as_a_pdf():
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n"
    for name in ("danh-sach.xlsx", "danh-sach.csv"):
        with pytest.raises(FileProblem, match="là tệp PDF"):
            read_table(pdf, name, max_rows=10)


def test_old_xls_and_images_and_ods_are_refused():
    with pytest.raises(FileProblem, match=r"\.xls"):
        read_table(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.xls", max_rows=10
        )
    with pytest.raises(FileProblem, match="là ảnh"):
        read_table(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "a.csv", max_rows=10)
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    with pytest.raises(FileProblem, match="OpenDocument"):
        read_table(buffer.getvalue(), "a.xlsx", max_rows=10)


def test_binary_garbage_is_refused():
    with pytest.raises(FileProblem):
        read_table(bytes(range(256)) * 4, "a.csv", max_rows=10)


def test_missing_columns_are_named():
    header = [h for h in HEADER if h != "Email"]
    with pytest.raises(FileProblem, match="thiếu cột: “Email”"):
        read_table(_csv([header, ROW[:3] + ROW[4:]]).encode(), "a.csv", max_rows=10)


def test_duplicated_columns_are_refused_with_their_letters():
    header = HEADER + ["email"]
    with pytest.raises(FileProblem, match="cột D và cột G"):
        read_table(_csv([header, ROW + ["x@y.test"]]).encode(), "a.csv", max_rows=10)


def test_header_variants_and_unknown_columns():
    header = ["HỌ TÊN", "Đơn vị", "Chức vụ", "E-mail", "SĐT", "Ghi chú"]
    table = read_table(_csv([header, ROW[:5] + ["x"]]).encode(), "a.csv", max_rows=10)
    assert set(table.columns) == {"full_name", "unit", "position", "email", "phone"}
    assert table.ignored_headers == ["Ghi chú"]


def test_too_many_rows_is_refused_before_reading_the_rest():
    rows = [HEADER] + [ROW] * 50_000
    with pytest.raises(FileProblem, match="hơn 20.000 dòng"):
        read_table(_csv(rows).encode(), "lon.csv", max_rows=20_000)


def test_xlsx_formula_cells_are_read_as_text_never_evaluated():
    data = _xlsx(
        [
            HEADER,
            ['=HYPERLINK("http://x","A")', "=1+1", "Khác", "@SUM(A1)", 912345678, ""],
        ]
    )
    table = read_table(data, "a.xlsx", max_rows=10)
    cells = table.rows[0][1]
    assert cells["full_name"].startswith("=HYPERLINK")
    assert cells["unit"] == "=1+1"  # not 2
    assert cells["phone"] == 912345678  # a number: the leading zero is restored later


def test_xlsx_blank_rows_are_skipped_and_row_numbers_kept():
    data = _xlsx([HEADER, ROW, [None] * 6, ROW])
    table = read_table(data, "a.xlsx", max_rows=10)
    assert [n for n, _cells in table.rows] == [2, 4]


def test_broken_zip_is_refused():
    with pytest.raises(FileProblem, match="bị hỏng"):
        read_table(b"PK\x03\x04garbage", "a.xlsx", max_rows=10)


# --- a title above the header ---------------------------------------------------------------

TITLE = ["DANH SÁCH CÁN BỘ, CÔNG CHỨC CÁC XÃ, PHƯỜNG THAM GIA TẬP HUẤN"]
DATE_LINE = ["(Kèm theo Công văn số 123/UBND-VP ngày 05/11/2026 của UBND tỉnh)"]


def test_xlsx_title_and_date_lines_above_the_header_keep_excel_row_numbers():
    data = _xlsx([TITLE, DATE_LINE, [None] * 6, HEADER, ROW, [None] * 6, ROW])
    table = read_table(data, "ds.xlsx", max_rows=10)
    assert [n for n, _cells in table.rows] == [5, 7]  # as Excel numbers them
    assert table.rows[0][1]["full_name"] == "Nguyễn Thị Hòa"


def test_csv_title_with_a_comma_above_a_semicolon_header():
    # "CÁC XÃ, PHƯỜNG" has a comma; the file separates with semicolons (Excel's choice
    # under some regional settings) and writes no trailing separators on the title.
    text = "DANH SÁCH CÁN BỘ CÁC XÃ, PHƯỜNG\r\nNgày 05/11/2026\r\n\r\n"
    text += _csv([HEADER, ROW], sep=";")
    table = read_table(text.encode(), "ds.csv", max_rows=10)
    assert table.rows[0][0] == 5
    assert table.rows[0][1]["unit"] == "Phường Hoa Lư"


def test_header_found_whatever_its_case_and_spacing():
    header = ["  HỌ VÀ  TÊN ", "đơn  vị", "CHỨC DANH", "Email:", "Số điện thoại*", ""]
    table = read_table(
        _csv([TITLE, header, ROW]).encode("utf-8"), "ds.csv", max_rows=10
    )
    assert set(table.columns) == {"full_name", "unit", "position", "email", "phone"}
    assert table.rows[0][0] == 3


def test_one_known_heading_in_a_title_line_is_not_the_header():
    lines = [["Đơn vị", "UBND tỉnh Ninh Bình"], TITLE, HEADER, ROW]
    table = read_table(_xlsx(lines), "ds.xlsx", max_rows=10)
    assert [n for n, _cells in table.rows] == [4]


def test_no_header_in_the_first_ten_rows_is_refused_clearly():
    titles = [[f"Dòng tiêu đề văn bản {i}"] for i in range(10)]
    for data, name in (
        (_xlsx([*titles, HEADER, ROW]), "ds.xlsx"),
        (_csv([*titles, HEADER, ROW]).encode(), "ds.csv"),
        (_csv([["Ho va ten", "Don vi", "Email"], ROW]).encode(), "ds.csv"),
    ):
        with pytest.raises(FileProblem) as refused:
            read_table(data, name, max_rows=10)
        message = str(refused.value)
        assert "Không tìm thấy dòng tiêu đề trong 10 dòng đầu" in message, name
        assert "“Họ và tên”" in message and "“Số điện thoại di động”" in message


def test_a_header_below_a_title_missing_a_column_names_its_row():
    header = [h for h in HEADER if h != "Email"]
    with pytest.raises(
        FileProblem, match=r"thiếu cột: “Email” \(dòng tiêu đề là dòng 3\)"
    ):
        read_table(_xlsx([TITLE, DATE_LINE, header]), "ds.xlsx", max_rows=10)


# --- merged cells ---------------------------------------------------------------------------


def _grouped_xlsx() -> bytes:
    """A list grouped by commune: unit cells merged down, position merged within one."""
    book = Workbook()
    sheet = book.active
    sheet.append(TITLE)
    sheet.merge_cells("A1:F1")
    sheet.append(HEADER)
    people = [
        ("Nguyễn Văn An", "Phường Hoa Lư", "Lãnh đạo", "an@x.test"),
        ("Trần Thị Bình", None, None, "binh@x.test"),
        ("Lê Văn Cường", None, "Cán bộ tiếp nhận", "cuong@x.test"),
        ("Phạm Thị Dung", "Xã Gia Viễn", "Khác", "dung@x.test"),
        ("Hoàng Văn Em", None, "Khác", None),
    ]
    for name, unit, position, email in people:
        sheet.append([name, unit, position, email, None, None])
    sheet.merge_cells("B3:B5")  # Phường Hoa Lư over three officials
    sheet.merge_cells("C3:C4")  # "Lãnh đạo" over the chairman and a vice-chairman
    sheet.merge_cells("B6:B8")  # Xã Gia Viễn, reaching a row with nobody on it
    sheet.merge_cells("D6:D7")  # an e-mail merged over two people is never copied
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_unit_and_position_merged_down_count_for_every_row():
    table = read_table(_grouped_xlsx(), "ds.xlsx", max_rows=10)
    rows = dict(table.rows)
    assert list(rows) == [3, 4, 5, 6, 7]  # row 8 holds only the merge: nobody
    assert [rows[n]["unit"] for n in rows] == ["Phường Hoa Lư"] * 3 + [
        "Xã Gia Viễn"
    ] * 2
    assert [rows[n]["position"] for n in rows] == [
        "Lãnh đạo",
        "Lãnh đạo",
        "Cán bộ tiếp nhận",
        "Khác",
        "Khác",
    ]
    assert rows[7]["email"] == ""


def test_xlsx_values_are_those_a_read_only_workbook_gives():
    # The sheet is parsed as openpyxl's read-only worksheet parses it (to keep the merged
    # ranges): every kind of value must come back as that worksheet returns it.
    import datetime

    from openpyxl import load_workbook

    from sandbox.operations.onboarding.reading import _xlsx_records

    moment = datetime.datetime(2026, 11, 5, 8, 30)
    rows = [
        HEADER,
        ["Nguyễn Thị Hòa", 14329, 1.5, True, moment, "=A2&B2"],
        [None, None, "Khác", None, None, None, None, "xa ngoài bảng"],
        [],
        ["Lê Văn Cường", "Phường Hoa Lư", None, "c@x.test", "0912345678", None],
    ]
    data = _xlsx(rows)
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    expected = [
        tuple(v for v in values)
        for values in book.worksheets[0].iter_rows(values_only=True)
    ]
    book.close()
    ours = {n: values for n, values in _xlsx_records(data, "ds.xlsx")}
    for number, values in enumerate(expected, start=1):
        got = ours.get(number, [])
        width = max(len(values), len(got))
        assert list(got) + [None] * (width - len(got)) == list(values) + [None] * (
            width - len(values)
        ), number
    assert ours[2][4] == moment and ours[2][5] == "=A2&B2" and ours[2][3] is True


# --- headings over two rows, column numbers under the heading ---------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_group_heading_above_some_columns_is_read_with_the_row_below(fmt):
    # "Họ và tên" etc. merged down both rows; "Liên hệ" over the e-mail and phone columns.
    upper = ["Họ và tên", "Đơn vị", "Chức danh", "Liên hệ", None, "Vai trò"]
    lower = [None, None, None, "Email", "Điện thoại", None]
    rows = [TITLE, upper, lower, ROW]
    data = _xlsx(rows) if fmt == "xlsx" else _csv(rows).encode()
    table = read_table(data, f"ds.{fmt}", max_rows=10)
    assert set(table.columns) == {c.field for c in COLUMNS}
    assert table.columns["email"] == 3 and table.columns["phone"] == 4
    assert table.layout == {"header": [2, 3], "numbering": None}
    ((number, cells),) = table.rows
    assert number == 4
    assert (cells["email"], cells["phone"]) == ("hoa@xa.saban.test", "0912345678")
    assert table.ignored_headers == []


def test_a_heading_whose_upper_row_names_only_one_column_is_still_found():
    upper = ["Họ và tên", "Thông tin công tác", None, "Liên hệ", None]
    lower = [None, "Đơn vị", "Chức danh", "Email", "Số điện thoại"]
    table = read_table(_xlsx([upper, lower, ROW[:5]]), "ds.xlsx", max_rows=10)
    assert table.columns == {
        "full_name": 0,
        "unit": 1,
        "position": 2,
        "email": 3,
        "phone": 4,
    }
    assert table.layout["header"] == [1, 2]
    assert [n for n, _cells in table.rows] == [3]


@pytest.mark.parametrize(
    "numbers",
    [
        ["1", "2", "3", "4", "5", "6"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ["A", "B", "C", "D", "E", None],
        [1, 2, 3, 4, 5, 6],
    ],
)
def test_a_row_of_column_numbers_under_the_header_is_skipped_and_reported(numbers):
    table = read_table(_xlsx([TITLE, HEADER, numbers, ROW]), "ds.xlsx", max_rows=10)
    assert table.layout == {"header": [2, 2], "numbering": 3}
    assert [n for n, _cells in table.rows] == [4]


def test_column_numbers_under_a_two_row_heading_are_skipped():
    upper = ["Họ và tên", "Đơn vị", "Chức danh", "Liên hệ", None]
    lower = [None, None, None, "Email", "Điện thoại"]
    rows = [upper, lower, ["(1)", "(2)", "(3)", "(4)", "(5)"], ROW[:5]]
    table = read_table(_csv(rows).encode(), "ds.csv", max_rows=10)
    assert table.layout == {"header": [1, 2], "numbering": 3}
    assert [n for n, _cells in table.rows] == [4]


def test_a_data_row_is_never_taken_for_a_heading_or_column_numbers():
    # The first data row names no column and is no row of numbers: it stays data, and a
    # person whose cells happen to be short stays a row to check (and reject), not a
    # skipped line.
    short = ["An", "1", "2", "", "", ""]
    table = read_table(_csv([HEADER, ROW, short]).encode(), "ds.csv", max_rows=10)
    assert table.layout == {"header": [1, 1], "numbering": None}
    assert [n for n, _cells in table.rows] == [2, 3]
    numbers_later = ["1", "2", "3", "4", "5", "6"]
    table = read_table(
        _csv([HEADER, ROW, numbers_later]).encode(), "ds.csv", max_rows=10
    )
    assert [n for n, _cells in table.rows] == [2, 3]  # only right under the heading


def test_a_second_row_repeating_a_heading_is_not_merged_into_it():
    # A header row followed by a copy of itself: the copy is not a continuation (it adds
    # nothing); it is read as a row to check, as before.
    table = read_table(_csv([HEADER, HEADER, ROW]).encode(), "ds.csv", max_rows=10)
    assert table.layout["header"] == [1, 1]
    assert [n for n, _cells in table.rows] == [2, 3]


def test_a_two_row_heading_missing_a_column_names_both_rows():
    upper = ["Họ và tên", "Đơn vị", "Chức danh", "Liên hệ"]
    lower = [None, None, None, "Email"]
    with pytest.raises(
        FileProblem,
        match=r"thiếu cột: “Số điện thoại di động” \(dòng tiêu đề là dòng 2–3\)",
    ):
        read_table(_xlsx([TITLE, upper, lower, ROW[:4]]), "ds.xlsx", max_rows=10)
