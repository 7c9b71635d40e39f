"""Numbers as Vietnamese text writes them."""

from django.utils import formats
from num2words import num2words


def thousands(number: int) -> str:
    """`number` with Vietnamese thousands separators: 5.000, 20.000.000."""
    return f"{number:,}".replace(",", ".")


def amount(value: float) -> str:
    """80 → "80", 82.5 → "82,5": no decimals on a whole value, the active language's
    decimal mark otherwise."""
    return formats.number_format(int(value) if value == int(value) else value)


def dong_in_words(number: int) -> str:
    """25000 → "Hai mươi lăm nghìn đồng": an amount of money as Vietnamese receipts write it
    out beside the figures ("Số tiền bằng chữ"), with a capital first letter."""
    words = num2words(int(number), lang="vi")
    return f"{words[:1].upper()}{words[1:]} đồng"
