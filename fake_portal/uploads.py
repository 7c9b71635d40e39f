"""Checks on files citizens and officers upload: type by content, not by name, and size."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def sniff(head: bytes) -> str | None:
    for magic, content_type in SIGNATURES.items():
        if head.startswith(magic):
            return content_type
    return None


def validate_upload(upload):
    """Raise a ValidationError for an empty, oversized or wrongly typed file; set its type."""
    if upload.size == 0:
        raise forms.ValidationError(
            _("Tệp “%(name)s” rỗng."), params={"name": upload.name}
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("Tệp “%(name)s” lớn hơn 5 MB. Xin quét lại với độ phân giải thấp hơn."),
            params={"name": upload.name},
        )
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise forms.ValidationError(
            _("Tệp “%(name)s” không phải PDF, JPEG hay PNG."),
            params={"name": upload.name},
        )
    upload.content_type = content_type
    return upload
