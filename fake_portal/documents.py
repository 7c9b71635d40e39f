"""Build the standard forms (Circular 03/2025, annex I), results and scans of a dossier as PDFs."""

import base64

import segno
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from fake_portal.models import Channel, Dossier
from fake_portal.pdf import render_pdf
from fake_portal.request_content import request_rows

FORM_TITLES = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "05": "Thông báo dừng giải quyết hồ sơ",
    "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
}
# The event a form reports on; form 06 reads all hand-overs, form 01 the reception.
FORM_EVENTS = {
    "01": "dossier.received",
    "02": "dossier.supplement_requested",
    "03": "dossier.refused",
    "04": "dossier.apologised",
    "05": "dossier.stopped",
}
HANDOVERS = {
    "dossier.received": ("Công dân", "Bộ phận Một cửa"),
    "dossier.assigned": ("Bộ phận Một cửa", "Chuyên viên xử lý"),
    "dossier.transferred": ("Chuyên viên xử lý", "Cơ quan liên thông"),
    "dossier.transfer_returned": ("Cơ quan liên thông", "Chuyên viên xử lý"),
    "dossier.appraised": ("Chuyên viên xử lý", "Lãnh đạo"),
    "dossier.sent_back": ("Lãnh đạo", "Chuyên viên xử lý"),
    "dossier.approved": ("Lãnh đạo", "Bộ phận Một cửa"),
    "dossier.result_returned": ("Bộ phận Một cửa", "Công dân"),
}


def qr_payload(dossier: Dossier) -> str:
    """What the receipt's QR code holds: dossier code, procedure, identity number, appointment."""
    due = dossier.due_at.strftime("%Y-%m-%d") if dossier.due_at else ""
    return "|".join(
        [dossier.code, dossier.procedure_code, dossier.applicant.id_number, due]
    )


def _qr_data_uri(text: str) -> str:
    svg = segno.make(text, error="m").svg_inline(scale=3)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _actor_name(event) -> str:
    return event.shown_actor if event is not None else ""


def available_forms(dossier: Dossier) -> list[str]:
    """The forms that exist for this dossier now (each needs its event to have happened)."""
    done = set(dossier.events.values_list("action", flat=True))
    forms = [number for number, action in FORM_EVENTS.items() if action in done]
    return sorted(forms + ["06"]) if "dossier.received" in done else forms


def _named(party: str, name: str) -> str:
    return f"{party} ({name})" if name else party


# Events whose actor takes the dossier rather than hands it over: on receipt the officer
# is the receiver, and the giver is the citizen who filed.
TAKEN_BY_ACTOR = {"dossier.received"}


def _handover_rows(dossier: Dossier) -> list[dict]:
    rows = []
    applicant = dossier.form_data.get("applicant", {}).get("full_name", "")
    for event in dossier.events.filter(action__in=HANDOVERS).select_related(
        "actor__profile"
    ):
        giver, receiver = HANDOVERS[event.action]
        if event.action in TAKEN_BY_ACTOR:
            giver = _named(giver, applicant)
            receiver = _named(receiver, _actor_name(event))
        else:
            giver = _named(giver, _actor_name(event))
        late = dossier.due_at and event.sim_time > dossier.due_at
        rows.append(
            {
                "giver": giver,
                "receiver": receiver,
                "at": event.sim_time,
                "result": _("Quá hạn") if late else _("Đúng hạn"),
                "note": event.data.get("opinion") or event.data.get("reason") or "",
            }
        )
    return rows


RETURN_PLACES = {
    Channel.ONLINE: _lazy("Trực tuyến, vào kho dữ liệu điện tử của công dân"),
    Channel.IN_PERSON: _lazy("Tại Bộ phận Một cửa"),
    Channel.POST: _lazy("Qua dịch vụ bưu chính công ích, đến địa chỉ của người nộp"),
}


def _document_form(dossier: Dossier, document) -> str:
    """The form column of the receipt (bản chính, bản sao, bản điện tử…)."""
    if dossier.channel == Channel.ONLINE:
        return _("Bản điện tử")
    if document.signed:
        return _("Bản số hóa có chữ ký số")
    return _("Bản sao")


def _event_moment(event, key: str):
    """A date-time the event's JSON stored as ISO text, back as an aware datetime."""
    value = event.data.get(key) if event else None
    return parse_datetime(value) if isinstance(value, str) else value


def form_context(dossier: Dossier, number: str) -> dict:
    event = None
    if number in FORM_EVENTS:
        event = (
            dossier.events.filter(action=FORM_EVENTS[number])
            .order_by("-sim_time", "-pk")
            .first()
        )
        if event is None:
            raise LookupError(number)
    applicant = dossier.form_data.get("applicant", {})
    documents = [
        {"name": d.name, "form": _document_form(dossier, d), "count": 1}
        for d in dossier.documents.filter(kind__in=["attachment", "supplement"])
    ]
    return {
        "dossier": dossier,
        "procedure": dossier.procedure,
        "commune": dossier.receiving_commune,
        "form": applicant,
        "event": event,
        "issued": event.sim_time if event else dossier.sandbox.now(),
        "officer_name": _actor_name(event),
        "documents": documents,
        "return_place": RETURN_PLACES[dossier.channel],
        "qr_svg": _qr_data_uri(qr_payload(dossier)) if number == "01" else "",
        "old_due": _event_moment(event, "old_due_at"),
        "new_due": _event_moment(event, "new_due_at"),
        "handovers": _handover_rows(dossier) if number == "06" else [],
    }


def render_form(dossier: Dossier, number: str) -> bytes:
    """Form `number` ("01"–"06") of `dossier` as PDF; LookupError if it does not exist yet."""
    if number not in FORM_TITLES:
        raise LookupError(number)
    return render_pdf(
        f"fake_portal/pdf/form_{number}.html", form_context(dossier, number)
    )


def render_result(dossier: Dossier, *, signer_name: str) -> bytes:
    """The result document the leader signs (a training rendition, never a real form)."""
    now = dossier.sandbox.now()
    with translation.override("vi"):  # an official document, whatever the page language
        details = request_rows(dossier.form_data.get("request", {}))
    return render_pdf(
        "fake_portal/pdf/result.html",
        {
            "dossier": dossier,
            "procedure": dossier.procedure,
            "commune": dossier.receiving_commune,
            "form": dossier.form_data.get("applicant", {}),
            "issued": now,
            "number": f"{dossier.pk:05d}/{now:%Y}",
            "details": details,
            "signer_name": signer_name,
        },
    )


def render_scan(name: str, rows: list[tuple[str, str]], note: str = "") -> bytes:
    """A generated 'scan' of a paper, from the world's data."""
    return render_pdf(
        "fake_portal/pdf/scan.html", {"name": name, "rows": rows, "note": note}
    )
