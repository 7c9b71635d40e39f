import re

import pytest
from playwright.sync_api import expect

from fake_portal import actions
from fake_portal.models import Dossier, Status
from fake_portal.signatures.models import VirtualToken
from tests.conftest import PASSWORD
from tests.fake_portal.conftest import make_citizen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def practice(world, home_commune, commune_officer, leader):
    citizen = make_citizen(world, home_commune, "036190012345", given_name="Hoa")
    sandbox = actions.open_practice_sandbox(user=commune_officer, world=world, speed=1)
    actions.take_seats(sandbox, leader, ["leader"])
    return sandbox, citizen


def log_in(page, base, username):
    page.goto(base + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")


def open_action(page, name):
    page.locator("details.action summary").filter(
        has_text=re.compile(f"^{re.escape(name)}$")
    ).click()
    return page.locator("details.action[open] form")


def test_birth_registration_online_from_filing_to_result(
    live_server, browser, practice, leader
):
    sandbox, citizen = practice
    base = live_server.url
    officer = browser.new_page()
    log_in(officer, base, "tiepnhan")

    # The citizen (played by the officer in their practice sandbox) files online.
    officer.goto(f"{base}/cong-dvc/{sandbox.pk}/dang-nhap/")
    officer.get_by_label("Số định danh cá nhân").fill(citizen.id_number)
    officer.get_by_label("Tôi hiểu đây là đăng nhập mô phỏng").check()
    officer.get_by_role("button", name="Đăng nhập").click()
    officer.goto(f"{base}/cong-dvc/{sandbox.pk}/?q=dang+ky+khai+sinh")
    officer.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    officer.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    officer.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Nguyễn Minh Khôi")
    officer.get_by_label("Ngày sinh của trẻ").fill("2026-02-20")
    officer.get_by_label("Nơi sinh").fill("Bệnh viện Sản Nhi Ninh Bình")
    for file_input in officer.locator("input[type=file]").all():
        file_input.set_input_files(
            {"name": "giay-to.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
    officer.get_by_role("button", name="Nộp hồ sơ").click()
    expect(officer.locator(".messages")).to_contain_text("Đã nộp hồ sơ")
    dossier = Dossier.objects.get(sandbox=sandbox)
    if dossier.fee_amount:
        officer.get_by_role("button", name="Thanh toán thành công").click()

    # The receiving officer asks for a supplement, once, listing what is missing.
    officer.goto(f"{base}/mot-cua/{sandbox.pk}/?hop=moi")
    officer.get_by_role("link", name=dossier.code).click()
    form = open_action(officer, "Yêu cầu bổ sung, hoàn thiện")
    form.locator("input[type=checkbox]").first.check()
    form.get_by_label("Lý do").fill("Bản chụp giấy chứng sinh bị mờ, không đọc được")
    form.get_by_label("Căn cứ pháp lý").fill("Điều 16 Luật Hộ tịch 2014")
    form.get_by_role("button").click()
    expect(officer.locator(".messages")).to_contain_text("Đã gửi yêu cầu bổ sung")

    # The citizen supplies it.
    officer.goto(f"{base}/cong-dvc/{sandbox.pk}/ho-so/{dossier.code}/")
    expect(
        officer.get_by_role("heading", name="Yêu cầu bổ sung, hoàn thiện hồ sơ")
    ).to_be_visible()
    officer.get_by_label("Giấy tờ bổ sung").set_input_files(
        {"name": "giay-chung-sinh.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    officer.get_by_role("button", name="Gửi bổ sung").click()
    expect(officer.locator(".messages")).to_contain_text("Đã gửi hồ sơ bổ sung")

    # The officer receives, assigns to themself as specialist, appraises.
    officer.goto(f"{base}/mot-cua/{sandbox.pk}/ho-so/{dossier.code}/")
    open_action(officer, "Tiếp nhận").get_by_role("button").click()
    expect(officer.locator(".messages")).to_contain_text("Đã tiếp nhận")
    open_action(officer, "Chuyển chuyên viên xử lý").get_by_role("button").click()
    form = open_action(officer, "Thẩm định, trình lãnh đạo")
    form.get_by_label("Ý kiến thẩm định, đề xuất").fill(
        "Hồ sơ đầy đủ, hợp lệ; đề nghị đăng ký khai sinh."
    )
    form.get_by_role("button").click()
    expect(officer.locator(".messages")).to_contain_text("Đã trình lãnh đạo")

    # The leader approves and signs with the virtual USB token.
    pin = VirtualToken.objects.get(user=leader).pin_envelope
    boss = browser.new_context().new_page()
    log_in(boss, base, "lanhdao")
    boss.goto(f"{base}/mot-cua/{sandbox.pk}/ho-so/{dossier.code}/")
    form = open_action(boss, "Phê duyệt và ký số kết quả")
    form.get_by_label("Mã PIN của USB Token").fill(pin)
    form.get_by_role("button").click()
    expect(boss.locator(".messages")).to_contain_text("Đã phê duyệt và ký số kết quả")

    # The officer returns the result online; the citizen sees and downloads it.
    officer.goto(f"{base}/mot-cua/{sandbox.pk}/ho-so/{dossier.code}/")
    form = open_action(officer, "Trả kết quả")
    form.get_by_label("Hình thức trả").select_option("2")
    form.get_by_role("button").click()
    expect(officer.locator(".messages")).to_contain_text("Đã trả kết quả")
    officer.goto(f"{base}/cong-dvc/{sandbox.pk}/ho-so/{dossier.code}/")
    expect(officer.locator(".status")).to_have_text("Đã trả kết quả")
    with officer.expect_download() as download:
        officer.get_by_role("link", name=re.compile("Tải kết quả điện tử")).click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    officer.screenshot(path="var/screenshot-citizen-result.png", full_page=True)
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RETURNED
