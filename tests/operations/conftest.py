import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sandbox.models import Commune
from sandbox.operations import actions
from sandbox.operations.onboarding import synthetic
from tests.conftest import DEMO_PROVINCE


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    # Restores and PDFs write files: keep them away from other helpers' test media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def communes(db):
    return list(Commune.objects.filter(province_id=DEMO_PROVINCE).order_by("code"))


@pytest.fixture
def make_rows(communes):
    def make(n, start=0, seed=1):
        return synthetic.official_rows(n, communes, seed=seed, start=start)

    return make


def upload(client, data: bytes, name="can-bo.csv", **extra):
    """POST a file to the upload page; returns the response (followed)."""
    return client.post(
        reverse("operations:import-upload"),
        {"file": SimpleUploadedFile(name, data), **extra},
        follow=True,
    )


def preview(rows, province, actor, name="can-bo.csv"):
    return actions.preview_import(
        province=province, data=synthetic.as_csv(rows), file_name=name, actor=actor
    )


def commit(imp, actor, **kwargs):
    """Preview → queue → (ImmediateBackend) run; returns the refreshed import."""
    actions.queue_import(imp, actor=actor, **kwargs)
    imp.refresh_from_db()
    return imp


def reasons_of(imp, row_number):
    row = next(r for r in imp.rows if r["row"] == row_number)
    return [r["code"] for r in row["reasons"]]


@pytest.fixture
def world(province):
    from sandbox.models import World

    return World.objects.create(
        name="Ninh Bình thử nghiệm",
        province=province,
        seed=11,
        citizens=3,
        status="ready",
    )


def verify_official_certificates(using="default"):
    """Every training signature certificate still chains to its issuing authority."""
    from cryptography import x509

    from fake_portal.signatures.models import OfficialCertificate, TrainingAuthority

    issuers = {
        a.common_name: x509.load_pem_x509_certificate(a.cert_pem.encode())
        for a in TrainingAuthority.objects.using(using)
    }
    problems, checked = [], 0
    for row in OfficialCertificate.objects.using(using).order_by("pk"):
        cert = x509.load_pem_x509_certificate(row.cert_pem.encode())
        issuer = next((i for i in issuers.values() if i.subject == cert.issuer), None)
        try:
            cert.verify_directly_issued_by(issuer)
        except Exception as exc:  # any failure is a problem to report
            problems.append(f"{row.pk}: {exc!r}")
        checked += 1
    return checked, problems
