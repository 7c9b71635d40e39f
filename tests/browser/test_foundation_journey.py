import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_in_vietnamese_switch_to_english_and_log_out(
    live_server, page, commune_officer
):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    expect(page.get_by_role("note")).to_contain_text(
        "MÔI TRƯỜNG ĐÀO TẠO – DỮ LIỆU MÔ PHỎNG"
    )
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.get_by_label("Tên đăng nhập").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill("sai")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Tên đăng nhập hoặc mật khẩu không đúng"
    )

    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Xin chào, Cán bộ tiepnhan"
    )
    expect(page.get_by_role("heading", name="Khóa học của tôi")).to_be_visible()

    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="My courses")).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text(
        "MÔI TRƯỜNG ĐÀO TẠO – DỮ LIỆU MÔ PHỎNG"
    )
    expect(page.get_by_role("note")).to_contain_text(
        "Training environment – simulated data"
    )
    page.screenshot(path="var/screenshot-dashboard-en.png", full_page=True)

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
