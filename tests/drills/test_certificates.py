"""A drill rule in the certificates: ending the drill issues to the passing teams' members."""

from datetime import timedelta

import pytest

from certificates.models import BulkIssue, Certificate, CertificateTemplate, IssuingRule
from fake_portal import actions as portal
from fake_portal.models import Dossier
from fake_portal.simulation import tick
from sandbox import actions as core
from scenarios import actions as scenario_actions
from scenarios.drills import actions
from tests.drills.conftest import SCENARIO

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(trainer):
    """The drills' scenario, its dossier arriving five minutes in."""
    quick = SCENARIO.replace("arrive_at: 600 minutes", "arrive_at: 5 minutes")
    return scenario_actions.save_version(quick, actor=trainer, publish=True)


@pytest.fixture
def drill_rule(db):
    template = CertificateTemplate.objects.create(
        name="Mẫu diễn tập",
        heading="GIẤY CHỨNG NHẬN",
        issuing_body="Sở Nội vụ tỉnh Ninh Bình (mô phỏng)",
        signer_name="Lê Minh Tuấn",
        signer_title="Giám đốc Trung tâm đào tạo (mô phỏng)",
    )
    return IssuingRule.objects.create(
        name="Đạt diễn tập", kind="drill", reference="", template=template
    )


def test_ending_a_drill_issues_to_the_members_of_passing_teams(
    drill_rule,
    running,
    teams,
    coordinator,
    commune_officer,
    specialist,
    leader,
    other_officer,
    django_capture_on_commit_callbacks,
):
    home, _other = teams
    home.refresh_from_db()
    # The scenario's dossier arrives on the team's clock; the receiving officer takes it.
    box = core.advance_clock(home.sandbox, timedelta(minutes=6), actor=coordinator)
    tick(box)
    dossier = Dossier.objects.for_sandbox(box).get()
    portal.receive_dossier(dossier, actor=commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        actions.end_drill(running, actor=coordinator)
    bulk = BulkIssue.objects.get()
    assert bulk.rule == drill_rule and bulk.achievement["reference"] == str(running.pk)
    holders = set(Certificate.objects.values_list("recipient", flat=True))
    assert holders == {commune_officer.pk, specialist.pk, leader.pk}  # home passed
    certificate = Certificate.objects.get(recipient=commune_officer)
    assert certificate.kind == "drill" and certificate.title == running.title
    assert [p["code"] for p in certificate.procedures] == ["1.001193"]
