import pytest
from django.core.exceptions import PermissionDenied

from fake_portal.signatures import actions, errors, signing
from fake_portal.signatures.models import VirtualToken
from sandbox.models import SandboxEvent


def _sign(pdf, user, pin, sandbox):
    return signing.sign_pdf(
        pdf,
        signer=user,
        pin=pin,
        sandbox=sandbox,
        reason="Phê duyệt",
        location="Phường Hoa Lư",
    )


FAULTS = [
    ("token_missing", errors.TokenNotPlugged, "Không tìm thấy thiết bị ký số"),
    ("wrong_pin", errors.WrongPin, "Mã PIN không đúng"),
    ("token_locked", errors.TokenLocked, "USB Token đã bị khóa"),
    ("certificate_expired", errors.CertificateExpired, "hết hạn"),
    ("certificate_revoked", errors.CertificateRevoked, "bị thu hồi"),
]


@pytest.mark.parametrize("kind,error,words", FAULTS)
def test_each_fault_fails_signing_with_its_message_and_an_event(
    kind, error, words, leader, leader_pin, sandbox, trainer, one_page_pdf
):
    actions.inject_fault(sandbox, leader, kind, actor=trainer)
    with pytest.raises(error) as caught:
        _sign(one_page_pdf, leader, leader_pin, sandbox)
    assert words in str(caught.value)
    event = SandboxEvent.objects.get(sandbox=sandbox, action="signature.failed")
    assert event.data["reason"] == caught.value.code
    assert event.data["message"] == str(caught.value)
    assert event.actor == leader
    assert SandboxEvent.objects.filter(
        sandbox=sandbox, action="signature.fault_injected", data__fault=kind
    ).exists()


def test_a_fault_stays_in_its_sandbox_and_clears(
    leader, leader_pin, sandbox, trainer, one_page_pdf
):
    actions.inject_fault(sandbox, None, "token_missing", actor=trainer)
    assert _sign(one_page_pdf, leader, leader_pin, None)  # outside the sandbox
    with pytest.raises(errors.TokenNotPlugged):
        _sign(one_page_pdf, leader, leader_pin, sandbox)
    assert actions.clear_fault(sandbox, None, "token_missing", actor=trainer) == 1
    assert _sign(one_page_pdf, leader, leader_pin, sandbox)
    assert SandboxEvent.objects.filter(action="signature.fault_cleared").exists()


def test_injected_wrong_pin_locks_only_inside_the_sandbox(
    leader, leader_pin, sandbox, one_page_pdf
):
    actions.inject_fault(sandbox, leader, "wrong_pin", actor=None)
    remaining = []
    for _ in range(2):
        with pytest.raises(errors.WrongPin) as caught:
            _sign(one_page_pdf, leader, leader_pin, sandbox)
        remaining.append(caught.value.remaining)
    assert remaining == [2, 1]
    with pytest.raises(errors.TokenLocked):
        _sign(one_page_pdf, leader, leader_pin, sandbox)
    with pytest.raises(errors.TokenLocked):
        _sign(one_page_pdf, leader, leader_pin, sandbox)
    assert not VirtualToken.objects.get(user=leader).is_locked
    assert _sign(one_page_pdf, leader, leader_pin, None)


def test_remote_timeout_fault_expires_the_approval(leader, sandbox, one_page_pdf):
    actions.inject_fault(sandbox, leader, "remote_timeout", actor=None)
    request = signing.request_remote_signature(
        one_page_pdf, signer=leader, sandbox=sandbox, purpose="Ký kết quả"
    )
    with pytest.raises(errors.RemoteSigningTimeout) as caught:
        signing.approve_remote_signature(request, actor=leader)
    assert "Hết thời gian chờ xác nhận" in str(caught.value)
    event = SandboxEvent.objects.get(sandbox=sandbox, action="signature.failed")
    assert event.data["reason"] == "remote_timeout"
    assert event.data["method"] == "remote"


def test_trainees_cannot_inject_faults(leader, sandbox, commune_officer):
    with pytest.raises(PermissionDenied):
        actions.inject_fault(sandbox, leader, "token_missing", actor=commune_officer)


def test_unknown_fault_kind_is_refused(leader, sandbox):
    with pytest.raises(ValueError):
        actions.inject_fault(sandbox, leader, "meteor", actor=None)
