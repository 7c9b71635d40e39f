"""Numbers as Vietnamese text writes them."""

from django.utils import formats


def thousands(number: int) -> str:
    """`number` with Vietnamese thousands separators: 5.000, 20.000.000."""
    return f"{number:,}".replace(",", ".")


def amount(value: float) -> str:
    """80 → "80", 82.5 → "82,5": no decimals on a whole value, the active language's
    decimal mark otherwise."""
    return formats.number_format(int(value) if value == int(value) else value)
