"""Remote (centralised) signing: a request the signer confirms on a second screen in time.

The deadline (default 120 s) is wall time, like the phone prompt it imitates, whatever the
speed of the sandbox clock.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fake_portal.signatures import errors, pdfsign
from fake_portal.signatures.attempt import (
    REMOTE,
    Fault,
    active_faults,
    apply_signature,
    check_certificate,
    check_document,
    record_outcome,
    sha256,
)
from fake_portal.signatures.log import record
from fake_portal.signatures.models import OfficialCertificate, RemoteSigningRequest
from fake_portal.signatures.pdfsign import BOTTOM_RIGHT


def request_remote_signature(
    pdf: bytes,
    *,
    signer,
    sandbox=None,
    purpose: str,
    timeout_seconds: int = RemoteSigningRequest.DEFAULT_TIMEOUT,
    reason: str | None = None,
    location: str = "",
    stamp: str = BOTTOM_RIGHT,
    field_name: str | None = None,
    actor=None,
) -> RemoteSigningRequest:
    """Send `signer` a confirmation request for `pdf`; they approve it on their second screen."""
    if stamp not in pdfsign.PLACEMENTS:
        raise ValueError(f"stamp must be one of {pdfsign.PLACEMENTS}")
    check_document(pdf)
    error = None
    with transaction.atomic():
        certificate = OfficialCertificate.objects.current_for(signer)
        if certificate is None:
            error = errors.NoCertificate()
            record_outcome(
                signer,
                error=error,
                sandbox=sandbox,
                certificate=None,
                method=REMOTE,
                purpose=purpose,
            )
        else:
            request = _create_request(
                pdf,
                signer=signer,
                sandbox=sandbox,
                purpose=purpose,
                timeout_seconds=timeout_seconds,
                reason=reason or purpose,
                location=location,
                stamp=stamp,
                field_name=field_name or "",
                actor=actor,
            )
    if error is not None:
        raise error
    return request


def _create_request(pdf, *, signer, sandbox, timeout_seconds, actor, **fields):
    now = timezone.now()
    request = RemoteSigningRequest.objects.create(
        user=signer,
        requested_by=actor,
        sandbox=sandbox,
        document=pdf,
        created_at=now,
        expires_at=now + timedelta(seconds=timeout_seconds),
        **fields,
    )
    record(
        "signature.remote_requested",
        user=signer,
        actor=actor,
        sandbox=sandbox,
        method=REMOTE,
        request=request.pk,
        purpose=request.purpose,
        expires_at=request.expires_at,
        document_sha256=sha256(pdf),
    )
    return request


def _locked_request(request: RemoteSigningRequest) -> RemoteSigningRequest:
    return RemoteSigningRequest.objects.select_for_update().get(pk=request.pk)


def _finish(request, status, *, error=None, signed=None):
    request.status, request.decided_at = status, timezone.now()
    request.signed_document = signed
    request.failure_code = error.code if error else ""
    request.message = error.message[:300] if error else ""
    request.save(
        update_fields=[
            "status",
            "decided_at",
            "signed_document",
            "failure_code",
            "message",
        ]
    )


def _settled_error(request) -> errors.SigningError | None:
    """The error a request already closed without a signature stands for."""
    Status = RemoteSigningRequest.Status
    if request.status == Status.REJECTED:
        return errors.RemoteSigningRejected()
    if request.status == Status.EXPIRED:
        return errors.RemoteSigningTimeout()
    if request.status == Status.FAILED:
        error = errors.SigningError(request.message)
        error.code = request.failure_code or error.code
        return error
    return None


def _approve(request, faults):
    """Sign a locked, pending request; returns the error that stopped it, if any."""
    Status = RemoteSigningRequest.Status
    if request.is_past_deadline or Fault.REMOTE_TIMEOUT in faults:
        error = errors.RemoteSigningTimeout()
        _finish(request, Status.EXPIRED, error=error)
        return error, None
    certificate = OfficialCertificate.objects.current_for(request.user)
    try:
        check_certificate(certificate, faults)
        signed = apply_signature(
            bytes(request.document),
            certificate,
            sandbox=request.sandbox,
            reason=request.reason,
            location=request.location,
            stamp=request.stamp,
            field_name=request.field_name or None,
        )
    except errors.SigningError as error:
        _finish(request, Status.FAILED, error=error)
        return error, certificate
    _finish(request, Status.APPROVED, signed=signed)
    return None, certificate


def approve_remote_signature(
    request: RemoteSigningRequest, *, actor
) -> RemoteSigningRequest:
    """The signer confirms on their second screen; too late, it has expired."""
    if actor is None or actor.pk != request.user_id:
        raise PermissionDenied(_("Chỉ người ký mới được xác nhận yêu cầu này."))
    with transaction.atomic():
        locked = _locked_request(request)
        if locked.status == RemoteSigningRequest.Status.APPROVED:
            return locked  # a second click on "approve" changes nothing
        error = _settled_error(locked)
        if error is None:
            faults = active_faults(locked.sandbox, locked.user)
            error, certificate = _approve(locked, faults)
            record_outcome(
                locked.user,
                error=error,
                sandbox=locked.sandbox,
                certificate=certificate,
                method=REMOTE,
                request=locked.pk,
                purpose=locked.purpose,
                document_sha256=sha256(bytes(locked.document)),
                signed_sha256=sha256(locked.signed_document),
            )
    if error is not None:
        raise error
    return locked


@transaction.atomic
def reject_remote_signature(
    request: RemoteSigningRequest, *, actor
) -> RemoteSigningRequest:
    """The signer refuses to sign; a request already past its deadline just expires."""
    if actor is None or actor.pk != request.user_id:
        raise PermissionDenied(_("Chỉ người ký mới được từ chối yêu cầu này."))
    locked = _locked_request(request)
    if locked.status != RemoteSigningRequest.Status.PENDING:
        return locked
    if locked.is_past_deadline:
        return _expire(locked)
    _finish(locked, RemoteSigningRequest.Status.REJECTED)
    record(
        "signature.remote_rejected",
        user=locked.user,
        actor=actor,
        sandbox=locked.sandbox,
        method=REMOTE,
        request=locked.pk,
        purpose=locked.purpose,
    )
    return locked


def _expire(request) -> RemoteSigningRequest:
    error = errors.RemoteSigningTimeout()
    _finish(request, RemoteSigningRequest.Status.EXPIRED, error=error)
    record_outcome(
        request.user,
        error=error,
        sandbox=request.sandbox,
        certificate=None,
        method=REMOTE,
        request=request.pk,
        purpose=request.purpose,
    )
    return request


@transaction.atomic
def expire_overdue_requests(now=None) -> int:
    """Close every pending request past its deadline, each with its event."""
    now = now or timezone.now()
    overdue = RemoteSigningRequest.objects.select_for_update().filter(
        status=RemoteSigningRequest.Status.PENDING, expires_at__lte=now
    )
    count = 0
    for request in overdue:
        _expire(request)
        count += 1
    return count


def remote_signature_result(request: RemoteSigningRequest) -> bytes:
    """The signed PDF of an approved request; otherwise the SigningError it stands for.

    A pending request past its deadline is marked expired here (with its event), so the
    timeout is on record even if the signer never opened their second screen.
    """
    with transaction.atomic():
        locked = _locked_request(request)
        if locked.status == RemoteSigningRequest.Status.APPROVED:
            return bytes(locked.signed_document)
        if locked.status == RemoteSigningRequest.Status.PENDING:
            if not locked.is_past_deadline:
                raise errors.RemoteSigningPending()
            _expire(locked)
    error = _settled_error(locked)
    raise error
