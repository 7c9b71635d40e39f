"""The certificate as HTML (a Django template) and as PDF (WeasyPrint), plus its QR code.

The certificate is always printed in Vietnamese, like a real one, whatever the language of
the page that caused it to be issued.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import segno
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from certificates.platform import PLATFORM_NAME

STYLESHEET = Path(__file__).with_name("documents") / "certificate.css"
MAX_PROCEDURES_PRINTED = 4
QR_MASK = 2


@dataclass(frozen=True)
class Printed:
    """Everything printed on one certificate."""

    serial: str
    heading: str
    issuing_body: str
    recipient_name: str
    kind: str
    title: str
    issued_at: datetime
    verify_url: str
    signer_name: str
    signer_title: str
    score: float | None = None
    design_text: str = ""
    valid_until: datetime | None = None
    procedures: list = field(default_factory=list)  # [{"code", "version", "name"}]


def _verb(kind: str) -> str:
    return {
        "course": _("đã hoàn thành khóa học"),
        "scenario": _("đã thực hành đạt yêu cầu kịch bản"),
        "drill": _("đã tham gia và đạt yêu cầu buổi diễn tập"),
    }[kind]


def vietnamese_date(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return _("ngày %(day)02d tháng %(month)02d năm %(year)d") % {
        "day": local.day,
        "month": local.month,
        "year": local.year,
    }


def score_text(score: float | None) -> str:
    if score is None:
        return ""
    number = f"{score:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return _("Kết quả: %(score)s %%") % {"score": number}


def _procedures_text(procedures: list) -> str:
    if not procedures:
        return ""
    shown = [
        _("%(name)s (mã %(code)s, phiên bản %(version)s)")
        % {
            "name": p.get("name") or p["code"],
            "code": p["code"],
            "version": p.get("version") or "–",
        }
        for p in procedures[:MAX_PROCEDURES_PRINTED]
    ]
    text = "; ".join(shown)
    more = len(procedures) - MAX_PROCEDURES_PRINTED
    if more > 0:
        text += _(" và %(count)d thủ tục khác") % {"count": more}
    return _("Thủ tục hành chính: %(list)s.") % {"list": text}


def _validity_text(valid_until: datetime | None) -> str:
    if valid_until is None:
        return _("Chứng chỉ không có thời hạn.")
    return _("Có giá trị đến %(date)s.") % {"date": vietnamese_date(valid_until)}


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as a one-pixel-per-module PNG; the stylesheet scales it crisply.

    The mask pattern is fixed: every mask decodes the same, and trying all eight to pick
    the prettiest costs four times the rest of the QR code.
    """
    code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    return code.png_data_uri(scale=1, border=2)


def context(printed: Printed) -> dict:
    return {
        "serial": printed.serial,
        "heading": printed.heading,
        "issuing_body": printed.issuing_body,
        "recipient_name": printed.recipient_name,
        "verb": _verb(printed.kind),
        "title": printed.title,
        "score_text": score_text(printed.score),
        "design_text": printed.design_text,
        "procedures_text": _procedures_text(printed.procedures),
        "issued_text": _("Cấp %(date)s.")
        % {"date": vietnamese_date(printed.issued_at)},
        "validity_text": _validity_text(printed.valid_until),
        "signer_name": printed.signer_name,
        "signer_title": printed.signer_title,
        "verify_url": printed.verify_url,
        "qr": qr_data_uri(printed.verify_url),
        "platform_name": PLATFORM_NAME,
    }


def certificate_html(printed: Printed) -> str:
    with translation.override("vi"):
        return render_to_string("certificates/pdf/certificate.html", context(printed))


_ENGINE: dict = {}


def _engine() -> tuple[CSS, FontConfiguration]:
    # Parsing the stylesheet and loading fonts once per process halves the render time.
    if not _ENGINE:
        fonts = FontConfiguration()
        _ENGINE["css"] = CSS(filename=str(STYLESHEET), font_config=fonts)
        _ENGINE["fonts"] = fonts
    return _ENGINE["css"], _ENGINE["fonts"]


def render_pdf(html: str) -> bytes:
    """The certificate HTML as a one-page A4 landscape PDF (not yet signed)."""
    css, fonts = _engine()
    return HTML(string=html).write_pdf(
        stylesheets=[css], font_config=fonts, custom_metadata=True
    )
