"""Checking one row's cells, field by field: pure functions returning a value and problems."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from sandbox.models import Position, Role
from sandbox.operations.onboarding.columns import EXAMPLE_DOMAIN
from sandbox.operations.onboarding.text import clean, header_key, looks_like_formula

# Mobile prefixes by carrier (DOMAIN.md, "Identity numbers"): Viettel 032–039, 086,
# 096–098; MobiFone 070, 076–079, 089, 090, 093; VinaPhone 081–085, 088, 091, 094;
# Vietnamobile 052, 056, 058, 092; Gmobile 059, 099.
MOBILE_PREFIXES = frozenset(
    [f"03{d}" for d in "23456789"]
    + ["086", "096", "097", "098"]
    + ["070", "076", "077", "078", "079", "089", "090", "093"]
    + ["081", "082", "083", "084", "085", "088", "091", "094"]
    + ["052", "056", "058", "092"]
    + ["059", "099"]
)
_PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")
_LETTER = re.compile(r"[^\W\d_]")
_EMAIL = EmailValidator()

_POSITIONS = {
    Position.RECEIVING_OFFICER: (
        "cán bộ tiếp nhận",
        "cán bộ tiếp nhận (một cửa)",
        "tiếp nhận",
        "cán bộ một cửa",
        "receiving officer",
        "receiving_officer",
    ),
    Position.SPECIALIST: (
        "công chức chuyên môn",
        "chuyên viên",
        "chuyên viên xử lý",
        "chuyên môn",
        "specialist",
    ),
    Position.LEADER: (
        "lãnh đạo",
        "lãnh đạo ubnd",
        "chủ tịch ubnd",
        "phó chủ tịch ubnd",
        "leader",
    ),
    Position.OTHER: ("khác", "other"),
}
POSITION_LABELS = {
    Position.RECEIVING_OFFICER: "Cán bộ tiếp nhận",
    Position.SPECIALIST: "Công chức chuyên môn",
    Position.LEADER: "Lãnh đạo",
    Position.OTHER: "Khác",
}
_ROLES = {
    Role.TRAINEE: ("học viên", "trainee"),
    Role.TRAINER: ("giảng viên", "trainer"),
    Role.COORDINATOR: ("điều phối viên", "điều phối viên cấp tỉnh", "coordinator"),
    Role.ADMINISTRATOR: ("quản trị", "quản trị hệ thống", "administrator"),
}
ROLE_LABELS = {
    Role.TRAINEE: "Học viên",
    Role.TRAINER: "Giảng viên",
    Role.COORDINATOR: "Điều phối viên",
    Role.ADMINISTRATOR: "Quản trị",
}
_POSITION_BY_KEY = {header_key(a): code for code, al in _POSITIONS.items() for a in al}
_ROLE_BY_KEY = {header_key(a): code for code, al in _ROLES.items() for a in al}


@dataclass
class Problem:
    code: str
    params: dict = field(default_factory=dict)

    def as_json(self):
        return {"code": self.code, "params": self.params}


def _formula(column: str, text: str) -> Problem:
    return Problem("formula", {"column": column, "value": text[:60]})


def check_name(raw) -> tuple[str, list[Problem]]:
    text = clean(raw)
    if not text:
        return "", [Problem("name_missing")]
    if looks_like_formula(text):
        return text, [_formula("full_name", text)]
    if len(text) > 150 or not _LETTER.search(text) or any(ch.isdigit() for ch in text):
        return text, [Problem("name_invalid", {"value": text[:60]})]
    return text, []


def check_email(raw) -> tuple[str, list[Problem]]:
    text = clean(raw).lower()
    if not text:
        return "", []
    if looks_like_formula(text):
        return text, [_formula("email", text)]
    try:
        _EMAIL(text)
    except ValidationError:
        return text, [Problem("email_invalid", {"value": text[:80]})]
    if len(text) > 150:  # the user name is the e-mail and holds at most 150 characters
        return text, [Problem("email_invalid", {"value": text[:80]})]
    return text, []


def normalise_phone(raw) -> str:
    """Digits of a Vietnamese mobile number in national form (0xxxxxxxxx), or ''."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        digits = str(int(raw))
        # A spreadsheet stored the number as a number and dropped its leading zero.
        return "0" + digits if len(digits) == 9 else digits
    text = _PHONE_SEPARATORS.sub("", clean(raw))
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) == 11:
        text = "0" + text[2:]
    elif len(text) == 9 and text.isdigit() and text[0] != "0":
        text = "0" + text
    return text


def check_phone(raw) -> tuple[str, list[Problem]]:
    shown = clean(raw)
    if not shown:
        return "", []
    phone = normalise_phone(raw)
    # isascii(): str.isdigit() also takes "²" and other digits no phone can dial.
    valid = (
        len(phone) == 10
        and phone.isascii()
        and phone.isdigit()
        and phone[:3] in MOBILE_PREFIXES
    )
    if not valid:
        return shown, [Problem("phone_invalid", {"value": shown[:40]})]
    return phone, []


def check_position(raw) -> tuple[str, list[Problem]]:
    text = clean(raw)
    if not text:
        return Position.OTHER.value, []
    if looks_like_formula(text):
        return text, [_formula("position", text)]
    code = _POSITION_BY_KEY.get(header_key(text))
    if code is None:
        return text, [Problem("position_unknown", {"value": text[:60]})]
    return code.value, []


def check_role(raw) -> tuple[str, list[Problem]]:
    text = clean(raw)
    if not text:
        return Role.TRAINEE.value, []
    if looks_like_formula(text):
        return text, [_formula("role", text)]
    code = _ROLE_BY_KEY.get(header_key(text))
    if code is None:
        return text, [Problem("role_unknown", {"value": text[:60]})]
    return code.value, []


def is_example_row(cells: dict) -> bool:
    return clean(cells.get("email")).lower().endswith("@" + EXAMPLE_DOMAIN)
