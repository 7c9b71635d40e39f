"""Wagtail's page events that can change a course's completion for its learners.

Publishing a course (its rules may be relaxed), withdrawing or deleting one of its lessons
or its quiz: the learners whose rules are now met are completed in the background
(courses.tasks.reevaluate_completions), once the change is committed.
"""

from django.db import transaction
from django.db.models.signals import pre_delete
from wagtail.signals import page_published, page_unpublished

from courses.models import CoursePage, LessonPage, QuizPage


def _reevaluate(course_id: int) -> None:
    from courses.tasks import reevaluate_completions

    transaction.on_commit(
        lambda: reevaluate_completions.enqueue(course_id), robust=True
    )


def course_published(sender, instance, **kwargs):
    _reevaluate(instance.pk)


def part_withdrawn(sender, instance, **kwargs):
    parent = instance.get_parent()
    if parent is not None and parent.specific_class is CoursePage:
        _reevaluate(parent.pk)


def connect() -> None:
    page_published.connect(
        course_published, sender=CoursePage, dispatch_uid="courses-course"
    )
    for model in (LessonPage, QuizPage):
        uid = f"courses-{model.__name__}"
        page_unpublished.connect(part_withdrawn, sender=model, dispatch_uid=uid)
        pre_delete.connect(part_withdrawn, sender=model, dispatch_uid=f"{uid}-del")
