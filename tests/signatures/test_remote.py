import pytest
from django.core.exceptions import PermissionDenied

from fake_portal.signatures import errors, signing
from fake_portal.signatures.models import RemoteSigningRequest
from fake_portal.signatures.trust import current_trust
from fake_portal.signatures.verify import VALID, verify_pdf
from sandbox.models import SandboxEvent


def _request(pdf, leader, sandbox=None, **kwargs):
    return signing.request_remote_signature(
        pdf,
        signer=leader,
        sandbox=sandbox,
        purpose="Ký trích lục khai sinh hồ sơ H37.01-250701-0001",
        location="Phường Hoa Lư",
        **kwargs,
    )


def test_approved_request_gives_a_valid_signed_pdf(
    leader, specialist, sandbox, one_page_pdf
):
    request = _request(one_page_pdf, leader, sandbox, actor=specialist)
    assert list(RemoteSigningRequest.objects.awaiting(leader)) == [request]
    with pytest.raises(errors.RemoteSigningPending):
        signing.remote_signature_result(request)
    signing.approve_remote_signature(request, actor=leader)
    signed = signing.remote_signature_result(request)
    [signature] = verify_pdf(signed, current_trust()).signatures
    assert signature.verdict == VALID
    actions = list(
        SandboxEvent.objects.filter(sandbox=sandbox)
        .exclude(action="sandbox.opened")
        .values_list("action", flat=True)
    )
    assert actions == ["signature.remote_requested", "signature.signed"]


def test_double_approval_is_harmless(leader, one_page_pdf):
    request = _request(one_page_pdf, leader)
    signing.approve_remote_signature(request, actor=leader)
    again = signing.approve_remote_signature(request, actor=leader)
    assert again.status == RemoteSigningRequest.Status.APPROVED


def test_approving_after_the_deadline_times_out(leader, sandbox, one_page_pdf):
    request = _request(one_page_pdf, leader, sandbox, timeout_seconds=0)
    assert request.effective_status == RemoteSigningRequest.Status.EXPIRED
    with pytest.raises(errors.RemoteSigningTimeout):
        signing.approve_remote_signature(request, actor=leader)
    request.refresh_from_db()
    assert request.status == RemoteSigningRequest.Status.EXPIRED
    with pytest.raises(errors.RemoteSigningTimeout):
        signing.remote_signature_result(request)
    failed = SandboxEvent.objects.filter(sandbox=sandbox, action="signature.failed")
    assert failed.count() == 1


def test_unanswered_request_expires_when_its_result_is_read(leader, one_page_pdf):
    request = _request(one_page_pdf, leader, timeout_seconds=0)
    with pytest.raises(errors.RemoteSigningTimeout):
        signing.remote_signature_result(request)
    request.refresh_from_db()
    assert request.status == RemoteSigningRequest.Status.EXPIRED


def test_expire_overdue_requests_closes_them(leader, one_page_pdf):
    _request(one_page_pdf, leader, timeout_seconds=0)
    _request(one_page_pdf, leader, timeout_seconds=300)
    assert signing.expire_overdue_requests() == 1


def test_rejected_request_has_no_signature(leader, sandbox, one_page_pdf):
    request = _request(one_page_pdf, leader, sandbox)
    signing.reject_remote_signature(request, actor=leader)
    with pytest.raises(errors.RemoteSigningRejected):
        signing.remote_signature_result(request)
    with pytest.raises(errors.RemoteSigningRejected):
        signing.approve_remote_signature(request, actor=leader)
    assert SandboxEvent.objects.filter(action="signature.remote_rejected").exists()


def test_only_the_signer_can_approve(leader, specialist, one_page_pdf):
    request = _request(one_page_pdf, leader, actor=specialist)
    with pytest.raises(PermissionDenied):
        signing.approve_remote_signature(request, actor=specialist)


def test_not_a_pdf_is_refused_before_asking(leader):
    with pytest.raises(errors.InvalidDocument):
        _request(b"%PDF-1.7 broken", leader)
    assert not RemoteSigningRequest.objects.exists()
