"""A trainer opens a session for a commune's trainees, moves the class clock and ends it."""

import re

import pytest
from playwright.sync_api import expect

from scenarios.library import load_library
from scenarios.models import Attempt, Session
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.scenarios.urls"),
]


def test_a_trainer_runs_a_session_and_ends_it(
    live_server, page, trainer, commune_officer, specialist, demo_world
):
    load_library()
    base = live_server.url
    page.goto(base + "/dang-nhap/?next=/kich-ban/")
    page.get_by_label("Tên đăng nhập").fill("giangvien")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_role("link", name="Buổi học có giảng viên").click()
    page.get_by_label("Tên buổi học").fill("Lớp tiếp nhận Hoa Lư")
    page.get_by_label("Kịch bản").select_option(
        label="Đăng ký khai sinh trực tuyến: hồ sơ đầy đủ"
    )
    page.get_by_label("Phường Hoa Lư").check()
    page.get_by_role("button", name="Tạo buổi học").click()
    expect(page.locator(".messages")).to_contain_text("Đã mở buổi học với 2 học viên")
    board = page.locator("table.session-board")
    expect(board).to_contain_text("Cán bộ tiepnhan")
    expect(board).to_contain_text("Cán bộ chuyenvien")

    page.get_by_role("button", name="Tua 1 giờ").click()
    expect(page.locator(".messages")).to_contain_text(
        "Đã tua đồng hồ của 2 lượt làm bài"
    )
    page.get_by_role("button", name="Tạm dừng tất cả").click()
    expect(page.get_by_role("button", name="Chạy tiếp tất cả")).to_be_visible()

    page.get_by_label(re.compile("Tôi xác nhận kết thúc")).check()
    page.get_by_role("button", name="Kết thúc buổi học").click()
    expect(page.locator(".messages")).to_contain_text("Đã kết thúc buổi học")
    expect(board).to_contain_text("Chưa đạt")
    expect(page.get_by_role("button", name="Kết thúc buổi học")).to_have_count(0)
    session = Session.objects.get()
    assert not session.is_running
    assert set(session.attempts.values_list("status", flat=True)) == {
        Attempt.Status.FINISHED
    }
