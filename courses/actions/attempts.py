"""Quiz attempts: start (draw), save, submit, expire."""

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import xapi
from courses.actions import records
from courses.actions.learning import complete_if_done
from courses.answers import (
    AnswersToMendError,
    merge_answers,
    parse_answers,
    seen_digests,
)
from courses.drawing import draw_questions, presentation, with_opaque_ids
from courses.grading import InvalidAnswerError, grade_attempt
from courses.models import CoursePage, Enrolment, Question, QuizAttempt, QuizPage
from courses.review import new_attempt


class QuizError(Exception):
    """A quiz action the learner may not take now; the message is shown to them."""


class TamperedAnswerError(QuizError):
    """The post names a question, option or item that the attempt does not hold."""


class AnswerMistakeError(QuizError):
    """Some answers must be corrected first; nothing was saved.

    `errors` maps a question id to what is wrong there; `answers` is what was posted.
    """

    def __init__(self, errors: dict[str, str], answers: dict):
        super().__init__(
            _("Chưa lưu được bài làm: hãy sửa các câu được đánh dấu rồi lưu lại.")
        )
        self.errors, self.answers = errors, answers


def _bank(course: CoursePage) -> list[tuple[int, int]]:
    questions = Question.objects.for_course(course).active()
    ordered = questions.order_by("category__sort_order", "sort_order", "pk")
    return list(ordered.values_list("pk", "category_id"))


def _snapshot(ids: list[int], seed: int, shuffle: bool) -> list[dict]:
    bank = Question.objects.filter(pk__in=ids)
    definitions = {q.pk: with_opaque_ids(q.definition(), seed) for q in bank}
    return [
        {**definitions[qid], "order": presentation(definitions[qid], seed, shuffle)}
        for qid in ids
    ]


def _open_attempt(quiz: QuizPage, user) -> QuizAttempt | None:
    return (
        QuizAttempt.objects.select_for_update()
        .filter(user=user, quiz=quiz, status=QuizAttempt.Status.IN_PROGRESS)
        .first()
    )


def _check_attempts_left(quiz: QuizPage, user, used: int) -> None:
    options = quiz.review_options
    passed = options.waits_for_attempts and (
        QuizAttempt.objects.filter(user=user, quiz=quiz, passed=True).exists()
    )
    rule = new_attempt(options, used=used, passed=passed, allowed=quiz.attempts_allowed)
    if not rule.may_start:
        raise QuizError(rule.reason)


@transaction.atomic
def start_attempt(quiz: QuizPage, *, actor) -> QuizAttempt:
    """Start (or resume the open) attempt: draw questions and fix their order server-side."""
    course = quiz.get_parent().specific
    enrolment = Enrolment.objects.select_for_update().filter(user=actor, course=course)
    enrolment = enrolment.first()
    if enrolment is None:
        raise QuizError(_("Bạn cần ghi danh khóa học trước khi làm bài kiểm tra."))
    now = timezone.now()
    current = _open_attempt(quiz, actor)
    if current and not current.is_past_grace(now):
        return current
    if current:
        _close(current, now, QuizAttempt.Status.EXPIRED, actor=None)
    used = QuizAttempt.objects.filter(user=actor, quiz=quiz).count()
    _check_attempts_left(quiz, actor, used)
    bank = _bank(course)
    if not bank:
        raise QuizError(_("Bài kiểm tra chưa có câu hỏi nào."))
    seed = secrets.randbits(62)
    ids = draw_questions(bank, quiz.questions_per_attempt, seed, quiz.shuffle)
    minutes = quiz.time_limit_minutes
    attempt = QuizAttempt.objects.create(
        user=actor,
        quiz=quiz,
        number=used + 1,
        seed=seed,
        started_at=now,
        deadline=now + timedelta(minutes=minutes) if minutes else None,
        questions=_snapshot(ids, seed, quiz.shuffle),
    )
    records.launch_course_once(enrolment, course)
    records.record(
        "launched",
        records.quiz_activity(quiz, course),
        enrolment=enrolment,
        parent=records.course_activity(course),
    )
    records.schedule_delivery()
    return attempt


def _locked_attempt(attempt: QuizAttempt, actor) -> QuizAttempt:
    locked = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    if actor is not None and locked.user_id != actor.pk:
        raise PermissionDenied
    return locked


def _parse(attempt: QuizAttempt, fields, now: datetime) -> dict:
    """The answers to keep from this post, merged with those saved (see merge_answers)."""
    try:
        posted = parse_answers(attempt.questions, fields)
    except AnswersToMendError as error:
        if attempt.is_past_grace(now):
            return error.answers  # too late to count: closing uses what was saved
        repeated = _("Mỗi thứ tự chỉ được chọn cho một mục.")
        raise AnswerMistakeError(
            dict.fromkeys(error.questions, repeated), error.answers
        ) from None
    except InvalidAnswerError:
        raise TamperedAnswerError(
            _(
                "Bài làm gửi lên không khớp với đề của lượt làm này nên không được "
                "ghi nhận. Hãy tải lại trang và làm tiếp."
            )
        ) from None
    seen = seen_digests(fields)
    return merge_answers(attempt.questions, attempt.answers, posted, seen)


@transaction.atomic
def save_answers(attempt: QuizAttempt, fields, *, actor) -> QuizAttempt:
    """Save answers without submitting. Past the deadline (and grace) the attempt closes."""
    attempt = _locked_attempt(attempt, actor)
    if not attempt.is_open:
        return attempt
    now = timezone.now()
    answers = _parse(attempt, fields, now)
    if attempt.is_past_grace(now):
        return _close(attempt, now, QuizAttempt.Status.EXPIRED, actor=actor)
    attempt.answers, attempt.answers_saved_at = answers, now
    attempt.save(update_fields=["answers", "answers_saved_at"])
    return attempt


@transaction.atomic
def submit_attempt(attempt: QuizAttempt, fields, *, actor) -> QuizAttempt:
    """Submit and grade. A second submission changes nothing and returns the same result.

    After the deadline plus QuizAttempt.GRACE, the answers sent now are ignored: the
    attempt is graded on what was saved before the deadline and marked expired.
    """
    attempt = _locked_attempt(attempt, actor)
    if not attempt.is_open:
        return attempt
    now = timezone.now()
    answers = _parse(attempt, fields, now)
    if attempt.is_past_grace(now):
        return _close(attempt, now, QuizAttempt.Status.EXPIRED, actor=actor)
    attempt.answers, attempt.answers_saved_at = answers, now
    return _close(attempt, now, QuizAttempt.Status.SUBMITTED, actor=actor)


@transaction.atomic
def expire_if_overdue(attempt: QuizAttempt) -> QuizAttempt:
    """Close an open attempt left past its deadline, grading what was saved in time."""
    attempt = _locked_attempt(attempt, None)
    now = timezone.now()
    if attempt.is_open and attempt.is_past_grace(now):
        return _close(attempt, now, QuizAttempt.Status.EXPIRED, actor=None)
    return attempt


def expire_overdue_attempts(quiz: QuizPage, user) -> None:
    """Close (and grade) `user`'s attempts at `quiz` left open past their deadline."""
    left_open = QuizAttempt.objects.for_user(user).filter(
        quiz=quiz, status=QuizAttempt.Status.IN_PROGRESS
    )
    for attempt in left_open:
        expire_if_overdue(attempt)


def _close(attempt: QuizAttempt, now: datetime, status: str, *, actor) -> QuizAttempt:
    if status not in QuizAttempt.TRANSITIONS[attempt.status]:
        raise QuizError(_("Bài làm này đã đóng."))
    quiz = attempt.quiz
    graded = grade_attempt(attempt.questions, attempt.answers, quiz.pass_mark)
    attempt.status, attempt.submitted_at = status, now
    attempt.results, attempt.score, attempt.passed = (
        graded.results,
        graded.percent,
        graded.passed,
    )
    attempt.save(
        update_fields=[
            "status",
            "submitted_at",
            "answers",
            "answers_saved_at",
            "results",
            "score",
            "passed",
        ]
    )
    course = quiz.get_parent().specific
    enrolment = Enrolment.objects.filter(user=attempt.user_id, course=course).first()
    if enrolment is not None:  # None only if the enrolment was withdrawn meanwhile
        _record_attempt(attempt, graded, now, course=course, enrolment=enrolment)
        complete_if_done(enrolment, actor=actor)
        records.schedule_delivery()
    return attempt


def _record_attempt(attempt, graded, now, *, course, enrolment) -> None:
    quiz_activity = records.quiz_activity(attempt.quiz, course)
    for question in attempt.questions:
        fraction = graded.results[str(question["id"])]["fraction"]
        records.record(
            "answered",
            xapi.question_activity(records.site_url(), course.slug, question),
            enrolment=enrolment,
            at=now,
            parent=quiz_activity,
            grouping=records.course_activity(course),
            result=xapi.score_result(
                fraction * question["points"], question["points"], success=fraction >= 1
            ),
        )
    records.record(
        "passed" if graded.passed else "failed",
        quiz_activity,
        enrolment=enrolment,
        at=now,
        parent=records.course_activity(course),
        result=xapi.score_result(
            graded.earned, graded.total, success=graded.passed, completion=True
        ),
    )
