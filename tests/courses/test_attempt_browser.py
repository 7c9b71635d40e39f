"""The attempt page in a real browser: submitting with questions left unanswered."""

import re

import pytest
from playwright.sync_api import expect

from courses.loader import load_course_content
from courses.models import Enrolment, QuizAttempt
from tests.conftest import PASSWORD
from tests.courses.conftest import tiny_course, write_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_submitting_with_unanswered_questions_asks_first(
    live_server, page, commune_officer, tmp_path
):
    course = load_course_content(write_course(tmp_path, tiny_course()))
    Enrolment.objects.create(user=commune_officer, course=course)
    page.goto(live_server.url + "/dang-nhap/?next=" + course.quiz().url)
    page.get_by_label("Tên đăng nhập").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    attempt = QuizAttempt.objects.get()
    true_false = next(q for q in attempt.questions if q["type"] == "truefalse")
    page.locator(f"#q-{true_false['id']}-true").check()

    asked = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.get_by_role("button", name="Nộp bài")).to_be_visible()
    count = len(attempt.questions) - 1
    assert asked == [
        f"Còn {count} câu chưa trả lời. Sau khi nộp, bạn không sửa được câu trả lời. "
        "Vẫn nộp bài?"
    ]
    attempt.refresh_from_db()
    assert attempt.is_open

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_role("button", name="Nộp bài").click()
    expect(page).to_have_url(re.compile(r"/ket-qua/$"))
    expect(page.get_by_text("Bạn chưa trả lời câu này.")).to_have_count(count)
    attempt.refresh_from_db()
    assert not attempt.is_open
