"""The request a citizen declares (a dossier's form_data["request"]): its fields, labels
and checks, shared by the online form, the counter's e-form and the paper declaration."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BIRTH_REGISTRATION = "1.001193"
DEATH_REGISTRATION = "1.000656"

# The same labels as the filing forms' fields, in the forms' order; also the keys a request
# is read from (a filing form's data, a paper declaration's fields).
REQUEST_LABELS = {
    "child_name": _("Họ, chữ đệm, tên của trẻ"),
    "child_birth_date": _("Ngày sinh của trẻ"),
    "child_sex": _("Giới tính của trẻ"),
    "birth_place": _("Nơi sinh"),
    "deceased_name": _("Họ, chữ đệm, tên người chết"),
    "death_date": _("Ngày chết"),
    "death_place": _("Nơi chết"),
    "request_text": _("Nội dung yêu cầu"),
    "request": _("Nội dung đề nghị"),
}
DATE_FIELDS = {"child_birth_date", "death_date"}
SEX_FIELDS = {"child_sex"}
SEXES = {"male": _("Nam"), "nam": _("Nam"), "female": _("Nữ"), "nữ": _("Nữ")}
# No one declares a birth or a death further back than this: a mistyped year.
OLDEST_YEARS = 120


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


def declared_request(values: dict) -> dict:
    """The request items among `values` (a form's cleaned data or a paper's fields)."""
    return {k: str(values[k]) for k in REQUEST_LABELS if values.get(k)}


def _check_past_day(value: date, today: date, *, after_today, too_old) -> date:
    oldest = today.year - OLDEST_YEARS
    if value > today:
        raise ValidationError(after_today)
    if value.year < oldest:
        raise ValidationError(too_old, params={"year": oldest})
    return value


def check_birth_date(value: date, today: date) -> date:
    """A child's birth date, refused if after `today` (the sandbox's date) or too old."""
    return _check_past_day(
        value,
        today,
        after_today=_("Ngày sinh của trẻ không được sau ngày hiện tại."),
        too_old=_("Ngày sinh của trẻ không được trước năm %(year)s."),
    )


def check_death_date(value: date, today: date) -> date:
    """A date of death, refused if after `today` (the sandbox's date) or too old."""
    return _check_past_day(
        value,
        today,
        after_today=_("Ngày chết không được sau ngày hiện tại."),
        too_old=_("Ngày chết không được trước năm %(year)s."),
    )


def _date_field(key: str) -> forms.DateField:
    return forms.DateField(
        label=REQUEST_LABELS[key], widget=forms.DateInput(attrs={"type": "date"})
    )


def _text_field(key: str, max_length: int) -> forms.CharField:
    return forms.CharField(label=REQUEST_LABELS[key], max_length=max_length)


def declared_fields(procedure_code: str) -> dict[str, forms.Field]:
    """The form fields a procedure's declaration adds: the birth or the death declared."""
    if procedure_code == BIRTH_REGISTRATION:
        return {
            "child_name": _text_field("child_name", 120),
            "child_birth_date": _date_field("child_birth_date"),
            "child_sex": forms.ChoiceField(
                label=REQUEST_LABELS["child_sex"],
                choices=[("Nam", _("Nam")), ("Nữ", _("Nữ"))],
            ),
            "birth_place": _text_field("birth_place", 200),
        }
    if procedure_code == DEATH_REGISTRATION:
        return {
            "deceased_name": _text_field("deceased_name", 120),
            "death_date": _date_field("death_date"),
            "death_place": _text_field("death_place", 200),
        }
    return {}


# The request in words: any declaration may add it to the items its procedure names.
FREE_TEXT_KEYS = ("request_text", "request")


def declarable_keys(procedure_code: str) -> list[str]:
    """The items a declaration of this procedure may hold, in the form's order; [] when
    the form names none (any item then goes, shown as "Nội dung khác")."""
    fields = list(declared_fields(procedure_code))
    return fields + list(FREE_TEXT_KEYS) if fields else []


# A Vietnamese phone number: 0 and nine more digits, ASCII only (`\d` would also take
# full-width digits, which no phone can dial).
_PHONE = re.compile(r"0[0-9]{9}")


class PhoneField(forms.CharField):
    """The contact phone of a filing (the online form and the counter's e-form)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Số điện thoại liên hệ"))
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not _PHONE.fullmatch(value):
            raise ValidationError(_("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0."))


class DeclaredRequestMixin:
    """For a filing form with `today` (the sandbox's date): the declared fields, checked."""

    def add_declared_fields(self, procedure_code: str) -> None:
        self.fields.update(declared_fields(procedure_code))

    def clean_child_birth_date(self):
        return check_birth_date(self.cleaned_data["child_birth_date"], self.today)

    def clean_death_date(self):
        return check_death_date(self.cleaned_data["death_date"], self.today)

    def request_data(self) -> dict:
        return declared_request(self.cleaned_data)
