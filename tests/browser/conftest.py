from certificates.models import CertificateTemplate
from tests.fake_portal.conftest import world  # noqa: F401 (fixture)


def course_template():
    """The certificate template the browser journeys issue course certificates from."""
    return CertificateTemplate.objects.create(
        name="Mẫu khóa học",
        issuing_body="Trung tâm đào tạo Sa Bàn – Ninh Bình (mô phỏng)",
        signer_name="Lê Minh Tuấn",
        signer_title="Giám đốc Trung tâm đào tạo (mô phỏng)",
        validity_months=24,
    )
