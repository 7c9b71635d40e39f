import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.models import Question


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
