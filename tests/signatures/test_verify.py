from datetime import timedelta
from io import BytesIO

from django.utils import timezone
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer

from fake_portal.signatures import actions, pdfsign, pki, signing, verify
from fake_portal.signatures.models import OfficialCertificate
from fake_portal.signatures.trust import current_trust


def _signed(pdf, leader, pin):
    return signing.sign_pdf(
        pdf, signer=leader, pin=pin, reason="Phê duyệt", location="Phường Hoa Lư"
    )


def _report(data):
    return verify.verify_pdf(data, current_trust())


def test_revoked_after_signing_keeps_the_signature_valid(
    leader, leader_pin, administrator, one_page_pdf
):
    signed = _signed(one_page_pdf, leader, leader_pin)
    row = OfficialCertificate.objects.current_for(leader)
    actions.revoke_certificate(row, actor=administrator, reason="affiliation_changed")
    [signature] = _report(signed).signatures
    assert signature.revoked_after_signing
    assert not signature.revoked_before_signing
    assert signature.verdict == verify.VALID
    assert signature.summary == "INTACT:TRUSTED,UNTOUCHED"


def test_revoked_before_signing_makes_the_signature_invalid(
    leader, leader_pin, administrator, one_page_pdf
):
    signed = _signed(one_page_pdf, leader, leader_pin)
    row = OfficialCertificate.objects.current_for(leader)
    # The key was stolen an hour before this signature was made.
    actions.revoke_certificate(
        row,
        actor=administrator,
        reason="key_compromise",
        revoked_at=timezone.now() - timedelta(hours=1),
    )
    [signature] = _report(signed).signatures
    assert signature.revoked_before_signing
    assert signature.verdict == verify.INVALID
    assert "REVOKED" in signature.summary


def test_unknown_ca_is_untrusted(db, one_page_pdf, pdfsig):
    now = timezone.now()
    root, root_key = pki.make_root(now)
    issuing, issuing_key = pki.make_issuing(root, root_key, now)
    subject = pki.OfficialSubject("Kẻ Giả Mạo", "", "CA lạ", "Nơi khác", "VN", "X-1")
    cert, key = pki.make_official_cert(
        issuing, issuing_key, subject, not_before=now - timedelta(minutes=5)
    )
    signed = pdfsign.sign_document(
        one_page_pdf,
        signing_key=pdfsign.SigningKey(cert, key, (issuing, root)),
        stamp_text="Giả mạo",
        reason="Thử",
        location="Không rõ",
    )
    [signature] = _report(signed).signatures
    assert signature.intact
    assert not signature.from_training_ca and not signature.trusted
    assert signature.verdict == verify.UNTRUSTED
    assert signature.revoked_at is None
    out = pdfsig(signed)
    assert "Signature is Valid." in out
    assert "Certificate is Trusted." not in out


def test_bad_inputs_are_result_states(db, one_page_pdf):
    assert _report(b"").state == verify.EMPTY
    assert _report(b"PK\x03\x04 a zip file").state == verify.NOT_PDF
    assert _report(b"%PDF-1.7\n garbage").state == verify.UNREADABLE
    assert _report(one_page_pdf).state == verify.NO_SIGNATURES
    too_big = b"%PDF-1.7\n" + b"0" * verify.MAX_BYTES
    assert _report(too_big).state == verify.TOO_LARGE


def encrypted(pdf, user_password=b"mat-khau"):
    writer = copy_into_new_writer(PdfFileReader(BytesIO(pdf)))
    writer.encrypt(b"chu-so-huu", user_password)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf_says_so(db, one_page_pdf):
    assert _report(encrypted(one_page_pdf)).state == verify.ENCRYPTED


def test_owner_password_only_is_still_checked(db, one_page_pdf):
    assert _report(encrypted(one_page_pdf, b"")).state == verify.NO_SIGNATURES


def test_content_appended_after_the_last_signature_is_reported(
    leader, leader_pin, one_page_pdf
):
    signed = _signed(one_page_pdf, leader, leader_pin)
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    writer.root["/Lang"] = generic.pdf_string("vi")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    report = _report(out.getvalue())
    assert report.changed_after_last_signature
    [signature] = report.signatures
    assert signature.intact and not signature.covers_whole_document
