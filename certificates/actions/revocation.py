"""Revocation with a reason, and re-issue after a name correction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import issuing, permissions
from certificates.actions._common import CertificateError, event, require
from certificates.actions.issue import prepare, record_issue
from certificates.actions.keys import current_signer
from certificates.models import Certificate
from certificates.rules import Achievement, CoveredProcedure

# Stored as data (it is shown on the public verification page), so always Vietnamese.
REISSUE_REASON = "cấp lại do đính chính họ tên"
MIN_REASON_LENGTH = 5


def _locked(certificate: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


def _move(certificate: Certificate, status: str):
    if status not in Certificate.TRANSITIONS[certificate.status]:
        raise CertificateError(_("Chứng chỉ này đã bị thu hồi trước đó."))
    certificate.status = status


def _revoke(certificate: Certificate, *, reason: str, actor) -> Certificate:
    _move(certificate, Certificate.Status.REVOKED)
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason = reason
    certificate.revoked_by = actor
    certificate.save(
        update_fields=["status", "revoked_at", "revocation_reason", "revoked_by"]
    )
    event(
        "certificate.revoked",
        actor=actor,
        certificate=certificate,
        serial=certificate.serial,
        reason=reason,
    )
    return certificate


def _clean_reason(reason: str) -> str:
    reason = " ".join(str(reason or "").split())
    if len(reason) < MIN_REASON_LENGTH:
        raise CertificateError(_("Xin nêu rõ lý do thu hồi."))
    return reason[:300]


@transaction.atomic
def revoke_certificate(certificate: Certificate, *, reason: str, actor) -> Certificate:
    """Revoke a certificate with a reason; its status-list bit flips at once."""
    require(permissions.may_manage(actor, certificate))
    return _revoke(_locked(certificate), reason=_clean_reason(reason), actor=actor)


def _stored_achievement(certificate: Certificate) -> Achievement:
    return Achievement(
        kind=certificate.kind,
        reference=certificate.reference,
        title=certificate.title,
        score=certificate.score,
        procedures=tuple(
            CoveredProcedure(p["code"], p.get("version"), p.get("name", ""))
            for p in certificate.procedures
        ),
        description=certificate.description,
    )


def _clean_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if len(name) < 2:
        raise CertificateError(_("Xin nhập họ và tên đúng."))
    return name[:150]


def reissue_certificate(
    certificate: Certificate, *, recipient_name: str, actor
) -> Certificate:
    """Re-issue under a corrected name: a new serial; the old one revoked, pointing to it.

    The new certificate keeps the achievement, template and validity of the old one.
    """
    require(permissions.may_manage(actor, certificate))
    name = _clean_name(recipient_name)
    if name == certificate.recipient_name:
        raise CertificateError(_("Họ tên mới trùng với họ tên trên chứng chỉ."))
    if certificate.status != Certificate.Status.VALID:
        raise CertificateError(_("Chứng chỉ này đã bị thu hồi trước đó."))
    signer = current_signer()
    printed = issuing.reprinted(certificate, name, now=timezone.now())
    achievement = _stored_achievement(certificate)
    prepared = prepare(printed, certificate.template_id, achievement, signer)
    return _record_reissue(certificate, prepared, signer, actor=actor)


@transaction.atomic
def _record_reissue(old: Certificate, prepared, signer, *, actor) -> Certificate:
    old = _locked(old)
    _revoke(old, reason=REISSUE_REASON, actor=actor)
    new = record_issue(
        prepared,
        signer,
        actor=actor,
        recipient=old.recipient,
        rule=old.rule,
        replaces=old,
    )
    event(
        "certificate.reissued",
        actor=actor,
        certificate=new,
        serial=new.serial,
        replaces=old.serial,
        old_name=old.recipient_name,
        new_name=new.recipient_name,
    )
    return new
