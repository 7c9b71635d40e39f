"""Learning records written by the actions: one xAPI statement per learning event."""

from datetime import datetime
from uuid import uuid4

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from courses import xapi
from courses.models import CoursePage, Enrolment, LearningRecord, QuizPage


def site_url() -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000")


def course_activity(course: CoursePage) -> xapi.Activity:
    return xapi.course_activity(site_url(), course.slug, course.title)


def quiz_activity(quiz: QuizPage, course: CoursePage) -> xapi.Activity:
    return xapi.quiz_activity(site_url(), course.slug, quiz.title)


def record(
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
        site_url=site_url(),
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


def launch_course_once(enrolment: Enrolment, course: CoursePage) -> None:
    """The learner's first lesson or attempt launches the course: one statement."""
    activity = course_activity(course)
    launched = LearningRecord.objects.filter(
        user_id=enrolment.user_id, verb="launched", object_id=activity.iri
    )
    if not launched.exists():
        record("launched", activity, enrolment=enrolment)


def _enqueue_delivery() -> None:
    from courses.tasks import send_learning_records

    send_learning_records.enqueue()


def schedule_delivery() -> None:
    transaction.on_commit(_enqueue_delivery, robust=True)


# ---------------------------------------------------------------- delivery state
# The only writers of a record's delivery fields (courses.delivery sends, these record it).


def claim_due(now: datetime, limit: int, *, lease) -> list[LearningRecord]:
    """Up to `limit` due records, leased for `lease` so no other sender claims them."""
    with transaction.atomic():
        due = LearningRecord.objects.due(now).order_by("created_at", "pk")
        ids = list(
            due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit]
        )
        LearningRecord.objects.filter(pk__in=ids).update(next_attempt_at=now + lease)
    return list(LearningRecord.objects.filter(pk__in=ids).order_by("created_at", "pk"))


def mark_sent(records: list[LearningRecord], now: datetime) -> None:
    LearningRecord.objects.filter(pk__in=[r.pk for r in records]).update(
        status=LearningRecord.Status.SENT,
        sent_at=now,
        next_attempt_at=None,
        last_error="",
    )


def mark_failed_attempt(record: LearningRecord, error: str, *, retry_at) -> None:
    """One more failed attempt; `retry_at` None means the record is given up."""
    record.attempts += 1
    record.last_error = error
    record.next_attempt_at = retry_at
    if retry_at is None:
        record.status = LearningRecord.Status.FAILED
    record.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def keep_local() -> int:
    """Without an LRS, pending records are kept locally."""
    return LearningRecord.objects.filter(status=LearningRecord.Status.PENDING).update(
        status=LearningRecord.Status.LOCAL, next_attempt_at=None
    )


def requeue(statuses: list[str]) -> int:
    """Put local (or failed) records back in the queue, e.g. once an LRS is configured."""
    return LearningRecord.objects.filter(status__in=statuses).update(
        status=LearningRecord.Status.PENDING, attempts=0, next_attempt_at=None
    )
