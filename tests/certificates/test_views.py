from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates import actions, serials
from certificates.models import Certificate
from sandbox import actions as sandbox_actions
from tests.certificates.conftest import issue
from tests.certificates.test_issue import tampered


def page(response) -> str:
    return response.content.decode()


def test_the_verification_page_is_public_and_shows_only_name_and_achievement(
    client, course_rule, home_commune
):
    learner = sandbox_actions.create_official(
        username="ngocanh",
        full_name="Đặng Thị Ngọc Ánh",
        role="trainee",
        position="receiving_officer",
        province=home_commune.province,
        commune=home_commune,
        email="ngocanh@saban.invalid",
        phone="0912345678",
        actor=None,
    )
    certificate = issue(learner)
    response = client.get(f"/chung-chi/kiem-tra/{certificate.serial}/")
    assert response.status_code == 200
    html = page(response)
    assert 'data-status="valid"' in html
    assert "Chứng chỉ hợp lệ" in html
    assert "Đặng Thị Ngọc Ánh" in html and certificate.title in html
    for private in ("ngocanh", "0912345678"):  # no account, e-mail or phone
        assert private not in html
    assert "Hoa Lư" not in html  # no unit
    assert "92,5" not in html and "92.5" not in html  # no score
    assert "tải chứng chỉ" not in html.lower()  # downloads are the owner's only


def test_a_lowercase_serial_redirects_to_the_canonical_address(client, certificate):
    response = client.get(f"/chung-chi/kiem-tra/{certificate.serial.lower()}/")
    assert response.status_code == 302
    assert response["Location"] == f"/chung-chi/kiem-tra/{certificate.serial}/"


def test_a_forged_serial_is_rejected_before_any_lookup(client, certificate):
    forged = certificate.serial[:-1] + ("A" if certificate.serial[-1] != "A" else "B")
    assert serials.normalise(forged) is None
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/chung-chi/kiem-tra/{forged}/")
    assert not [q for q in queries if "certificates_" in q["sql"]]
    assert response.status_code == 404
    assert 'data-status="malformed"' in page(response)
    assert "Số hiệu không hợp lệ" in page(response)


def test_a_well_formed_unknown_serial_is_unknown(client, db):
    unknown = serials.new_serial(2026)
    response = client.get(f"/chung-chi/kiem-tra/{unknown}/")
    assert response.status_code == 404
    assert 'data-status="unknown"' in page(response)


def test_the_lookup_form_redirects_or_explains(client, certificate):
    response = client.get("/chung-chi/kiem-tra/", {"so": certificate.serial.lower()})
    assert response["Location"] == f"/chung-chi/kiem-tra/{certificate.serial}/"
    response = client.get("/chung-chi/kiem-tra/", {"so": "SB-2026-AAAA-BBBB-Z"})
    assert response.status_code == 400
    assert "sai ký tự kiểm tra" in page(response)
    assert client.get("/chung-chi/kiem-tra/").status_code == 200


def test_a_revoked_certificate_shows_date_reason_and_replacement(
    client, certificate, trainer
):
    new = actions.reissue_certificate(
        certificate, recipient_name="Nguyễn Văn Đúng", actor=trainer
    )
    html = page(client.get(f"/chung-chi/kiem-tra/{certificate.serial}/"))
    assert 'data-status="revoked"' in html
    assert "Chứng chỉ đã bị thu hồi" in html
    assert "cấp lại do đính chính họ tên" in html
    # The page shows Vietnam's date, which differs from UTC's from 17:00 UTC on.
    assert timezone.localtime(certificate.issued_at).strftime("%d/%m/%Y") in html
    assert f'href="/chung-chi/kiem-tra/{new.serial}/"' in html


def test_my_certificates_and_downloads(client, certificate, commune_officer):
    client.force_login(commune_officer)
    html = page(client.get("/chung-chi/"))
    assert certificate.serial in html and certificate.title in html
    pdf = client.get(f"/chung-chi/cua-toi/{certificate.serial}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(certificate.pdf)
    badge = client.get(f"/chung-chi/cua-toi/{certificate.serial}.json")
    assert badge.json() == certificate.credential
    jwt = client.get(f"/chung-chi/cua-toi/{certificate.serial}.jwt")
    assert jwt.content.decode() == certificate.credential_jwt


def test_another_learner_cannot_download_someone_elses_certificate(
    client, certificate, other_officer
):
    client.force_login(other_officer)
    for suffix in (".pdf", ".json", ".jwt"):
        assert (
            client.get(f"/chung-chi/cua-toi/{certificate.serial}{suffix}").status_code
            == 404
        )


def test_the_dashboard_panel_lists_the_learners_certificates(
    client, certificate, commune_officer
):
    client.force_login(commune_officer)
    html = page(client.get("/"))
    assert 'id="panel-certificates"' in html
    assert f"/chung-chi/cua-toi/{certificate.serial}.pdf" in html


def test_the_upload_form_accepts_the_genuine_pdf(client, certificate):
    upload = SimpleUploadedFile("c.pdf", bytes(certificate.pdf), "application/pdf")
    html = page(client.post("/chung-chi/kiem-tra-tep/", {"document": upload}))
    assert 'data-genuine="1"' in html
    assert 'data-outcome="valid"' in html


def test_the_upload_form_rejects_a_tampered_pdf_and_rubbish(client, certificate):
    bad = SimpleUploadedFile(
        "c.pdf", tampered(bytes(certificate.pdf)), "application/pdf"
    )
    html = page(client.post("/chung-chi/kiem-tra-tep/", {"document": bad}))
    assert 'data-genuine="0"' in html and "Tệp đã bị sửa sau khi ký" in html
    junk = SimpleUploadedFile("c.pdf", b"not a pdf", "application/pdf")
    html = page(client.post("/chung-chi/kiem-tra-tep/", {"document": junk}))
    assert 'data-genuine="0"' in html and "Không đọc được tệp PDF" in html
    assert client.post("/chung-chi/kiem-tra-tep/", {}).status_code == 400


def test_a_pdf_signed_by_another_key_with_a_forged_serial_is_rejected(
    client, certificate
):
    """Someone copies the design, puts an invented serial in, and signs with their own key."""
    from datetime import UTC, datetime

    from certificates import pades, rendering
    from fake_portal.signatures import pki
    from fake_portal.signatures.pdfsign import SigningKey

    forged_serial = serials.new_serial(2026)
    printed = rendering.Printed(
        serial=forged_serial,
        heading="CHỨNG CHỈ",
        issuing_body="Giả mạo",
        recipient_name="Kẻ Mạo Danh",
        kind="course",
        title="Khóa học giả",
        issued_at=datetime.now(UTC),
        verify_url="http://x.invalid/",
        signer_name="Không Ai",
        signer_title="Không chức vụ",
    )
    now = datetime.now(UTC)
    root, root_key = pki.make_root(now)
    issuing, issuing_key = pki.make_issuing(root, root_key, now)
    subject = pki.OfficialSubject("Kẻ Mạo Danh", "", "Giả", "Giả", "Giả", "X")
    cert, key = pki.make_official_cert(issuing, issuing_key, subject, not_before=now)
    signed = pades.sign_pdf(
        rendering.render_pdf(rendering.certificate_html(printed)),
        SigningKey(cert, key, (issuing, root)),
        reason="giả",
        location="giả",
    )
    upload = SimpleUploadedFile("c.pdf", signed, "application/pdf")
    html = page(client.post("/chung-chi/kiem-tra-tep/", {"document": upload}))
    assert 'data-genuine="0"' in html
    assert "Không phải chữ ký số của Sa Bàn" in html


def test_staff_pages_revoke_and_reissue(client, certificate, trainer):
    client.force_login(trainer)
    assert certificate.serial in page(client.get("/chung-chi/quan-ly/"))
    response = client.post(
        f"/chung-chi/quan-ly/{certificate.serial}/thu-hoi/", {"reason": "x"}
    )
    assert response.status_code == 400  # too short a reason: nothing happens
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    response = client.post(
        f"/chung-chi/quan-ly/{certificate.serial}/cap-lai/",
        {"recipient_name": "Trần Thị Đính Chính"},
    )
    new = Certificate.objects.get(recipient_name="Trần Thị Đính Chính")
    assert response["Location"] == f"/chung-chi/kiem-tra/{new.serial}/"
    response = client.post(
        f"/chung-chi/quan-ly/{new.serial}/thu-hoi/", {"reason": "Gian lận khi làm bài"}
    )
    assert response.status_code == 302
    # A double submission is harmless: the second one only says it was already done.
    client.post(
        f"/chung-chi/quan-ly/{new.serial}/thu-hoi/", {"reason": "Gian lận lần hai"}
    )
    new.refresh_from_db()
    assert new.status == "revoked" and new.revocation_reason == "Gian lận khi làm bài"


def test_learners_do_not_see_staff_pages(client, certificate, commune_officer):
    client.force_login(commune_officer)
    assert client.get("/chung-chi/quan-ly/").status_code == 403
    assert (
        client.get(f"/chung-chi/quan-ly/{certificate.serial}/thu-hoi/").status_code
        == 404
    )
    assert client.get("/chung-chi/cap-hang-loat/").status_code == 403


def test_uploading_a_revoked_certificate_shows_the_revocation(
    client, certificate, trainer
):
    actions.revoke_certificate(
        certificate, reason="Gian lận khi làm bài", actor=trainer
    )
    upload = SimpleUploadedFile("c.pdf", bytes(certificate.pdf), "application/pdf")
    html = page(client.post("/chung-chi/kiem-tra-tep/", {"document": upload}))
    assert 'data-outcome="revoked"' in html and 'data-genuine="0"' in html
    assert "Chứng chỉ đã bị thu hồi" in html and "Gian lận khi làm bài" in html


def test_a_certificate_past_its_validity_shows_as_expired(client, certificate):
    from datetime import timedelta

    # Time passing, not a status change: the validity end simply lies in the past now.
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.now() - timedelta(days=1)
    )
    html = page(client.get(f"/chung-chi/kiem-tra/{certificate.serial}/"))
    assert 'data-status="expired"' in html and "Chứng chỉ đã hết hạn" in html


def test_the_dashboard_still_works_before_the_app_is_mounted(
    client, settings, commune_officer
):
    settings.ROOT_URLCONF = "sandbox.urls"
    client.force_login(commune_officer)
    response = client.get("/")
    assert response.status_code == 200
    assert 'id="panel-certificates"' in response.content.decode()
