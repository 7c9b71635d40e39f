"""The signing API the portal calls: token signing, and remote signing with confirmation.

Every attempt, success or failure, is recorded (a SigningLog row, and a SandboxEvent when a
sandbox is given). A failure's record is committed before the error is raised, so a caller
must not let a SigningError escape its own transaction.atomic block if it wants that record
kept: call these functions outside it, or catch the error inside it.

Time: the stamp shows the sandbox clock (sandbox.now()) when a sandbox is given, because that
is the time the trainee lives in; the cryptographic signing time and certificate validity use
wall time, because a validator (pyHanko, pdfsig) checks certificates against real time.
"""

from django.db import transaction

from fake_portal.signatures import actions, errors, pdfsign
from fake_portal.signatures.attempt import (
    REMOTE,
    TOKEN,
    Fault,
    active_faults,
    apply_signature,
    check_certificate,
    record_outcome,
    sha256,
    signing_key_for,
)
from fake_portal.signatures.models import OfficialCertificate, VirtualToken
from fake_portal.signatures.pdfsign import BOTTOM_RIGHT, TOP_LEFT
from fake_portal.signatures.remote import (
    approve_remote_signature,
    expire_overdue_requests,
    reject_remote_signature,
    remote_signature_result,
    request_remote_signature,
)

__all__ = [
    "BOTTOM_RIGHT",
    "REMOTE",
    "TOKEN",
    "TOP_LEFT",
    "approve_remote_signature",
    "expire_overdue_requests",
    "reject_remote_signature",
    "remote_signature_result",
    "request_remote_signature",
    "sign_pdf",
    "signing_key_for",
]

# --- token signing ---------------------------------------------------------------------------


def _check_token(token: VirtualToken | None, pin, faults, *, signer, sandbox):
    if token is None:
        raise errors.NoCertificate()
    if Fault.TOKEN_MISSING in faults or not token.plugged_in:
        raise errors.TokenNotPlugged()
    wrong_pin = faults.get(Fault.WRONG_PIN)
    locked_by_fault = wrong_pin and wrong_pin.attempts >= VirtualToken.MAX_ATTEMPTS
    if Fault.TOKEN_LOCKED in faults or token.is_locked or locked_by_fault:
        raise errors.TokenLocked()
    if not pin:
        raise errors.PinRequired()
    if wrong_pin:
        # The injected "PIN changed by IT": every entry is wrong and the third one locks the
        # token, but only inside this sandbox; the official's real token is left alone.
        wrong_pin.attempts += 1
        wrong_pin.save(update_fields=["attempts"])
        left = VirtualToken.MAX_ATTEMPTS - wrong_pin.attempts
        raise errors.TokenLocked() if left <= 0 else errors.WrongPin(left)
    if not actions.pin_matches(token, pin):
        if actions.register_wrong_pin(token, actor=signer, sandbox=sandbox):
            raise errors.TokenLocked()
        raise errors.WrongPin(token.attempts_left)
    actions.register_right_pin(token)


def sign_pdf(
    pdf: bytes,
    *,
    signer,
    method: str = TOKEN,
    pin: str | None = None,
    sandbox=None,
    reason: str,
    location: str,
    stamp: str = BOTTOM_RIGHT,
    field_name: str | None = None,
) -> bytes:
    """Sign `pdf` with `signer`'s virtual USB token; the signed PDF, or a SigningError."""
    if method != TOKEN:
        raise ValueError("sign_pdf signs with the token; use request_remote_signature")
    if stamp not in pdfsign.PLACEMENTS:
        raise ValueError(f"stamp must be one of {pdfsign.PLACEMENTS}")
    signed, error = None, None
    with transaction.atomic():
        token = VirtualToken.objects.select_for_update().filter(user=signer).first()
        certificate = OfficialCertificate.objects.current_for(signer)
        try:
            faults = active_faults(sandbox, signer)
            _check_token(token, pin, faults, signer=signer, sandbox=sandbox)
            check_certificate(certificate, faults)
            signed = apply_signature(
                pdf,
                certificate,
                sandbox=sandbox,
                reason=reason,
                location=location,
                stamp=stamp,
                field_name=field_name,
            )
        except errors.SigningError as failure:
            error = failure
        record_outcome(
            signer,
            error=error,
            sandbox=sandbox,
            certificate=certificate,
            method=TOKEN,
            purpose=reason,
            document_sha256=sha256(pdf),
            signed_sha256=sha256(signed),
        )
    if error is not None:
        raise error
    return signed
