"""The platform's signing key: made on first use, renewed before it expires."""

from django.db import transaction
from django.utils import timezone

from certificates import platform
from certificates.actions._common import event
from certificates.models import PlatformKey
from fake_portal.signatures import pki
from fake_portal.signatures.actions import training_authorities
from fake_portal.signatures.models import TrainingAuthority
from fake_portal.signatures.pdfsign import SigningKey


def current_signer() -> tuple[PlatformKey, SigningKey]:
    """The key that signs certificates (made on first use, renewed before it expires),
    as its row and as a loaded key with its chain to the training root."""
    root, issuing = training_authorities()
    now = timezone.now()
    row = PlatformKey.objects.filter(authority=issuing).first()
    if row is None or platform.needs_renewal(row.not_after, now):
        row = _create_platform_key(issuing, now)
    chain = (issuing.cert_pem, root.cert_pem)
    return row, platform.signing_key(row.serial, row.cert_pem, row.key_pem, chain)


def platform_key() -> PlatformKey:
    return current_signer()[0]


def _create_platform_key(issuing: TrainingAuthority, now) -> PlatformKey:
    cert, key = platform.make_platform_certificate(
        pki.load_cert(issuing.cert_pem), pki.load_key(issuing.key_pem), now
    )
    with transaction.atomic():
        row = PlatformKey.objects.create(
            authority=issuing,
            serial=format(cert.serial_number, "x"),
            cert_pem=pki.cert_pem(cert),
            key_pem=pki.key_pem(key),
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
        )
        event("platform_key.created", actor=None, serial=row.serial)
    return row


def signing_key_for(key: PlatformKey) -> SigningKey:
    root, issuing = training_authorities()
    return platform.signing_key(
        key.serial, key.cert_pem, key.key_pem, (issuing.cert_pem, root.cert_pem)
    )
