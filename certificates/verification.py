"""Public verification: a serial's standing, and whether an uploaded PDF is one we issued.

Bad input never raises: every outcome is a state the page explains.
"""

import logging
from dataclasses import dataclass, field
from io import BytesIO

from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from certificates import platform, procedures, serials
from certificates.models import Certificate, PlatformKey
from certificates.rules import OutdatedProcedure, outdated_procedures
from fake_portal.signatures import verify
from fake_portal.signatures.trust import current_trust

logger = logging.getLogger(__name__)

# Serial states
MALFORMED = (
    "malformed"  # the check character (or the shape) is wrong: forged or mistyped
)
UNKNOWN = "unknown"
VALID = "valid"
EXPIRED = "expired"
REVOKED = "revoked"

# Upload states beyond the serial's
UNSIGNED = "unsigned"
TAMPERED = "tampered"
FOREIGN_SIGNATURE = "foreign_signature"
NO_SERIAL = "no_serial"
NOT_ISSUED_FILE = "not_issued_file"

SERIAL_KEY = "/sabanserial"  # WeasyPrint writes <meta name="sabanserial"> there


@dataclass
class SerialVerdict:
    state: str
    serial: str = ""
    certificate: Certificate | None = None
    outdated: list[OutdatedProcedure] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.certificate is not None

    @property
    def needs_refresher(self) -> bool:
        return self.state == VALID and bool(self.outdated)

    @property
    def replacement(self):
        try:
            return self.certificate.replacement if self.certificate else None
        except Certificate.replacement.RelatedObjectDoesNotExist:
            return None


def check_serial(text: str) -> SerialVerdict:
    """What the public may know about serial `text`."""
    serial = serials.normalise(text)
    if serial is None:
        return SerialVerdict(state=MALFORMED, serial=str(text or "")[:40])
    certificate = (
        Certificate.objects.without_documents()
        .select_related("replacement")
        .filter(serial=serial)
        .first()
    )
    if certificate is None:
        return SerialVerdict(state=UNKNOWN, serial=serial)
    if certificate.status == Certificate.Status.REVOKED:
        return SerialVerdict(state=REVOKED, serial=serial, certificate=certificate)
    if certificate.valid_until and certificate.valid_until < timezone.now():
        return SerialVerdict(state=EXPIRED, serial=serial, certificate=certificate)
    outdated = outdated_procedures(certificate.procedures, procedures.lookup)
    return SerialVerdict(
        state=VALID, serial=serial, certificate=certificate, outdated=outdated
    )


@dataclass
class UploadVerdict:
    state: str
    report: verify.VerificationReport | None = None
    signature: verify.SignatureReport | None = None
    serial: SerialVerdict | None = None
    same_file: bool = False

    @property
    def genuine(self) -> bool:
        """Signed by our platform key, untouched since, and a serial we issued."""
        return self.state == VALID

    @property
    def outcome(self) -> str:
        """The serial's state once the file itself passed, else the file's problem."""
        return self.serial.state if self.serial else self.state


def _serial_in(data: bytes) -> str:
    try:
        trailer = PdfFileReader(BytesIO(data), strict=False).trailer
        info = trailer["/Info"] if "/Info" in trailer else None
        value = info.get(SERIAL_KEY) if info is not None else None
    except Exception:  # the signature check already vouched for the file; be lenient
        logger.info("no readable document information in an upload", exc_info=True)
        return ""
    return str(value or "")


def _platform_serials() -> set[str]:
    return set(PlatformKey.objects.values_list("serial", flat=True))


def _file_problem(report: verify.VerificationReport):
    """(state, the signature) for a file that is not an intact platform-signed PDF."""
    if report.state == verify.NO_SIGNATURES:
        return UNSIGNED, None
    if report.state != verify.CHECKED:
        return report.state, None
    signature = report.signatures[-1]
    if not signature.intact or not signature.covers_whole_document:
        return TAMPERED, signature
    if len(report.signatures) != 1 or signature.serial not in _platform_serials():
        return FOREIGN_SIGNATURE, signature
    if signature.verdict != verify.VALID:
        return TAMPERED, signature
    return None, signature


def check_pdf(data: bytes) -> UploadVerdict:
    """Is `data` a certificate PDF the platform signed, unchanged, with a live serial?"""
    report = verify.verify_pdf(data, current_trust())
    problem, signature = _file_problem(report)
    if problem:
        return UploadVerdict(state=problem, report=report, signature=signature)
    serial_text = _serial_in(data)
    if not serial_text:
        return UploadVerdict(state=NO_SERIAL, report=report, signature=signature)
    verdict = check_serial(serial_text)
    if verdict.certificate is None:
        return UploadVerdict(
            state=verdict.state, report=report, signature=signature, serial=verdict
        )
    same = (
        Certificate.objects.filter(pk=verdict.certificate.pk)
        .values_list("pdf_sha256", flat=True)
        .first()
    ) == platform.sha256_hex(data)
    state = verdict.state if same else NOT_ISSUED_FILE
    return UploadVerdict(
        state=state, report=report, signature=signature, serial=verdict, same_file=same
    )
