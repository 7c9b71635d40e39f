"""A trainee runs a built-in scenario end to end and reads the breakdown and the timeline."""

import re

import pytest
from playwright.sync_api import expect

from scenarios.library import load_library
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.scenarios.urls"),
]


def test_a_trainee_plays_a_scenario_and_reads_the_feedback(
    live_server, page, commune_officer, demo_world
):
    load_library()
    base = live_server.url
    page.goto(base + "/dang-nhap/?next=/kich-ban/")
    page.get_by_label("Tên đăng nhập").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto(base + "/kich-ban/")
    page.get_by_role("link", name="Đăng ký khai sinh trực tuyến: hồ sơ đầy đủ").click()
    expect(page.get_by_role("heading", name="Tình huống")).to_be_visible()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(page).to_have_url(re.compile(r"/mot-cua/\d+/"))

    # The attempt page (linked from the library) moves the clock until the dossier arrives.
    page.goto(base + "/kich-ban/")
    page.locator("section.panel table a").first.click()
    page.get_by_role("button", name="Tua 15 phút").click()
    expect(page.locator(".notices")).to_contain_text("đã đến")

    # Receive it in the back office.
    page.locator(".link-list a").first.click()
    page.locator("details.action summary").filter(
        has_text=re.compile("^Tiếp nhận$")
    ).click()
    page.locator("details.action[open] form").get_by_role("button").click()
    expect(page.locator(".messages")).to_contain_text("Đã tiếp nhận")

    page.go_back()
    page.go_back()
    page.reload()
    page.get_by_role("button", name="Nộp bài và xem kết quả").click()
    expect(page.get_by_role("heading", name="Bảng điểm chi tiết")).to_be_visible()
    breakdown = page.locator("table.breakdown")
    expect(breakdown).to_contain_text("Tiếp nhận hồ sơ (mẫu 01)")
    expect(breakdown).to_contain_text("Đạt")
    expect(breakdown).to_contain_text("Thiếu bước")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Tiếp nhận hồ sơ (mẫu 01)")
    expect(timeline).to_contain_text("Bắt đầu kịch bản")
    page.get_by_role("button", name="Phát lại từng bước").click()
    expect(timeline.locator("li").first).to_be_visible()
