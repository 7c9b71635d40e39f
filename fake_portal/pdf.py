"""PDF documents of the mock portal (forms, results, scans), rendered with WeasyPrint.

Every page carries the training marking in its header and a diagonal watermark: no document
made here may pass for a real one.
"""

from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template: str, context: dict) -> bytes:
    """Render a template that extends fake_portal/pdf/base.html into PDF bytes."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango at import time

    with translation.override("vi"):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=".").write_pdf()
