"""Reads of a learner's progress, and the template contexts of the course pages."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from courses.completion import Completion, Facts, evaluate
from courses.models import Enrolment, LessonProgress, Question, QuizAttempt
from courses.review import EVERYTHING, Shown, attempts_over, new_attempt, shown

# The scenarios app tells which required scenarios learners have passed: it appends
# fn(user_ids, slugs) -> {user id: passed slugs} here from its AppConfig.ready(), one call
# for any number of learners. Without it, none is passed.
scenario_sources = []


def passed_scenarios_of(user_ids, slugs) -> dict[int, frozenset]:
    """The slugs among `slugs` each learner of `user_ids` has passed (absent: none)."""
    passed = defaultdict(set)
    if slugs and user_ids:
        for source in scenario_sources:
            for user_id, found in source(list(user_ids), list(slugs)).items():
                passed[user_id] |= set(found)
    return {user_id: frozenset(found) for user_id, found in passed.items()}


def passed_scenarios(user, slugs) -> frozenset:
    return passed_scenarios_of([user.pk], slugs).get(user.pk, frozenset())


def viewed_lesson_ids(user, course) -> set[int]:
    return set(
        LessonProgress.objects.filter(
            user=user, lesson__in=course.lessons()
        ).values_list("lesson_id", flat=True)
    )


def quiz_passed(user, quiz) -> bool:
    return (
        quiz is not None
        and QuizAttempt.objects.for_user(user).filter(quiz=quiz, passed=True).exists()
    )


def facts_for(user, course, *, lessons=None, viewed=None, quiz=None) -> Facts:
    lessons = list(course.lessons()) if lessons is None else lessons
    viewed = viewed_lesson_ids(user, course) if viewed is None else viewed
    quiz = course.quiz() if quiz is None else quiz
    return Facts(
        lessons=len(lessons),
        lessons_viewed=len(viewed & {lesson.pk for lesson in lessons}),
        has_quiz=quiz is not None,
        quiz_passed=quiz_passed(user, quiz),
        scenarios_passed=passed_scenarios(user, course.required_scenarios or []),
    )


def viewed_counts(course, users) -> dict[int, int]:
    """How many of the course's live lessons each of `users` (ids) has viewed."""
    rows = (
        LessonProgress.objects.filter(lesson__in=course.lessons(), user__in=users)
        .values("user")
        .annotate(n=Count("id"))
    )
    return {row["user"]: row["n"] for row in rows}


def attempt_summaries(quiz, users) -> dict[int, dict]:
    """Per learner of `users` (ids): closed attempts `n`, `best` score, `passes`."""
    if quiz is None:
        return {}
    rows = (
        QuizAttempt.objects.filter(quiz=quiz, user__in=users)
        .closed()
        .values("user")
        .annotate(
            n=Count("id"), best=Max("score"), passes=Count("id", filter=Q(passed=True))
        )
    )
    return {row["user"]: row for row in rows}


def many_facts(course, enrolments) -> tuple[dict[int, Facts], dict[int, dict]]:
    """The facts of many learners at once, by user id, with their attempt summaries, in a
    number of queries that does not grow with the learners."""
    users = [e.user_id for e in enrolments]
    quiz = course.quiz()
    lessons = course.lessons().count()
    viewed = viewed_counts(course, users)
    summaries = attempt_summaries(quiz, users)
    scenarios = passed_scenarios_of(users, course.required_scenarios or [])
    facts = {
        e.user_id: Facts(
            lessons=lessons,
            lessons_viewed=min(viewed.get(e.user_id, 0), lessons),
            has_quiz=quiz is not None,
            quiz_passed=bool(summaries.get(e.user_id, {}).get("passes")),
            scenarios_passed=scenarios.get(e.user_id, frozenset()),
        )
        for e in enrolments
    }
    return facts, summaries


def completion_for(user, course) -> Completion:
    return evaluate(course.rules, facts_for(user, course))


COMPLETED = Completion(True, 100, ())


def enrolment_completion(enrolment) -> Completion:
    """A completed enrolment stays complete even if the course grew a lesson since."""
    if enrolment.completed_at:
        return COMPLETED
    return completion_for(enrolment.user, enrolment.course)


def enrolment_for(user, course):
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course=course).first()


@dataclass
class LessonEntry:
    lesson: object
    viewed: bool


def procedure_names(codes) -> list[tuple[str, str]]:
    """(code, name) of the procedures a course covers, from the catalogue its certificates
    read (certificates.procedures); a code the catalogue no longer holds keeps no name."""
    from certificates.procedures import lookup

    return [(code, (lookup(code) or (None, ""))[1]) for code in codes]


def course_context(user, course) -> dict:
    lessons = list(course.lessons())
    quiz = course.quiz()
    enrolment = enrolment_for(user, course)
    context = {
        "lessons": [LessonEntry(lesson, False) for lesson in lessons],
        "procedures": procedure_names(course.covers_procedures or []),
        "quiz": quiz,
        "enrolment": enrolment,
        "completion": None,
        "resume": None,
    }
    if enrolment is None:
        return context
    viewed = viewed_lesson_ids(user, course)
    facts = facts_for(user, course, lessons=lessons, viewed=viewed, quiz=quiz)
    context["lessons"] = [LessonEntry(x, x.pk in viewed) for x in lessons]
    context["completion"] = (
        COMPLETED if enrolment.completed_at else evaluate(course.rules, facts)
    )
    context["resume"] = next((x for x in lessons if x.pk not in viewed), None)
    context["quiz_passed"] = facts.quiz_passed
    return context


def lesson_context(request, lesson) -> dict:
    course = lesson.get_parent().specific
    siblings = list(course.lessons())
    # A draft previewed in the admin is not among the live lessons yet: show it last.
    index = next(
        (n for n, x in enumerate(siblings) if x.pk == lesson.pk), len(siblings)
    )
    return {
        "course": course,
        "previous_lesson": siblings[index - 1] if index > 0 else None,
        "next_lesson": siblings[index + 1] if index + 1 < len(siblings) else None,
        "quiz": course.quiz(),
        "enrolment": enrolment_for(request.user, course),
        "lesson_number": index + 1,
        "lesson_count": max(len(siblings), index + 1),
        "shown_video": request.GET.get("video", ""),
    }


def shown_from(quiz, attempts) -> Shown:
    """What the learner sees of their closed attempts, from all their `attempts` at it."""
    over = attempts_over(
        used=len(attempts),
        open_=sum(1 for a in attempts if a.is_open),
        passed=any(a.passed for a in attempts),
        allowed=quiz.attempts_allowed,
    )
    return shown(quiz.review_options, over=over)


def review_shown(user, quiz) -> Shown:
    """What `user` sees now when reviewing one of their closed attempts at `quiz`."""
    if not quiz.review_options.waits_for_attempts:
        return shown(quiz.review_options, over=False)
    attempts = QuizAttempt.objects.for_user(user).filter(quiz=quiz)
    return shown_from(quiz, list(attempts.only("status", "passed")))


def quiz_context(user, quiz) -> dict:
    course = quiz.get_parent().specific
    enrolment = enrolment_for(user, course)
    attempts = (
        list(QuizAttempt.objects.for_user(user).filter(quiz=quiz).order_by("number"))
        if enrolment
        else []
    )
    used = len(attempts)
    left = (
        None if quiz.attempts_allowed is None else max(0, quiz.attempts_allowed - used)
    )
    open_attempt = next((a for a in attempts if a.is_open), None)
    review = shown_from(quiz, attempts) if enrolment else EVERYTHING
    scores = [a.score for a in attempts if a.score is not None]
    retake = new_attempt(
        quiz.review_options,
        used=used,
        passed=any(a.passed for a in attempts),
        allowed=quiz.attempts_allowed,
    )
    return {
        "course": course,
        "enrolment": enrolment,
        "attempts": attempts,
        "attempts_left": left,
        "open_attempt": open_attempt,
        "can_start": enrolment is not None and (open_attempt or retake.may_start),
        # As many as an attempt draws: the bank may hold fewer than the quiz asks for.
        "questions_per_attempt": min(
            quiz.questions_per_attempt,
            Question.objects.for_course(course).active().count(),
        ),
        "retake": retake,
        "best": max(scores, default=None) if review.marks else None,
        "review": review,
        "grace_seconds": int(QuizAttempt.GRACE.total_seconds()),
    }


@dataclass
class CatalogueEntry:
    course: object
    enrolment: object
    completion: Completion | None


def catalogue_entries(user, courses) -> list[CatalogueEntry]:
    enrolments = {}
    if user.is_authenticated:
        enrolments = {
            e.course_id: e
            for e in Enrolment.objects.for_user(user)
            .filter(course__in=courses)
            .select_related("user", "course")
        }
    entries = []
    for course in courses:
        enrolment = enrolments.get(course.pk)
        completion = enrolment_completion(enrolment) if enrolment else None
        entries.append(CatalogueEntry(course, enrolment, completion))
    return entries


def learner_courses(user) -> list[CatalogueEntry]:
    enrolments = Enrolment.objects.for_user(user).select_related("course")
    return [
        CatalogueEntry(e.course, e, enrolment_completion(e))
        for e in enrolments
        if e.course.live
    ]
