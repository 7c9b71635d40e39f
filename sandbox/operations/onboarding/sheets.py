"""Writing spreadsheets: the downloadable template and exports of rows.

Any text that begins with =, +, -, @ (or a tab or carriage return) is written with a
leading apostrophe, so that no spreadsheet ever evaluates a cell we export as a formula.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from sandbox.operations.onboarding.columns import COLUMNS, EXAMPLE_ROW
from sandbox.operations.onboarding.fields import POSITION_LABELS, ROLE_LABELS

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
TEMPLATE_ROWS = 5000  # rows formatted as text and given drop-down lists in the template


def neutralise(value):
    """`value` safe to put in a spreadsheet cell: text never starts like a formula."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def csv_bytes(header: list, rows) -> bytes:
    """UTF-8 with a BOM and commas: what Excel opens with Vietnamese intact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: list, rows, *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([_text_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text_cell(value):
    value = neutralise(value)
    return value


# --- the template ---------------------------------------------------------------------------


def _example(communes) -> dict:
    example = dict(EXAMPLE_ROW)
    if communes:
        example["unit"] = communes[0].code_str
    return example


def template_csv(communes) -> bytes:
    example = _example(communes)
    return csv_bytes([c.header for c in COLUMNS], [[example[c.field] for c in COLUMNS]])


def template_xlsx(communes, *, province_name: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách cán bộ"
    _header(sheet)
    example = _example(communes)
    sheet.append([example[c.field] for c in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="777777")
    _text_columns(sheet)
    _choices(sheet)
    _units_sheet(book, communes, province_name)
    _guide_sheet(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(sheet):
    sheet.append([c.header for c in COLUMNS])
    fill = PatternFill("solid", fgColor="DDE7F0")
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), fill
    for letter, width in zip("ABCDEF", (28, 34, 24, 32, 22, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def _text_columns(sheet):
    # Text format keeps the leading zero of phone numbers and unit codes.
    for row in range(2, TEMPLATE_ROWS + 2):
        for col in (2, 5):
            sheet.cell(row=row, column=col).number_format = "@"


def _choices(sheet):
    positions = ",".join(POSITION_LABELS.values())
    roles = ",".join(ROLE_LABELS[r] for r in list(ROLE_LABELS)[:3])
    for letter, options in (("C", positions), ("F", roles)):
        # A warning, not a stop: the import also takes other spellings of these values.
        rule = DataValidation(
            type="list",
            formula1=f'"{options}"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
        )
        rule.error = "Xin chọn một giá trị trong danh sách."
        rule.errorTitle = "Giá trị không hợp lệ"
        sheet.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")


def _units_sheet(book, communes, province_name):
    sheet = book.create_sheet("Mã đơn vị")
    sheet.append([f"Xã, phường, đặc khu của {province_name}", ""])
    sheet.append(["Mã đơn vị", "Tên đơn vị"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for commune in communes:
        sheet.append([commune.code_str, commune.name])
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 40


GUIDE = [
    "HƯỚNG DẪN ĐIỀN DANH SÁCH CÁN BỘ – Sa Bàn (môi trường đào tạo)",
    "",
    "Mỗi dòng của trang “Danh sách cán bộ” là một cán bộ. Không đổi tên, không xóa dòng tiêu đề.",
    "Dòng ví dụ (chữ xám, email @vi-du.invalid) được bỏ qua khi nhập; có thể xóa hoặc để nguyên.",
    "Họ và tên: viết đầy đủ, có dấu, ví dụ Nguyễn Thị Lan.",
    "Đơn vị: mã 5 chữ số của xã, phường (xem trang “Mã đơn vị”) hoặc đúng tên, ví dụ Phường Hoa Lư.",
    "Không ghi huyện, quận, thị xã, thành phố thuộc tỉnh: từ ngày 01/7/2025 không còn cấp huyện; thị trấn cũ nay thuộc xã.",
    "Ô Đơn vị hoặc Chức danh gộp (merge) qua nhiều dòng là giá trị chung của các dòng đó.",
    "Tên danh sách, ngày tháng có thể ghi ở các dòng trên dòng tiêu đề cột (trong 10 dòng đầu).",
    "Tiêu đề cột có thể ghi trên hai dòng (ví dụ “Liên hệ” trên “Email” và “Số điện thoại di động”); dòng đánh số cột (1), (2)… ngay dưới tiêu đề được bỏ qua.",
    "Chức danh: Cán bộ tiếp nhận, Công chức chuyên môn, Lãnh đạo hoặc Khác.",
    "Email và/hoặc số điện thoại di động 10 chữ số: cần ít nhất một trong hai.",
    "Email (nếu có), nếu không thì số điện thoại, là tên đăng nhập và là khóa nhận diện cán bộ:",
    "nhập lại cùng tệp không thay đổi gì; sửa tệp rồi nhập lại sẽ cập nhật đúng người.",
    "Ô để trống nghĩa là “không có thông tin”, không xóa thông tin đã có.",
    "Vai trò: để trống là Học viên. Điều phối viên tỉnh chỉ được cấp vai trò Học viên.",
    "Không nhập công thức: ô bắt đầu bằng =, +, -, @ bị từ chối.",
    "Trước khi ghi, hệ thống hiển thị kết quả kiểm tra từng dòng; tệp còn dòng lỗi thì không dòng nào được nhập.",
    "Đây là dữ liệu cá nhân của cán bộ thật: chỉ gửi tệp qua kênh nội bộ, xóa bản sao sau khi nhập.",
]


def _guide_sheet(book):
    sheet = book.create_sheet("Hướng dẫn")
    for line in GUIDE:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 110
