from datetime import date

import pytest

from certificates.models import CertificateTemplate
from sandbox.models import World
from tests.fake_portal.conftest import (
    make_citizen,
    world,  # noqa: F401 (fixture)
)


def course_template():
    """The certificate template the browser journeys issue course certificates from."""
    return CertificateTemplate.objects.create(
        name="Mẫu khóa học",
        issuing_body="Trung tâm đào tạo Sa Bàn – Ninh Bình (mô phỏng)",
        signer_name="Lê Minh Tuấn",
        signer_title="Giám đốc Trung tâm đào tạo (mô phỏng)",
        validity_months=24,
    )


@pytest.fixture
def demo_world(province, home_commune):
    """A world with the built-in scenarios' recipe, holding only the people the test needs."""
    made = World.objects.create(
        name="Ninh Bình minh họa",
        province=province,
        seed=2025,
        citizens=5000,
        status="ready",
    )
    make_citizen(made, home_commune, "036190012345", birth_date=date(1995, 4, 2))
    return made
