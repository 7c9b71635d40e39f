"""Reading the QR code and the links out of a certificate PDF, for the tests."""

import subprocess
from io import BytesIO

import segno
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader

from certificates.rendering import QR_MASK


def qr_modules_in_pdf(pdf: bytes, tmp_path) -> list[list[bool]]:
    """The dark/light modules of the one image in the PDF (the QR code, one pixel each)."""
    path = tmp_path / "qr.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdfimages", "-png", str(path), str(tmp_path / "qr")], check=True)
    [image_path] = sorted(tmp_path.glob("qr-*.png"))
    image = Image.open(image_path).convert("L")
    width, height = image.size
    pixels = image.load()
    return [[pixels[x, y] < 128 for x in range(width)] for y in range(height)]


def qr_modules_for(url: str) -> list[list[bool]]:
    """What a QR code of `url` looks like, as the certificate draws it (border 2)."""
    code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    return [[bool(v) for v in row] for row in code.matrix_iter(scale=1, border=2)]


def link_targets(pdf: bytes) -> set[str]:
    page = PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Kids"][0]
    annotations = [a.get_object() for a in page.get("/Annots", [])]
    return {str(a["/A"]["/URI"]) for a in annotations if a.get("/Subtype") == "/Link"}
