"""The write path for the training PKI, virtual tokens and injected faults.

Signing itself (token and remote) is in `signing.py`. Every action writes its event through
`log.record` in the same transaction.
"""

import secrets
from datetime import datetime, timedelta

from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fake_portal.signatures import pki
from fake_portal.signatures.errors import TokenLocked, WrongPin
from fake_portal.signatures.log import record
from fake_portal.signatures.models import (
    OfficialCertificate,
    SignatureFault,
    TrainingAuthority,
    VirtualToken,
)
from sandbox.models import Position, Role

PIN_LENGTH = 6
CLOCK_SKEW = timedelta(minutes=5)  # certificates start a little early, as real CAs do


class PinHasher(PBKDF2PasswordHasher):
    """PBKDF2 with fewer rounds than passwords get.

    A PIN has six digits, so no hash makes it strong; what protects it, on a real token as
    here, is the lock after three wrong entries. A password-strength hash would only make every
    signature cost a third of a second.
    """

    algorithm = "pbkdf2_sha256_pin"
    iterations = 20_000


PIN_HASHER = PinHasher()


# --- who may do what ------------------------------------------------------------------------


def _role(user) -> str | None:
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def is_pki_administrator(user) -> bool:
    return bool(user and (user.is_superuser or _role(user) == Role.ADMINISTRATOR))


def may_inject_faults(user) -> bool:
    staff = {Role.TRAINER, Role.COORDINATOR, Role.ADMINISTRATOR}
    return bool(user and (user.is_superuser or _role(user) in staff))


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


# --- the training authorities ---------------------------------------------------------------


def training_authorities() -> tuple[TrainingAuthority, TrainingAuthority]:
    """The (root, issuing) training CAs, made on first use and shared through the database."""
    rows = {row.kind: row for row in TrainingAuthority.objects.all()}
    if len(rows) < 2:
        _create_authorities()
        rows = {row.kind: row for row in TrainingAuthority.objects.all()}
    return rows[TrainingAuthority.Kind.ROOT], rows[TrainingAuthority.Kind.ISSUING]


def _create_authorities():
    now = timezone.now()
    root, root_key = pki.make_root(now)
    issuing, issuing_key = pki.make_issuing(root, root_key, now)
    try:
        with transaction.atomic():
            for kind, cert, key in [
                (TrainingAuthority.Kind.ROOT, root, root_key),
                (TrainingAuthority.Kind.ISSUING, issuing, issuing_key),
            ]:
                TrainingAuthority.objects.create(
                    kind=kind,
                    common_name=pki.common_name(cert),
                    cert_pem=pki.cert_pem(cert),
                    key_pem=pki.key_pem(key),
                )
    except IntegrityError:
        pass  # another process created them first: theirs are the ones everyone uses


# --- officials' certificates ----------------------------------------------------------------


def _organisation(profile) -> str:
    if profile.commune_id:
        return f"UBND {profile.commune.name} – ĐÀO TẠO"
    province = profile.province
    kind = "tỉnh" if province.division_type == "tỉnh" else "thành phố"
    return f"UBND {kind} {province.name} – ĐÀO TẠO"


def _title(profile) -> str:
    if profile.position != Position.OTHER:
        return str(profile.get_position_display())
    return str(profile.get_role_display())


def subject_for(user) -> pki.OfficialSubject:
    """What the certificate says about `user`; always in Vietnamese, like a real one."""
    profile = getattr(user, "profile", None)
    code = f"SABAN-CB-{user.pk:06d}"
    with translation.override("vi"):
        if profile is None:
            return pki.OfficialSubject(
                full_name=user.get_full_name() or user.get_username(),
                title="",
                organisation="Sa Bàn – ĐÀO TẠO",
                locality="Sa Bàn",
                province="Sa Bàn",
                staff_code=code,
            )
        return pki.OfficialSubject(
            full_name=profile.full_name,
            title=_title(profile),
            organisation=_organisation(profile),
            locality=profile.commune.name
            if profile.commune_id
            else profile.province.name,
            province=profile.province.name,
            staff_code=code,
        )


@transaction.atomic
def issue_certificate(
    user,
    *,
    actor,
    valid_from: datetime | None = None,
    days: int = pki.OFFICIAL_DAYS,
) -> OfficialCertificate:
    """Issue `user` a new certificate (the previous one is revoked as superseded)."""
    _, issuing = training_authorities()
    now = timezone.now()
    previous = OfficialCertificate.objects.current_for(user)
    if previous and previous.revoked_at is None and previous.not_after > now:
        _revoke(
            previous, reason=OfficialCertificate.RevocationReason.SUPERSEDED, at=now
        )
    subject = subject_for(user)
    cert, key = pki.make_official_cert(
        pki.load_cert(issuing.cert_pem),
        pki.load_key(issuing.key_pem),
        subject,
        not_before=valid_from or now - CLOCK_SKEW,
        days=days,
    )
    row = OfficialCertificate.objects.create(
        user=user,
        serial=format(cert.serial_number, "x"),
        subject=pki.subject_text(cert),
        cert_pem=pki.cert_pem(cert),
        key_pem=pki.key_pem(key),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        issued_at=now,
    )
    _ensure_token(user)
    record("certificate.issued", user=user, actor=actor, certificate=row)
    return row


def issue_certificate_for(user, *, actor) -> OfficialCertificate:
    """Give `user` a certificate and a token unless they already have a usable one."""
    current = OfficialCertificate.objects.current_for(user)
    if current and current.status == OfficialCertificate.Status.VALID:
        _ensure_token(user)
        return current
    return issue_certificate(user, actor=actor)


def _revoke(certificate: OfficialCertificate, *, reason: str, at: datetime):
    certificate.revoked_at, certificate.revocation_reason = at, reason
    certificate.save(update_fields=["revoked_at", "revocation_reason"])


@transaction.atomic
def revoke_certificate(
    certificate: OfficialCertificate,
    *,
    actor,
    reason: str = OfficialCertificate.RevocationReason.UNSPECIFIED,
    revoked_at: datetime | None = None,
) -> OfficialCertificate:
    """Revoke a certificate; for a compromised key, `revoked_at` may date it back."""
    _require(actor is None or is_pki_administrator(actor))
    if reason not in OfficialCertificate.RevocationReason.values:
        raise ValueError(f"unknown revocation reason {reason!r}")
    locked = OfficialCertificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        return locked
    _revoke(locked, reason=reason, at=revoked_at or timezone.now())
    record(
        "certificate.revoked",
        user=locked.user,
        actor=actor,
        certificate=locked,
        reason=reason,
        revoked_at=locked.revoked_at,
    )
    return locked


# --- virtual tokens -------------------------------------------------------------------------


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))


def _hash_pin(pin: str) -> str:
    return make_password(pin, hasher=PIN_HASHER)


def pin_matches(token: VirtualToken, pin: str) -> bool:
    return bool(pin) and PIN_HASHER.verify(pin, token.pin_hash)


def _ensure_token(user) -> VirtualToken:
    token = VirtualToken.objects.filter(user=user).first()
    if token is None:
        pin = new_pin()
        token = VirtualToken.objects.create(
            user=user, pin_hash=_hash_pin(pin), pin_envelope=pin
        )
    return token


def _locked_token(user) -> VirtualToken:
    return VirtualToken.objects.select_for_update().get(user=user)


def valid_pin(pin: str) -> bool:
    return pin.isdigit() and 6 <= len(pin) <= 8


@transaction.atomic
def set_token_plugged(user, plugged_in: bool, *, actor) -> VirtualToken:
    """Plug the official's virtual token in, or pull it out."""
    token = _locked_token(user)
    if token.plugged_in != plugged_in:
        token.plugged_in = plugged_in
        token.save(update_fields=["plugged_in"])
        action = "token.plugged_in" if plugged_in else "token.unplugged"
        record(action, user=user, actor=actor)
    return token


def register_wrong_pin(token: VirtualToken, *, actor, sandbox=None) -> bool:
    """Count one wrong PIN on `token` (locked by the caller); True when it locks the token."""
    token.failed_attempts += 1
    fields = ["failed_attempts"]
    if token.failed_attempts >= token.MAX_ATTEMPTS:
        token.locked_at = timezone.now()
        fields.append("locked_at")
    token.save(update_fields=fields)
    if token.locked_at:
        record("token.locked", user=token.user, actor=actor, sandbox=sandbox)
    return token.locked_at is not None


def register_right_pin(token: VirtualToken):
    if token.failed_attempts:
        token.failed_attempts = 0
        token.save(update_fields=["failed_attempts"])


def change_pin(user, *, old_pin: str, new_pin: str, actor) -> VirtualToken:
    """The official changes their own PIN; a wrong old PIN counts towards the lock."""
    if not valid_pin(new_pin):
        raise ValueError(_("Mã PIN mới phải gồm 6 đến 8 chữ số."))
    with transaction.atomic():
        token = _locked_token(user)
        if token.is_locked:
            error = TokenLocked()
        elif not pin_matches(token, old_pin):
            locked = register_wrong_pin(token, actor=actor)
            error = TokenLocked() if locked else WrongPin(token.attempts_left)
        else:
            error = None
            register_right_pin(token)
            _store_pin(token, new_pin, envelope="")
            record("token.pin_changed", user=user, actor=actor)
    if error:
        raise error
    return token


def _store_pin(token: VirtualToken, pin: str, *, envelope: str):
    token.pin_hash, token.pin_envelope = _hash_pin(pin), envelope
    token.pin_changed_at = timezone.now()
    token.save(update_fields=["pin_hash", "pin_envelope", "pin_changed_at"])


@transaction.atomic
def reset_pin(user, *, actor, pin: str | None = None) -> str:
    """An administrator (or the system, actor=None) sets a new PIN; returns it."""
    _require(actor is None or is_pki_administrator(actor))
    pin = pin or new_pin()
    if not valid_pin(pin):
        raise ValueError(_("Mã PIN mới phải gồm 6 đến 8 chữ số."))
    token = _locked_token(user)
    _store_pin(token, pin, envelope=pin)
    record("token.pin_reset", user=user, actor=actor)
    return pin


@transaction.atomic
def unlock_token(user, *, actor) -> str:
    """An administrator unlocks a token and hands over a new PIN, as with a real token."""
    _require(actor is None or is_pki_administrator(actor))
    token = _locked_token(user)
    pin = new_pin()
    token.failed_attempts, token.locked_at = 0, None
    token.save(update_fields=["failed_attempts", "locked_at"])
    _store_pin(token, pin, envelope=pin)
    record("token.unlocked", user=user, actor=actor)
    return pin


# --- faults injected by scenarios -----------------------------------------------------------


@transaction.atomic
def inject_fault(sandbox, user, kind: str, *, actor) -> SignatureFault:
    """Make signing in `sandbox` fail for `user` (None: everyone) until the fault is cleared."""
    _require(actor is None or may_inject_faults(actor))
    if kind not in SignatureFault.Kind.values:
        raise ValueError(f"unknown fault kind {kind!r}")
    fault = SignatureFault.objects.create(
        sandbox=sandbox, user=user, kind=kind, created_by=actor
    )
    record(
        "signature.fault_injected",
        user=user,
        actor=actor,
        sandbox=sandbox,
        fault=kind,
        target=user.pk if user else "all",
    )
    return fault


@transaction.atomic
def clear_fault(sandbox, user, kind: str | None = None, *, actor) -> int:
    """Clear the active faults of `kind` (None: all) for `user` (None: the sandbox-wide ones)."""
    _require(actor is None or may_inject_faults(actor))
    faults = SignatureFault.objects.for_sandbox(sandbox).active().filter(user=user)
    if kind:
        faults = faults.filter(kind=kind)
    kinds = sorted(set(faults.values_list("kind", flat=True)))
    cleared = faults.update(cleared_at=timezone.now())
    for cleared_kind in kinds:
        record(
            "signature.fault_cleared",
            user=user,
            actor=actor,
            sandbox=sandbox,
            fault=cleared_kind,
        )
    return cleared
