"""Dossier codes: `<agency code>-<yymmdd>-<4-digit sequence of the day>` (Circular 01/2018 Art. 19).

Circular 03/2025 now governs the code and its exact format is unconfirmed (DOMAIN.md), so the
structure of the 2018 rule is kept. Agency codes follow the shape of Circular 10/2016/TT-BTTTT
(`000.00.00.H37`) but are constructed from the official commune and province codes: they are
illustrative, not the units' real codes.
"""

import re
from datetime import date

CODE_PATTERN = re.compile(
    r"^(?P<agency>\d{3}\.\d{2}\.\d{2}\.H\d{2})-(?P<day>\d{6})-(?P<seq>\d{4})$"
)


def commune_agency_code(commune_code: int, province_code: int) -> str:
    return f"{commune_code % 1000:03d}.{(commune_code // 1000) % 100:02d}.00.H{province_code:02d}"


def dossier_code(agency: str, day: date, sequence: int) -> str:
    if not 1 <= sequence <= 9999:
        raise ValueError("the daily sequence runs from 1 to 9999")
    return f"{agency}-{day:%y%m%d}-{sequence:04d}"


def parse_dossier_code(code: str) -> dict | None:
    match = CODE_PATTERN.match(code.strip())
    return match.groupdict() if match else None
