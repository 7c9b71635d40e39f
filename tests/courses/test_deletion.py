"""Deleting course pages keeps learners' results: refused in the admin, and in the ORM."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from wagtail.models import Page

from courses import actions
from courses.models import (
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    Question,
    QuestionCategory,
    QuizAttempt,
    QuizPage,
)
from tests.courses.conftest import post_fields


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def _take(quiz, user, *, right=True):
    attempt = actions.start_attempt(quiz, actor=user)
    fields = post_fields(attempt.questions, right=right)
    return actions.submit_attempt(attempt, fields, actor=user)


@pytest.fixture
def results(course, quiz, enrolled, commune_officer, specialist):
    """Three attempts by two learners: the officer failed once, then passed."""
    actions.enrol(course, specialist, actor=specialist)
    _take(quiz, commune_officer, right=False)
    _take(quiz, commune_officer)
    _take(quiz, specialist)
    return QuizAttempt.objects.count()


def _delete(client, page, **data):
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    return client.post(url, data, follow=True)


def _bulk_delete(client, pages):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    query = "&".join(f"id={page.pk}" for page in pages)
    return client.post(f"{url}?{query}", {}, follow=True)


REFUSAL = (
    "Không thể xóa “{title}”: việc xóa sẽ làm mất 3 lượt làm bài kiểm tra của 2 "
    "học viên"
)


def test_deleting_a_quiz_with_attempts_in_the_admin_is_refused_with_the_counts(
    admin_client, quiz, results
):
    confirm = admin_client.get(reverse("wagtailadmin_pages:delete", args=[quiz.pk]))
    explorer = reverse("wagtailadmin_explore", args=[quiz.get_parent().pk])
    assert confirm.status_code == 302 and confirm["Location"] == explorer
    response = _delete(admin_client, quiz)
    page = response.content.decode()
    assert response.status_code == 200
    assert REFUSAL.format(title=quiz.title) in page
    assert "Hãy ngừng xuất bản trang thay vì xóa" in page
    unpublish = reverse("wagtailadmin_pages:unpublish", args=[quiz.pk])
    assert f'href="{unpublish}"' in page
    assert QuizPage.objects.filter(pk=quiz.pk).exists()
    assert QuizAttempt.objects.count() == results == 3


def test_deleting_the_course_above_a_quiz_with_attempts_is_refused(
    admin_client, course, lessons, quiz, results
):
    pages = Page.objects.count()
    response = _delete(admin_client, course)
    assert response.status_code == 200
    assert (
        f"Không thể xóa “{course.title}”: việc xóa sẽ làm mất 3 lượt làm bài kiểm tra, "
        "2 ghi danh khóa học của 2 học viên"
    ) in response.content.decode()
    assert Page.objects.count() == pages
    assert QuizAttempt.objects.count() == 3


def test_the_bulk_delete_refuses_pages_holding_attempts(
    admin_client, course, lessons, quiz, results
):
    response = _bulk_delete(admin_client, [lessons[0], quiz])
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        f"Không thể xóa “{lessons[0].title}”, “{quiz.title}”: việc xóa sẽ làm mất 3 "
        "lượt làm bài kiểm tra của 2 học viên"
    ) in page
    assert "Ngừng xuất bản các trang này" in page
    # Nothing went, not even the lesson that held no attempt (one transaction).
    assert LessonPage.objects.filter(pk=lessons[0].pk).exists()
    assert QuizAttempt.objects.count() == 3


def test_the_orm_refuses_to_drop_attempts_however_the_page_goes(course, quiz, results):
    index = course.get_parent()
    with pytest.raises(ProtectedError):
        QuizPage.objects.get(pk=quiz.pk).delete()
    with pytest.raises(ProtectedError):
        course.delete()
    # A refused deletion changes nothing, not even the tree's child counts: else the
    # next deletion of the parent would orphan the course instead of being refused.
    index.refresh_from_db()
    assert index.numchild == 1
    with pytest.raises(ProtectedError), transaction.atomic():
        Page.objects.filter(path__startswith=index.path).delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        QuizPage.objects.all().delete()
    assert QuizAttempt.objects.count() == 3
    assert Page.objects.filter(path__startswith=index.path).count() == 5


def test_deleting_a_learner_still_takes_their_own_attempts(quiz, results, specialist):
    get_user_model().objects.filter(pk=specialist.pk).delete()
    assert QuizAttempt.objects.count() == 2
    assert not QuizAttempt.objects.filter(user_id=specialist.pk).exists()


def test_a_course_nobody_enrolled_in_deletes_with_its_question_bank(
    admin_client, course, lessons, quiz
):
    response = _delete(admin_client, course)
    assert response.status_code == 200
    assert not CoursePage.objects.filter(pk=course.pk).exists()
    assert not Page.objects.filter(pk__in=[quiz.pk, lessons[0].pk]).exists()
    assert not Question.objects.exists() and not QuestionCategory.objects.exists()


def test_pages_without_attempts_delete_one_by_one_and_in_bulk(
    admin_client, lessons, quiz, enrolled, commune_officer
):
    actions.start_attempt(quiz, actor=commune_officer)
    QuizAttempt.objects.all().delete()  # as if nobody had ever taken the quiz
    _delete(admin_client, quiz)
    assert not QuizPage.objects.exists()
    _bulk_delete(admin_client, lessons)
    assert not LessonPage.objects.exists()


def test_enrolments_and_lessons_viewed_hold_their_pages_too(
    admin_client, course, lessons, enrolled, commune_officer, specialist
):
    actions.enrol(course, specialist, actor=specialist)
    actions.view_lesson(lessons[0], actor=commune_officer)
    response = _delete(admin_client, course)
    assert (
        f"Không thể xóa “{course.title}”: việc xóa sẽ làm mất 2 ghi danh khóa học, 1 "
        "lượt xem bài học của 2 học viên"
    ) in response.content.decode()
    lesson = _delete(admin_client, lessons[0]).content.decode()
    assert "việc xóa sẽ làm mất 1 lượt xem bài học của 1 học viên" in lesson
    with pytest.raises(ProtectedError), transaction.atomic():
        course.delete()
    assert Enrolment.objects.count() == 2 and LessonProgress.objects.count() == 1
    # A lesson nobody has opened still goes.
    _delete(admin_client, lessons[1])
    assert not LessonPage.objects.filter(pk=lessons[1].pk).exists()


def test_another_protection_is_explained_rather_than_a_server_error(
    admin_client, course, tmp_path
):
    from courses.loader import load_course_content
    from tests.courses.conftest import tiny_course, write_course

    other = load_course_content(
        write_course(
            tmp_path, tiny_course(slug="khoa-khac", title="Khóa khác"), "b.yaml"
        )
    )
    # Data only a shell could make: a question of another course in this course's
    # category. Deleting this course would have to delete it: RESTRICT refuses.
    stray = Question.objects.filter(course=other).first()
    stray.category = QuestionCategory.objects.filter(course=course).first()
    stray.save(update_fields=["category"])
    response = _delete(admin_client, course)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Không thể xóa “{course.title}” vì còn dữ liệu khác phụ thuộc" in page
    assert "Ngân hàng câu hỏi" in page  # Question's verbose_name_plural
    assert CoursePage.objects.filter(pk=course.pk).exists()


def test_a_category_holding_questions_is_not_deleted_but_an_empty_one_is(
    admin_client, course
):
    full = QuestionCategory.objects.get(slug="co-ban")
    url = reverse("wagtailsnippets_courses_questioncategory:delete", args=[full.pk])
    response = admin_client.post(url, follow=True)
    assert response.status_code == 200
    assert "Không thể xóa nhóm câu hỏi “Cơ bản” (còn 3 câu hỏi)" in (
        response.content.decode()
    )
    assert QuestionCategory.objects.filter(pk=full.pk).exists()
    empty = QuestionCategory.objects.create(course=course, slug="rong", name="Rỗng")
    url = reverse("wagtailsnippets_courses_questioncategory:delete", args=[empty.pk])
    admin_client.post(url)
    assert not QuestionCategory.objects.filter(pk=empty.pk).exists()


def test_attempts_in_another_course_do_not_hold_this_one(
    admin_client, course, quiz, results, tmp_path
):
    from courses.loader import load_course_content
    from tests.courses.conftest import tiny_course, write_course

    other = load_course_content(
        write_course(
            tmp_path, tiny_course(slug="khoa-khac", title="Khóa khác"), "b.yaml"
        )
    )
    confirm = admin_client.get(reverse("wagtailadmin_pages:delete", args=[other.pk]))
    assert confirm.status_code == 200  # Wagtail's own confirmation, no refusal
    _delete(admin_client, other)
    assert not CoursePage.objects.filter(pk=other.pk).exists()
    assert CoursePage.objects.filter(pk=course.pk).exists()
    assert QuizAttempt.objects.count() == 3
