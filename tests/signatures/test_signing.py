from io import BytesIO

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from fake_portal.signatures import errors, signing
from fake_portal.signatures.models import SigningLog
from fake_portal.signatures.trust import current_trust
from fake_portal.signatures.verify import VALID, verify_pdf
from sandbox.models import SandboxEvent


def sign_result(pdf, leader, pin, **kwargs):
    return signing.sign_pdf(
        pdf,
        signer=leader,
        pin=pin,
        reason="Phê duyệt kết quả giải quyết hồ sơ",
        location="Phường Hoa Lư",
        **kwargs,
    )


def test_signed_pdf_is_intact_and_trusted_for_pyhanko(leader, leader_pin, one_page_pdf):
    signed = sign_result(one_page_pdf, leader, leader_pin)
    report = verify_pdf(signed, current_trust())
    [signature] = report.signatures
    assert signature.summary == "INTACT:TRUSTED,UNTOUCHED"
    assert signature.verdict == VALID
    assert signature.signer_name == "Cán bộ lanhdao"
    assert signature.covers_whole_document


def test_signed_pdf_is_valid_and_trusted_for_pdfsig(
    leader, leader_pin, one_page_pdf, pdfsig
):
    out = pdfsig(sign_result(one_page_pdf, leader, leader_pin))
    assert "Signature is Valid." in out
    assert "Certificate is Trusted." in out
    assert "Cán bộ lanhdao" in out


def test_one_changed_byte_is_caught_by_pyhanko_and_pdfsig(
    leader, leader_pin, one_page_pdf, pdfsig
):
    signed = bytearray(sign_result(one_page_pdf, leader, leader_pin))
    at = signed.index(b"MediaBox")  # inside the first, signed, revision
    signed[at] = ord("m")
    tampered = bytes(signed)
    [signature] = verify_pdf(tampered, current_trust()).signatures
    assert not signature.intact
    assert signature.verdict != VALID
    assert "Digest Mismatch." in pdfsig(tampered)


def test_several_signatures_stay_valid(
    leader, leader_pin, commune_officer, officer_pin, one_page_pdf, pdfsig
):
    receipt = signing.sign_pdf(
        one_page_pdf,
        signer=commune_officer,
        pin=officer_pin,
        reason="Tiếp nhận hồ sơ",
        location="Phường Hoa Lư",
    )
    both = sign_result(receipt, leader, leader_pin)
    copy = sign_result(both, leader, leader_pin, stamp="top-left")
    report = verify_pdf(copy, current_trust())
    assert [s.verdict for s in report.signatures] == [VALID] * 3
    assert [s.signer_name for s in report.signatures] == [
        "Cán bộ tiepnhan",
        "Cán bộ lanhdao",
        "Cán bộ lanhdao",
    ]
    assert not report.changed_after_last_signature
    assert pdfsig(copy).count("Signature is Valid.") == 3


def test_stamp_shows_sandbox_time_and_training_marking(
    leader, leader_pin, one_page_pdf, sandbox
):
    signed = sign_result(one_page_pdf, leader, leader_pin, sandbox=sandbox)
    reader = PdfFileReader(BytesIO(signed))
    field = reader.embedded_signatures[0].sig_field
    appearance = field["/AP"]["/N"]
    text = _appearance_text(appearance)
    assert "09:30:00 ngày 01/07/2025" in text
    assert "Ký số – môi trường đào tạo" in text
    assert "Lãnh đạo UBND" in text


def _appearance_text(xobject) -> str:
    """The stamp's text, decoded through the font's ToUnicode map."""
    import re

    found = []

    def walk(obj):
        obj = obj.get_object()
        resources = obj.get("/Resources", {})
        for font in resources.get("/Font", {}).values():
            cmap = font.get_object()["/ToUnicode"].get_object().data.decode()
            pairs = dict(re.findall(r"<([0-9a-f]{4})> <([0-9a-f]+)>", cmap))
            for hexrun in re.findall(rb"<([0-9a-f]+)> Tj", obj.data):
                run = hexrun.decode()
                found.append(
                    "".join(
                        bytes.fromhex(pairs.get(run[i : i + 4], "003f")).decode(
                            "utf-16be"
                        )
                        for i in range(0, len(run), 4)
                    )
                )
        for sub in resources.get("/XObject", {}).values():
            walk(sub)

    walk(xobject)
    return "\n".join(found)


def test_success_is_logged_and_recorded_as_event(
    leader, leader_pin, one_page_pdf, sandbox
):
    sign_result(one_page_pdf, leader, leader_pin, sandbox=sandbox)
    log = SigningLog.objects.get(action="signature.signed")
    assert log.user == leader and log.method == "token"
    event = SandboxEvent.objects.get(sandbox=sandbox, action="signature.signed")
    assert event.data["method"] == "token"
    assert event.data["purpose"] == "Phê duyệt kết quả giải quyết hồ sơ"
    assert event.sim_time == sandbox.now()


def test_not_a_pdf_cannot_be_signed(leader, leader_pin):
    with pytest.raises(errors.InvalidDocument):
        sign_result(b"hello", leader, leader_pin)
    assert (
        SigningLog.objects.get(action="signature.failed").reason == "invalid_document"
    )
