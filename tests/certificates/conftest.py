"""Fixtures for the certificate tests: the URLconf, a template and rules, pdfsig."""

import subprocess

import pytest

from certificates import actions
from certificates.models import CertificateTemplate, IssuingRule
from fake_portal.signatures.trust import current_trust
from fake_portal.signatures.verify import pem_of
from tests.courses.conftest import (  # noqa: F401 (a course to complete, for test_sources)
    course,
    course_path,
    enrolled,
    lessons,
    quiz,
)

SITE = "http://chung-chi.saban.invalid"
COURSE = "khai-sinh-co-ban"
FACTS = {
    "title": "Đăng ký khai sinh trên Cổng Dịch vụ công",
    "score": 92.5,
    "procedures": ["1.001193"],
}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def template(db):
    return CertificateTemplate.objects.create(
        name="Mẫu thử",
        heading="CHỨNG CHỈ",
        issuing_body="Sở Nội vụ tỉnh Ninh Bình (mô phỏng)",
        signer_name="Lê Minh Tuấn",
        signer_title="Giám đốc Trung tâm đào tạo (mô phỏng)",
        validity_months=24,
        design_text="Nắm vững quy trình tiếp nhận hồ sơ theo mô hình hai cấp.",
    )


@pytest.fixture
def course_rule(template):
    return IssuingRule.objects.create(
        name="Hoàn thành khóa khai sinh",
        kind="course",
        reference=COURSE,
        template=template,
    )


@pytest.fixture
def scenario_rule(template):
    return IssuingRule.objects.create(
        name="Đạt kịch bản (từ 80 %)",
        kind="scenario",
        reference="",
        min_score=80,
        template=template,
    )


def issue(user, **facts):
    """A certificate for `user` through the real action (the course rule must exist)."""
    [certificate] = actions.maybe_issue_for("course", COURSE, user, {**FACTS, **facts})
    return certificate


@pytest.fixture
def certificate(course_rule, commune_officer):
    return issue(commune_officer)


@pytest.fixture
def nss_dir(db, tmp_path):
    """An NSS database trusting the training root, for pdfsig -nssdir sql:DIR."""
    root_pem = tmp_path / "root.pem"
    root_pem.write_text(pem_of(current_trust().root))
    nss = tmp_path / "nss"
    nss.mkdir()
    run = ["certutil", "-d", f"sql:{nss}"]
    subprocess.run(
        run[:1] + ["-N"] + run[1:] + ["--empty-password"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        run[:1]
        + ["-A"]
        + run[1:]
        + ["-n", "saban-root", "-t", "C,C,C", "-i", str(root_pem)],
        check=True,
        capture_output=True,
    )
    return nss


@pytest.fixture
def pdfsig(nss_dir, tmp_path):
    """Debian's pdfsig on bytes; its output (it exits 0 whatever it finds)."""

    def run(data: bytes) -> str:
        path = tmp_path / "checked.pdf"
        path.write_bytes(data)
        result = subprocess.run(
            ["pdfsig", "-nssdir", f"sql:{nss_dir}", "-no-ocsp", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        return result.stdout + result.stderr

    return run
