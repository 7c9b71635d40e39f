"""CSV and XLSX exports of the reports.

Every text cell that a spreadsheet could read as a formula (beginning with = + - @, or a
tab or carriage return) is neutralised with a leading apostrophe: names and answers come
from users, and a cell such as =HYPERLINK(...) must stay text.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """The cell value, with text that could start a formula prefixed by an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, datetime):
        # Local time to the second: "2026-07-01 08:30:00" is what a spreadsheet reads as
        # a date and time; microseconds made the CSV cell plain text.
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)
    return value


def _clean(rows: Iterable[Sequence]) -> list[list]:
    return [[neutralise(v) for v in row] for row in rows]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_clean([header])[0])
    writer.writerows(_clean(rows))
    # A BOM so that spreadsheet programs read the Vietnamese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(_clean([header])[0])
    for row in _clean(rows):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(kind: str, filename: str, header, rows) -> HttpResponse:
    rows = list(rows)
    if kind == "xlsx":
        body, content_type = xlsx_bytes(filename, header, rows), XLSX
    else:
        kind, body, content_type = (
            "csv",
            csv_bytes(header, rows),
            "text/csv; charset=utf-8",
        )
    response = HttpResponse(body, content_type=content_type)
    # Course slugs made in the admin may be Vietnamese (khóa-học-mới): RFC 6266 form.
    response["Content-Disposition"] = content_disposition_header(
        True, f"{filename}.{kind}"
    )
    return response
