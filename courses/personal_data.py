"""The courses' part of an official's personal data (see sandbox.operations).

The official downloads it themselves, so it honours each quiz's review options as the
review page does: where the marks are not shown yet, neither are the score, the verdict
nor the passed/failed learning records (as Moodle's quiz privacy export does). Answers
are the official's own; correct answers and feedback are never part of it.
"""

from itertools import groupby

from wagtail.models import Page

from courses.models import Enrolment, LearningRecord, LessonProgress, QuizAttempt
from courses.presenters import attempt_view
from courses.progress import shown_from

# A course's passed/failed statements are its quiz's verdicts (completion is "completed").
VERDICTS = {"passed", "failed"}


def _answer(view):
    """What the learner answered to one question, in the words the quiz showed them."""
    if view.choices:
        return [choice.text for choice in view.choices if choice.chosen]
    if view.type == "matching":
        return [f"{row.text} → {row.chosen_text}" for row in view.rows if row.chosen]
    if view.type == "ordering":
        placed = [row for row in view.rows if row.chosen]
        return [row.text for row in sorted(placed, key=lambda row: int(row.chosen))]
    return view.text_answer


def _answers(attempt) -> list[dict]:
    """Each question of the attempt with the learner's own answer (never the key)."""
    views = attempt_view(attempt.questions or [], attempt.answers or {})
    return [{"question": view.text, "answer": _answer(view)} for view in views]


def _attempt(attempt, marks_shown: bool) -> dict:
    row = {
        "quiz": attempt.quiz.title,
        "number": attempt.number,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "submitted_at": attempt.submitted_at,
        "answers": _answers(attempt),
    }
    if marks_shown:
        row.update(score=attempt.score, passed=attempt.passed)
    return row


def _attempts(user) -> tuple[list[dict], set[int]]:
    """The user's attempts, and the courses whose quiz marks they cannot see."""
    attempts = (
        QuizAttempt.objects.filter(user=user)
        .select_related("quiz")
        .order_by("quiz_id", "number")
    )
    rows, hidden_quizzes = [], []
    for _quiz_id, group in groupby(attempts, key=lambda a: a.quiz_id):
        group = list(group)
        quiz = group[0].quiz
        marks_shown = shown_from(quiz, group).marks
        if not marks_shown:
            hidden_quizzes.append(quiz)
        rows += [_attempt(a, marks_shown) for a in group]
    return sorted(rows, key=lambda r: r["started_at"]), _courses_of(hidden_quizzes)


def _courses_of(quizzes) -> set[int]:
    """The ids of the courses holding `quizzes` (their parents in the page tree), at once."""
    if not quizzes:
        return set()
    paths = {q.path[: -Page.steplen] for q in quizzes}
    return set(Page.objects.filter(path__in=paths).values_list("pk", flat=True))


def section(user) -> dict:
    attempts, hidden = _attempts(user)
    return {
        "enrolments": [
            {
                "course": e.course.title,
                "enrolled_at": e.enrolled_at,
                "completed_at": e.completed_at,
            }
            for e in Enrolment.objects.filter(user=user).select_related("course")
        ],
        "lessons_viewed": [
            {"lesson": p.lesson.title, "viewed_at": p.viewed_at}
            for p in LessonProgress.objects.filter(user=user).select_related("lesson")
        ],
        "quiz_attempts": attempts,
        "learning_records": [
            {
                "verb": r.verb,
                "object": r.object_id,
                "created_at": r.created_at,
                "status": r.status,
            }
            for r in LearningRecord.objects.filter(user=user)
            .only("verb", "object_id", "created_at", "status", "course_id")
            .order_by("created_at")
            if not (r.verb in VERDICTS and r.course_id in hidden)
        ],
    }
