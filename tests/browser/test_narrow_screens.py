"""The main pages on a 360 px wide phone: nothing sticks out, the training band shows,
and the main navigation is reachable with the keyboard.

Wide tables may scroll inside their own container (`overflow-x: auto`); nothing else may
reach past the right edge. A screenshot of each page is saved as var/screenshot-360-*.png.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from playwright.sync_api import expect

from certificates import actions as certificate_actions
from courses import actions as course_actions
from courses.loader import load_course_content
from fake_portal import actions as portal
from fake_portal.counter import actions as counter
from fake_portal.models import Channel
from scenarios.library import load_library
from tests.browser.conftest import course_template
from tests.conftest import PASSWORD
from tests.counter.conftest import serve
from tests.courses.conftest import tiny_course, write_course
from tests.fake_portal.conftest import (  # noqa: F401 (fixtures)
    BIRTH,
    MONDAY_9AM,
    citizen,
    make_citizen,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
BAND = "MÔI TRƯỜNG ĐÀO TẠO – DỮ LIỆU MÔ PHỎNG"

# Visible elements whose right edge passes the viewport's, outside any horizontal
# scroll container; only the outermost of each sticking-out subtree is named.
STICKING_OUT = """() => {
  const limit = window.innerWidth + 0.5;
  const scrolls = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  const sticks = (el) => {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") {
      return false;
    }
    return box.right > limit && !scrolls(el);
  };
  const found = [...document.body.querySelectorAll("*")].filter(sticks);
  const named = new Set(found);
  return found
    .filter((el) => !named.has(el.parentElement))
    .slice(0, 8)
    .map((el) => {
      const cls = typeof el.className === "string" ? el.className : "";
      const text = (el.innerText || el.value || "").replace(/\\s+/g, " ").trim();
      const right = Math.round(el.getBoundingClientRect().right);
      return `<${el.tagName.toLowerCase()} class="${cls}"> right=${right}px: ${text.slice(0, 60)}`;
    });
}"""

# Start keyboard navigation from the top of the document, as on arrival without an
# autofocused field (blurring alone keeps the starting point at the field).
FROM_THE_TOP = """() => {
  window.scrollTo(0, 0);
  document.body.tabIndex = -1;
  document.body.focus();
  document.body.removeAttribute("tabindex");
}"""

# The focused element: where it is, whether something else covers its centre.
FOCUSED = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || "").trim().slice(0, 40),
    skip: el.classList.contains("skip-link"),
    inNav: !!el.closest("header nav"),
    left: box.left, right: box.right, top: box.top, bottom: box.bottom,
    width: box.width, height: box.height,
    uncovered: !!hit && (hit === el || el.contains(hit)),
  };
}"""


def phone_problems(page, name):
    """What is wrong with this page on a phone, as readable lines ([] if nothing)."""
    page.screenshot(path=f"var/screenshot-360-{name}.png", full_page=True)
    band = page.locator(".training-band")
    expect(band).to_be_visible()
    expect(band).to_have_attribute("role", "note")
    expect(band).to_contain_text(BAND)
    problems = [f"{name}: {tag}" for tag in page.evaluate(STICKING_OUT)]
    width, room = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    if width > room:
        problems.append(f"{name}: the document is {width}px wide for {room}px")
    if not page.evaluate(
        "() => { const b = document.querySelector('.training-band');"
        " return b.scrollWidth <= b.clientWidth; }"
    ):
        problems.append(f"{name}: the training band is cut off")
    return problems + keyboard_problems(page, name)


def keyboard_problems(page, name):
    """From the top of the page, Tab reaches the skip link first, then the main nav."""
    page.evaluate(FROM_THE_TOP)
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    if not (focused["skip"] and _shown(focused)):
        return [f"{name}: the first Tab focuses {focused}, not the skip link"]
    for _ in range(6):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not _shown(focused):
            return [f"{name}: Tab focuses {focused}, off screen"]
        if focused["inNav"]:
            return [] if focused["uncovered"] else [f"{name}: {focused} is covered"]
    return [f"{name}: six Tabs after the skip link do not reach the main navigation"]


def _shown(box):
    return (
        box["width"] > 0
        and box["height"] > 0
        and box["left"] >= 0
        and box["right"] <= PHONE["width"]
        and box["top"] >= 0
        and box["bottom"] <= PHONE["height"]
    )


def _make_training_day(course_file, world, person, officer, specialist, leader):
    """A course to read, a dossier in the inbox, walk-ins at the counter, a scenario to
    start and a certificate to check, all made through the real actions."""
    course = load_course_content(course_file)
    course_actions.enrol(course, officer, actor=officer)
    box = portal.open_practice_sandbox(
        user=officer, world=world, start=MONDAY_9AM, speed=1
    )
    portal.take_seats(box, specialist, ["specialist"])
    portal.take_seats(box, leader, ["leader"])
    filed = portal.file_dossier(
        sandbox=box,
        procedure_code=BIRTH,
        applicant=person,
        channel=Channel.ONLINE,
        form_data={"child_name": "Nguyễn Minh Khôi"},
        actor_name=person.full_name,
    )
    neighbour = make_citizen(
        world, person.permanent_commune, "036085004321", given_name="Bình"
    )
    _walk_in, at_desk = serve(box, neighbour, officer)
    counter.arrive_walk_in(
        box, citizen=person, procedure_code=BIRTH, seed="360", include_optional=False
    )
    load_library()
    template = course_template()
    certificate = certificate_actions.issue_certificate(
        template=template,
        recipient=officer,
        achievement={
            "kind": "course",
            "reference": "khoa-thu",
            "title": "Đăng ký khai sinh trên Cổng Dịch vụ công",
            "score": 92.5,
            "procedures": [BIRTH],
        },
        actor=None,
    )
    return {
        "sandbox": box.pk,
        "lesson": course.lessons().first().url,
        "dossier": filed.code,
        "desk": at_desk.code,
        "certificate": certificate.serial,
    }


@pytest.fixture
def training_day(tmp_path, world, citizen, commune_officer, specialist, leader):  # noqa: F811
    """Made in a worker thread: broadcasts (async_to_sync) and pyHanko cannot run in
    the thread where Playwright's event loop is running."""

    def make():
        try:
            course_file = write_course(tmp_path, tiny_course())
            return _make_training_day(
                course_file, world, citizen, commune_officer, specialist, leader
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(make).result()


def test_main_pages_fit_a_360_pixel_phone(
    live_server,
    browser,
    training_day,
    citizen,  # noqa: F811
    world,
):
    base = live_server.url
    box = training_day["sandbox"]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()

    page.goto(base + "/dang-nhap/")
    problems = phone_problems(page, "login")
    page.get_by_label("Tên đăng nhập").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    problems += phone_problems(page, "dashboard")

    # name: (address, a text the page shows when it is the right one)
    pages = {
        "lesson": (training_day["lesson"], "Bài một"),
        "inbox": (f"/mot-cua/{box}/", "Hộp hồ sơ"),
        "dossier": (f"/mot-cua/{box}/ho-so/{training_day['dossier']}/", "Tiếp nhận"),
        "counter": (f"/quay/{box}/", "Nguyễn Thị Hoa"),
        "counter-desk": (f"/quay/{box}/ho-so/{training_day['desk']}/", "Giấy tờ"),
        "population": (
            f"/dan-cu/?world={world.pk}&id_number={citizen.id_number}",
            "1 kết quả",
        ),
        "scenario-start": ("/kich-ban/khai-sinh-truc-tuyen/bat-dau/", "Tình huống"),
        "citizen-procedures": (f"/cong-dvc/{box}/", "Đăng ký khai sinh"),
    }
    for name, (path, shows) in pages.items():
        assert page.goto(base + path).ok, name
        expect(page.get_by_role("main")).to_contain_text(shows)
        problems += phone_problems(page, name)

    # The filing form needs a citizen signed in to the mock portal.
    page.goto(f"{base}/cong-dvc/{box}/dang-nhap/?next=/cong-dvc/{box}/nop/{BIRTH}/")
    page.get_by_label("Số định danh cá nhân").fill(citizen.id_number)
    page.get_by_label("Tôi hiểu đây là đăng nhập mô phỏng").check()
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_label("Họ, chữ đệm, tên của trẻ")).to_be_visible()
    problems += phone_problems(page, "citizen-filing")

    # Anyone who scans a certificate's QR code, on their own phone.
    anyone = browser.new_context(viewport=PHONE).new_page()
    serial = training_day["certificate"]
    anyone.goto(f"{base}/chung-chi/kiem-tra/{serial}/")
    expect(anyone.get_by_role("status")).to_contain_text("Chứng chỉ hợp lệ")
    problems += phone_problems(anyone, "certificate-verify")
    anyone.context.close()
    context.close()
    assert not problems, "\n".join(problems)
