from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from fake_portal.signatures import actions, pki
from fake_portal.signatures.models import (
    OfficialCertificate,
    SigningLog,
    TrainingAuthority,
    VirtualToken,
)
from tests.conftest import make_official


def _cert(row):
    return pki.load_cert(row.cert_pem)


def test_authorities_say_they_are_for_training_and_chain(db):
    root, issuing = actions.training_authorities()
    root_cert, issuing_cert = _cert(root), _cert(issuing)
    for cert in (root_cert, issuing_cert):
        assert "ĐÀO TẠO" in pki.common_name(cert)
        assert "không có giá trị pháp lý" in cert.subject.rfc4514_string()
    assert "CA gốc" in root.common_name
    issuing_cert.verify_directly_issued_by(root_cert)
    root_cert.verify_directly_issued_by(root_cert)


def test_authorities_are_made_once_and_shared(db):
    first = actions.training_authorities()
    again = actions.training_authorities()
    assert [a.pk for a in first] == [a.pk for a in again]
    assert TrainingAuthority.objects.count() == 2


def test_new_official_gets_a_realistic_certificate_and_a_token(leader):
    row = OfficialCertificate.objects.current_for(leader)
    cert = _cert(row)
    _, issuing = actions.training_authorities()
    cert.verify_directly_issued_by(_cert(issuing))
    assert pki.common_name(cert) == "Cán bộ lanhdao"
    assert pki.subject_field(cert, NameOID.TITLE) == "Lãnh đạo UBND"
    organisation = pki.subject_field(cert, NameOID.ORGANIZATION_NAME)
    assert organisation == "UBND Phường Hoa Lư – ĐÀO TẠO"
    assert pki.subject_field(cert, NameOID.STATE_OR_PROVINCE_NAME) == "Ninh Bình"
    assert pki.subject_field(cert, NameOID.COUNTRY_NAME) == "VN"
    assert pki.subject_field(cert, NameOID.SERIAL_NUMBER).startswith("SABAN-CB-")
    assert (row.not_after - row.not_before).days >= 729
    assert row.status == OfficialCertificate.Status.VALID
    assert VirtualToken.objects.filter(user=leader).exists()


def test_signer_certificate_has_what_pdfsig_needs_and_never_a_real_address(leader):
    cert = _cert(OfficialCertificate.objects.current_for(leader))
    usage = cert.extensions.get_extension_for_class(pki.x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    eku = cert.extensions.get_extension_for_class(pki.x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in eku
    points = cert.extensions.get_extension_for_class(pki.x509.CRLDistributionPoints)
    url = points.value[0].full_name[0].value
    assert url.startswith("http://crl.saban.invalid/")


def test_province_official_belongs_to_the_province_committee(coordinator):
    cert = _cert(OfficialCertificate.objects.current_for(coordinator))
    organisation = pki.subject_field(cert, NameOID.ORGANIZATION_NAME)
    assert organisation == "UBND tỉnh Ninh Bình – ĐÀO TẠO"
    assert pki.subject_field(cert, NameOID.TITLE) == "Điều phối viên cấp tỉnh"


def test_issue_for_is_idempotent_and_reissue_supersedes(leader):
    first = OfficialCertificate.objects.current_for(leader)
    assert actions.issue_certificate_for(leader, actor=None) == first
    second = actions.issue_certificate(leader, actor=None)
    first.refresh_from_db()
    assert first.revocation_reason == "superseded"
    assert OfficialCertificate.objects.current_for(leader) == second


def test_revocation_is_logged_and_listed_in_the_crl(leader, administrator):
    from fake_portal.signatures.trust import issuing_crl

    row = OfficialCertificate.objects.current_for(leader)
    actions.revoke_certificate(row, actor=administrator, reason="key_compromise")
    row.refresh_from_db()
    assert row.status == OfficialCertificate.Status.REVOKED
    entry = issuing_crl().get_revoked_certificate_by_serial_number(row.serial_int)
    assert entry is not None
    assert SigningLog.objects.filter(action="certificate.revoked", user=leader).exists()


def test_only_an_administrator_revokes(leader, trainer):
    import pytest
    from django.core.exceptions import PermissionDenied

    row = OfficialCertificate.objects.current_for(leader)
    with pytest.raises(PermissionDenied):
        actions.revoke_certificate(row, actor=trainer)


def test_expiry_follows_the_validity_period(leader):
    from datetime import timedelta

    from django.utils import timezone

    past = timezone.now() - timedelta(days=800)
    row = actions.issue_certificate(leader, actor=None, valid_from=past, days=730)
    assert row.status == OfficialCertificate.Status.EXPIRED


def test_issue_certificates_command_is_idempotent(db, province):
    from io import StringIO

    from django.core.management import call_command

    user = make_official(
        "canbo_moi", "trainee", "specialist", province.communes.first()
    )
    OfficialCertificate.objects.filter(user=user).delete()
    out = StringIO()
    call_command("issue_certificates", stdout=out)
    assert "issued 1" in out.getvalue()
    call_command("issue_certificates", stdout=out)
    assert "issued 0" in out.getvalue()
    assert OfficialCertificate.objects.filter(user=user).count() == 1


def test_who_signs_what(leader, commune_officer, specialist):
    from fake_portal.signatures import rules

    assert rules.may_sign(leader, rules.RESULT)
    assert not rules.may_sign(commune_officer, rules.RESULT)
    assert rules.may_sign(commune_officer, rules.RECEIPT)
    assert not rules.may_sign(specialist, rules.DIGITISED_COPY)
    assert rules.placement_for(rules.DIGITISED_COPY) == "top-left"
    assert rules.placement_for(rules.RESULT) == "bottom-right"
