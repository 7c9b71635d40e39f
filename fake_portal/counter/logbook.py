"""Form 07, the dossier log book (sổ theo dõi hồ sơ) of one unit for a period.

Columns follow the 2018 log book (Circular 01/2018/TT-VPCP), which Circular 03/2025 keeps in
substance (DOMAIN.md, "Forms": verify the 2025 annex). A dossier belongs to the unit that
received it and to the period in which it was filed there.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Min, Q
from django.utils import timezone

from fake_portal.deadlines import VIETNAM
from fake_portal.models import Dossier, Status

TRAINING_MARK = "MÔI TRƯỜNG ĐÀO TẠO – DỮ LIỆU MÔ PHỎNG – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"
HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Kênh nộp",
    "Ngày, giờ nhận hồ sơ",
    "Ngày, giờ hẹn trả kết quả",
    "Ngày, giờ chuyển hồ sơ đến cơ quan giải quyết",
    "Ngày, giờ nhận kết quả",
    "Ngày, giờ trả kết quả",
    "Trạng thái",
    "Ghi chú",
]
HANDOVER_ACTIONS = ("dossier.assigned", "dossier.transferred")
# A spreadsheet treats a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        begin = datetime.combine(self.start, time.min, tzinfo=VIETNAM)
        return begin, datetime.combine(
            self.end + timedelta(days=1), time.min, tzinfo=VIETNAM
        )


def dossiers_in(sandbox, unit, period: Period):
    """Exactly the unit's dossiers filed in the period, oldest first."""
    begin, end = period.bounds()
    return (
        Dossier.objects.for_sandbox(sandbox)
        .filter(receiving_commune=unit, filed_at__gte=begin, filed_at__lt=end)
        .select_related("applicant")
        .annotate(
            handed_over_at=Min(
                "events__sim_time", filter=Q(events__action__in=HANDOVER_ACTIONS)
            )
        )
        .order_by("filed_at", "pk")
    )


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def _agency(dossier) -> str:
    from fake_portal.catalogue import load_catalogue

    try:
        return load_catalogue().agency(dossier.competent_agency).name_vi
    except KeyError:
        return dossier.competent_agency


def row(index: int, dossier) -> list[str]:
    applicant = dossier.form_data.get("applicant", {})
    contact = ", ".join(
        x for x in (applicant.get("address"), applicant.get("phone")) if x
    )
    returned = dossier.closed_at if dossier.status == Status.RETURNED else None
    return [
        str(index),
        dossier.code,
        dossier.procedure.name_vi,
        "1",
        applicant.get("full_name") or dossier.applicant.full_name,
        contact,
        _agency(dossier),
        dossier.get_channel_display(),
        _when(dossier.received_at),  # blank until the one-stop-shop receives it
        _when(dossier.due_at),
        _when(getattr(dossier, "handed_over_at", None)),
        _when(dossier.finished_at),
        _when(returned),
        dossier.get_status_display(),
        "",
    ]


def rows(sandbox, unit, period: Period) -> list[list[str]]:
    return [
        row(i, d) for i, d in enumerate(dossiers_in(sandbox, unit, period), start=1)
    ]


def neutralise(value) -> str:
    """A cell that cannot run as a formula in a spreadsheet (CSV/formula injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _title(unit, period: Period) -> str:
    return (
        f"Sổ theo dõi hồ sơ (Mẫu số 07) – {unit.name}, từ {period.start:%d/%m/%Y} "
        f"đến {period.end:%d/%m/%Y}"
    )


def to_csv(table, unit, period: Period) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([TRAINING_MARK])
    writer.writerow([_title(unit, period)])
    writer.writerow(HEADERS)
    for line in table:
        writer.writerow([neutralise(cell) for cell in line])
    return out.getvalue().encode(
        "utf-8-sig"
    )  # the BOM lets spreadsheets read the diacritics


def to_xlsx(table, unit, period: Period) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Sổ theo dõi (đào tạo)"  # Excel takes Unicode sheet names
    sheet.append([TRAINING_MARK])
    sheet["A1"].font = Font(bold=True, color="7A1F00")
    sheet.append([_title(unit, period)])
    sheet.append(HEADERS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for line in table:
        sheet.append([neutralise(cell) for cell in line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(table, unit, period: Period, *, issued) -> bytes:
    from fake_portal.pdf import render_pdf

    return render_pdf(
        "counter/pdf/form_07.html",
        {
            "commune": unit,
            "period": period,
            "headers": HEADERS,
            "rows": table,
            "issued": issued,
        },
    )
