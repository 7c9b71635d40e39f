"""The after-action report as files: CSV and XLSX (one row per commune), and PDF."""

import csv
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet would run as a formula is written as text (CSV injection)."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def _percent(value):
    return None if value is None else round(100 * value, 1)


def header() -> list[str]:
    return [
        _("Xã, phường"),
        _("Kịch bản"),
        _("Điểm đội (%)"),
        _("Điểm kịch bản"),
        _("Điểm tối đa"),
        _("Đạt"),
        _("Hồ sơ đến"),
        _("Đúng hạn (%)"),
        _("Trực tuyến (%)"),
        _("Hài lòng (%)"),
        _("Số hóa (%)"),
        _("Chỉ số sẵn sàng"),
        _("Đánh giá"),
        _("Lý do"),
    ]


def rows(report: dict) -> list[list]:
    from scenarios.drills.report import shares

    table = []
    for row in report["rows"]:
        s = shares(row.figures)
        table.append(
            [
                row.commune,
                row.scenario,
                row.result.get("team_percent"),
                row.result.get("total"),
                row.result.get("max"),
                {True: _("Đạt"), False: _("Chưa đạt")}.get(
                    row.result.get("passed"), ""
                ),
                row.figures.get("received", 0),
                _percent(s["on_time"]),
                _percent(s["online"]),
                _percent(s["satisfaction"]),
                _percent(s["digitisation"]),
                row.readiness.index,
                row.rating_label,
                " ".join(row.readiness.reasons),
            ]
        )
    return table


def to_csv(report: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for values in rows(report):
        writer.writerow([neutralise(v) for v in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8


def to_xlsx(report: dict) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Xã, phường")[:31]
    sheet.append(header())
    for values in rows(report):
        sheet.append([neutralise(v) for v in values])
    people = book.create_sheet(_("Người tham gia")[:31])
    people.append([_("Xã, phường"), _("Họ và tên"), _("Vị trí"), _("Điểm (%)")])
    for row in report["rows"]:
        for member in row.members:
            people.append(
                [
                    neutralise(row.commune),
                    neutralise(member["name"]),
                    member["position_labels"],
                    member.get("percent"),
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf_html(context: dict) -> str:
    """The PDF's page, in the active language, the one its context was built in (as the
    CSV and XLSX are): a forced language would mix it with the context's reasons."""
    return render_to_string("drills/report_pdf.html", context)


def to_pdf(context: dict) -> bytes:
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango at import time

    return HTML(string=pdf_html(context), base_url=".").write_pdf()
