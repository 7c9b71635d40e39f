"""The trust material a verifier needs, read from the database: root, issuing CA, fresh CRLs."""

from cryptography import x509
from django.utils import timezone

from fake_portal.signatures import pki
from fake_portal.signatures.actions import training_authorities
from fake_portal.signatures.models import OfficialCertificate
from fake_portal.signatures.verify import TrustMaterial, VerificationReport, verify_pdf

_REASONS = {
    OfficialCertificate.RevocationReason.UNSPECIFIED: x509.ReasonFlags.unspecified,
    OfficialCertificate.RevocationReason.KEY_COMPROMISE: x509.ReasonFlags.key_compromise,
    OfficialCertificate.RevocationReason.AFFILIATION_CHANGED: (
        x509.ReasonFlags.affiliation_changed
    ),
    OfficialCertificate.RevocationReason.SUPERSEDED: x509.ReasonFlags.superseded,
    OfficialCertificate.RevocationReason.CESSATION_OF_OPERATION: (
        x509.ReasonFlags.cessation_of_operation
    ),
}


def _revocations() -> list[pki.Revocation]:
    rows = OfficialCertificate.objects.revoked().values_list(
        "serial", "revoked_at", "revocation_reason"
    )
    return [
        pki.Revocation(
            serial=int(serial, 16),
            revoked_at=revoked_at,
            reason=_REASONS.get(reason, x509.ReasonFlags.unspecified),
        )
        for serial, revoked_at, reason in rows
    ]


def issuing_crl() -> x509.CertificateRevocationList:
    """The issuing CA's CRL as of now (signed on request: there is no CRL server)."""
    _, issuing = training_authorities()
    return pki.make_crl(
        pki.load_cert(issuing.cert_pem),
        pki.load_key(issuing.key_pem),
        _revocations(),
        now=timezone.now(),
    )


def root_crl() -> x509.CertificateRevocationList:
    """The root's CRL: it has never revoked the issuing CA."""
    root, _ = training_authorities()
    return pki.make_crl(
        pki.load_cert(root.cert_pem), pki.load_key(root.key_pem), [], now=timezone.now()
    )


def current_trust() -> TrustMaterial:
    root, issuing = training_authorities()
    return TrustMaterial(
        root=pki.load_cert(root.cert_pem),
        issuing=pki.load_cert(issuing.cert_pem),
        crls=(pki.crl_der(issuing_crl()), pki.crl_der(root_crl())),
    )


def check_document(pdf: bytes) -> VerificationReport:
    """Verify `pdf` against the training PKI as it stands now (what the public page shows)."""
    return verify_pdf(pdf, current_trust())
