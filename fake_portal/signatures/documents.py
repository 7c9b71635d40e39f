"""One-page training documents to sign: the practice sheet and a sample result."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML


def render_document(kind: str, *, holder: str, unit: str, moment=None) -> bytes:
    """A one-page A4 PDF; `kind` is "practice" (a sheet to practise on) or "result"."""
    html = render_to_string(
        "signatures/document.html",
        {
            "kind": kind,
            "holder": holder,
            "unit": unit,
            "moment": timezone.localtime(moment or timezone.now()),
        },
    )
    return HTML(string=html).write_pdf()


def practice_document(user, moment=None) -> bytes:
    profile = getattr(user, "profile", None)
    holder = profile.full_name if profile else user.get_username()
    unit = str(profile.home_unit) if profile else "Sa Bàn"
    return render_document("practice", holder=holder, unit=unit, moment=moment)
