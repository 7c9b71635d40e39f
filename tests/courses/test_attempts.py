from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from courses import actions
from courses.models import LearningRecord, Question, QuizAttempt
from tests.conftest import make_official
from tests.courses.conftest import post_fields, seen_fields


def test_an_attempt_draws_and_snapshots_its_questions_server_side(
    commune_officer, enrolled, quiz
):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    assert attempt.number == 1 and attempt.is_open
    assert len(attempt.questions) == quiz.questions_per_attempt
    kinds = {q["type"]: q for q in attempt.questions}
    assert set(kinds) == {
        "single",
        "multiple",
        "truefalse",
        "matching",
        "ordering",
        "short",
    }
    assert "order" in kinds["matching"] and "order" in kinds["ordering"]
    assert attempt.deadline == attempt.started_at + timedelta(minutes=10)


def test_each_attempt_has_its_own_seed_and_draw(commune_officer, enrolled, quiz):
    quiz.questions_per_attempt = 3
    quiz.save_revision().publish()
    quiz.attempts_allowed = None
    quiz.save_revision().publish()
    draws, seeds = [], set()
    for _ in range(6):
        attempt = actions.start_attempt(quiz, actor=commune_officer)
        seeds.add(attempt.seed)
        categories = Counter(
            Question.objects.get(pk=q["id"]).category.slug for q in attempt.questions
        )
        assert sorted(categories.values()) == [1, 2]  # spread over both categories
        draws.append(tuple(attempt.question_ids()))
        actions.submit_attempt(attempt, [], actor=commune_officer)
    assert len(seeds) == 6
    assert len(set(draws)) > 1


def test_starting_twice_resumes_the_open_attempt(commune_officer, enrolled, quiz):
    first = actions.start_attempt(quiz, actor=commune_officer)
    second = actions.start_attempt(quiz, actor=commune_officer)
    assert first.pk == second.pk
    assert QuizAttempt.objects.count() == 1


def test_attempts_allowed_is_enforced(commune_officer, enrolled, quiz):
    for _ in range(quiz.attempts_allowed):
        attempt = actions.start_attempt(quiz, actor=commune_officer)
        actions.submit_attempt(attempt, [], actor=commune_officer)
    with pytest.raises(actions.QuizError, match="hết 3 lần"):
        actions.start_attempt(quiz, actor=commune_officer)


def test_only_enrolled_learners_can_start(commune_officer, quiz):
    with pytest.raises(actions.QuizError, match="ghi danh"):
        actions.start_attempt(quiz, actor=commune_officer)


def test_a_perfect_submission_passes_and_records_statements(
    commune_officer, enrolled, quiz
):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    attempt = actions.submit_attempt(
        attempt, post_fields(attempt.questions), actor=commune_officer
    )
    assert attempt.status == QuizAttempt.Status.SUBMITTED
    assert attempt.score == 100 and attempt.passed
    verbs = Counter(LearningRecord.objects.values_list("verb", flat=True))
    assert verbs["answered"] == 6 and verbs["passed"] == 1 and verbs["failed"] == 0


def test_a_wrong_submission_fails_with_zero(commune_officer, enrolled, quiz):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    attempt = actions.submit_attempt(
        attempt, post_fields(attempt.questions, right=False), actor=commune_officer
    )
    assert attempt.score == 0 and attempt.passed is False
    assert LearningRecord.objects.filter(verb="failed").count() == 1


def test_a_second_submission_changes_nothing(commune_officer, enrolled, quiz):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    first = actions.submit_attempt(
        attempt, post_fields(attempt.questions, right=False), actor=commune_officer
    )
    records = LearningRecord.objects.count()
    second = actions.submit_attempt(
        attempt, post_fields(attempt.questions), actor=commune_officer
    )
    assert second.pk == first.pk
    assert (second.score, second.passed, second.submitted_at) == (
        first.score,
        first.passed,
        first.submitted_at,
    )
    assert LearningRecord.objects.count() == records


@pytest.mark.parametrize(
    "tamper",
    [
        lambda qs, fields: fields + [("q-999999", ["x"])],  # a question not drawn
        lambda qs, fields: [
            (name, ["ffffffff"])
            if name == f"q-{_of(qs, 'single')['id']}"
            else (name, v)
            for name, v in fields
        ],  # an option the question does not have
        lambda qs, fields: (
            fields + [(f"q-{_of(qs, 'ordering')['id']}-deadbeef", ["1"])]
        ),  # an unknown item
        lambda qs, fields: [
            (name, ["99"])
            if name.startswith(f"q-{_of(qs, 'ordering')['id']}-")
            else (name, v)
            for name, v in fields
        ],  # a position out of range
    ],
)
def test_a_tampered_post_is_refused_without_a_score(
    commune_officer, enrolled, quiz, tamper
):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    fields = tamper(attempt.questions, post_fields(attempt.questions))
    with pytest.raises(actions.TamperedAnswerError):
        actions.submit_attempt(attempt, fields, actor=commune_officer)
    with pytest.raises(actions.TamperedAnswerError):
        actions.save_answers(attempt, fields, actor=commune_officer)
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.score is None and attempt.answers == {}
    assert not LearningRecord.objects.filter(verb__in=["answered", "passed"]).exists()


def test_a_position_given_twice_is_refused_and_nothing_is_saved(
    commune_officer, enrolled, quiz
):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    ordering = _of(attempt.questions, "ordering")
    fields = [
        (name, ["1"]) if name.startswith(f"q-{ordering['id']}-") else (name, v)
        for name, v in post_fields(attempt.questions)
    ]
    for act in (actions.save_answers, actions.submit_attempt):
        with pytest.raises(actions.AnswerMistakeError) as caught:
            act(attempt, fields, actor=commune_officer)
        assert caught.value.errors == {
            str(ordering["id"]): "Mỗi thứ tự chỉ được chọn cho một mục."
        }
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.answers == {} and attempt.score is None


def _of(questions, kind):
    return next(q for q in questions if q["type"] == kind)


def test_another_learners_attempt_cannot_be_submitted(
    commune_officer, other_officer, enrolled, quiz
):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    with pytest.raises(PermissionDenied):
        actions.submit_attempt(
            attempt, post_fields(attempt.questions), actor=other_officer
        )
    attempt.refresh_from_db()
    assert attempt.is_open


def test_within_the_grace_period_a_late_submission_counts(
    commune_officer, enrolled, quiz, clock
):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    clock.advance(minutes=10, seconds=20)
    attempt = actions.submit_attempt(
        attempt, post_fields(attempt.questions), actor=commune_officer
    )
    assert attempt.status == QuizAttempt.Status.SUBMITTED and attempt.score == 100


def test_after_the_grace_only_answers_saved_before_the_deadline_count(
    commune_officer, enrolled, quiz, clock
):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    clock.advance(minutes=5)
    saved = [
        f
        for f in post_fields(attempt.questions)
        if f[0].startswith(f"q-{_of(attempt.questions, 'single')['id']}")
    ]
    actions.save_answers(attempt, saved, actor=commune_officer)
    clock.advance(minutes=6)  # 11 minutes: past the 10-minute limit and the grace
    attempt = actions.submit_attempt(
        attempt, post_fields(attempt.questions), actor=commune_officer
    )
    assert attempt.status == QuizAttempt.Status.EXPIRED
    # Only the saved single-choice answer (1 point of 11) is graded.
    assert attempt.score == pytest.approx(100 / 11, abs=0.01)
    assert not attempt.passed
    answered = [qid for qid, answer in attempt.answers.items() if answer]
    assert answered == [str(_of(attempt.questions, "single")["id"])]


def test_saving_after_the_deadline_closes_the_attempt(
    commune_officer, enrolled, quiz, clock
):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    clock.advance(minutes=11)
    attempt = actions.save_answers(
        attempt, post_fields(attempt.questions), actor=commune_officer
    )
    assert attempt.status == QuizAttempt.Status.EXPIRED and attempt.score == 0


def test_an_abandoned_attempt_expires_when_the_quiz_page_is_opened(
    client, commune_officer, enrolled, quiz, clock
):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    clock.advance(hours=2)
    client.force_login(commune_officer)
    assert client.get(quiz.url).status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.EXPIRED and attempt.score == 0


def test_starting_after_an_abandoned_attempt_closes_it_and_opens_a_new_one(
    commune_officer, enrolled, quiz, clock
):
    old = actions.start_attempt(quiz, actor=commune_officer)
    clock.advance(minutes=30)
    new = actions.start_attempt(quiz, actor=commune_officer)
    old.refresh_from_db()
    assert old.status == QuizAttempt.Status.EXPIRED
    assert new.pk != old.pk and new.number == 2 and new.is_open


def test_without_a_time_limit_an_attempt_never_expires(
    commune_officer, enrolled, quiz, clock
):
    quiz.time_limit_minutes = None
    quiz.save_revision().publish()
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    assert attempt.deadline is None
    clock.advance(days=3)
    attempt = actions.submit_attempt(
        attempt, post_fields(attempt.questions), actor=commune_officer
    )
    assert attempt.status == QuizAttempt.Status.SUBMITTED and attempt.passed


def test_editing_the_bank_does_not_change_a_started_attempt(
    commune_officer, enrolled, quiz
):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    question = Question.objects.get(key="t-short")
    question.data = {"accepted": ["mười ba"]}
    question.save()
    attempt = actions.submit_attempt(
        attempt, post_fields(attempt.questions), actor=commune_officer
    )
    assert attempt.score == 100


def test_an_empty_bank_cannot_start(commune_officer, enrolled, quiz):
    Question.objects.update(active=False)
    with pytest.raises(actions.QuizError, match="chưa có câu hỏi"):
        actions.start_attempt(quiz, actor=commune_officer)


def test_a_learner_of_another_province_can_still_take_a_course(db, quiz, course):
    from sandbox.models import Commune

    hanoi = make_official("hanoi", "trainee", commune=Commune.objects.get(pk=70))
    actions.enrol(course, hanoi, actor=hanoi)
    attempt = actions.start_attempt(quiz, actor=hanoi)
    assert attempt.user_id == hanoi.pk


# ---------------------------------------------------------------- two tabs, one attempt


def test_a_stale_tab_never_overwrites_what_another_tab_saved(
    commune_officer, enrolled, quiz
):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    tab_b = seen_fields(attempt)  # opened now, while nothing is answered
    right = post_fields(attempt.questions)
    actions.save_answers(attempt, right + seen_fields(attempt), actor=commune_officer)
    # Tab B, still showing nothing answered, changes one answer and submits.
    short = _of(attempt.questions, "short")
    fields = [(f"q-{short['id']}", ["mười ba"])] + tab_b
    attempt = actions.submit_attempt(attempt, fields, actor=commune_officer)
    assert attempt.answers[str(short["id"])] == "mười ba"
    # Every other answer is tab A's: 10 of the 11 points.
    assert attempt.score == pytest.approx(100 * 10 / 11, abs=0.01)


def test_a_tab_clears_an_answer_it_shows_as_saved(commune_officer, enrolled, quiz):
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    multiple = _of(attempt.questions, "multiple")
    attempt = actions.save_answers(
        attempt, post_fields(attempt.questions), actor=commune_officer
    )
    # The page now shows the saved answers; the learner unticks every box and saves.
    fields = post_fields(attempt.questions, skip={multiple["key"]})
    attempt = actions.save_answers(
        attempt, fields + seen_fields(attempt), actor=commune_officer
    )
    assert attempt.answers[str(multiple["id"])] == []
