"""Values a view reads by hand from a query string or a form post."""

import re

_ROW_ID = re.compile(r"[0-9]{1,18}")  # ASCII digits that fit a bigint


def row_id(text: str | None) -> int | None:
    """`text` as a primary key, or None when it is not one.

    str.isdigit() is no test: it takes "²", which int() refuses (a 500), and full-width
    digits, which int() reads.
    """
    text = text or ""
    return int(text) if _ROW_ID.fullmatch(text) else None
