import pytest

from courses import actions
from courses.completion import LESSONS, QUIZ, SCENARIOS, Facts, Rules, evaluate
from courses.models import Enrolment, LearningRecord
from tests.courses.conftest import post_fields

ALL_RULES = Rules(require_all_lessons=True, require_quiz_passed=True)


def facts(viewed=0, passed=False, scenarios=(), lessons=4, has_quiz=True):
    return Facts(
        lessons=lessons,
        lessons_viewed=viewed,
        has_quiz=has_quiz,
        quiz_passed=passed,
        scenarios_passed=frozenset(scenarios),
    )


def test_nothing_done_is_zero_percent():
    result = evaluate(ALL_RULES, facts())
    assert not result.complete
    assert result.percent == 0
    assert result.missing == (LESSONS, QUIZ)


def test_lessons_and_quiz_both_needed_when_both_required():
    assert evaluate(ALL_RULES, facts(viewed=4)).missing == (QUIZ,)
    assert evaluate(ALL_RULES, facts(viewed=3, passed=True)).missing == (LESSONS,)
    done = evaluate(ALL_RULES, facts(viewed=4, passed=True))
    assert done.complete and done.percent == 100


def test_percent_counts_lessons_and_quiz_but_never_reaches_100_until_complete():
    assert evaluate(ALL_RULES, facts(viewed=2)).percent == 40
    assert evaluate(ALL_RULES, facts(viewed=4)).percent == 80
    rules = Rules(require_all_lessons=True, require_quiz_passed=True)
    assert evaluate(rules, facts(viewed=1, lessons=200)).percent < 100


def test_quiz_only_rule_completes_without_reading_every_lesson():
    rules = Rules(require_all_lessons=False, require_quiz_passed=True)
    result = evaluate(rules, facts(viewed=1, passed=True))
    assert result.complete and result.percent == 100


def test_a_quiz_rule_on_a_course_without_quiz_does_not_apply():
    assert evaluate(ALL_RULES, facts(viewed=4, has_quiz=False)).complete


def test_required_scenarios_must_all_be_passed():
    rules = Rules(required_scenarios=("khai-sinh", "chung-thuc"))
    assert evaluate(
        rules, facts(viewed=4, passed=True, scenarios={"khai-sinh"})
    ).missing == (SCENARIOS,)
    assert evaluate(
        rules, facts(viewed=4, passed=True, scenarios={"khai-sinh", "chung-thuc"})
    ).complete


def test_with_no_rule_switched_on_viewing_every_lesson_completes():
    rules = Rules(require_all_lessons=False, require_quiz_passed=False)
    assert not evaluate(rules, facts(viewed=3)).complete
    assert evaluate(rules, facts(viewed=4)).complete


# ---------------------------------------------------------------- through the actions


def _complete_course(user, quiz, lessons):
    for lesson in lessons:
        actions.view_lesson(lesson, actor=user)
    attempt = actions.start_attempt(quiz, actor=user)
    return actions.submit_attempt(attempt, post_fields(attempt.questions), actor=user)


def test_viewing_lessons_alone_does_not_complete_a_course_with_a_quiz(
    commune_officer, enrolled, lessons
):
    for lesson in lessons:
        actions.view_lesson(lesson, actor=commune_officer)
    enrolled.refresh_from_db()
    assert enrolled.completed_at is None


def test_passing_the_quiz_after_all_lessons_completes_the_course_once(
    commune_officer, enrolled, lessons, quiz
):
    attempt = _complete_course(commune_officer, quiz, lessons)
    assert attempt.passed
    enrolled.refresh_from_db()
    assert enrolled.completed_at is not None
    completed = LearningRecord.objects.filter(
        verb="completed", object_id__endswith="/khoa-hoc/khoa-thu"
    )
    assert completed.count() == 1
    # A second passing attempt does not complete it again.
    again = actions.start_attempt(quiz, actor=commune_officer)
    actions.submit_attempt(again, post_fields(again.questions), actor=commune_officer)
    assert completed.count() == 1


def test_passing_the_quiz_first_then_reading_the_last_lesson_completes(
    commune_officer, enrolled, lessons, quiz
):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    actions.submit_attempt(
        attempt, post_fields(attempt.questions), actor=commune_officer
    )
    assert Enrolment.objects.get(pk=enrolled.pk).completed_at is None
    for lesson in lessons:
        actions.view_lesson(lesson, actor=commune_officer)
    assert Enrolment.objects.get(pk=enrolled.pk).completed_at is not None


def test_a_required_scenario_blocks_completion_until_a_source_says_it_passed(
    commune_officer, enrolled, lessons, quiz, monkeypatch
):
    from courses import progress

    monkeypatch.setattr(progress, "scenario_sources", [])  # no scenario passed yet
    course = enrolled.course
    course.required_scenarios = ["khai-sinh-co-ban"]
    course.save_revision().publish()
    _complete_course(commune_officer, quiz, lessons)
    enrolled.refresh_from_db()
    assert enrolled.completed_at is None
    monkeypatch.setattr(
        progress,
        "scenario_sources",
        [lambda users, slugs: {u: {"khai-sinh-co-ban"} for u in users}],
    )
    assert actions.evaluate_completion(enrolled, actor=None)
    enrolled.refresh_from_db()
    assert enrolled.completed_at is not None


def test_completion_calls_the_registered_hooks(
    commune_officer, enrolled, lessons, quiz
):
    seen = []
    hooks = actions.course_completed_hooks
    hooks.append(lambda e, actor: seen.append(e.pk))
    try:
        _complete_course(commune_officer, quiz, lessons)
    finally:
        hooks.pop()
    assert seen == [enrolled.pk]


def test_viewing_a_lesson_without_enrolment_records_nothing(commune_officer, lessons):
    assert actions.view_lesson(lessons[0], actor=commune_officer) is None
    assert not LearningRecord.objects.exists()


@pytest.mark.parametrize("times", [1, 3])
def test_viewing_a_lesson_again_is_recorded_once(
    commune_officer, enrolled, lessons, times
):
    for _ in range(times):
        actions.view_lesson(lessons[0], actor=commune_officer)
    assert LearningRecord.objects.filter(verb="completed").count() == 1


def test_a_course_with_nothing_in_it_is_never_complete():
    empty = facts(lessons=0, has_quiz=False)
    assert not evaluate(ALL_RULES, empty).complete
    assert not evaluate(Rules(False, False), empty).complete


# ---------------------------------------------------------------- the course changes


def _read_one_and_pass(user, lessons, quiz):
    actions.view_lesson(lessons[0], actor=user)
    attempt = actions.start_attempt(quiz, actor=user)
    actions.submit_attempt(attempt, post_fields(attempt.questions), actor=user)


@pytest.fixture
def two_readers(commune_officer, specialist, enrolled, course, lessons):
    """commune_officer has read every lesson; specialist has read the first one."""
    for lesson in lessons:
        actions.view_lesson(lesson, actor=commune_officer)
    actions.enrol(course, specialist, actor=specialist)
    actions.view_lesson(lessons[0], actor=specialist)


@pytest.mark.parametrize("withdraw", ["unpublish", "delete"])
def test_withdrawing_the_lesson_a_learner_had_left_completes_them(
    commune_officer,
    enrolled,
    lessons,
    quiz,
    withdraw,
    django_capture_on_commit_callbacks,
):
    _read_one_and_pass(commune_officer, lessons, quiz)
    enrolled.refresh_from_db()
    assert enrolled.completed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        getattr(lessons[1], withdraw)()
    enrolled.refresh_from_db()
    assert enrolled.completed_at is not None
    completed = LearningRecord.objects.filter(
        verb="completed", object_id__endswith="/khoa-hoc/khoa-thu"
    )
    assert completed.count() == 1


def test_relaxing_a_rule_completes_the_learners_who_now_meet_them(
    two_readers, course, django_capture_on_commit_callbacks
):
    course.require_quiz_passed = False
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
    done = dict(Enrolment.objects.values_list("user__username", "completed_at"))
    assert done["tiepnhan"] is not None and done["chuyenvien"] is None


def test_a_lesson_added_later_keeps_completed_learners_completed(
    client,
    two_readers,
    commune_officer,
    specialist,
    enrolled,
    course,
    lessons,
    quiz,
    django_capture_on_commit_callbacks,
):
    from courses.models import LessonPage

    _read_one_and_pass(commune_officer, lessons, quiz)
    new = LessonPage(
        title="Bài ba",
        slug="bai-ba",
        body=[{"type": "paragraph", "value": "<p>Mới.</p>"}],
    )
    with django_capture_on_commit_callbacks(execute=True):
        course.add_child(instance=new)
        new.save_revision().publish()
    assert Enrolment.objects.get(pk=enrolled.pk).completed_at is not None
    client.force_login(commune_officer)
    assert "Tiến độ: 100 %" in client.get(course.url).content.decode()
    client.force_login(specialist)
    assert "Tiến độ: 25 %" in client.get(course.url).content.decode()  # 1 of 3 + quiz
