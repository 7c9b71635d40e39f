"""The columns of an officials' file: Vietnamese headers, accepted variants, the template."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sandbox.operations.onboarding.text import header_key


@dataclass(frozen=True)
class Column:
    field: str
    header: (
        str  # the header the template writes (always Vietnamese: the file is a form)
    )
    label: object  # the same, translatable, for pages
    aliases: tuple[str, ...]
    required: bool = True


COLUMNS = (
    Column(
        "full_name",
        "Họ và tên",
        _("Họ và tên"),
        ("họ và tên", "họ tên", "họ và tên cán bộ", "full name", "full_name"),
    ),
    Column(
        "unit",
        "Đơn vị (mã hoặc tên xã, phường)",
        _("Đơn vị (mã hoặc tên xã, phường)"),
        (
            "đơn vị",
            "đơn vị (mã hoặc tên xã, phường)",
            "mã đơn vị",
            "xã, phường",
            "xã/phường",
            "unit",
        ),
    ),
    Column(
        "position",
        "Chức danh",
        _("Chức danh"),
        ("chức danh", "chức vụ", "vị trí", "position"),
    ),
    Column(
        "email",
        "Email",
        _("Email"),
        ("email", "e-mail", "thư điện tử", "địa chỉ email"),
    ),
    Column(
        "phone",
        "Số điện thoại di động",
        _("Số điện thoại di động"),
        (
            "số điện thoại di động",
            "số điện thoại",
            "điện thoại",
            "số di động",
            "di động",
            "sđt",
            "phone",
        ),
    ),
    Column(
        "role",
        "Vai trò",
        _("Vai trò"),
        ("vai trò", "role"),
        required=False,
    ),
)

FIELDS = tuple(c.field for c in COLUMNS)
BY_FIELD = {c.field: c for c in COLUMNS}
_BY_ALIAS = {header_key(alias): c.field for c in COLUMNS for alias in c.aliases}


def field_for_header(header: str) -> str | None:
    return _BY_ALIAS.get(header_key(header))


# The template's example row: its e-mail domain (reserved .invalid) marks it, so that a
# coordinator who forgets to delete it never creates a fictitious account.
EXAMPLE_DOMAIN = "vi-du.invalid"
EXAMPLE_ROW = {
    "full_name": "Nguyễn Thị Ví Dụ",
    "unit": "",  # filled with the first commune of the coordinator's province
    "position": "Cán bộ tiếp nhận",
    "email": f"nguyen.thi.vidu@{EXAMPLE_DOMAIN}",
    "phone": "0912345678",
    "role": "Học viên",
}


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how a spreadsheet names column `index`."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
