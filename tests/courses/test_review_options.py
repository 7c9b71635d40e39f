"""Each quiz's review options: what a learner sees of a closed attempt, and when."""

import csv
import io
import json

import pytest
from django.urls import reverse

from courses import actions
from courses.models import QuizAttempt, QuizPage
from courses.review import (
    ReviewOptions,
    ReviewWhen,
    Shown,
    attempts_over,
    hidden_notes,
    new_attempt,
    shown,
)
from tests.courses.conftest import post_fields

NOW, LATER, NEVER = (
    ReviewWhen.IMMEDIATELY,
    ReviewWhen.AFTER_ATTEMPTS,
    ReviewWhen.NEVER,
)
SHOWN_LATER = "sẽ được hiển thị khi bạn hết lượt làm bài"


@pytest.fixture
def learner_client(client, commune_officer):
    client.force_login(commune_officer)
    return client


def _set(quiz, **options):
    """Change the quiz as a trainer does in the admin: a published revision."""
    for name, value in options.items():
        setattr(quiz, f"review_{name}", value)
    quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)


def _take(quiz, user, *, right=True):
    attempt = actions.start_attempt(quiz, actor=user)
    fields = post_fields(attempt.questions, right=right)
    return actions.submit_attempt(attempt, fields, actor=user)


def _review(client, attempt):
    response = client.get(reverse("courses:review", args=[attempt.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _shows_marks(page):
    return "Điểm:" in page and "/1 điểm" in page and "badge-wrong" in page


def _shows_correct(page):
    return "Đáp án đúng" in page and "mười hai" in page and "is-correct" in page


def _shows_feedback(page):
    return "Mẫu 01 là giấy tiếp nhận." in page and "Sai: Mẫu 02" in page


# ---------------------------------------------------------------- the rule, pure


@pytest.mark.parametrize(
    "used, open_, passed, allowed, over",
    [
        (1, 0, False, 3, False),  # attempts left, not passed
        (3, 0, False, 3, True),  # every attempt used
        (1, 0, True, 3, True),  # passed with attempts left
        (2, 1, True, 3, False),  # passed, but another attempt is in progress
        (3, 1, False, 3, False),  # the last attempt is still in progress
        (9, 0, False, None, False),  # unlimited attempts, never passed
        (2, 0, True, None, True),  # unlimited attempts, passed
    ],
)
def test_attempts_are_over_once_passed_or_used_up_and_none_open(
    used, open_, passed, allowed, over
):
    got = attempts_over(used=used, open_=open_, passed=passed, allowed=allowed)
    assert got is over


@pytest.mark.parametrize(
    "options, used, passed, allowed, may_start, by_passing",
    [
        (ReviewOptions(), 1, False, 3, True, False),
        (ReviewOptions(), 3, False, 3, False, False),  # every attempt used
        (ReviewOptions(), 1, True, 3, True, False),  # passed: retakes stay open
        (ReviewOptions(), 9, True, None, True, False),
        (ReviewOptions(correct=LATER), 1, True, 3, False, True),  # passing ends them
        (ReviewOptions(feedback=LATER), 5, True, None, False, True),
        (ReviewOptions(marks=NEVER), 1, True, 3, True, False),  # never: no key to fear
        (ReviewOptions(correct=LATER), 3, True, 3, False, True),  # both: passing said
    ],
)
def test_one_rule_says_whether_a_new_attempt_may_start(
    options, used, passed, allowed, may_start, by_passing
):
    rule = new_attempt(options, used=used, passed=passed, allowed=allowed)
    assert (rule.may_start, rule.ended_by_passing) == (may_start, by_passing)
    assert bool(rule.reason) is not may_start


@pytest.mark.parametrize("over", [False, True])
def test_each_part_follows_its_own_option(over):
    options = ReviewOptions(marks=NOW, correct=LATER, feedback=NEVER)
    assert shown(options, over=over) == Shown(marks=True, correct=over, feedback=False)
    notes = hidden_notes(options, shown(options, over=over))
    assert len(notes) == (1 if over else 2)
    assert any("không hiển thị nhận xét của giảng viên" in n for n in notes)


def test_new_and_existing_quizzes_show_everything_immediately(quiz):
    assert quiz.review_options == ReviewOptions(NOW, NOW, NOW)
    assert not quiz.review_options.waits_for_attempts


def test_the_options_are_in_the_quiz_editor(client, administrator, quiz):
    client.force_login(administrator)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]))
    html = page.content.decode()
    assert "Học viên xem lại bài làm" in html
    for name in ("review_marks", "review_correct_answers", "review_feedback"):
        assert f'name="{name}"' in html
    assert "Sau khi hết lượt làm bài" in html and "Không bao giờ" in html


# ---------------------------------------------------------------- each option


def test_by_default_the_review_shows_marks_answers_and_feedback(
    learner_client, quiz, enrolled, commune_officer
):
    page = _review(learner_client, _take(quiz, commune_officer, right=False))
    assert _shows_marks(page) and _shows_correct(page) and _shows_feedback(page)
    assert SHOWN_LATER not in page


def test_hidden_correct_answers_never_reach_the_html(
    learner_client, quiz, enrolled, commune_officer
):
    quiz = _set(quiz, correct_answers=NEVER)
    page = _review(learner_client, _take(quiz, commune_officer, right=False))
    assert _shows_marks(page) and _shows_feedback(page)
    assert "Đáp án đúng" not in page and "Vị trí đúng" not in page
    assert "Đáp án được chấp nhận" not in page
    assert "is-correct" not in page and "correct" not in page.lower()
    assert "mười hai" not in page  # an accepted short answer
    assert "Bài kiểm tra này không hiển thị đáp án đúng cho học viên." in page
    assert "badge-ok" not in page  # no option or row is marked as the right one


def test_hidden_marks_leave_out_the_score_the_verdict_and_right_or_wrong(
    learner_client, quiz, enrolled, commune_officer
):
    quiz = _set(quiz, marks=NEVER)
    page = _review(learner_client, _take(quiz, commune_officer, right=False))
    assert _shows_correct(page) and _shows_feedback(page)
    assert "Điểm:" not in page and "điểm đạt" not in page
    assert "Chưa đạt" not in page and "result-fail" not in page
    assert " điểm</span>" not in page  # no earned/points per question
    assert "is-wrong" not in page and "badge-wrong" not in page
    assert "Bài làm đã được ghi nhận" in page
    assert "không hiển thị điểm và kết quả đúng/sai" in page
    listing = learner_client.get(quiz.url).content.decode()
    assert "Xem lại bài" in listing  # the attempt is listed, without its mark
    assert '<th scope="col">Điểm</th>' not in listing and "Chưa đạt" not in listing
    assert "Điểm cao nhất của bạn" not in listing


def test_trainers_still_see_the_marks_in_their_reports(
    client, trainer, course, quiz, enrolled, commune_officer
):
    quiz = _set(quiz, marks=NEVER, correct_answers=NEVER, feedback=NEVER)
    _take(quiz, commune_officer)
    client.force_login(trainer)
    url = reverse("courses:report-progress", args=[course.pk])
    text = client.get(url, {"xuat": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    learner = next(r for r in rows if commune_officer.username in r)
    assert "100.0" in learner and "Đạt" in learner


def test_hidden_feedback_leaves_out_the_question_and_option_feedback(
    learner_client, quiz, enrolled, commune_officer
):
    quiz = _set(quiz, feedback=NEVER)
    page = _review(learner_client, _take(quiz, commune_officer, right=False))
    assert _shows_marks(page) and _shows_correct(page)
    assert "Mẫu 01 là giấy tiếp nhận." not in page and "12 chữ số." not in page
    assert "Sai: Mẫu 02" not in page and "Nhận xét:" not in page
    assert 'class="feedback"' not in page


def test_everything_hidden_shows_the_learners_own_answers(
    learner_client, quiz, enrolled, commune_officer
):
    quiz = _set(quiz, marks=NEVER, correct_answers=NEVER, feedback=NEVER)
    page = _review(learner_client, _take(quiz, commune_officer, right=False))
    assert not (_shows_marks(page) or _shows_correct(page) or _shows_feedback(page))
    assert "không biết" in page  # the learner's own short answer
    assert page.count("Bạn chọn:") >= 2  # their single, multiple and true/false picks


# ---------------------------------------------------------------- after the attempts


@pytest.fixture
def later(quiz):
    return _set(quiz, marks=LATER, correct_answers=LATER, feedback=LATER)


def test_after_the_attempts_means_after_the_last_one_allowed(
    learner_client, later, enrolled, commune_officer
):
    first = _take(later, commune_officer, right=False)
    for _n in range(2):
        page = _review(learner_client, first)
        assert not (_shows_marks(page) or _shows_correct(page))
        assert not _shows_feedback(page)
        assert page.count(SHOWN_LATER) == 3
        _take(later, commune_officer, right=False)
    # The third and last attempt is in: every review shows everything, the first too.
    page = _review(learner_client, first)
    assert _shows_marks(page) and _shows_correct(page) and _shows_feedback(page)
    assert SHOWN_LATER not in page
    # The quiz page and the action give the same reason for no fourth attempt.
    used_up = "Bạn đã dùng hết 3 lần làm bài được phép."
    assert used_up in learner_client.get(later.url).content.decode()
    with pytest.raises(actions.QuizError, match=used_up):
        actions.start_attempt(later, actor=commune_officer)


def test_after_the_attempts_means_once_passed_and_passing_ends_the_attempts(
    learner_client, later, enrolled, commune_officer
):
    first = _take(later, commune_officer, right=False)
    assert not _shows_correct(_review(learner_client, first))
    _take(later, commune_officer)  # passed, with one attempt left
    assert _shows_correct(_review(learner_client, first))
    # No retake with the answer key just revealed.
    with pytest.raises(actions.QuizError, match="đạt là hết lượt làm bài"):
        actions.start_attempt(later, actor=commune_officer)
    page = learner_client.get(later.url).content.decode()
    assert "đạt là hết lượt làm bài" in page
    start = reverse("courses:start-attempt", args=[later.pk])
    assert f'action="{start}"' not in page
    assert QuizAttempt.objects.count() == 2


def test_a_retake_after_passing_stays_possible_when_the_review_does_not_wait(
    learner_client, quiz, enrolled, commune_officer
):
    _take(quiz, commune_officer)
    retake = actions.start_attempt(quiz, actor=commune_officer)
    assert retake.number == 2 and retake.is_open


def test_a_retake_in_progress_hides_what_waits_for_the_attempts(
    learner_client, quiz, enrolled, commune_officer
):
    first = _take(quiz, commune_officer)  # passed
    actions.start_attempt(quiz, actor=commune_officer)  # a retake, allowed then
    later = _set(quiz, marks=LATER, correct_answers=LATER, feedback=LATER)
    page = _review(learner_client, first)
    assert not _shows_correct(page) and "mười hai" not in page
    assert "Điểm:" not in page and page.count(SHOWN_LATER) == 3
    resumed = actions.start_attempt(later, actor=commune_officer)  # resuming is fine
    assert resumed.number == 2


def test_unlimited_attempts_show_the_answers_only_once_passed(
    learner_client, later, enrolled, commune_officer
):
    later.attempts_allowed = None
    later.save_revision().publish()
    attempts = [_take(later, commune_officer, right=False) for _n in range(4)]
    assert not _shows_correct(_review(learner_client, attempts[0]))
    _take(later, commune_officer)
    assert _shows_correct(_review(learner_client, attempts[0]))


def test_a_last_attempt_left_open_past_its_deadline_ends_the_attempts(
    learner_client, later, enrolled, commune_officer, clock
):
    first = _take(later, commune_officer, right=False)
    _take(later, commune_officer, right=False)
    actions.start_attempt(later, actor=commune_officer)  # the third, then abandoned
    assert not _shows_correct(_review(learner_client, first))
    clock.advance(minutes=11)  # past the 10 minutes and the grace
    page = _review(learner_client, first)
    assert _shows_correct(page) and _shows_marks(page)
    assert QuizAttempt.objects.filter(status=QuizAttempt.Status.EXPIRED).count() == 1


# ---------------------------------------------------------------- the learner's export


def _my_data(client):
    response = client.get(reverse("operations:my-data-download"))
    return json.loads(response.content)["sections"]["courses"]


def test_the_personal_data_export_follows_the_marks_option(
    learner_client, quiz, enrolled, commune_officer
):
    _take(quiz, commune_officer, right=False)
    shown_now = _my_data(learner_client)
    assert shown_now["quiz_attempts"][0]["score"] == 0
    assert shown_now["quiz_attempts"][0]["passed"] is False
    assert "failed" in {r["verb"] for r in shown_now["learning_records"]}
    _set(quiz, marks=LATER)
    hidden = _my_data(learner_client)
    attempt = hidden["quiz_attempts"][0]
    assert "score" not in attempt and "passed" not in attempt
    assert attempt["answers"] and attempt["number"] == 1
    verbs = {r["verb"] for r in hidden["learning_records"]}
    assert "failed" not in verbs and "answered" in verbs
    assert "correct" not in json.dumps(hidden)


def test_the_personal_data_export_gives_answers_in_words(
    learner_client, quiz, enrolled, commune_officer
):
    _take(quiz, commune_officer)
    (attempt,) = _my_data(learner_client)["quiz_attempts"]
    answers = {a["question"]: a["answer"] for a in attempt["answers"]}
    assert answers["Mẫu nào là Giấy tiếp nhận hồ sơ và hẹn trả kết quả?"] == ["Mẫu 01"]
    assert all(a["answer"] for a in attempt["answers"])  # every question answered
