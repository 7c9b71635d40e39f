from courses.models.bank import Question, QuestionCategory
from courses.models.learning import Enrolment, LessonProgress, QuizAttempt
from courses.models.pages import CourseIndexPage, CoursePage, LessonPage, QuizPage
from courses.models.records import LearningRecord

__all__ = [
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "LearningRecord",
    "LessonPage",
    "LessonProgress",
    "Question",
    "QuestionCategory",
    "QuizAttempt",
    "QuizPage",
]
