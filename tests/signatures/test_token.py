import pytest
from django.core.exceptions import PermissionDenied

from fake_portal.signatures import actions, errors, signing
from fake_portal.signatures.models import SigningLog, VirtualToken


def _sign(pdf, user, pin):
    return signing.sign_pdf(
        pdf, signer=user, pin=pin, reason="Phê duyệt", location="Phường Hoa Lư"
    )


def test_pin_envelope_is_shown_until_changed(leader):
    token = VirtualToken.objects.get(user=leader)
    assert token.pin_envelope.isdigit() and len(token.pin_envelope) == 6
    actions.change_pin(
        leader, old_pin=token.pin_envelope, new_pin="11223344", actor=leader
    )
    token.refresh_from_db()
    assert token.pin_envelope == ""
    assert actions.pin_matches(token, "11223344")


def test_unplugged_token_gives_the_device_message(leader, leader_pin, one_page_pdf):
    actions.set_token_plugged(leader, False, actor=leader)
    with pytest.raises(errors.TokenNotPlugged) as caught:
        _sign(one_page_pdf, leader, leader_pin)
    assert str(caught.value).startswith("Không tìm thấy thiết bị ký số (USB Token)")
    actions.set_token_plugged(leader, True, actor=leader)
    assert _sign(one_page_pdf, leader, leader_pin)


def test_three_wrong_pins_lock_until_an_administrator_unlocks(
    leader, leader_pin, administrator, one_page_pdf
):
    with pytest.raises(errors.WrongPin) as first:
        _sign(one_page_pdf, leader, "000000")
    assert first.value.remaining == 2
    with pytest.raises(errors.WrongPin) as second:
        _sign(one_page_pdf, leader, "000000")
    assert second.value.remaining == 1
    with pytest.raises(errors.TokenLocked):
        _sign(one_page_pdf, leader, "000000")
    with pytest.raises(errors.TokenLocked):  # even the right PIN now
        _sign(one_page_pdf, leader, leader_pin)
    assert VirtualToken.objects.get(user=leader).is_locked
    failures = SigningLog.objects.failures().filter(user=leader)
    assert list(failures.values_list("reason", flat=True)) == [
        "wrong_pin",
        "wrong_pin",
        "token_locked",
        "token_locked",
    ]
    new_pin = actions.unlock_token(leader, actor=administrator)
    assert _sign(one_page_pdf, leader, new_pin)


def test_right_pin_resets_the_count(leader, leader_pin, one_page_pdf):
    for _ in range(2):
        with pytest.raises(errors.WrongPin):
            _sign(one_page_pdf, leader, "999999")
    _sign(one_page_pdf, leader, leader_pin)
    assert VirtualToken.objects.get(user=leader).failed_attempts == 0


def test_empty_pin_is_asked_for_and_not_counted(leader, leader_pin, one_page_pdf):
    with pytest.raises(errors.PinRequired):
        _sign(one_page_pdf, leader, "")
    assert VirtualToken.objects.get(user=leader).failed_attempts == 0


def test_wrong_old_pin_when_changing_counts_towards_the_lock(leader, leader_pin):
    with pytest.raises(errors.WrongPin):
        actions.change_pin(leader, old_pin="000000", new_pin="12345678", actor=leader)
    assert VirtualToken.objects.get(user=leader).failed_attempts == 1


def test_only_administrators_unlock(leader, trainer):
    with pytest.raises(PermissionDenied):
        actions.unlock_token(leader, actor=trainer)


def test_user_without_certificate_is_told_so(db, one_page_pdf):
    from django.contrib.auth import get_user_model

    bare = get_user_model().objects.create_user("khong_co_chung_thu")
    with pytest.raises(errors.NoCertificate):
        _sign(one_page_pdf, bare, "123456")
    assert SigningLog.objects.failures().get().reason == "no_certificate"


def test_expired_certificate_refuses_to_sign(leader, leader_pin, one_page_pdf):
    from datetime import timedelta

    from django.utils import timezone

    past = timezone.now() - timedelta(days=800)
    actions.issue_certificate(leader, actor=None, valid_from=past, days=730)
    with pytest.raises(errors.CertificateExpired) as caught:
        _sign(one_page_pdf, leader, leader_pin)
    assert "hết hạn" in str(caught.value)


def test_revoked_certificate_refuses_to_sign(
    leader, leader_pin, administrator, one_page_pdf
):
    from fake_portal.signatures.models import OfficialCertificate

    row = OfficialCertificate.objects.current_for(leader)
    actions.revoke_certificate(row, actor=administrator, reason="key_compromise")
    with pytest.raises(errors.CertificateRevoked) as caught:
        _sign(one_page_pdf, leader, leader_pin)
    assert "thu hồi" in str(caught.value)
