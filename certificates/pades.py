"""The platform's PAdES signature on a certificate PDF: one invisible signature field.

The certificate itself says who signed it (the design prints the signatory and "ký số bởi"
the platform), so no visible stamp is drawn: drawing one costs a third of the signing time.
"""

from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko_certvalidator.registry import SimpleCertificateStore

from fake_portal.signatures.pdfsign import SigningKey, open_for_signing

FIELD_NAME = "ChungChiSaBan"
# Room for the CMS container (an EC signature and a three-certificate chain take ~4 KB);
# reserving it spares pyHanko a dry run to measure.
SIGNATURE_BYTES = 8192

_SIGNERS: dict[int, signers.SimpleSigner] = {}


def _asn1_cert(cert) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _signer(signing_key: SigningKey) -> signers.SimpleSigner:
    """pyHanko's signer for `signing_key`, built once per process and key."""
    serial = signing_key.cert.serial_number
    cached = _SIGNERS.get(serial)
    if cached is not None:
        return cached
    der_key = signing_key.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(signing_key.cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(
            [_asn1_cert(c) for c in signing_key.chain]
        ),
    )
    _SIGNERS.clear()  # one platform key is in use at a time
    _SIGNERS[serial] = signer
    return signer


def sign_pdf(
    pdf: bytes, signing_key: SigningKey, *, reason: str, location: str
) -> bytes:
    """`pdf` with the platform's PAdES (B-B) signature in an invisible field."""
    writer = open_for_signing(pdf)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason,
        location=location,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        _signer(signing_key),
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=0),
    )
    out = pdf_signer.sign_pdf(writer, bytes_reserved=SIGNATURE_BYTES)
    return out.getvalue() if isinstance(out, BytesIO) else out.read()
