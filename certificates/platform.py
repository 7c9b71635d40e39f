"""The platform's organisation certificate, as pure functions over `cryptography`.

The training issuing CA (fake_portal.signatures.pki) issues it, so pyHanko and pdfsig trust
a certificate PDF exactly when they trust the training root. Like every certificate of that
PKI it says "ĐÀO TẠO – không có giá trị pháp lý" and points only at `.invalid` addresses.
"""

import base64
import hashlib
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from fake_portal.signatures import pki
from fake_portal.signatures.pdfsign import SigningKey

PLATFORM_NAME = "Sa Bàn – Nền tảng đào tạo (không có giá trị pháp lý)"
PLATFORM_COMMON_NAME = "Sa Bàn – Nền tảng đào tạo"
PLATFORM_DAYS = 3 * 365
RENEW_BEFORE = timedelta(days=30)
CLOCK_SKEW = timedelta(minutes=5)


def platform_name() -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, PLATFORM_NAME),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, pki.TRAINING_UNIT),
            x509.NameAttribute(NameOID.COMMON_NAME, PLATFORM_COMMON_NAME),
        ]
    )


def _usage() -> x509.KeyUsage:
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


def _policy() -> x509.CertificatePolicies:
    notice = x509.UserNotice(notice_reference=None, explicit_text=pki.POLICY_NOTICE)
    return x509.CertificatePolicies(
        [x509.PolicyInformation(pki.TRAINING_POLICY_OID, [notice])]
    )


def _crl_points() -> x509.CRLDistributionPoints:
    point = x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(pki.crl_url("cap-chung-thu"))],
        relative_name=None,
        reasons=None,
        crl_issuer=None,
    )
    return x509.CRLDistributionPoints([point])


def make_platform_certificate(
    issuer: x509.Certificate, issuer_key: ec.EllipticCurvePrivateKey, now: datetime
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """The platform's signing certificate and key, issued by the training issuing CA.

    pdfsig (poppler 22.12) reports a trusted chain as "Unknown issue with Certificate"
    unless the signer has the emailProtection usage and a CRL distribution point.
    """
    key = pki.new_key()
    not_before = now - CLOCK_SKEW
    not_after = min(
        not_before + timedelta(days=PLATFORM_DAYS), issuer.not_valid_after_utc
    )
    issuer_ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    cert = (
        x509.CertificateBuilder()
        .subject_name(platform_name())
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.EMAIL_PROTECTION, pki.DOCUMENT_SIGNING_OID]
            ),
            critical=False,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(
                issuer_ski.value
            ),
            critical=False,
        )
        .add_extension(_crl_points(), critical=False)
        .add_extension(_policy(), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )
    return cert, key


def needs_renewal(not_after: datetime, now: datetime) -> bool:
    return not_after - RENEW_BEFORE <= now


def key_id(cert: x509.Certificate) -> str:
    """A short stable name for the key (JOSE `kid`): the certificate's SHA-256, base64url."""
    digest = cert.fingerprint(hashes.SHA256())
    return base64.urlsafe_b64encode(digest[:12]).rstrip(b"=").decode()


def der_base64(cert: x509.Certificate) -> str:
    """Standard base64 of the DER certificate, as a JOSE `x5c` entry wants it."""
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def public_jwk(cert: x509.Certificate) -> dict:
    """The certificate's P-256 public key as a JWK (RFC 7517/7518)."""
    numbers = cert.public_key().public_numbers()

    def coordinate(value: int) -> str:
        raw = value.to_bytes(32, "big")
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return {
        "kty": "EC",
        "crv": "P-256",
        "x": coordinate(numbers.x),
        "y": coordinate(numbers.y),
        "use": "sig",
        "alg": "ES256",
        "kid": key_id(cert),
        "x5c": [der_base64(cert)],
    }


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_LOADED: dict[str, SigningKey] = {}


def signing_key(
    serial: str, cert_pem: str, key_pem: str, chain_pems: tuple[str, ...]
) -> SigningKey:
    """The loaded key for `serial`; parsing PEMs for every certificate would be waste."""
    loaded = _LOADED.get(serial)
    if loaded is None:
        loaded = SigningKey(
            cert=pki.load_cert(cert_pem),
            key=pki.load_key(key_pem),
            chain=tuple(pki.load_cert(pem) for pem in chain_pems),
        )
        _LOADED.clear()  # one key in use at a time; an old one is reloaded if needed
        _LOADED[serial] = loaded
    return loaded
