"""The one write path of courses: enrolments, lesson views, quiz attempts and completion.

Every change records its learning event (an xAPI statement, kept in LearningRecord) in the
same transaction; delivery to an LRS is scheduled on commit.
"""

from courses.actions.attempts import (
    AnswerMistakeError,
    QuizError,
    TamperedAnswerError,
    expire_if_overdue,
    expire_overdue_attempts,
    save_answers,
    start_attempt,
    submit_attempt,
)
from courses.actions.learning import (
    STAFF_ROLES,
    course_completed_hooks,
    enrol,
    enrol_cohorts,
    enrol_communes,
    evaluate_completion,
    reevaluate_course,
    staff_province,
    view_lesson,
)

__all__ = [
    "STAFF_ROLES",
    "AnswerMistakeError",
    "QuizError",
    "TamperedAnswerError",
    "course_completed_hooks",
    "enrol",
    "enrol_cohorts",
    "enrol_communes",
    "evaluate_completion",
    "expire_if_overdue",
    "expire_overdue_attempts",
    "reevaluate_course",
    "save_answers",
    "staff_province",
    "start_attempt",
    "submit_attempt",
    "view_lesson",
]
