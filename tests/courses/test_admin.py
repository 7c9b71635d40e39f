import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.models import Question, QuestionCategory, QuizAttempt


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_the_question_bank_is_listed_and_editable_in_the_wagtail_admin(
    admin_client, course
):
    listing = admin_client.get("/cms/snippets/courses/question/")
    assert listing.status_code == 200
    assert "t-matching" in listing.content.decode()
    question = Question.objects.get(key="t-single")
    edit = admin_client.get(f"/cms/snippets/courses/question/edit/{question.pk}/")
    assert edit.status_code == 200
    assert (
        admin_client.get("/cms/snippets/courses/questioncategory/").status_code == 200
    )


def test_course_lesson_and_quiz_pages_open_in_the_page_editor(admin_client, course):
    for page in [course, course.lessons().first(), course.quiz()]:
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page


def test_a_question_with_unusable_data_is_refused(course):
    question = Question.objects.get(key="t-single")
    question.data = {"options": [{"id": "a", "text": "A", "correct": False}] * 2}
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "data" in error.value.message_dict


def test_trainers_may_author_pages_under_the_course_index(client, trainer, course):
    client.force_login(trainer)
    index = course.get_parent()
    explorer = client.get(reverse("wagtailadmin_explore", args=[index.pk]))
    assert explorer.status_code == 200
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
    assert edit.status_code == 200


def test_the_question_bank_can_be_searched_and_filtered(admin_client, course):
    found = admin_client.get("/cms/snippets/courses/question/", {"q": "Ghép"})
    assert found.status_code == 200
    assert "t-matching" in found.content.decode()
    by_type = admin_client.get("/cms/snippets/courses/question/", {"type": "short"})
    assert "t-short" in by_type.content.decode()
    assert "t-matching" not in by_type.content.decode()


def _add_question(admin_client, course, key, data, kind="single"):
    category = QuestionCategory.objects.filter(course=course).first()
    return admin_client.post(
        "/cms/snippets/courses/question/add/",
        {
            "course": course.pk,
            "category": category.pk,
            "key": key,
            "type": kind,
            "text": "Mẫu nào là Giấy tiếp nhận hồ sơ?",
            "points": 1,
            "data": json.dumps(data, ensure_ascii=False),
            "feedback": "",
            "active": "on",
        },
    )


def test_a_question_written_in_the_admin_without_feedback_can_be_taken(
    admin_client, client, course, quiz, commune_officer, enrolled
):
    options = [
        {"id": "a", "text": "Mẫu 01", "correct": True},
        {"id": "b", "text": "Mẫu 02", "correct": False},
    ]
    response = _add_question(admin_client, course, "gv-01", {"options": options})
    assert response.status_code == 302
    Question.objects.exclude(key="gv-01").update(active=False)
    client.force_login(commune_officer)
    client.post(reverse("courses:start-attempt", args=[quiz.pk]))
    attempt = QuizAttempt.objects.get()
    question = attempt.questions[0]
    right = next(o["id"] for o in question["data"]["options"] if o["correct"])
    response = client.post(
        reverse("courses:attempt", args=[attempt.pk]),
        {f"q-{question['id']}": right, "action": "submit"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Điểm: 100 %" in response.content.decode()


def test_a_question_the_attempt_page_could_not_show_is_refused_in_vietnamese(
    admin_client, course
):
    options = [{"id": "a", "correct": True}, {"id": "b", "correct": False}]
    response = _add_question(admin_client, course, "gv-02", {"options": options})
    assert response.status_code == 200
    assert "Cần “options”: ít nhất hai phương án" in response.content.decode()
    assert not Question.objects.filter(key="gv-02").exists()


def test_the_question_bank_says_in_use_in_words_not_true_or_false(admin_client, course):
    Question.objects.filter(key="t-short").update(active=False)
    page = admin_client.get("/cms/snippets/courses/question/").content.decode()
    cells = re.findall(r"<td[^>]*>\s*(True|False|Có|Không)\s*</td>", page)
    assert "True" not in cells and "False" not in cells
    assert "Có" in cells and "Không" in cells


@pytest.mark.parametrize("field", ["attempts_allowed", "time_limit_minutes"])
def test_a_quiz_limit_of_zero_is_refused(course, field):
    # The quiz page read 0 attempts as "no limit" while every attempt was refused.
    quiz = course.quiz()
    setattr(quiz, field, 0)
    with pytest.raises(ValidationError) as error:
        quiz.full_clean()
    assert field in error.value.message_dict
    setattr(quiz, field, None)
    quiz.full_clean()


@pytest.mark.django_db
def test_the_admin_names_wagtails_default_workflow_and_the_site_in_vietnamese():
    from wagtail.models import Site, Workflow

    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert Workflow.objects.filter(name="Duyệt nội dung (nhóm biên tập)").exists()
    assert Site.objects.get(is_default_site=True).site_name == (
        "Sa Bàn – môi trường đào tạo"
    )
