import subprocess
from io import BytesIO

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from certificates import actions, serials, verification
from certificates.models import Certificate, CertificateEvent
from fake_portal.signatures.trust import current_trust
from fake_portal.signatures.verify import VALID, verify_pdf
from tests.certificates.conftest import COURSE, FACTS, SITE, issue


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "c.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True)
    return out.stdout.decode()


def test_issued_certificate_records_the_achievement_and_an_event(certificate):
    assert certificate.recipient_name == "Cán bộ tiepnhan"
    assert certificate.kind == "course" and certificate.reference == COURSE
    assert certificate.score == 92.5
    assert certificate.procedures == [
        {"code": "1.001193", "version": 1, "name": certificate.procedures[0]["name"]}
    ]
    assert certificate.valid_until.year == certificate.issued_at.year + 2
    assert serials.is_well_formed(certificate.serial)
    event = CertificateEvent.objects.get(certificate=certificate)
    assert event.action == "certificate.issued"


def test_pdf_is_a4_landscape_with_vietnamese_text_serial_and_address(
    certificate, tmp_path
):
    pdf = bytes(certificate.pdf)
    reader = PdfFileReader(BytesIO(pdf))
    box = reader.root["/Pages"]["/Kids"][0]["/MediaBox"]
    width, height = float(box[2]), float(box[3])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    text = pdf_text(pdf, tmp_path)
    for expected in (
        "Cán bộ tiepnhan",
        "Đăng ký khai sinh trên Cổng Dịch vụ công",
        "đã hoàn thành khóa học",
        "Kết quả: 92,5 %",
        "Sở Nội vụ tỉnh Ninh Bình (mô phỏng)".upper(),
        "Lê Minh Tuấn",
        certificate.serial,
        "KHÔNG CÓ GIÁ TRỊ PHÁP LÝ",
        "Sa Bàn – Nền tảng đào tạo",
    ):
        assert expected in text, expected
    assert f"{SITE}/chung-chi/kiem-tra/" in text.replace("\n", "").replace(" ", "")
    info = reader.trailer["/Info"]
    assert info["/sabanserial"] == certificate.serial


def test_pdf_is_signed_by_the_platform_key_for_pyhanko(certificate):
    report = verify_pdf(bytes(certificate.pdf), current_trust())
    [signature] = report.signatures
    assert signature.summary == "INTACT:TRUSTED,UNTOUCHED"
    assert signature.verdict == VALID
    assert signature.signer_name == "Sa Bàn – Nền tảng đào tạo"
    assert (
        signature.organisation == "Sa Bàn – Nền tảng đào tạo (không có giá trị pháp lý)"
    )
    assert signature.serial == certificate.platform_key.serial


def test_pdf_signature_is_valid_and_trusted_for_pdfsig(certificate, pdfsig):
    out = pdfsig(bytes(certificate.pdf))
    assert "Signature is Valid." in out
    assert "Certificate is Trusted." in out
    assert "Sa Bàn – Nền tảng đào tạo" in out


def tampered(pdf: bytes) -> bytes:
    data = bytearray(pdf)
    at = data.index(b"MediaBox")  # inside the signed revision
    data[at] = ord("m")
    return bytes(data)


def test_a_tampered_pdf_is_rejected_by_pyhanko_pdfsig_and_the_upload_check(
    certificate, pdfsig
):
    bad = tampered(bytes(certificate.pdf))
    [signature] = verify_pdf(bad, current_trust()).signatures
    assert not signature.intact
    assert "Digest Mismatch." in pdfsig(bad)
    result = verification.check_pdf(bad)
    assert result.state == verification.TAMPERED
    assert not result.genuine


def test_the_genuine_pdf_passes_the_upload_check(certificate):
    result = verification.check_pdf(bytes(certificate.pdf))
    assert result.genuine
    assert result.same_file
    assert result.serial.certificate == certificate


def test_serials_are_unique_across_many_certificates(course_rule, commune_officer):
    many = {serials.new_serial(2026) for _ in range(20_000)}
    assert len(many) == 20_000
    assert all(serials.is_well_formed(s) for s in list(many)[:500])


def test_a_taken_serial_is_refused_by_the_database(certificate, template, leader):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(serial="X")
        Certificate.objects.filter(pk=certificate.pk).update(serial=certificate.serial)
        copy = Certificate.objects.get(pk=certificate.pk)
        copy.pk = None
        copy.recipient = leader
        copy.save()


def test_issuing_twice_returns_the_same_certificate(certificate, commune_officer):
    again = actions.maybe_issue_for("course", COURSE, commune_officer, FACTS)
    assert again == [certificate]
    assert Certificate.objects.count() == 1


def test_every_certificate_gets_its_own_status_position(
    course_rule, leader, specialist
):
    first, second = issue(leader), issue(specialist)
    assert first.serial != second.serial
    assert first.status_position != second.status_position
    assert first.credential["credentialStatus"]["statusListIndex"] == str(
        first.status_position[1]
    )


def test_the_qr_code_encodes_the_verification_address(certificate, tmp_path):
    from tests.certificates.qr import link_targets, qr_modules_for, qr_modules_in_pdf

    address = f"{SITE}/chung-chi/kiem-tra/{certificate.serial}/"
    pdf = bytes(certificate.pdf)
    assert qr_modules_in_pdf(pdf, tmp_path) == qr_modules_for(address)
    assert link_targets(pdf) == {address}
