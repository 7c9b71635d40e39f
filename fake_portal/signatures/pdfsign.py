"""PAdES signing with a visible stamp, as pure functions over bytes (no database).

Each signature is an incremental update, so earlier signatures stay valid: a receipt signed by
the receiving officer can then be signed by the leader, and so on.
"""

from dataclasses import dataclass
from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from fake_portal.signatures import stampfont

BOTTOM_RIGHT, TOP_LEFT = "bottom-right", "top-left"
PLACEMENTS = (BOTTOM_RIGHT, TOP_LEFT)
STAMP_WIDTH, STAMP_HEIGHT, MARGIN, GAP = 236, 66, 28, 6
# Room for the CMS container (an EC signature and a three-certificate chain take about 4 KB).
# Without it pyHanko signs twice, once with a dummy key to measure: half the cost.
SIGNATURE_BYTES = 8192
_STAMP_STYLE = None


class DocumentError(ValueError):
    """The bytes to sign are not a PDF this module can sign (code says why)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class SigningKey:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    chain: tuple[x509.Certificate, ...]  # issuing CA first, then the root


def asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _asn1_key(key: ec.EllipticCurvePrivateKey) -> asn1_keys.PrivateKeyInfo:
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return asn1_keys.PrivateKeyInfo.load(der)


def _signer(signing_key: SigningKey) -> signers.SimpleSigner:
    store = SimpleCertificateStore.from_certs([asn1_cert(c) for c in signing_key.chain])
    return signers.SimpleSigner(
        signing_cert=asn1_cert(signing_key.cert),
        signing_key=_asn1_key(signing_key.key),
        cert_registry=store,
    )


def stamp_style() -> TextStampStyle:
    global _STAMP_STYLE
    if _STAMP_STYLE is None:
        if stampfont.font_available():
            text = TextBoxStyle(
                font=stampfont.VietnameseFontFactory(), font_size=7.5, leading=10
            )
        else:  # no DejaVu: pyHanko's Courier, which shows only ASCII (see plain_text)
            text = TextBoxStyle(font_size=7, leading=9.5)
        _STAMP_STYLE = TextStampStyle(
            stamp_text="%(stamp)s",
            text_box_style=text,
            border_width=1,
            background=None,
        )
    return _STAMP_STYLE


def plain_text(text: str) -> str:
    """ASCII fallback when the stamp font is missing: drop the tone marks, keep the words."""
    import unicodedata

    text = text.replace("Đ", "D").replace("đ", "d").replace("–", "-")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if ord(c) < 128)


def open_for_signing(pdf: bytes) -> IncrementalPdfFileWriter:
    """An incremental writer over `pdf`, or DocumentError("not_pdf" | "encrypted")."""
    if not pdf or b"%PDF-" not in pdf[:1024]:
        raise DocumentError("not_pdf")
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError, TypeError) as error:
        raise DocumentError("not_pdf") from error
    if writer.prev.encrypted:
        raise DocumentError("encrypted")
    return writer


def _page_box(writer: IncrementalPdfFileWriter, page: int) -> tuple[float, ...]:
    page_ref, _resources = writer.prev.find_page_for_modification(page)
    page_obj = page_ref.get_object()
    box = page_obj.get("/CropBox") or page_obj.get("/MediaBox") or [0, 0, 595, 842]
    return tuple(float(v) for v in box)


def _page_count(writer: IncrementalPdfFileWriter) -> int:
    return int(writer.prev.root["/Pages"]["/Count"])


def stamp_box(
    page_box: tuple[float, ...], placement: str, index: int
) -> tuple[int, int, int, int]:
    """Where the `index`-th stamp goes: stacked upwards (bottom-right) or downwards."""
    x0, y0, x1, y1 = page_box
    step = index * (STAMP_HEIGHT + GAP)
    if placement == TOP_LEFT:
        left, top = x0 + MARGIN, y1 - MARGIN - step
        return int(left), int(top - STAMP_HEIGHT), int(left + STAMP_WIDTH), int(top)
    right, bottom = x1 - MARGIN, y0 + MARGIN + step
    return int(right - STAMP_WIDTH), int(bottom), int(right), int(bottom + STAMP_HEIGHT)


def existing_signature_names(writer: IncrementalPdfFileWriter) -> list[str]:
    return [name for name, _value, _ref in fields.enumerate_sig_fields(writer.prev)]


def _stamps_in_corner(writer, page_box: tuple[float, ...], placement: str) -> int:
    """How many stamps already sit in the half of the page where `placement` puts one."""
    middle = (page_box[1] + page_box[3]) / 2
    count = 0
    for _name, _value, ref in fields.enumerate_sig_fields(writer.prev):
        rect = ref.get_object().get("/Rect")
        if not rect:
            continue
        centre = (float(rect[1]) + float(rect[3])) / 2
        count += (centre > middle) == (placement == TOP_LEFT)
    return count


def sign_document(
    pdf: bytes,
    *,
    signing_key: SigningKey,
    stamp_text: str,
    reason: str,
    location: str,
    placement: str = BOTTOM_RIGHT,
    field_name: str | None = None,
) -> bytes:
    """`pdf` with one more PAdES (B-B) signature and a visible stamp."""
    if placement not in PLACEMENTS:
        raise ValueError(f"placement must be one of {PLACEMENTS}")
    writer = open_for_signing(pdf)
    existing = existing_signature_names(writer)
    name = field_name or _free_name(existing)
    if name in existing:
        raise DocumentError("field_taken")
    page = 0 if placement == TOP_LEFT else _page_count(writer) - 1
    page_box = _page_box(writer, page)
    box = stamp_box(page_box, placement, _stamps_in_corner(writer, page_box, placement))
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        reason=reason,
        location=location,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        _signer(signing_key),
        stamp_style=stamp_style(),
        new_field_spec=fields.SigFieldSpec(name, on_page=page, box=box),
    )
    text = stamp_text if stampfont.font_available() else plain_text(stamp_text)
    out = pdf_signer.sign_pdf(
        writer, bytes_reserved=SIGNATURE_BYTES, appearance_text_params={"stamp": text}
    )
    return out.getvalue()


def _free_name(existing: list[str]) -> str:
    number = len(existing) + 1
    while f"ChuKySo{number}" in existing:
        number += 1
    return f"ChuKySo{number}"
