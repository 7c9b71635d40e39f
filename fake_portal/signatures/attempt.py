"""What token and remote signing share: the checks, the stamp, applying a signature, logging.

Time: the stamp shows the sandbox clock (sandbox.now()) when a sandbox is given, because that
is the time the trainee lives in; the cryptographic signing time and certificate validity use
wall time, because a validator (pyHanko, pdfsig) checks certificates against real time.
"""

import hashlib

from django.utils import timezone
from django.utils.translation import gettext as _

from fake_portal.signatures import errors, pdfsign, pki
from fake_portal.signatures.actions import training_authorities
from fake_portal.signatures.log import record
from fake_portal.signatures.models import OfficialCertificate, SignatureFault

TOKEN, REMOTE = "token", "remote"
Fault = SignatureFault.Kind

# --- reads shared by both methods ----------------------------------------------------------


def active_faults(sandbox, user) -> dict[str, SignatureFault]:
    if sandbox is None:
        return {}
    faults = SignatureFault.objects.for_sandbox(sandbox).active().affecting(user)
    return {fault.kind: fault for fault in faults.select_for_update()}


def sha256(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data else None


def check_certificate(certificate, faults):
    if certificate is None:
        raise errors.NoCertificate()
    if Fault.CERTIFICATE_REVOKED in faults:
        raise errors.CertificateRevoked()
    if Fault.CERTIFICATE_EXPIRED in faults:
        raise errors.CertificateExpired()
    status = certificate.status
    if status == OfficialCertificate.Status.REVOKED:
        raise errors.CertificateRevoked(certificate.revoked_at)
    if status == OfficialCertificate.Status.EXPIRED:
        raise errors.CertificateExpired(certificate.not_after)
    if status == OfficialCertificate.Status.NOT_YET_VALID:
        raise errors.CertificateNotYetValid()


def check_document(pdf: bytes):
    try:
        pdfsign.open_for_signing(pdf)
    except pdfsign.DocumentError as error:
        raise errors.InvalidDocument(error.code) from error


# --- the stamp -------------------------------------------------------------------------------


def _stamp_text(cert, moment) -> str:
    local = timezone.localtime(moment)
    title = pki.subject_field(cert, pki.NameOID.TITLE)
    organisation = pki.subject_field(cert, pki.NameOID.ORGANIZATION_NAME)
    lines = [_("Ký bởi: %(name)s") % {"name": pki.common_name(cert)}]
    if title:
        lines.append(_("Chức vụ: %(title)s") % {"title": title})
    lines.append(_("Đơn vị: %(unit)s") % {"unit": organisation})
    lines.append(
        _("Thời gian ký: %(time)s ngày %(date)s")
        % {"time": local.strftime("%H:%M:%S"), "date": local.strftime("%d/%m/%Y")}
    )
    lines.append(_("Ký số – môi trường đào tạo"))
    return "\n".join(lines)


def signing_key_for(certificate: OfficialCertificate) -> pdfsign.SigningKey:
    root, issuing = training_authorities()
    return pdfsign.SigningKey(
        cert=pki.load_cert(certificate.cert_pem),
        key=pki.load_key(certificate.key_pem),
        chain=(pki.load_cert(issuing.cert_pem), pki.load_cert(root.cert_pem)),
    )


def apply_signature(
    pdf, certificate, *, sandbox, reason, location, stamp, field_name
) -> bytes:
    key = signing_key_for(certificate)
    moment = sandbox.now() if sandbox is not None else timezone.now()
    try:
        return pdfsign.sign_document(
            pdf,
            signing_key=key,
            stamp_text=_stamp_text(key.cert, moment),
            reason=reason,
            location=location,
            placement=stamp,
            field_name=field_name,
        )
    except pdfsign.DocumentError as error:
        raise errors.InvalidDocument(error.code) from error


def record_outcome(signer, *, error, sandbox, certificate, method, **data):
    if error is None:
        record(
            "signature.signed",
            user=signer,
            actor=signer,
            sandbox=sandbox,
            certificate=certificate,
            method=method,
            **data,
        )
    else:
        record(
            "signature.failed",
            user=signer,
            actor=signer,
            sandbox=sandbox,
            certificate=certificate,
            method=method,
            reason=error.code,
            message=error.message,
            **data,
        )
