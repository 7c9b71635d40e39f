import re

import pytest
from playwright.sync_api import expect

from courses.loader import load_course_content
from courses.models import QuizAttempt
from tests.conftest import PASSWORD
from tests.courses.conftest import answer_value, tiny_course, write_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer(page, question, *, right):
    """Fill one question of the attempt form the way a learner would."""
    name, value = f"q-{question['id']}", answer_value(question, right=right)
    kind = question["type"]
    if kind in ("single", "truefalse"):
        page.locator(f"#{name}-{value}").check()
    elif kind == "multiple":
        for option in value:
            page.locator(f"#{name}-{option}").check()
    elif kind in ("matching", "ordering"):
        for sub, chosen in value.items():
            page.locator(f"#{name}-{sub}").select_option(str(chosen))
    else:
        page.locator(f"#{name}").fill(value)


def _take_quiz(page, user, *, right):
    attempt = QuizAttempt.objects.filter(user=user).order_by("-number").first()
    expect(page.get_by_role("group")).to_have_count(len(attempt.questions))
    for question in attempt.questions:
        _answer(page, question, right=right)
    page.get_by_role("button", name="Nộp bài").click()


def test_a_commune_officer_enrols_reads_fails_then_passes_and_completes(
    live_server, page, commune_officer, tmp_path
):
    course = load_course_content(write_course(tmp_path, tiny_course()))
    page.goto(live_server.url + "/dang-nhap/?next=/hoc-tap/khoa-hoc/")
    page.get_by_label("Tên đăng nhập").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Khóa học")
    page.get_by_role("link", name="Khóa học thử").click()
    page.get_by_role("button", name="Ghi danh khóa học").click()

    # Enrolling opens the first lesson; the video stays a link until asked for.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bài một")
    expect(page.locator("iframe")).to_have_count(0)
    page.get_by_role("link", name=re.compile("Bài tiếp theo")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bài hai")
    page.get_by_role("link", name=re.compile("Làm bài kiểm tra")).click()

    expect(page.get_by_text("mỗi phương án sai được chọn trừ 1/k")).to_be_attached()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(page.locator("#countdown")).to_be_visible()
    page.screenshot(path="var/screenshot-course-attempt.png", full_page=True)
    _take_quiz(page, commune_officer, right=False)
    page.screenshot(path="var/screenshot-course-review.png", full_page=True)
    expect(page.get_by_role("heading", name="Chưa đạt")).to_be_visible()
    expect(page.get_by_text("Điểm: 0 %")).to_be_visible()

    page.get_by_role("link", name="Về trang bài kiểm tra").click()
    page.get_by_role("button", name="Làm lại bài kiểm tra").click()
    _take_quiz(page, commune_officer, right=True)
    expect(page.get_by_role("heading", name="Đạt", exact=True)).to_be_visible()
    expect(page.get_by_text("Điểm: 100 %")).to_be_visible()

    page.get_by_role("link", name="Về trang khóa học").click()
    expect(page).to_have_url(re.compile(re.escape(course.url) + "$"))
    expect(page.get_by_text("Tiến độ: 100 %")).to_be_visible()
    expect(page.get_by_text("Bạn đã hoàn thành khóa học")).to_be_visible()
    page.screenshot(path="var/screenshot-course-complete.png", full_page=True)

    page.goto(live_server.url + "/")
    panel = page.locator("#panel-courses")
    expect(panel).to_contain_text("Khóa học thử")
    expect(panel).to_contain_text("Tiến độ: 100 %")
