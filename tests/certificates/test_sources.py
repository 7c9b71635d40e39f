"""The adapters the courses and scenarios apps call, through their real actions."""

import pytest

from certificates import sources
from certificates.models import Certificate, IssuingRule
from courses import actions as course_actions
from scenarios import actions as scenario_actions
from scenarios.library import load_library
from scenarios.models import Attempt, Scenario, ScenarioVersion
from tests.courses.conftest import post_fields
from tests.scenarios.conftest import trainee  # noqa: F401 (fixture)
from tests.scenarios.player import Player
from tests.scenarios.scripts import SCRIPTS

SCENARIO = "khai-sinh-truc-tuyen"


@pytest.fixture
def wired():
    """The apps wire their hooks in ready(): courses and scenarios call certificates."""
    assert sources.on_course_completed in course_actions.course_completed_hooks
    assert sources.on_scenario_finished in scenario_actions.attempt_finished_hooks


def complete(user, quiz, lessons):
    for lesson in lessons:
        course_actions.view_lesson(lesson, actor=user)
    attempt = course_actions.start_attempt(quiz, actor=user)
    return course_actions.submit_attempt(
        attempt, post_fields(attempt.questions), actor=user
    )


def test_completing_a_course_issues_its_certificate_after_commit(
    template,
    commune_officer,
    enrolled,
    lessons,
    quiz,
    wired,
    django_capture_on_commit_callbacks,
):
    IssuingRule.objects.create(
        name="Khóa học thử", kind="course", reference="khoa-thu", template=template
    )
    with django_capture_on_commit_callbacks(execute=True):
        complete(commune_officer, quiz, lessons)
    [certificate] = Certificate.objects.for_recipient(commune_officer)
    assert certificate.reference == "khoa-thu"
    assert certificate.title == "Khóa học thử"
    assert certificate.score == 100
    assert [p["code"] for p in certificate.procedures] == ["1.001193"]
    assert certificate.procedures[0]["version"] >= 1


def test_without_a_rule_completion_issues_nothing(
    commune_officer, enrolled, lessons, quiz, wired, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete(commune_officer, quiz, lessons)
    assert not Certificate.objects.exists()


def test_a_scored_scenario_attempt_reads_into_facts(commune_officer):
    scenario = Scenario(slug="khai-sinh-truc-tuyen", title="Khai sinh trực tuyến")
    version = ScenarioVersion(
        scenario=scenario,
        number=3,
        spec={
            "dossiers": [
                {"id": "a", "procedure": "1.001193"},
                {"id": "b", "procedure": "1.001193"},
            ]
        },
    )
    attempt = Attempt(
        user=commune_officer, version=version, total=17, max_total=20, passed=True
    )
    reference, user, facts = sources.reader_for("scenario")(attempt)
    assert (reference, user) == ("khai-sinh-truc-tuyen", commune_officer)
    assert facts == {
        "title": "Khai sinh trực tuyến",
        "score": 85.0,
        "passed": True,
        "procedures": ["1.001193"],
    }


def _play_scenario(official, world, careful: bool) -> Attempt:
    load_library()
    version = Scenario.objects.get(slug=SCENARIO).current
    attempt = scenario_actions.start_attempt(version, user=official, world=world)
    player = Player(attempt, official)
    SCRIPTS[SCENARIO][0 if careful else 1](player)
    player.refresh()
    return scenario_actions.finish_attempt(player.attempt, actor=official)


@pytest.mark.parametrize("careful", [True, False])
def test_finishing_a_scenario_applies_the_rules_after_commit(
    careful,
    scenario_rule,
    trainee,  # noqa: F811
    scenario_world,
    wired,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        attempt = _play_scenario(trainee, scenario_world, careful)
    issued = list(Certificate.objects.for_recipient(trainee))
    if not careful:
        assert attempt.passed is False and issued == []
        return
    [certificate] = issued
    assert (certificate.kind, certificate.reference) == ("scenario", SCENARIO)
    assert certificate.score == 100
    assert certificate.title == attempt.version.scenario.title
