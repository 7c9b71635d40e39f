"""The after-action report: HTML with inline SVG charts, PDF, CSV and XLSX."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from scenarios.drills import exports, report
from scenarios.drills.charts import bar_chart
from scenarios.drills.views.coordinator.common import controlled_drill

MEMBERS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(drill) -> dict:
    data = report.build(drill)
    rows = data["rows"]
    data["score_chart"] = mark_safe(
        bar_chart(
            [(r.commune, r.result.get("team_percent")) for r in rows]
            + [
                (_("Trung bình tỉnh"), data["average_team"]),
                (_("Đáp án chuẩn"), 100.0),
            ],
            title=_("Điểm đội theo xã, phường"),
        )
    )
    data["readiness_chart"] = mark_safe(
        bar_chart(
            [(r.commune, r.readiness.index) for r in rows],
            title=_("Chỉ số sẵn sàng theo xã, phường"),
        )
    )
    data["step_chart"] = mark_safe(
        bar_chart(
            [(s["label"], s["mean"]) for s in data["bottlenecks"]["steps"]],
            maximum=max([s["mean"] for s in data["bottlenecks"]["steps"]] or [1]),
            unit=" " + _("phút"),
            title=_("Thời gian trung bình mỗi bước (giờ mô phỏng)"),
        )
    )
    data["members"] = [(row.commune, m) for row in rows for m in row.members]
    return data


@login_required
def report_page(request, pk):
    """The report on screen: every member's result is in the files; the page shows them
    a page at a time (a province drill has thousands)."""
    drill = controlled_drill(request, pk)
    data = _context(drill)
    data["members"] = Paginator(data["members"], MEMBERS_PER_PAGE).get_page(
        request.GET.get("trang")
    )
    return render(request, "drills/report.html", data)


def _download(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def report_pdf(request, pk):
    drill = controlled_drill(request, pk)
    return _download(
        exports.to_pdf(_context(drill)), "application/pdf", f"dien-tap-{drill.pk}.pdf"
    )


@login_required
def report_csv(request, pk):
    drill = controlled_drill(request, pk)
    return _download(
        exports.to_csv(report.build(drill)),
        "text/csv; charset=utf-8",
        f"dien-tap-{drill.pk}.csv",
    )


@login_required
def report_xlsx(request, pk):
    drill = controlled_drill(request, pk)
    return _download(
        exports.to_xlsx(report.build(drill)), XLSX, f"dien-tap-{drill.pk}.xlsx"
    )
