"""The training PKI as pure functions over `cryptography`: CAs, officials' certificates, CRLs.

Nothing here can pass for a real authority: every name says "ĐÀO TẠO" (training) and "không
có giá trị pháp lý" (no legal value), every certificate carries a policy notice saying so, and
the only addresses are under the reserved `.invalid` top-level domain, which never resolves.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

# A common name may hold at most 64 bytes of UTF-8 (as `cryptography` counts): the "no legal
# value" wording goes in the organisational unit of every certificate instead.
ROOT_NAME = "Sa Bàn – CA gốc ĐÀO TẠO"
ISSUING_NAME = "Sa Bàn – CA cấp chứng thư ĐÀO TẠO"
PKI_ORGANISATION = "Sa Bàn – Hệ thống đào tạo (không phải Ban Cơ yếu Chính phủ)"
TRAINING_UNIT = "ĐÀO TẠO – không có giá trị pháp lý"
CRL_BASE = "http://crl.saban.invalid/dao-tao"
# An OID under the example arc 2.999 (ITU-T X.660: "for examples"): never a real CP.
TRAINING_POLICY_OID = ObjectIdentifier("2.999.84.1")
POLICY_NOTICE = "Chứng thư số ĐÀO TẠO của Sa Bàn, không có giá trị pháp lý."
DOCUMENT_SIGNING_OID = ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # RFC 9336

ROOT_YEARS, ISSUING_YEARS = 20, 15
OFFICIAL_DAYS = 730
CA_BACKDATE = timedelta(days=3 * 365)  # sandboxes may be set in the recent past


@dataclass(frozen=True)
class OfficialSubject:
    """What an official's certificate says about them (all synthetic)."""

    full_name: str
    title: str
    organisation: str
    locality: str
    province: str
    staff_code: str


@dataclass(frozen=True)
class Revocation:
    serial: int
    revoked_at: datetime
    reason: x509.ReasonFlags = x509.ReasonFlags.unspecified


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def key_pem(key: ec.EllipticCurvePrivateKey) -> str:
    # Stored unencrypted: a training key signs nothing of value (see models.TrainingAuthority).
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def cert_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def load_cert(pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode())


def load_key(pem: str) -> ec.EllipticCurvePrivateKey:
    return serialization.load_pem_private_key(pem.encode(), password=None)


def crl_url(kind: str) -> str:
    return f"{CRL_BASE}/{kind}.crl"


def _ca_name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, PKI_ORGANISATION),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, TRAINING_UNIT),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def official_name(subject: OfficialSubject) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, subject.province),
            x509.NameAttribute(NameOID.LOCALITY_NAME, subject.locality),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, subject.organisation),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, TRAINING_UNIT),
            x509.NameAttribute(NameOID.TITLE, subject.title),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, subject.staff_code),
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(subject.full_name, 64)),
        ]
    )


def _fit(text: str, limit: int) -> str:
    while len(text.encode()) > limit:
        text = text[:-1]
    return text


def _policy() -> x509.CertificatePolicies:
    notice = x509.UserNotice(notice_reference=None, explicit_text=POLICY_NOTICE)
    return x509.CertificatePolicies(
        [x509.PolicyInformation(TRAINING_POLICY_OID, [notice])]
    )


def _crl_points(kind: str) -> x509.CRLDistributionPoints:
    point = x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(crl_url(kind))],
        relative_name=None,
        reasons=None,
        crl_issuer=None,
    )
    return x509.CRLDistributionPoints([point])


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _signer_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _builder(subject, issuer, public_key, not_before, not_after, serial=None):
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
        .add_extension(_policy(), critical=False)
    )


def make_root(now: datetime) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A self-signed training root CA."""
    key = new_key()
    name = _ca_name(ROOT_NAME)
    not_before = now - CA_BACKDATE
    cert = (
        _builder(
            name,
            name,
            key.public_key(),
            not_before,
            not_before + timedelta(days=365 * ROOT_YEARS),
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def make_issuing(
    root: x509.Certificate, root_key: ec.EllipticCurvePrivateKey, now: datetime
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """The training CA that issues officials' certificates, signed by the root."""
    key = new_key()
    not_before = now - CA_BACKDATE
    cert = (
        _builder(
            _ca_name(ISSUING_NAME),
            root.subject,
            key.public_key(),
            not_before,
            min(
                not_before + timedelta(days=365 * ISSUING_YEARS),
                root.not_valid_after_utc,
            ),
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(_authority_key_id(root), critical=False)
        .add_extension(_crl_points("goc"), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return cert, key


def _authority_key_id(issuer: x509.Certificate) -> x509.AuthorityKeyIdentifier:
    ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    return x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski.value)


def make_official_cert(
    issuer: x509.Certificate,
    issuer_key: ec.EllipticCurvePrivateKey,
    subject: OfficialSubject,
    *,
    not_before: datetime,
    days: int = OFFICIAL_DAYS,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """An official's signing certificate and its key.

    pdfsig (poppler 22.12 over NSS) reports a trusted chain as "Unknown issue with Certificate"
    unless the signer's certificate has the emailProtection usage and a CRL distribution point.
    """
    key = new_key()
    cert = (
        _builder(
            official_name(subject),
            issuer.subject,
            key.public_key(),
            not_before,
            not_before + timedelta(days=days),
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_signer_usage(), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING_OID]
            ),
            critical=False,
        )
        .add_extension(_authority_key_id(issuer), critical=False)
        .add_extension(_crl_points("cap-chung-thu"), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )
    return cert, key


def make_crl(
    issuer: x509.Certificate,
    issuer_key: ec.EllipticCurvePrivateKey,
    revocations: list[Revocation],
    *,
    now: datetime,
    next_update_in: timedelta = timedelta(days=7),
) -> x509.CertificateRevocationList:
    """A CRL listing `revocations`, signed by `issuer`."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(now)
        .next_update(now + next_update_in)
        .add_extension(_authority_key_id(issuer), critical=False)
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
    )
    for item in revocations:
        entry = (
            x509.RevokedCertificateBuilder()
            .serial_number(item.serial)
            .revocation_date(item.revoked_at)
            .add_extension(x509.CRLReason(item.reason), critical=False)
            .build()
        )
        builder = builder.add_revoked_certificate(entry)
    return builder.sign(issuer_key, hashes.SHA256())


def crl_der(crl: x509.CertificateRevocationList) -> bytes:
    return crl.public_bytes(serialization.Encoding.DER)


def subject_field(cert: x509.Certificate, oid: ObjectIdentifier) -> str:
    values = cert.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


_READABLE_NAMES = {NameOID.SERIAL_NUMBER: "serialNumber", NameOID.TITLE: "title"}


def subject_text(cert: x509.Certificate) -> str:
    """The subject as RFC 4514 text, with names (not OIDs) for title and serialNumber."""
    return cert.subject.rfc4514_string(_READABLE_NAMES)


def common_name(cert: x509.Certificate) -> str:
    return subject_field(cert, NameOID.COMMON_NAME)


def issuer_common_name(cert: x509.Certificate) -> str:
    values = cert.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else cert.issuer.rfc4514_string()
