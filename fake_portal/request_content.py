"""The request a citizen declares (a dossier's form_data["request"]), labelled for people."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The same labels as the filing forms' fields (citizen_forms.py, counter/forms.py).
REQUEST_LABELS = {
    "child_name": _("Họ, chữ đệm, tên của trẻ"),
    "child_birth_date": _("Ngày sinh của trẻ"),
    "child_sex": _("Giới tính của trẻ"),
    "birth_place": _("Nơi sinh"),
    "request_text": _("Nội dung yêu cầu"),
    "request": _("Nội dung đề nghị"),
}
DATE_FIELDS = {"child_birth_date"}
SEX_FIELDS = {"child_sex"}
SEXES = {"male": _("Nam"), "nam": _("Nam"), "female": _("Nữ"), "nữ": _("Nữ")}


def display_date(value) -> str:
    """dd/mm/yyyy for a date or an ISO date string; anything else as it was written."""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    try:
        return date.fromisoformat(str(value).strip()).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def display_value(key: str, value) -> str:
    if key in DATE_FIELDS:
        return display_date(value)
    if key in SEX_FIELDS:
        return str(SEXES.get(str(value).strip().lower(), value))
    return str(value)


def request_rows(request: dict) -> list[tuple[str, str]]:
    """(label, value) for each declared item, known fields first in the forms' order."""
    known = [k for k in REQUEST_LABELS if request.get(k)]
    others = [k for k, v in request.items() if v and k not in REQUEST_LABELS]
    rows = [(str(REQUEST_LABELS[k]), display_value(k, request[k])) for k in known]
    rows += [(str(_("Nội dung khác")), display_value(k, request[k])) for k in others]
    return rows


def check_birth_date(value: date, today: date) -> date:
    """A child's declared birth date, refused if after `today` (the sandbox's date)."""
    if value > today:
        raise ValidationError(_("Ngày sinh của trẻ không được sau ngày hiện tại."))
    return value
