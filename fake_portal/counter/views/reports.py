"""Form 07 (the dossier log book) and the digitisation figures of the Decision 766 index."""

from datetime import date, timedelta

from django.http import HttpResponse
from django.utils.translation import gettext as _

from fake_portal.counter import logbook
from fake_portal.counter.actions._common import local_day
from fake_portal.counter.index import TARGET, index_for
from fake_portal.counter.views.common import counter_view, page, sandbox_for
from sandbox.models import Commune

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv", logbook.to_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        logbook.to_xlsx,
    ),
}


def _day(text, default: date) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return default


def _period(request, today: date) -> tuple[logbook.Period, str]:
    start = _day(request.GET.get("tu"), today.replace(day=1))
    end = _day(request.GET.get("den"), today)
    if end < start:
        return logbook.Period(end, end), _(
            "Ngày bắt đầu sau ngày kết thúc; đã lấy một ngày."
        )
    if (end - start) > timedelta(days=366):
        return logbook.Period(end - timedelta(days=366), end), _(
            "Kỳ theo dõi dài nhất một năm; đã rút ngắn."
        )
    return logbook.Period(start, end), ""


@counter_view
def logbook_view(request, sandbox):
    sandbox = sandbox_for(request, sandbox)
    now = sandbox.now()
    period, warning = _period(request, local_day(now))
    unit = sandbox.commune
    table = logbook.rows(sandbox, unit, period)
    kind = request.GET.get("dang", "")
    if kind == "pdf":
        return _download(
            logbook.to_pdf(table, unit, period, issued=now),
            "application/pdf",
            "pdf",
            period,
        )
    if kind in FORMATS:
        content_type, extension, export = FORMATS[kind]
        return _download(export(table, unit, period), content_type, extension, period)
    return page(
        request,
        "counter/logbook.html",
        sandbox,
        section="logbook",
        period=period,
        warning=warning,
        headers=logbook.HEADERS,
        rows=table,
        unit=unit,
    )


def _download(data: bytes, content_type: str, extension: str, period) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    name = f"so-theo-doi-ho-so-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@counter_view
def index_view(request, sandbox):
    sandbox = sandbox_for(request, sandbox)
    rates = index_for([sandbox])
    names = dict(Commune.objects.filter(pk__in=rates).values_list("pk", "name"))
    return page(
        request,
        "counter/index.html",
        sandbox,
        section="index",
        rows=[(names.get(pk, pk), rates[pk]) for pk in sorted(rates)],
        target=int(TARGET * 100),
    )
