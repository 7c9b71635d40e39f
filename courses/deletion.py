"""Deleting course pages without losing learners' results.

A quiz page that holds attempts, or a page with such a quiz beneath it, is never deleted:
QuizAttempt.quiz is PROTECT, so the ORM refuses wherever the deletion comes from (shell,
bulk delete, a parent page), and the database's foreign key backs it. The admin hooks
(courses.wagtail_hooks) ask here first, so that a trainer reads why and what to do
(unpublish) instead of meeting a server error.
"""

from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.models import Page

from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    QuestionCategory,
    QuizAttempt,
    QuizPage,
)

COURSE_PAGES = (CourseIndexPage, CoursePage, LessonPage, QuizPage)


def held_results(pages) -> tuple[int, int]:
    """(attempts, learners) that deleting `pages` with their descendants would lose."""
    return QuizAttempt.objects.under(pages).held()


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
    attempts, learners = held_results(pages)
    if attempts:
        return _(
            "Không thể xóa %(pages)s: việc xóa sẽ làm mất %(attempts)s lượt làm bài "
            "kiểm tra của %(learners)s học viên (ở trang này hoặc các trang con của "
            "nó). Kết quả học tập của học viên phải được giữ lại. Hãy ngừng xuất bản "
            "trang thay vì xóa: học viên sẽ không thấy trang nữa nhưng kết quả vẫn còn."
        ) % {"pages": _titles(pages), "attempts": attempts, "learners": learners}
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
