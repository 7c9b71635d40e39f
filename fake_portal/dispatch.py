"""From a validated back-office form to the one action it stands for."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fake_portal import actions, documents
from fake_portal.actions._core import record
from fake_portal.errors import InvalidInput, WorkflowError
from fake_portal.signatures.errors import SigningError


def _receive(dossier, data, actor):
    actions.receive_dossier(dossier, actor=actor, version=data["version"])
    return _("Đã tiếp nhận hồ sơ và hẹn ngày trả kết quả (mẫu 01).")


def _refuse(dossier, data, actor):
    actions.refuse_dossier(
        dossier,
        reasons=data["reasons"],
        legal_basis=data["legal_basis"],
        actor=actor,
        version=data["version"],
    )
    return _("Đã từ chối tiếp nhận hồ sơ (mẫu 03).")


def _supplement(dossier, data, actor, form):
    actions.request_supplement(
        dossier,
        items=form.items(),
        legal_basis=data["legal_basis"],
        actor=actor,
        version=data["version"],
    )
    return _("Đã gửi yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02).")


def _assign(dossier, data, actor, form):
    actions.assign_dossier(
        dossier,
        specialist=form.chosen_specialist(),
        actor=actor,
        version=data["version"],
    )
    return _("Đã chuyển hồ sơ cho chuyên viên xử lý.")


def _appraise(dossier, data, actor):
    actions.appraise_dossier(
        dossier, opinion=data["opinion"], actor=actor, version=data["version"]
    )
    return _("Đã trình lãnh đạo phê duyệt.")


def _transfer(dossier, data, actor, form):
    agency = data["agency"]
    name = dict(form.fields["agency"].choices)[agency]
    actions.transfer_dossier(
        dossier,
        agency=agency,
        agency_name=str(name),
        note=data["note"],
        actor=actor,
        version=data["version"],
        forwarded_to_competent_unit=agency.startswith("commune:"),
    )
    return _("Đã chuyển liên thông hồ sơ.")


def _send_back(dossier, data, actor):
    actions.send_back(
        dossier, reason=data["reason"], actor=actor, version=data["version"]
    )
    return _("Đã trả hồ sơ lại chuyên viên.")


def _signing_failed(dossier, actor, error):
    with transaction.atomic():
        record(
            dossier,
            "dossier.signing_failed",
            actor=actor,
            from_status=dossier.status,
            data={"error": str(error), "kind": type(error).__name__},
        )


def approval_purpose(dossier) -> str:
    return _("Phê duyệt kết quả hồ sơ %(code)s") % {"code": dossier.code}


def _approve(dossier, data, actor):
    from fake_portal.signatures import signing

    # Before the PIN is tried or a remote request sent: an illegal move signs nothing.
    actions.check_approval(dossier, actor=actor, version=data["version"])
    pdf = documents.render_result(dossier, signer_name=actor.profile.full_name)
    reason = approval_purpose(dossier)
    if data["method"] == "remote":
        try:
            signing.request_remote_signature(
                pdf,
                signer=actor,
                sandbox=dossier.sandbox,
                purpose=reason,
                location=dossier.receiving_commune.name,
            )
        except SigningError as error:
            _signing_failed(dossier, actor, error)
            raise WorkflowError(str(error)) from error
        return _(
            "Đã gửi yêu cầu ký số từ xa. Xác nhận trên thiết bị thứ hai rồi bấm “Hoàn tất phê duyệt”."
        )
    try:
        signed = signing.sign_pdf(
            pdf,
            signer=actor,
            method="token",
            pin=data.get("pin") or "",
            sandbox=dossier.sandbox,
            reason=reason,
            location=dossier.receiving_commune.name,
        )
    except SigningError as error:
        _signing_failed(dossier, actor, error)
        raise WorkflowError(str(error)) from error
    actions.approve_dossier(
        dossier,
        signed_result=signed,
        actor=actor,
        version=data["version"],
        method="token",
    )
    return _("Đã phê duyệt và ký số kết quả.")


def pending_remote_request(dossier, user):
    """The leader's latest remote-signing request for this dossier's result, if any."""
    from fake_portal.signatures.models import RemoteSigningRequest

    return (
        RemoteSigningRequest.objects.filter(
            user=user, sandbox=dossier.sandbox, purpose=approval_purpose(dossier)
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def complete_remote_approval(dossier, *, actor, version):
    """Approve with the document the leader confirmed on their second screen."""
    from fake_portal.signatures import signing

    actions.check_approval(dossier, actor=actor, version=version)
    request = pending_remote_request(dossier, actor)
    if request is None:
        raise InvalidInput(_("Chưa có yêu cầu ký số từ xa nào cho hồ sơ này."))
    try:
        signed = signing.remote_signature_result(request)
    except SigningError as error:
        _signing_failed(dossier, actor, error)
        raise WorkflowError(str(error)) from error
    actions.approve_dossier(
        dossier, signed_result=signed, actor=actor, version=version, method="remote"
    )
    return _("Đã phê duyệt; kết quả mang chữ ký số từ xa.")


def _payment(dossier, data, actor):
    actions.request_payment(
        dossier, amount=data["amount"], actor=actor, version=data["version"]
    )
    return _("Đã yêu cầu công dân nộp phí, lệ phí.")


def _return(dossier, data, actor):
    actions.return_result(
        dossier, channel=data["channel"], actor=actor, version=data["version"]
    )
    return _("Đã trả kết quả cho công dân.")


def _stop(dossier, data, actor):
    actions.stop_processing(
        dossier,
        reason=data["reason"],
        legal_basis=data["legal_basis"],
        actor=actor,
        version=data["version"],
    )
    return _("Đã dừng xử lý hồ sơ (mẫu 05).")


def _apologise(dossier, data, actor):
    new_due = data["new_due_at"]
    if timezone.is_naive(new_due):
        new_due = timezone.make_aware(new_due)
    actions.apologise(
        dossier,
        reason=data["reason"],
        new_due_at=new_due,
        actor=actor,
        version=data["version"],
    )
    return _("Đã gửi văn bản xin lỗi và hẹn lại ngày trả (mẫu 04).")


_SIMPLE = {
    "receive": _receive,
    "refuse": _refuse,
    "appraise": _appraise,
    "send_back": _send_back,
    "approve": _approve,
    "request_payment": _payment,
    "return_result": _return,
    "stop": _stop,
    "apologise": _apologise,
}
_WITH_FORM = {
    "request_supplement": _supplement,
    "transfer": _transfer,
    "assign": _assign,
}


# Intake decisions taken from the back office run the checks other apps make before them
# (the counter's paper checks, so a mistake is recorded whichever screen decided). Apps
# append fn(dossier, action, items, *, actor) from their AppConfig.ready().
INTAKE = {"receive", "refuse", "request_supplement"}
intake_checks = []


def perform(action, dossier, form, *, actor) -> str:
    """Carry out `action` with the form's data; returns the message to show."""
    if action in INTAKE and intake_checks:
        # One transaction: a refused action (stale version, wrong state) leaves no check.
        with transaction.atomic():
            items = form.items() if action == "request_supplement" else []
            for check in intake_checks:
                check(dossier, action, items, actor=actor)
            return _perform(action, dossier, form, actor)
    return _perform(action, dossier, form, actor)


def _perform(action, dossier, form, actor) -> str:
    if action in _WITH_FORM:
        return _WITH_FORM[action](dossier, form.cleaned_data, actor, form)
    return _SIMPLE[action](dossier, form.cleaned_data, actor)
