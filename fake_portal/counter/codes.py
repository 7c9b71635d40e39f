"""Codes the counter hands out: digitisation-result codes, postal tracking numbers and the
numbers of fee receipts.

All three formats are ILLUSTRATIVE (Sa Bàn training data), not the real systems' formats:

- Digitisation-result code (mã kết quả số hóa, Circular 01/2023/TT-VPCP): the real
  structure was not confirmed, so Sa Bàn writes `<agency code>.<yymmdd>.<6-digit sequence of
  the day>`, the agency code being the one dossier codes use (fake_portal.codes), e.g.
  `329.14.00.H37.260302.000001`.
- Postal tracking number: the UPU S10 shape Vietnam Post uses for registered items (two
  letters, eight digits, a check digit, "VN"), with the made-up service prefix "HC"
  (hành chính công), e.g. `HC000000017VN`.
- Fee receipt (biên lai thu phí, lệ phí; an e-receipt under Decree 123/2020/NĐ-CP and
  Circular 78/2021/TT-BTC, since DOMAIN.md says nothing of receipts): the form symbol
  `01BLP0-001` (01 a receipt without a printed face value, BLP a fee receipt, 0 an
  electronic one, 001 the form's number), the series `<2 letters>-<yy>E` (E: electronic)
  and a 7-digit number counted from 0000001 each year, as real e-receipts print them
  (verify against the circular's annex). The letters are the issuer's choice; Sa Bàn's
  are "SB", so no receipt can be taken for a real unit's, e.g. `SB-26E` no. `0000001`.
"""

import re
from datetime import date

RESULT_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H\d{2}\.\d{6}\.\d{6}$")
TRACKING = re.compile(r"^[A-Z]{2}\d{9}VN$")
RECEIPT_FORM = "01BLP0-001"
RECEIPT_LETTERS = "SB"
RECEIPT_SERIES = re.compile(r"^[A-Z]{2}-\d{2}E$")
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


def receipt_series(year: int, letters: str = RECEIPT_LETTERS) -> str:
    """The receipt series (ký hiệu biên lai) of `year`: `SB-26E`."""
    return f"{letters}-{year % 100:02d}E"


def receipt_number(number: int) -> str:
    """A receipt's number as printed: seven digits, `0000001`."""
    if not 1 <= number <= 9_999_999:
        raise ValueError("a receipt number runs from 1 to 9999999")
    return f"{number:07d}"
