"""The one write path of courses: enrolments, lesson views, quiz attempts and completion.

Every change records its learning event (an xAPI statement, kept in LearningRecord) in the
same transaction; delivery to an LRS is scheduled on commit.
"""

import secrets
from datetime import datetime, timedelta
from uuid import uuid4

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import xapi
from courses.answers import parse_answers
from courses.drawing import draw_questions, presentation
from courses.grading import InvalidAnswerError, grade_attempt
from courses.models import (
    CoursePage,
    Enrolment,
    LearningRecord,
    LessonPage,
    LessonProgress,
    Question,
    QuizAttempt,
    QuizPage,
)
from courses.progress import completion_for
from sandbox.models import Commune, Role

STAFF_ROLES = {Role.TRAINER, Role.COORDINATOR, Role.ADMINISTRATOR}

# Apps that act when a learner completes a course (certificates issue one) append
# fn(enrolment, *, actor) here from their AppConfig.ready(); courses imports none of them.
course_completed_hooks = []


class QuizError(Exception):
    """A quiz action the learner may not take now; the message is shown to them."""


class TamperedAnswerError(QuizError):
    """The post names a question, option or item that the attempt does not hold."""


# ---------------------------------------------------------------- learning records


def _site_url() -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000")


def _course_activity(course: CoursePage) -> xapi.Activity:
    return xapi.course_activity(_site_url(), course.slug, course.title)


def _quiz_activity(quiz: QuizPage, course: CoursePage) -> xapi.Activity:
    return xapi.quiz_activity(_site_url(), course.slug, quiz.title)


def _record(
    verb: str,
    activity: xapi.Activity,
    *,
    enrolment: Enrolment,
    at: datetime | None = None,
    **extra,
) -> LearningRecord:
    statement_id, at = uuid4(), at or timezone.now()
    statement = xapi.build_statement(
        statement_id=statement_id,
        site_url=_site_url(),
        user_id=enrolment.user_id,
        verb_name=verb,
        activity=activity,
        timestamp=at,
        registration=enrolment.registration,
        **extra,
    )
    return LearningRecord.objects.create(
        id=statement_id,
        user_id=enrolment.user_id,
        course_id=enrolment.course_id,
        verb=verb,
        object_id=activity.iri,
        statement=statement,
        created_at=at,
    )


def _enqueue_delivery() -> None:
    from courses.tasks import send_learning_records

    send_learning_records.enqueue()


def _schedule_delivery() -> None:
    transaction.on_commit(_enqueue_delivery, robust=True)


# ---------------------------------------------------------------- enrolment


def _enrol(course: CoursePage, user, *, actor) -> tuple[Enrolment, bool]:
    enrolment, created = Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"enrolled_by": actor}
    )
    if created:
        _record("launched", _course_activity(course), enrolment=enrolment)
    return enrolment, created


@transaction.atomic
def enrol(course: CoursePage, user, *, actor) -> Enrolment:
    """Enrol `user` in `course` (a learner enrols themselves); enrolling twice is harmless."""
    if actor.pk != user.pk:
        staff_province(actor)
    enrolment, created = _enrol(course, user, actor=actor)
    if created:
        _schedule_delivery()
    return enrolment


def staff_province(actor):
    """The province a trainer or coordinator works for, or PermissionDenied."""
    profile = getattr(actor, "profile", None)
    if profile is None or profile.role not in STAFF_ROLES:
        raise PermissionDenied(_("Chỉ giảng viên và điều phối viên được làm việc này."))
    return profile.province


@transaction.atomic
def enrol_communes(
    course: CoursePage, communes: list[Commune], *, actor
) -> list[Enrolment]:
    """Enrol every trainee of `communes` (all in the actor's province); returns new ones."""
    province = staff_province(actor)
    if any(commune.province_id != province.pk for commune in communes):
        raise PermissionDenied(_("Chỉ được ghi danh cán bộ thuộc tỉnh của mình."))
    trainees = get_user_model().objects.filter(
        profile__commune__in=communes, profile__role=Role.TRAINEE, is_active=True
    )
    created = [_enrol(course, user, actor=actor) for user in trainees]
    new = [enrolment for enrolment, was_created in created if was_created]
    if new:
        _schedule_delivery()
    return new


# ---------------------------------------------------------------- lessons and completion


def _complete_if_done(enrolment: Enrolment, *, actor) -> bool:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if (
        enrolment.completed_at
        or not completion_for(enrolment.user, enrolment.course).complete
    ):
        return False
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    _record(
        "completed",
        _course_activity(enrolment.course),
        enrolment=enrolment,
        result={"completion": True, "success": True},
    )
    for hook in course_completed_hooks:
        hook(enrolment, actor=actor)
    return True


@transaction.atomic
def evaluate_completion(enrolment: Enrolment, *, actor) -> bool:
    """Mark the course complete if its rules are now met (e.g. after a scenario passed)."""
    completed = _complete_if_done(enrolment, actor=actor)
    if completed:
        _schedule_delivery()
    return completed


@transaction.atomic
def view_lesson(lesson: LessonPage, *, actor) -> LessonProgress | None:
    """Record that an enrolled learner has read `lesson` (once), then check completion."""
    course = lesson.get_parent().specific
    enrolment = Enrolment.objects.filter(user=actor, course=course).first()
    if enrolment is None:
        return None
    progress, created = LessonProgress.objects.get_or_create(user=actor, lesson=lesson)
    if created:
        activity = xapi.lesson_activity(
            _site_url(), course.slug, lesson.slug, lesson.title
        )
        _record(
            "completed",
            activity,
            enrolment=enrolment,
            parent=_course_activity(course),
            result={"completion": True},
        )
        _complete_if_done(enrolment, actor=actor)
        _schedule_delivery()
    return progress


# ---------------------------------------------------------------- quiz attempts


def _bank(course: CoursePage) -> list[tuple[int, int]]:
    questions = Question.objects.for_course(course).active()
    ordered = questions.order_by("category__sort_order", "sort_order", "pk")
    return list(ordered.values_list("pk", "category_id"))


def _snapshot(ids: list[int], seed: int, shuffle: bool) -> list[dict]:
    definitions = {q.pk: q.definition() for q in Question.objects.filter(pk__in=ids)}
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


def _check_attempts_left(quiz: QuizPage, used: int) -> None:
    if quiz.attempts_allowed is not None and used >= quiz.attempts_allowed:
        raise QuizError(
            _("Bạn đã dùng hết %(count)s lần làm bài được phép.")
            % {"count": quiz.attempts_allowed}
        )


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
    _check_attempts_left(quiz, used)
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
    _record(
        "launched",
        _quiz_activity(quiz, course),
        enrolment=enrolment,
        parent=_course_activity(course),
    )
    _schedule_delivery()
    return attempt


def _locked_attempt(attempt: QuizAttempt, actor) -> QuizAttempt:
    locked = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    if actor is not None and locked.user_id != actor.pk:
        raise PermissionDenied
    return locked


def _parse(attempt: QuizAttempt, fields) -> dict:
    try:
        return parse_answers(attempt.questions, fields)
    except InvalidAnswerError:
        raise TamperedAnswerError(
            _(
                "Bài làm gửi lên không khớp với đề của lượt làm này nên không được "
                "ghi nhận. Hãy tải lại trang và làm tiếp."
            )
        ) from None


@transaction.atomic
def save_answers(attempt: QuizAttempt, fields, *, actor) -> QuizAttempt:
    """Save answers without submitting. Past the deadline (and grace) the attempt closes."""
    attempt = _locked_attempt(attempt, actor)
    if not attempt.is_open:
        return attempt
    answers = _parse(attempt, fields)
    now = timezone.now()
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
    answers = _parse(attempt, fields)
    now = timezone.now()
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
        _complete_if_done(enrolment, actor=actor)
        _schedule_delivery()
    return attempt


def _record_attempt(attempt, graded, now, *, course, enrolment) -> None:
    quiz_activity = _quiz_activity(attempt.quiz, course)
    for question in attempt.questions:
        fraction = graded.results[str(question["id"])]["fraction"]
        _record(
            "answered",
            xapi.question_activity(_site_url(), course.slug, question),
            enrolment=enrolment,
            at=now,
            parent=quiz_activity,
            grouping=_course_activity(course),
            result=xapi.score_result(
                fraction * question["points"], question["points"], success=fraction >= 1
            ),
        )
    _record(
        "passed" if graded.passed else "failed",
        quiz_activity,
        enrolment=enrolment,
        at=now,
        parent=_course_activity(course),
        result=xapi.score_result(
            graded.earned, graded.total, success=graded.passed, completion=True
        ),
    )
