"""What learners are told about the issuing rules: thresholds, and a scenario's outlook."""

import pytest

from certificates.models import Certificate, IssuingRule
from certificates.outlook import outlook_for, requirements
from scenarios.models import Attempt, Scenario, ScenarioVersion
from tests.scenarios.conftest import trainee  # noqa: F401 (fixture)
from tests.scenarios.player import play_library_scenario
from tests.scenarios.scripts import SCRIPTS, _full

SCENARIO = "khai-sinh-truc-tuyen"


def _attempt(user, total):
    scenario = Scenario(slug=SCENARIO, title="Khai sinh trực tuyến")
    version = ScenarioVersion(scenario=scenario, number=1, spec={"dossiers": []})
    return Attempt(
        user=user, version=version, total=total, max_total=100, passed=total >= 70
    )


def test_a_pass_below_the_rules_threshold_earns_nothing_and_says_what_is_needed(
    scenario_rule, commune_officer
):
    outlook = outlook_for("scenario", _attempt(commune_officer, 75))
    assert (outlook.earned, outlook.score, outlook.min_score) == (False, 75.0, 80)
    assert outlook_for("scenario", _attempt(commune_officer, 85)).earned is True


def test_without_an_active_rule_there_is_no_outlook(scenario_rule, commune_officer):
    IssuingRule.objects.update(active=False)
    assert outlook_for("scenario", _attempt(commune_officer, 100)) is None


def test_the_requirements_state_each_active_rules_threshold(course_rule, scenario_rule):
    assert requirements() == [
        "Khóa học: hoàn thành khóa học. (Chỉ áp dụng cho “khai-sinh-co-ban”.)",
        "Kịch bản thực hành: đạt kịch bản và được từ 80 % số điểm trở lên.",
    ]


def test_my_certificates_page_states_the_threshold(
    client, scenario_rule, commune_officer
):
    client.force_login(commune_officer)
    page = client.get("/chung-chi/").content.decode()
    assert "Bạn chưa có chứng chỉ nào." in page
    assert "đạt kịch bản và được từ 80 % số điểm trở lên" in page


@pytest.mark.urls("tests.scenarios.urls")
def test_the_result_page_says_what_score_the_certificate_needs(
    client,
    template,
    trainee,  # noqa: F811
    scenario_world,
):
    IssuingRule.objects.create(
        name="Giỏi", kind="scenario", min_score=95, template=template
    )
    attempt = play_library_scenario(
        SCENARIO, lambda p: _full(p, "khai-sinh", lookup=False), trainee, scenario_world
    )
    assert attempt.passed and attempt.total == 90
    client.force_login(trainee)
    page = client.get(f"/kich-ban/luot/{attempt.pk}/ket-qua/").content.decode()
    assert (
        "Chưa được cấp chứng chỉ: chứng chỉ cần đạt kịch bản và từ 95 % số điểm trở "
        "lên; lượt này được 90 %."
    ) in page


@pytest.mark.urls("tests.scenarios.urls")
def test_the_result_page_links_the_certificate_the_attempt_earned(
    client,
    scenario_rule,
    trainee,  # noqa: F811
    scenario_world,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        attempt = play_library_scenario(
            SCENARIO, SCRIPTS[SCENARIO][0], trainee, scenario_world
        )
    certificate = Certificate.objects.get(recipient=trainee)
    client.force_login(trainee)
    page = client.get(f"/kich-ban/luot/{attempt.pk}/ket-qua/").content.decode()
    assert "Lượt làm bài này được cấp chứng chỉ" in page
    assert certificate.serial in page
