from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from courses.loader import (
    CourseContentError,
    load_course_content,
    load_course_dir,
    read_course_file,
)
from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    Question,
    QuestionCategory,
    QuizPage,
)
from tests.courses.conftest import tiny_course, write_course

SHIPPED = Path(__file__).resolve().parents[2] / "courses" / "content"


def test_loading_builds_pages_under_the_catalogue_and_the_question_bank(course):
    index = CourseIndexPage.objects.get()
    assert index.slug == "khoa-hoc" and index.title == "Khóa học"
    assert course.get_parent().pk == index.pk
    assert [lesson.slug for lesson in course.lessons()] == ["bai-mot", "bai-hai"]
    quiz = course.quiz()
    assert (quiz.pass_mark, quiz.time_limit_minutes, quiz.attempts_allowed) == (
        60,
        10,
        3,
    )
    assert Question.objects.for_course(course).count() == 6
    assert QuestionCategory.objects.filter(course=course).count() == 2
    assert course.version == 1 and course.covers_procedures == ["1.001193"]


def test_pages_are_served_under_hoc_tap(client, course):
    assert course.url == "/hoc-tap/khoa-hoc/khoa-thu/"
    assert client.get("/hoc-tap/khoa-hoc/").status_code == 200
    response = client.get("/hoc-tap/khoa-hoc/khoa-thu/")
    assert response.status_code == 200
    assert "Khóa học thử" in response.content.decode()
    lesson = client.get("/hoc-tap/khoa-hoc/khoa-thu/bai-mot/")
    assert lesson.status_code == 200
    assert client.get("/hoc-tap/khoa-hoc/khoa-thu/kiem-tra/").status_code == 200


def test_loading_again_changes_nothing(course, course_path):
    revisions = course.revisions.count()
    again = load_course_content(course_path)
    assert again.pk == course.pk
    assert again.revisions.count() == revisions
    assert CoursePage.objects.count() == 1
    assert LessonPage.objects.count() == 2
    assert Question.objects.count() == 6


def test_a_changed_file_updates_in_place_and_keeps_option_ids(course, tmp_path):
    before = Question.objects.get(key="t-single").data["options"]
    data = tiny_course(
        {"questions_per_attempt": 5}, version=2, title="Khóa học thử (bản 2)"
    )
    data["lessons"][0]["title"] = "Bài một, sửa lại"
    data["lessons"].append(
        {
            "slug": "bai-ba",
            "title": "Bài ba",
            "summary": "Bài mới.",
            "body": [{"type": "paragraph", "value": "<p>Mới.</p>"}],
        }
    )
    data["quiz"]["questions"] = data["quiz"]["questions"][1:]  # t-single retired
    load_course_content(write_course(tmp_path, data, "v2.yaml"))
    course.refresh_from_db()
    assert course.title == "Khóa học thử (bản 2)" and course.version == 2
    assert [lesson.title for lesson in course.lessons()] == [
        "Bài một, sửa lại",
        "Bài hai",
        "Bài ba",
    ]
    assert list(course.get_children().specific())[-1].slug == "kiem-tra"
    assert not Question.objects.get(key="t-single").active
    assert Question.objects.get(key="t-single").data["options"] == before
    assert CoursePage.objects.count() == 1


def test_ids_of_unchanged_options_survive_a_reload(course, tmp_path):
    before = Question.objects.get(key="t-matching").data
    data = tiny_course(version=2)
    load_course_content(write_course(tmp_path, data, "v2.yaml"))
    assert Question.objects.get(key="t-matching").data == before


def test_an_older_version_is_refused(course, tmp_path):
    load_course_content(write_course(tmp_path, tiny_course(version=3), "v3.yaml"))
    with pytest.raises(CourseContentError, match="phiên bản 3"):
        load_course_content(write_course(tmp_path, tiny_course(version=2), "v2.yaml"))


def test_option_ids_do_not_reveal_the_authored_order(course):
    question = Question.objects.get(key="t-ordering")
    ids = [item["id"] for item in question.data["items"]]
    assert ids != sorted(ids) or len(set(ids)) == len(ids)
    assert all(len(i) == 8 for i in ids)


def test_a_malformed_file_gives_clear_errors_and_loads_nothing(db, tmp_path):
    data = tiny_course()
    data["quiz"]["questions"][0]["options"][0]["correct"] = False  # no correct option
    data["lessons"][0]["body"][0]["value"] = "<script>alert(1)</script>"
    path = write_course(tmp_path, data)
    with pytest.raises(CourseContentError) as error:
        load_course_content(path)
    text = str(error.value)
    assert "lessons/0/body/0" in text
    assert "quiz/questions/0/options" in text
    assert not CoursePage.objects.exists()
    assert not Question.objects.exists()


def test_an_undeclared_category_is_reported(db, tmp_path):
    data = tiny_course()
    data["quiz"]["questions"][0]["category"] = "khong-co"
    with pytest.raises(CourseContentError, match="khong-co"):
        read_course_file(write_course(tmp_path, data))


def test_a_failure_midway_rolls_everything_back(db, tmp_path, monkeypatch):
    from courses import loader

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(loader, "_questions", broken)
    with pytest.raises(RuntimeError):
        load_course_content(write_course(tmp_path, tiny_course()))
    assert not CoursePage.objects.exists()
    assert not LessonPage.objects.exists()
    assert not QuizPage.objects.exists()


def test_yaml_syntax_errors_are_reported(db, tmp_path):
    path = tmp_path / "hong.yaml"
    path.write_text("slug: [khong dong\n", "utf-8")
    with pytest.raises(CourseContentError):
        load_course_content(path)


def test_the_command_refuses_a_folder_with_a_bad_file_before_loading_any(db, tmp_path):
    write_course(tmp_path, tiny_course(), "01-tot.yaml")
    bad = tiny_course(slug="khoa-hong")
    del bad["quiz"]
    write_course(tmp_path, bad, "02-hong.yaml")
    with pytest.raises(CommandError, match="02-hong.yaml"):
        call_command("load_courses", "--dir", str(tmp_path))
    assert not CoursePage.objects.exists()


def test_the_shipped_courses_load_with_at_least_80_questions(db):
    courses = load_course_dir(SHIPPED)
    assert len(courses) >= 4
    assert Question.objects.filter(active=True).count() >= 80
    for course in courses:
        assert course.lessons().count() >= 3
        assert course.quiz() is not None
        types = set(Question.objects.for_course(course).values_list("type", flat=True))
        assert types == {
            "single",
            "multiple",
            "truefalse",
            "matching",
            "ordering",
            "short",
        }


def test_the_command_loads_the_shipped_folder_twice_without_duplicates(db, capsys):
    call_command("load_courses")
    call_command("load_courses")
    out = capsys.readouterr().out
    assert "questions" in out
    assert CourseIndexPage.objects.count() == 1
    slugs = list(CoursePage.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) >= 4


def test_seed_demo_loads_the_shipped_courses(db, province):
    import io

    from sandbox.demo import seeders

    seed = next(fn for _order, name, fn in seeders() if name == "courses")
    out = io.StringIO()
    seed(province, out)
    seed(province, out)
    assert CoursePage.objects.count() >= 4
    assert "câu hỏi" in out.getvalue()
