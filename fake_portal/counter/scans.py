"""Checking a scan an officer uploads: type, size, readable, not blank; and counting pages."""

from dataclasses import dataclass
from io import BytesIO

from django import forms
from django.utils.translation import gettext as _

from fake_portal.errors import InvalidInput
from fake_portal.uploads import validate_upload

# A page whose pixels barely vary is a blank sheet (or the scanner lid closed on nothing).
BLANK_STDDEV = 4.0


@dataclass(frozen=True)
class Scan:
    data: bytes
    content_type: str
    pages: int
    name: str


def _pdf_pages(data: bytes) -> list:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(data), strict=False)
    if reader.encrypted:
        raise InvalidInput(
            _("Tệp PDF đã được đặt mật khẩu; xin quét lại thành tệp không khóa.")
        )
    return _leaves(reader.root["/Pages"])


def _leaves(node) -> list:
    if node.get("/Type") == "/Page" or "/Kids" not in node:
        return [node]
    pages = []
    for kid in node["/Kids"]:
        pages += _leaves(kid.get_object())
    return pages


def _page_has_content(page) -> bool:
    contents = page.get("/Contents")
    if contents is None:
        return False
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    return any(s.get_object().data.strip() for s in streams)


def _check_pdf(data: bytes, name: str) -> int:
    try:
        pages = _pdf_pages(data)
    except InvalidInput:
        raise
    except Exception as error:  # any parser failure means the same thing to the officer
        raise InvalidInput(
            _("Không đọc được tệp “%(name)s”: tệp PDF bị hỏng. Xin quét lại.")
            % {"name": name}
        ) from error
    if not pages or not any(_page_has_content(p) for p in pages):
        raise InvalidInput(
            _("Bản quét “%(name)s” là trang trắng, không có nội dung. Xin quét lại.")
            % {"name": name}
        )
    return len(pages)


def _check_image(data: bytes, name: str) -> int:
    from PIL import Image, ImageStat, UnidentifiedImageError

    try:
        with Image.open(BytesIO(data)) as image:
            image.load()
            spread = max(ImageStat.Stat(image.convert("L")).stddev)
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise InvalidInput(
            _("Không đọc được tệp ảnh “%(name)s”: tệp bị hỏng. Xin chụp hoặc quét lại.")
            % {"name": name}
        ) from error
    if spread < BLANK_STDDEV:
        raise InvalidInput(
            _("Bản quét “%(name)s” là trang trắng, không có nội dung. Xin quét lại.")
            % {"name": name}
        )
    return 1


def read_scan(upload) -> Scan:
    """A checked scan; InvalidInput with a clear Vietnamese message otherwise."""
    try:
        validate_upload(upload)
    except forms.ValidationError as error:
        raise InvalidInput(" ".join(error.messages)) from error
    data = upload.read()
    name = getattr(upload, "name", "scan")
    if upload.content_type == "application/pdf":
        pages = _check_pdf(data, name)
    else:
        pages = _check_image(data, name)
    return Scan(data=data, content_type=upload.content_type, pages=pages, name=name)
