import pytest
from django.core.exceptions import PermissionDenied

from certificates import actions, verification
from certificates.models import Certificate, CertificateEvent
from tests.conftest import make_official


def test_a_trainer_of_the_recipients_province_revokes_with_a_reason(
    certificate, trainer
):
    actions.revoke_certificate(
        certificate, reason="Gian lận khi làm bài", actor=trainer
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revocation_reason == "Gian lận khi làm bài"
    assert certificate.revoked_by == trainer and certificate.revoked_at
    event = CertificateEvent.objects.get(action="certificate.revoked")
    assert event.certificate == certificate and event.actor == trainer
    verdict = verification.check_serial(certificate.serial)
    assert verdict.state == verification.REVOKED


def test_revoking_needs_a_reason(certificate, trainer):
    with pytest.raises(actions.CertificateError):
        actions.revoke_certificate(certificate, reason="  ", actor=trainer)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_revoking_twice_is_refused_without_changing_anything(certificate, trainer):
    actions.revoke_certificate(certificate, reason="Lý do thứ nhất", actor=trainer)
    with pytest.raises(actions.CertificateError):
        actions.revoke_certificate(certificate, reason="Lý do thứ hai", actor=trainer)
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Lý do thứ nhất"


def test_trainees_and_other_provinces_trainers_may_not_revoke(
    certificate, commune_officer, other_officer
):
    from sandbox.models import Province

    foreign_trainer = make_official(
        "giangvien_hn", "trainer", province=Province.objects.get(pk=1)
    )
    for actor in (commune_officer, other_officer, foreign_trainer):
        with pytest.raises(PermissionDenied):
            actions.revoke_certificate(
                certificate, reason="Không được phép", actor=actor
            )


def test_an_administrator_and_a_coordinator_may_revoke(
    course_rule, commune_officer, leader, coordinator, administrator
):
    from tests.certificates.conftest import issue

    first, second = issue(commune_officer), issue(leader)
    actions.revoke_certificate(
        first, reason="Điều phối viên thu hồi", actor=coordinator
    )
    actions.revoke_certificate(second, reason="Quản trị thu hồi", actor=administrator)
    assert Certificate.objects.revoked().count() == 2


def test_reissue_after_a_name_correction(certificate, trainer, commune_officer):
    new = actions.reissue_certificate(
        certificate, recipient_name="Nguyễn Thị Tiếp Nhận", actor=trainer
    )
    certificate.refresh_from_db()
    assert new.serial != certificate.serial
    assert new.recipient == commune_officer
    assert new.recipient_name == "Nguyễn Thị Tiếp Nhận"
    assert new.title == certificate.title and new.score == certificate.score
    assert new.valid_until == certificate.valid_until
    assert new.replaces == certificate
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revocation_reason == "cấp lại do đính chính họ tên"
    verdict = verification.check_serial(certificate.serial)
    assert verdict.replacement == new
    assert verification.check_serial(new.serial).state == verification.VALID
    assert (
        "Nguyễn Thị Tiếp Nhận" in new.credential_jwt
        or new.credential["credentialSubject"]["identifier"][0]["identityHash"]
        == "Nguyễn Thị Tiếp Nhận"
    )
    assert CertificateEvent.objects.filter(action="certificate.reissued").count() == 1


def test_reissue_refuses_the_same_name_and_a_revoked_certificate(certificate, trainer):
    with pytest.raises(actions.CertificateError):
        actions.reissue_certificate(
            certificate, recipient_name=certificate.recipient_name, actor=trainer
        )
    actions.revoke_certificate(
        certificate, reason="Gian lận khi làm bài", actor=trainer
    )
    certificate.refresh_from_db()
    with pytest.raises(actions.CertificateError):
        actions.reissue_certificate(
            certificate, recipient_name="Tên Khác", actor=trainer
        )
    assert Certificate.objects.count() == 1


def test_after_revocation_the_course_can_certify_again(
    certificate, trainer, commune_officer
):
    from tests.certificates.conftest import issue

    actions.revoke_certificate(certificate, reason="Cấp nhầm mẫu", actor=trainer)
    again = issue(commune_officer)
    assert again != certificate and again.status == Certificate.Status.VALID
