"""The courses' part of an official's personal data (see sandbox.operations)."""

from courses.models import Enrolment, LearningRecord, LessonProgress, QuizAttempt


def section(user) -> dict:
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
        "quiz_attempts": [
            {
                "quiz": a.quiz.title,
                "number": a.number,
                "status": a.status,
                "started_at": a.started_at,
                "submitted_at": a.submitted_at,
                "answers": a.answers,
                "score": a.score,
                "passed": a.passed,
            }
            for a in QuizAttempt.objects.filter(user=user)
            .select_related("quiz")
            .order_by("started_at")
        ],
        "learning_records": [
            {
                "verb": r.verb,
                "object": r.object_id,
                "created_at": r.created_at,
                "status": r.status,
            }
            for r in LearningRecord.objects.filter(user=user)
            .only("verb", "object_id", "created_at", "status")
            .order_by("created_at")
        ],
    }
