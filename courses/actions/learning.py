"""Enrolment, lessons viewed and course completion."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import xapi
from courses.actions import records
from courses.completion import evaluate
from courses.models import CoursePage, Enrolment, LessonPage, LessonProgress
from courses.progress import completion_for, many_facts
from sandbox.models import Commune, Role

STAFF_ROLES = {Role.TRAINER, Role.COORDINATOR, Role.ADMINISTRATOR}

# Apps that act when a learner completes a course (certificates issue one) append
# fn(enrolment, *, actor) here from their AppConfig.ready(); courses imports none of them.
course_completed_hooks = []


def _enrol(course: CoursePage, user, *, actor) -> tuple[Enrolment, bool]:
    # The row itself is the record (who enrolled whom, when); the course is "launched"
    # for xAPI only when the learner first opens it.
    return Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"enrolled_by": actor}
    )


@transaction.atomic
def enrol(course: CoursePage, user, *, actor) -> Enrolment:
    """Enrol `user` in `course` (a learner enrols themselves); enrolling twice is harmless."""
    if actor.pk != user.pk:
        staff_province(actor)
    enrolment, _created = _enrol(course, user, actor=actor)
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
    return _enrol_new(course, trainees.values_list("pk", flat=True), actor=actor)


def _enrol_new(course: CoursePage, user_ids, *, actor) -> list[Enrolment]:
    """Enrol those of `user_ids` not enrolled yet, in a few queries whatever their number.

    Returns the enrolments this call created (one enrolled meanwhile by someone else is
    skipped, not an error).
    """
    user_ids = set(user_ids)
    enrolled = Enrolment.objects.filter(course=course, user_id__in=user_ids)
    new = user_ids - set(enrolled.values_list("user_id", flat=True))
    return Enrolment.objects.bulk_create(
        [Enrolment(user_id=pk, course=course, enrolled_by=actor) for pk in sorted(new)],
        batch_size=500,
        ignore_conflicts=True,
    )


@transaction.atomic
def enrol_cohorts(course: CoursePage, cohorts, *, actor) -> list[Enrolment]:
    """Enrol every current member of `cohorts` (the actor's province); returns new ones."""
    province = staff_province(actor)
    if any(cohort.province_id != province.pk for cohort in cohorts):
        raise PermissionDenied(_("Chỉ được ghi danh cán bộ thuộc tỉnh của mình."))
    members = {pk for c in cohorts for pk in c.members().values_list("pk", flat=True)}
    return _enrol_new(course, members, actor=actor)


# ---------------------------------------------------------------- lessons and completion


def complete_if_done(enrolment: Enrolment, *, actor) -> bool:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if (
        enrolment.completed_at
        or not completion_for(enrolment.user, enrolment.course).complete
    ):
        return False
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    records.record(
        "completed",
        records.course_activity(enrolment.course),
        enrolment=enrolment,
        result={"completion": True, "success": True},
    )
    for hook in course_completed_hooks:
        hook(enrolment, actor=actor)
    return True


@transaction.atomic
def evaluate_completion(enrolment: Enrolment, *, actor) -> bool:
    """Mark the course complete if its rules are now met (e.g. after a scenario passed)."""
    completed = complete_if_done(enrolment, actor=actor)
    if completed:
        records.schedule_delivery()
    return completed


def reevaluate_course(course: CoursePage, *, actor=None) -> int:
    """Complete the enrolments whose rules a change to `course` has met; returns how many.

    Withdrawing a lesson or the quiz, or relaxing a rule, can complete a learner who does
    nothing more; without this they would show 100 % and never be completed. Completed
    enrolments are never undone, whatever the change.
    """
    pending = list(
        Enrolment.objects.filter(
            course=course, completed_at__isnull=True
        ).select_related("user", "course")
    )
    facts, _summaries = many_facts(course, pending)
    met = [e for e in pending if evaluate(course.rules, facts[e.user_id]).complete]
    return sum(evaluate_completion(e, actor=actor) for e in met)


@transaction.atomic
def view_lesson(lesson: LessonPage, *, actor) -> LessonProgress | None:
    """Record that an enrolled learner has read `lesson` (once), then check completion."""
    course = lesson.get_parent().specific
    enrolment = Enrolment.objects.filter(user=actor, course=course).first()
    if enrolment is None:
        return None
    progress, created = LessonProgress.objects.get_or_create(user=actor, lesson=lesson)
    if created:
        records.launch_course_once(enrolment, course)
        activity = xapi.lesson_activity(
            records.site_url(), course.slug, lesson.slug, lesson.title
        )
        records.record(
            "completed",
            activity,
            enrolment=enrolment,
            parent=records.course_activity(course),
            result={"completion": True},
        )
        complete_if_done(enrolment, actor=actor)
        records.schedule_delivery()
    return progress
