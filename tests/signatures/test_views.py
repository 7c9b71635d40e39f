import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fake_portal.signatures import signing
from fake_portal.signatures.models import RemoteSigningRequest, VirtualToken

from .test_verify import encrypted


def _upload(client, data, name="tai-lieu.pdf"):
    return client.post(
        reverse("signatures:verify"),
        {"document": SimpleUploadedFile(name, data, "application/pdf")},
    )


def test_verify_page_is_public(client, db):
    response = client.get(reverse("signatures:verify"))
    assert response.status_code == 200
    assert "Kiểm tra chữ ký số" in response.content.decode()


@pytest.mark.parametrize(
    "make,words",
    [
        (lambda pdf: b"", "Tệp tải lên rỗng"),
        (lambda pdf: b"Hello, not a PDF", "không phải là tệp PDF"),
        (lambda pdf: b"%PDF-1.4\n\x00\x01 broken", "bị hỏng"),
        (lambda pdf: encrypted(pdf), "bảo vệ bằng mật khẩu"),
        (lambda pdf: pdf, "không có chữ ký số nào"),
        (lambda pdf: b"%PDF-1.7\n" + b" " * (20 * 1024 * 1024), "vượt quá dung lượng"),
    ],
)
def test_verify_page_answers_bad_input_clearly(client, db, one_page_pdf, make, words):
    response = _upload(client, make(one_page_pdf))
    assert response.status_code == 200
    assert words in response.content.decode()


def test_verify_page_without_a_file_asks_for_one(client, db):
    response = client.post(reverse("signatures:verify"), {})
    assert response.status_code == 400


def test_verify_page_shows_signer_and_validity(
    client, leader, leader_pin, one_page_pdf
):
    signed = signing.sign_pdf(
        one_page_pdf, signer=leader, pin=leader_pin, reason="Phê duyệt", location="HL"
    )
    page = _upload(client, signed).content.decode()
    assert "Cán bộ lanhdao" in page
    assert "Hợp lệ" in page
    assert "Chứng thư chưa bị thu hồi" in page
    assert "Sa Bàn – CA cấp chứng thư ĐÀO TẠO" in page


def test_bytes_after_the_signature_are_not_called_a_forbidden_change(
    client, leader, leader_pin, one_page_pdf
):
    signed = signing.sign_pdf(
        one_page_pdf, signer=leader, pin=leader_pin, reason="Phê duyệt", location="HL"
    )
    page = _upload(client, signed + b"\n% ghi chu them\n").content.decode()
    assert "tất cả đều hợp lệ" in page
    assert "Tệp có nội dung được thêm vào sau chữ ký cuối cùng." in page
    assert "nội dung tài liệu không thay đổi" in page
    assert "thay đổi không được phép" not in page


def test_token_page_shows_certificate_pin_and_plug(client, leader):
    client.force_login(leader)
    page = client.get(reverse("signatures:token")).content.decode()
    token = VirtualToken.objects.get(user=leader)
    assert token.pin_envelope in page
    assert "UBND Phường Hoa Lư – ĐÀO TẠO" in page
    assert "Còn hiệu lực" in page
    client.post(reverse("signatures:plug"), {"plugged": "0"})
    client.post(reverse("signatures:plug"), {"plugged": "0"})  # twice is harmless
    token.refresh_from_db()
    assert not token.plugged_in
    assert "Cắm USB Token" in client.get(reverse("signatures:token")).content.decode()


def test_change_pin_form(client, leader):
    client.force_login(leader)
    token = VirtualToken.objects.get(user=leader)
    bad = client.post(
        reverse("signatures:change-pin"),
        {"old_pin": "000000", "new_pin": "12345678", "new_pin_again": "12345678"},
    )
    assert bad.status_code == 400
    assert "Mã PIN không đúng" in bad.content.decode()
    good = client.post(
        reverse("signatures:change-pin"),
        {
            "old_pin": token.pin_envelope,
            "new_pin": "12345678",
            "new_pin_again": "12345678",
        },
    )
    assert good.status_code == 302


def test_practice_signs_with_the_token(client, leader, leader_pin):
    client.force_login(leader)
    response = client.post(
        reverse("signatures:practice"), {"method": "token", "pin": leader_pin}
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    wrong = client.post(reverse("signatures:practice"), {"method": "token", "pin": "1"})
    assert wrong.status_code == 400
    assert "Mã PIN không đúng" in wrong.content.decode()


def test_practice_remote_then_confirm_on_the_second_screen(client, leader):
    client.force_login(leader)
    response = client.post(reverse("signatures:practice"), {"method": "remote"})
    request = RemoteSigningRequest.objects.get()
    assert response.url == reverse("signatures:request", args=[request.pk])
    second_screen = client.get(reverse("signatures:confirm")).content.decode()
    assert "Ký thử văn bản trên sa bàn" in second_screen
    fragment = client.get(reverse("signatures:confirm") + "?fragment=1")
    assert "Xác nhận ký" in fragment.content.decode()
    client.post(reverse("signatures:approve", args=[request.pk]))
    status = client.get(
        reverse("signatures:request", args=[request.pk]) + "?format=json"
    )
    assert status.json()["status"] == "approved"
    download = client.get(reverse("signatures:request-download", args=[request.pk]))
    assert download.content.startswith(b"%PDF-")


def test_second_screen_reports_a_late_approval(client, leader, one_page_pdf):
    request = signing.request_remote_signature(
        one_page_pdf, signer=leader, purpose="Ký muộn", timeout_seconds=0
    )
    client.force_login(leader)
    response = client.post(
        reverse("signatures:approve", args=[request.pk]), follow=True
    )
    assert "Hết thời gian chờ xác nhận" in response.content.decode()


def test_others_cannot_see_or_approve_a_request(
    client, leader, other_officer, one_page_pdf
):
    request = signing.request_remote_signature(one_page_pdf, signer=leader, purpose="X")
    client.force_login(other_officer)
    assert (
        client.get(reverse("signatures:request", args=[request.pk])).status_code == 403
    )
    assert (
        client.post(reverse("signatures:approve", args=[request.pk])).status_code == 404
    )


def test_admin_page_unlocks_and_revokes(client, administrator, leader, commune_officer):
    from fake_portal.signatures import actions
    from fake_portal.signatures.models import OfficialCertificate

    for _ in range(3):
        try:
            actions.change_pin(leader, old_pin="000000", new_pin="123456", actor=leader)
        except Exception:
            pass
    client.force_login(administrator)
    page = client.get(reverse("signatures:admin")).content.decode()
    assert "Cán bộ lanhdao" in page
    response = client.post(reverse("signatures:unlock", args=[leader.pk]), follow=True)
    assert "Mã PIN mới" in response.content.decode()
    assert not VirtualToken.objects.get(user=leader).is_locked
    row = OfficialCertificate.objects.current_for(commune_officer)
    client.post(reverse("signatures:revoke", args=[row.pk]), {"reason": "superseded"})
    row.refresh_from_db()
    assert row.revocation_reason == "superseded"


def test_admin_page_is_for_administrators_only(client, leader):
    client.force_login(leader)
    assert client.get(reverse("signatures:admin")).status_code == 403


def test_root_and_crl_downloads(client, db):
    assert (
        b"BEGIN CERTIFICATE"
        in client.get(reverse("signatures:root-certificate")).content
    )
    assert client.get(reverse("signatures:crl")).status_code == 200


def test_signature_pages_lead_back_to_the_one_stop_shop(client, leader, db):
    client.force_login(leader)
    for name in ("signatures:token", "signatures:verify", "signatures:confirm"):
        page = client.get(reverse(name)).content.decode()
        assert f'href="{reverse("portal:home")}"' in page, name


def test_the_public_verify_page_shows_no_back_office_link(client, db):
    page = client.get(reverse("signatures:verify")).content.decode()
    assert f'href="{reverse("portal:home")}"' not in page
