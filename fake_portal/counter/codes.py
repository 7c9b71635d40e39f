"""Codes the counter hands out: digitisation-result codes and postal tracking numbers.

Both formats are ILLUSTRATIVE (Sa Bàn training data), not the real systems' formats:

- Digitisation-result code (mã kết quả số hóa, Circular 01/2023/TT-VPCP): the real
  structure was not confirmed, so Sa Bàn writes `<agency code>.<yymmdd>.<6-digit sequence of
  the day>`, the agency code being the one dossier codes use (fake_portal.codes), e.g.
  `329.14.00.H37.260302.000001`.
- Postal tracking number: the UPU S10 shape Vietnam Post uses for registered items (two
  letters, eight digits, a check digit, "VN"), with the made-up service prefix "HC"
  (hành chính công), e.g. `HC000000017VN`.
"""

import re
from datetime import date

RESULT_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H\d{2}\.\d{6}\.\d{6}$")
TRACKING = re.compile(r"^[A-Z]{2}\d{9}VN$")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def result_code(agency: str, day: date, sequence: int) -> str:
    if not 1 <= sequence <= 999_999:
        raise ValueError("the daily sequence runs from 1 to 999999")
    return f"{agency}.{day:%y%m%d}.{sequence:06d}"


def s10_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an eight-digit serial number."""
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError("an S10 serial has eight digits")
    total = sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


def tracking_number(serial: int, prefix: str = "HC") -> str:
    digits = f"{serial % 100_000_000:08d}"
    return f"{prefix}{digits}{s10_check_digit(digits)}VN"


def is_valid_tracking_number(text: str) -> bool:
    if not TRACKING.match(text):
        return False
    return s10_check_digit(text[2:10]) == int(text[10])
