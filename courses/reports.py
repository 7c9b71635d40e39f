"""Reads behind the trainers' and coordinators' reports: always within one province."""

from dataclasses import dataclass

from courses.completion import evaluate
from courses.models import Enrolment, Question, QuizAttempt
from courses.progress import many_facts
from courses.stats import item_statistics
from sandbox.collation import sort_key


@dataclass
class PersonRow:
    full_name: str
    username: str
    commune: str
    lessons_viewed: int
    lessons_total: int
    attempts: int
    best_score: float | None
    quiz_passed: bool
    percent: int
    completed_at: object


@dataclass
class CommuneRow:
    commune: str
    enrolled: int = 0
    completed: int = 0
    quiz_passed: int = 0
    percent_total: int = 0

    @property
    def average_percent(self):
        return round(self.percent_total / self.enrolled) if self.enrolled else 0


@dataclass
class ItemRow:
    key: str
    text: str
    type_label: str
    points: int
    attempts: int
    facility: float
    discrimination: float | None


def _person_row(enrolment, course, facts, summary) -> PersonRow:
    profile = getattr(enrolment.user, "profile", None)
    completion = evaluate(course.rules, facts)
    return PersonRow(
        full_name=profile.full_name if profile else enrolment.user.username,
        username=enrolment.user.username,
        commune=profile.commune.name if profile and profile.commune_id else "",
        lessons_viewed=facts.lessons_viewed,
        lessons_total=facts.lessons,
        attempts=summary.get("n", 0),
        best_score=summary.get("best"),
        quiz_passed=facts.quiz_passed,
        percent=100 if enrolment.completed_at else completion.percent,
        completed_at=enrolment.completed_at,
    )


def progress_by_person(course, province) -> list[PersonRow]:
    """One row per learner of `province` enrolled in `course`, by commune then name."""
    enrolments = list(
        Enrolment.objects.filter(course=course)
        .in_province(province)
        .select_related("user__profile__commune")
    )
    facts, summaries = many_facts(course, enrolments)
    rows = [
        _person_row(e, course, facts[e.user_id], summaries.get(e.user_id, {}))
        for e in enrolments
    ]
    return sorted(rows, key=lambda r: (sort_key(r.commune), sort_key(r.full_name)))


def _add(row: CommuneRow, person: PersonRow) -> None:
    row.enrolled += 1
    row.completed += person.completed_at is not None
    row.quiz_passed += person.quiz_passed
    row.percent_total += person.percent


def progress_by_commune(people: list[PersonRow]) -> list[CommuneRow]:
    communes: dict[str, CommuneRow] = {}
    for person in people:
        _add(communes.setdefault(person.commune, CommuneRow(person.commune)), person)
    return sorted(communes.values(), key=lambda r: sort_key(r.commune))


def province_total(people: list[PersonRow]) -> CommuneRow:
    """The province's line under the communes' (its average is over every learner)."""
    total = CommuneRow("")
    for person in people:
        _add(total, person)
    return total


def _graded_attempts(quiz, province) -> list[list[tuple[int, float, float]]]:
    attempts = QuizAttempt.objects.filter(quiz=quiz).closed().in_province(province)
    graded = []
    for questions, results in attempts.values_list("questions", "results"):
        graded.append(
            [
                (
                    q["id"],
                    results.get(str(q["id"]), {}).get("fraction", 0.0),
                    q["points"],
                )
                for q in questions
            ]
        )
    return graded


def item_rows(course, province) -> list[ItemRow]:
    """Facility and discrimination of each question, over the province's closed attempts."""
    quiz = course.quiz()
    if quiz is None:
        return []
    stats = item_statistics(_graded_attempts(quiz, province))
    questions = Question.objects.in_bulk([s.question_id for s in stats])
    rows = []
    for stat in stats:
        question = questions.get(stat.question_id)
        if question is None:
            continue
        rows.append(
            ItemRow(
                key=question.key,
                text=question.text,
                type_label=str(question.get_type_display()),
                points=question.points,
                attempts=stat.attempts,
                facility=stat.facility,
                discrimination=stat.discrimination,
            )
        )
    return sorted(rows, key=lambda r: r.key)
