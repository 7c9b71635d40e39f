"""Reading files: formats by content, encodings, headers, limits, formula cells."""

import csv
import io
import unicodedata

import pytest
from openpyxl import Workbook

from sandbox.operations.onboarding.columns import COLUMNS
from sandbox.operations.onboarding.reading import FileProblem, read_table

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
