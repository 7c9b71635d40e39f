"""How a paper's fields are labelled, and how they compare with the population database."""

from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from fake_portal.applicants import applicant_from_database

FIELD_LABELS = {
    "id_number": _("Số định danh cá nhân"),
    "full_name": _("Họ, chữ đệm và tên"),
    "birth_date": _("Ngày, tháng, năm sinh"),
    "sex": _("Giới tính"),
    "nationality": _("Quốc tịch"),
    "hometown": _("Quê quán"),
    "address": _("Nơi thường trú"),
    "card_issue_date": _("Ngày cấp"),
    "card_expiry_date": _("Có giá trị đến"),
    "birth_place": _("Nơi sinh"),
    "father_name": _("Họ, chữ đệm, tên cha"),
    "mother_name": _("Họ, chữ đệm, tên mẹ"),
    "registered_by": _("Cơ quan đăng ký"),
    "registration_date": _("Ngày đăng ký"),
    "book_entry": _("Số, quyển số"),
    "spouse_name": _("Họ, chữ đệm, tên vợ/chồng"),
    "relation": _("Quan hệ với người được khai sinh"),
    "child_name": _("Họ, chữ đệm, tên của trẻ"),
    "child_birth_date": _("Ngày sinh của trẻ"),
    "child_sex": _("Giới tính của trẻ"),
    "weight": _("Cân nặng khi sinh"),
    "certificate_number": _("Số phát hành Giấy chứng nhận"),
    "map_sheet": _("Tờ bản đồ số"),
    "parcel": _("Thửa đất số"),
    "area": _("Diện tích (m²)"),
    "land_use": _("Mục đích sử dụng"),
    "land_address": _("Địa chỉ thửa đất"),
    "issued_by": _("Cơ quan cấp"),
    "deceased_name": _("Họ, chữ đệm, tên người chết"),
    "death_date": _("Ngày chết"),
    "death_place": _("Nơi chết"),
    "agent_name": _("Người được ủy quyền"),
    "content": _("Nội dung"),
    "request": _("Nội dung đề nghị"),
    "phone": _("Số điện thoại"),
    "household_head": _("Chủ hộ"),
}
# Fields that describe the paper's holder and so must agree with the population database.
HOLDER_FIELDS = ("full_name", "id_number", "birth_date", "sex", "address")


def label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def labelled(fields) -> list[tuple[str, str, str]]:
    return [(name, label(name), value) for name, value in fields]


def _normal(text) -> str:
    return " ".join(str(text or "").lower().split())


def _parse_dmy(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except (ValueError, AttributeError):
        return None


def compare_with_database(fields: dict, citizen, today: date) -> list[dict]:
    """One row per holder field the paper carries: its value, the database's, whether they differ.

    An identity card past its expiry date is flagged too.
    """
    database = applicant_from_database(citizen)
    rows = []
    for name in HOLDER_FIELDS:
        if not fields.get(name):
            continue
        rows.append(
            {
                "field": name,
                "label": label(name),
                "paper": fields[name],
                "database": database.get(name, ""),
                "differs": _normal(fields[name]) != _normal(database.get(name, "")),
            }
        )
    expiry = _parse_dmy(fields.get("card_expiry_date", ""))
    if expiry is not None and expiry < today:
        rows.append(
            {
                "field": "card_expiry_date",
                "label": label("card_expiry_date"),
                "paper": fields["card_expiry_date"],
                "database": _("Thẻ đã hết hạn"),
                "differs": True,
            }
        )
    return rows


def differing_fields(fields: dict, citizen, today: date) -> list[str]:
    return [
        r["field"]
        for r in compare_with_database(fields, citizen, today)
        if r["differs"]
    ]
