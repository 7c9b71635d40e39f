"""Enrolment, lessons viewed and course completion."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import xapi
from courses.actions import records
from courses.models import CoursePage, Enrolment, LessonPage, LessonProgress
from courses.progress import completion_for
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
    return _enrol_new(course, trainees, actor=actor)


def _enrol_new(course: CoursePage, users, *, actor) -> list[Enrolment]:
    """Enrol each of `users`; returns only the enrolments this call created."""
    created = [_enrol(course, user, actor=actor) for user in users]
    return [enrolment for enrolment, was_created in created if was_created]


@transaction.atomic
def enrol_cohorts(course: CoursePage, cohorts, *, actor) -> list[Enrolment]:
    """Enrol every current member of `cohorts` (the actor's province); returns new ones."""
    province = staff_province(actor)
    if any(cohort.province_id != province.pk for cohort in cohorts):
        raise PermissionDenied(_("Chỉ được ghi danh cán bộ thuộc tỉnh của mình."))
    members = {user.pk: user for cohort in cohorts for user in cohort.members()}
    return _enrol_new(course, members.values(), actor=actor)


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
