"""A coordinator onboards 50 officials from a file; one of them activates and logs in.

Run with the operations app installed:
DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python -m pytest -q -m browser \
    --ds=tests.operations.settings tests/browser/test_onboarding_journey.py
"""

import re

import pytest
from playwright.sync_api import expect

from sandbox.models import Commune
from sandbox.operations.onboarding import synthetic
from tests.conftest import DEMO_PROVINCE, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Hoa-Lu-kich-hoat-2026!"


def _file(rows):
    return {
        "name": "can-bo-ninh-binh.csv",
        "mimeType": "text/csv",
        "buffer": synthetic.as_csv(rows),
    }


def _log_in(page, url, username, password):
    page.goto(url + "/dang-nhap/?next=/van-hanh/du-lieu-cua-toi/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_coordinator_imports_fifty_officials_and_one_activates(
    live_server, page, coordinator, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    communes = list(Commune.objects.filter(province_id=DEMO_PROVINCE).order_by("code"))
    rows = synthetic.official_rows(50, communes, seed=3)
    bad = [dict(r) for r in rows]
    bad[4]["unit"] = "Phường Hoàn Kiếm"  # a ward of Hà Nội
    bad[17]["email"] = "khong-phai-email"
    bad[31]["phone"] = rows[30]["phone"]  # a duplicated row

    _log_in(page, live_server.url, "dieuphoi", PASSWORD)
    page.goto(live_server.url + "/van-hanh/nhap-can-bo/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập danh sách cán bộ")
    page.get_by_label("Tệp danh sách cán bộ (XLSX hoặc CSV)").set_input_files(
        _file(bad)
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()

    expect(page.locator(".count-rejected")).to_contain_text("3")
    expect(page.locator(".count-created")).to_contain_text("47")
    expect(page.get_by_role("alert")).to_contain_text("Có 3 dòng bị từ chối")
    rejected = page.locator("tr.outcome-rejected")
    expect(rejected).to_have_count(3)
    expect(rejected.nth(0)).to_contain_text("ngoài tỉnh của lần nhập này")
    expect(rejected.nth(1)).to_contain_text("Email “khong-phai-email” không hợp lệ")
    expect(rejected.nth(2)).to_contain_text("Dòng trùng lặp")
    expect(page.get_by_role("button", name="Nhập danh sách")).to_have_count(0)
    page.screenshot(path="var/screenshot-onboarding-preview.png", full_page=False)

    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.get_by_label("Tệp danh sách cán bộ (XLSX hoặc CSV)").set_input_files(
        _file(rows)
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.locator(".count-created")).to_contain_text("50")
    expect(page.locator(".count-rejected")).to_contain_text("0")
    page.get_by_role("button", name="Nhập danh sách").click()
    expect(page.get_by_role("status").last).to_contain_text("Đã nhập xong")
    expect(page.get_by_role("status").last).to_contain_text("Đã gửi 40 thư kích hoạt")
    expect(
        page.get_by_role("heading", name="Mã đăng nhập lần đầu theo xã, phường")
    ).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()

    mail = next(m for m in mailoutbox if m.to == [rows[1]["email"]])
    link = re.search(r"https?://\S+/van-hanh/kich-hoat/\S+/", mail.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kích hoạt tài khoản")
    expect(page.get_by_role("main")).to_contain_text(rows[1]["full_name"])
    page.get_by_label(re.compile(r"^Mật khẩu mới")).fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Kích hoạt tài khoản").click()
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    expect(page.get_by_role("status")).to_contain_text("Tài khoản đã được kích hoạt")

    _log_in(page, live_server.url, rows[1]["email"], NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dữ liệu của tôi")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải dữ liệu của tôi").click()
    exported = download.value.path().read_text(encoding="utf-8")
    assert rows[1]["full_name"] in exported and rows[2]["email"] not in exported
