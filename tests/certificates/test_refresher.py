"""A certificate "needs refresher" once a procedure it covers moves to a new version."""

from pathlib import Path

import yaml

from certificates import verification
from fake_portal.catalogue import DEFAULT_PATH


def bumped_catalogue(tmp_path: Path, code: str) -> Path:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    for procedure in data["procedures"]:
        if procedure["code"] == code:
            procedure["version"] += 1
    path = tmp_path / "procedures.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_new_procedure_version_marks_the_certificate_for_refresher(
    certificate, settings, tmp_path, client
):
    assert not verification.check_serial(certificate.serial).needs_refresher
    settings.PROCEDURE_CATALOGUE_PATH = str(bumped_catalogue(tmp_path, "1.001193"))
    verdict = verification.check_serial(certificate.serial)
    assert verdict.state == verification.VALID
    assert verdict.needs_refresher
    [outdated] = verdict.outdated
    assert (outdated.code, outdated.learnt_version, outdated.current_version) == (
        "1.001193",
        1,
        2,
    )
    page = client.get(f"/chung-chi/kiem-tra/{certificate.serial}/").content.decode()
    assert "Cần bồi dưỡng lại" in page
    assert "đã học phiên bản 1, hiện hành phiên bản 2" in page


def test_an_unrelated_procedure_change_does_not(certificate, settings, tmp_path):
    settings.PROCEDURE_CATALOGUE_PATH = str(bumped_catalogue(tmp_path, "2.000815"))
    assert not verification.check_serial(certificate.serial).needs_refresher
