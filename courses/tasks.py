"""Background jobs of courses: delivering learning records to the LRS."""

from django_tasks import task, task_backends

from courses.delivery import deliver_pending


def _retry_later(task_obj, run_after) -> None:
    # Only a backend that can defer (the database worker) retries by itself; otherwise the
    # next learning event, or `manage.py send_learning_records`, picks the records up.
    backend = task_backends[task_obj.backend]
    if run_after is not None and backend.supports_defer:
        task_obj.using(run_after=run_after).enqueue()


@task()
def send_learning_records() -> dict:
    """Send pending xAPI statements to the configured LRS (or keep them locally)."""
    report = deliver_pending()
    _retry_later(send_learning_records, report.next_retry)
    return {
        "sent": report.sent,
        "retrying": report.retrying,
        "failed": report.failed,
        "local": report.local,
        "errors": report.errors[:5],
    }


@task()
def reevaluate_completions(course_id: int) -> int:
    """Complete the learners a change to the course (lesson, quiz, rules) has completed."""
    from courses import actions
    from courses.models import CoursePage

    course = CoursePage.objects.filter(pk=course_id).first()
    return actions.reevaluate_course(course) if course else 0
