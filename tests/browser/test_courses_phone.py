"""Courses on a 360 px phone over a link that drops: the learner's and the trainer's pages
fit the screen, and a quiz left mid-way (tab closed, connection lost) loses no answer."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.urls import reverse
from playwright.sync_api import expect

from courses import actions
from courses.loader import load_course_content
from courses.models import QuizAttempt
from tests.browser.test_narrow_screens import PHONE, phone_problems
from tests.browser.test_portal_journey import log_in
from tests.courses.conftest import answer_value, tiny_course, write_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A right-hand text as long as real ones: a select holding it must not widen the page.
LONG = (
    "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu số 02 ban hành kèm theo Thông tư "
    "số 01/2018/TT-VPCP), gửi cho người nộp hồ sơ trong thời hạn quy định"
)


def _course_file(tmp_path):
    data = tiny_course()
    matching = next(q for q in data["quiz"]["questions"] if q["type"] == "matching")
    matching["pairs"][1]["right"] = LONG
    return write_course(tmp_path, data)


@pytest.fixture
def course(tmp_path, commune_officer, trainer):
    """Made in a worker thread: Playwright's event loop runs in this one."""

    def make():
        try:
            course = load_course_content(_course_file(tmp_path))
            actions.enrol(course, commune_officer, actor=commune_officer)
            return course
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(make).result()


def _check(page, name, problems, shows):
    expect(page.get_by_role("main")).to_contain_text(shows)
    problems += phone_problems(page, name)


def _answer(page, question):
    name, value = f"q-{question['id']}", answer_value(question, right=True)
    if question["type"] in ("single", "truefalse"):
        page.locator(f"#{name}-{value}").check()
    elif question["type"] == "multiple":
        for option in value:
            page.locator(f"#{name}-{option}").check()
    elif question["type"] in ("matching", "ordering"):
        for sub, chosen in value.items():
            page.locator(f"#{name}-{sub}").select_option(str(chosen))
    else:
        page.locator(f"#{name}").fill(value)


def test_course_pages_fit_a_360_pixel_phone(live_server, browser, course):
    base, problems = live_server.url, []
    learner = browser.new_context(viewport=PHONE).new_page()
    log_in(learner, base, "tiepnhan")
    learner.goto(base + "/hoc-tap/khoa-hoc/")
    _check(learner, "catalogue", problems, course.title)
    learner.goto(base + course.url)
    _check(learner, "course", problems, "Tiến độ của bạn")
    learner.goto(base + course.quiz().url)
    _check(learner, "quiz", problems, "Cách chấm điểm")
    learner.get_by_role("button", name="Bắt đầu làm bài").click()
    _check(learner, "attempt", problems, LONG)
    attempt = QuizAttempt.objects.get()
    for question in attempt.questions:
        _answer(learner, question)
    learner.get_by_role("button", name="Nộp bài").click()
    _check(learner, "review", problems, "Điểm: 100 %")
    learner.context.close()

    staff = browser.new_context(viewport=PHONE).new_page()
    log_in(staff, base, "giangvien")
    pages = {
        "reports": (reverse("courses:reports"), "Báo cáo học tập"),
        "report-progress": (
            reverse("courses:report-progress", args=[course.pk]),
            "Toàn tỉnh",
        ),
        "report-items": (
            reverse("courses:report-items", args=[course.pk]),
            "Độ phân biệt",
        ),
        "enrol-communes": (reverse("courses:enrol-communes"), "Phường Hoa Lư"),
    }
    for name, (path, shows) in pages.items():
        assert staff.goto(base + path).ok, name
        _check(staff, name, problems, shows)
    staff.context.close()
    assert not problems, "\n".join(problems)


def test_a_tab_closed_offline_mid_quiz_loses_no_answer(live_server, browser, course):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server.url, "tiepnhan")
    page.goto(live_server.url + course.quiz().url)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    attempt = QuizAttempt.objects.get()
    first, second = attempt.questions[0], attempt.questions[1]
    url = page.url
    page.wait_for_timeout(4000)
    assert url not in posts  # nothing changed, nothing sent

    # The connection drops; the learner answers a question and the tab is closed.
    context.set_offline(True)
    _answer(page, first)
    expect(page.locator("#autosave-status")).to_contain_text(
        "Chưa lưu được lên máy chủ", timeout=15_000
    )
    page.close()
    attempt.refresh_from_db()
    assert attempt.answers == {}  # the server never heard of it

    # Back online, the attempt reopened: the answer is there again, then saved.
    context.set_offline(False)
    page = context.new_page()
    page.goto(url)
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Đã tự động lưu", timeout=15_000)
    attempt.refresh_from_db()
    assert attempt.answers[str(first["id"])] == answer_value(first, right=True)

    # Another answer, saved in the background without pressing anything.
    _answer(page, second)
    expected = answer_value(second, right=True)
    for _ in range(40):
        attempt.refresh_from_db()
        if attempt.answers.get(str(second["id"])) == expected:
            break
        page.wait_for_timeout(500)
    assert attempt.answers.get(str(second["id"])) == expected
    assert attempt.answers[str(first["id"])] == answer_value(first, right=True)
    context.close()
