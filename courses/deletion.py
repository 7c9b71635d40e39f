"""Deleting course pages without losing learners' results.

A page that holds a learner's record, or has one beneath it, is never deleted: quiz
attempts, enrolments (with their completion) and lessons viewed. Their links to the pages
are PROTECT, so the ORM refuses wherever the deletion comes from (shell, bulk delete, a
parent page), and the database's foreign key backs it. The admin hooks
(courses.wagtail_hooks) ask here first, so that a trainer reads why and what to do
(unpublish) instead of meeting a server error.
"""

from dataclasses import dataclass

from django.db import router
from django.db.models import Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.models import Page

from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    QuestionCategory,
    QuizAttempt,
    QuizPage,
)

COURSE_PAGES = (CourseIndexPage, CoursePage, LessonPage, QuizPage)


@dataclass(frozen=True)
class Held:
    """Learners' records that deleting some pages with their descendants would lose."""

    attempts: int
    enrolments: int
    lesson_views: int
    learners: int

    def __bool__(self) -> bool:
        return bool(self.attempts or self.enrolments or self.lesson_views)

    def named(self) -> str:
        """ "3 lượt làm bài kiểm tra, 2 ghi danh khóa học": the records there are."""
        parts = [
            (self.attempts, _("%(n)s lượt làm bài kiểm tra")),
            (self.enrolments, _("%(n)s ghi danh khóa học")),
            (self.lesson_views, _("%(n)s lượt xem bài học")),
        ]
        return ", ".join(text % {"n": n} for n, text in parts if n)


def _under(field: str, pages) -> Q:
    within = Q(pk__in=[])
    for page in pages:
        within |= Q(**{f"{field}__path__startswith": page.path})
    return within


def held_results(pages) -> Held:
    """The learners' records that deleting `pages` with their descendants would lose."""
    records = [
        QuizAttempt.objects.filter(_under("quiz", pages)),
        Enrolment.objects.filter(_under("course", pages)),
        LessonProgress.objects.filter(_under("lesson", pages)),
    ]
    counts = [queryset.count() for queryset in records]
    if not any(counts):
        return Held(0, 0, 0, 0)
    users = [queryset.order_by().values("user") for queryset in records]
    return Held(*counts, learners=users[0].union(*users[1:]).count())


def _subtree(pages):
    within = Page.objects.none()
    for page in pages:
        within |= Page.objects.filter(path__startswith=page.path)
    return within


def blockers(pages) -> list[str]:
    """What else would stop the deletion of `pages`, named for people (empty if nothing).

    Django's own collector is run without deleting anything: whatever protects a row
    about to go (now or added later by another app) is found here, not as an error.
    Only for trees that hold course pages: other apps' pages keep Wagtail's own handling.
    """
    if not _subtree(pages).type(*COURSE_PAGES).exists():
        return []
    collector = Collector(using=router.db_for_write(Page))
    try:
        collector.collect(_subtree(pages))
    except ProtectedError as error:
        found = error.protected_objects
    except RestrictedError as error:
        found = error.restricted_objects
    else:
        return []
    return sorted({capfirst(str(obj._meta.verbose_name_plural)) for obj in found})


def _titles(pages) -> str:
    return ", ".join(f"“{page.get_admin_display_title()}”" for page in pages)


def refusal(pages) -> str | None:
    """Why `pages` must not be deleted, in a trainer's words, or None if they may be."""
    pages = list(pages)
    held = held_results(pages)
    if held:
        return _(
            "Không thể xóa %(pages)s: việc xóa sẽ làm mất %(records)s của %(learners)s "
            "học viên (ở trang này hoặc các trang con của nó). Kết quả học tập của học "
            "viên phải được giữ lại. Hãy ngừng xuất bản trang thay vì xóa: học viên sẽ "
            "không thấy trang nữa nhưng kết quả vẫn còn."
        ) % {
            "pages": _titles(pages),
            "records": held.named(),
            "learners": held.learners,
        }
    found = blockers(pages)
    if found:
        return _(
            "Không thể xóa %(pages)s vì còn dữ liệu khác phụ thuộc vào trang này hoặc "
            "các trang con của nó: %(what)s. Hãy ngừng xuất bản trang thay vì xóa."
        ) % {"pages": _titles(pages), "what": ", ".join(found)}
    return None


def category_refusal(categories) -> str | None:
    """Why question categories must not be deleted (they still hold questions), or None."""
    full = [c for c in categories if isinstance(c, QuestionCategory)]
    held = {c.pk: c.questions.count() for c in full}
    kept = [c for c in full if held[c.pk]]
    if not kept:
        return None
    names = ", ".join(
        _("“%(name)s” (còn %(count)s câu hỏi)") % {"name": c.name, "count": held[c.pk]}
        for c in kept
    )
    return _(
        "Không thể xóa nhóm câu hỏi %(names)s. Hãy chuyển các câu hỏi sang nhóm khác "
        "hoặc xóa chúng trước."
    ) % {"names": names}
