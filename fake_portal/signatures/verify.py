"""Checking the signatures in an uploaded PDF, as result states (bad input never raises).

`verify_pdf` is pure: it takes the bytes and the trust material (training root, issuing CA,
CRLs). Nothing is ever fetched: the CRLs are handed to the validator (allow_fetching=False).
A certificate is judged at the signing time the signer's software wrote into the signature
(the training PKI has no time-stamping authority, so that time is the signer's own claim);
revocation information issued later is accepted for that moment, so a certificate revoked
after signing still shows a signature that was valid when made.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from fake_portal.signatures import pki
from fake_portal.signatures.pdfsign import asn1_cert

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024

# Report states
CHECKED = "checked"
EMPTY = "empty"
TOO_LARGE = "too_large"
NOT_PDF = "not_pdf"
ENCRYPTED = "encrypted"
UNREADABLE = "unreadable"
NO_SIGNATURES = "no_signatures"

# Signature verdicts
VALID = "valid"
INVALID = "invalid"
UNTRUSTED = "untrusted"
MODIFIED = "modified"

# How the document changed after a signature
UNCHANGED = "unchanged"
ALLOWED_CHANGES = "allowed"
SUSPICIOUS_CHANGES = "suspicious"


@dataclass(frozen=True)
class TrustMaterial:
    root: x509.Certificate
    issuing: x509.Certificate
    crls: tuple[bytes, ...] = ()

    def revocations(self) -> dict[int, datetime]:
        """Serial -> revocation time, from the CRLs signed by the issuing CA."""
        found = {}
        for der in self.crls:
            crl = x509.load_der_x509_crl(der)
            if crl.issuer != self.issuing.subject:
                continue
            for entry in crl:
                found[entry.serial_number] = entry.revocation_date_utc
        return found


@dataclass
class SignatureReport:
    field_name: str
    signer_name: str = ""
    subject: str = ""
    title: str = ""
    organisation: str = ""
    issuer: str = ""
    serial: str = ""
    signing_time: datetime | None = None
    not_before: datetime | None = None
    not_after: datetime | None = None
    intact: bool = False
    covers_whole_document: bool = False
    changes_after: str = UNCHANGED
    from_training_ca: bool = False
    trusted: bool = False
    valid_at_signing: bool = False
    revoked_at: datetime | None = None
    summary: str = ""
    unreadable: bool = False

    @property
    def revoked_before_signing(self) -> bool:
        # Both times have whole seconds; like pyHanko, the same second counts as "after".
        return bool(
            self.revoked_at
            and self.signing_time
            and self.revoked_at < self.signing_time
        )

    @property
    def revoked_after_signing(self) -> bool:
        return bool(self.revoked_at) and not self.revoked_before_signing

    @property
    def verdict(self) -> str:
        if self.unreadable or not self.intact:
            return MODIFIED if not self.unreadable else INVALID
        if self.changes_after == SUSPICIOUS_CHANGES:
            return MODIFIED
        if not self.from_training_ca:
            return UNTRUSTED
        if not self.trusted or not self.valid_at_signing or self.revoked_before_signing:
            return INVALID
        return VALID


@dataclass
class VerificationReport:
    state: str
    signatures: list[SignatureReport] = field(default_factory=list)
    size: int = 0

    @property
    def all_valid(self) -> bool:
        return self.state == CHECKED and all(
            s.verdict == VALID for s in self.signatures
        )

    @property
    def changed_after_last_signature(self) -> bool:
        return bool(self.signatures) and not self.signatures[-1].covers_whole_document


def _crypto_cert(der_holder) -> x509.Certificate:
    return x509.load_der_x509_certificate(der_holder.dump())


def _issued_by_training_ca(cert: x509.Certificate, trust: TrustMaterial) -> bool:
    try:
        cert.verify_directly_issued_by(trust.issuing)
    except (ValueError, TypeError, InvalidSignature):  # other issuer, or forged
        return False
    return True


def _validation_context(trust: TrustMaterial, moment: datetime | None):
    return ValidationContext(
        trust_roots=[asn1_cert(trust.root)],
        other_certs=[asn1_cert(trust.issuing)],
        crls=list(trust.crls),
        allow_fetching=False,
        revocation_mode="hard-fail",
        moment=moment,
        retroactive_revinfo=True,
    )


def _changes_after(status) -> str:
    level = status.modification_level
    if status.docmdp_ok is False or level == ModificationLevel.OTHER:
        return SUSPICIOUS_CHANGES
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE or level in (
        None,
        ModificationLevel.NONE,
    ):
        return UNCHANGED
    return ALLOWED_CHANGES


def _describe_certificate(report: SignatureReport, cert: x509.Certificate):
    report.signer_name = pki.common_name(cert)
    report.subject = pki.subject_text(cert)
    report.title = pki.subject_field(cert, pki.NameOID.TITLE)
    report.organisation = pki.subject_field(cert, pki.NameOID.ORGANIZATION_NAME)
    report.issuer = pki.issuer_common_name(cert)
    report.serial = format(cert.serial_number, "x")
    report.not_before = cert.not_valid_before_utc
    report.not_after = cert.not_valid_after_utc


def check_signature(embedded, trust: TrustMaterial, revocations) -> SignatureReport:
    """One signature's report; a signature pyHanko cannot even parse is marked unreadable."""
    report = SignatureReport(field_name=str(embedded.field_name or ""))
    try:
        cert = _crypto_cert(embedded.signer_cert)
        _describe_certificate(report, cert)
        report.signing_time = embedded.self_reported_timestamp
        status = validate_pdf_signature(
            embedded, _validation_context(trust, report.signing_time)
        )
    except Exception:  # a malformed signature is a finding, not a server error
        logger.info(
            "unreadable signature in field %s", report.field_name, exc_info=True
        )
        report.unreadable = True
        return report
    report.intact = bool(status.intact and status.valid)
    report.covers_whole_document = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    report.changes_after = _changes_after(status)
    report.from_training_ca = _issued_by_training_ca(cert, trust)
    report.trusted = bool(status.trusted) and report.from_training_ca
    moment = report.signing_time
    report.valid_at_signing = bool(
        moment and report.not_before <= moment <= report.not_after
    )
    if report.from_training_ca:
        report.revoked_at = revocations.get(cert.serial_number)
    report.summary = status.summary()
    return report


def _open(data: bytes) -> tuple[str, PdfFileReader | None]:
    if not data:
        return EMPTY, None
    if len(data) > MAX_BYTES:
        return TOO_LARGE, None
    if b"%PDF-" not in data[:1024]:
        return NOT_PDF, None
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        if reader.encrypted and not _decrypts_without_password(reader):
            return ENCRYPTED, None
        reader.root  # noqa: B018 (forces the trailer and catalogue to parse)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return UNREADABLE, None
    return CHECKED, reader


def _decrypts_without_password(reader: PdfFileReader) -> bool:
    # An owner password alone does not stop anyone reading: real viewers open such files.
    try:
        result = reader.decrypt(b"")
    except Exception:
        return False
    return getattr(result, "status", None) is not None and "FAILED" not in str(
        result.status
    )


def verify_pdf(data: bytes, trust: TrustMaterial) -> VerificationReport:
    """Check every signature in `data`; the report's state says why when none could be."""
    state, reader = _open(data)
    if reader is None:
        return VerificationReport(state=state, size=len(data))
    try:
        embedded = list(reader.embedded_signatures)
    except Exception:
        logger.info("cannot list the signatures of an upload", exc_info=True)
        return VerificationReport(state=UNREADABLE, size=len(data))
    if not embedded:
        return VerificationReport(state=NO_SIGNATURES, size=len(data))
    revocations = trust.revocations()
    return VerificationReport(
        state=CHECKED,
        signatures=[check_signature(sig, trust, revocations) for sig in embedded],
        size=len(data),
    )


def pem_of(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()
