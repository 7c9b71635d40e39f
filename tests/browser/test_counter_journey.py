"""In Vietnamese, at the counter: an elderly citizen brings a paper birth-registration request.

The officer calls her ticket, looks her up, fills the e-form for her, digitises and signs two
papers, notices that her birth date differs from the database, asks for the supplement with
form 02; when she comes back with it, receives the dossier and prints the signed form 01.

Run: DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python -m pytest -q -m browser
tests/browser/test_counter_journey.py
"""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from fake_portal import actions as portal
from fake_portal.counter import actions as counter
from fake_portal.counter.events import MISTAKES
from fake_portal.models import Dossier, Status
from fake_portal.signatures import actions as signature_actions
from fake_portal.signatures.trust import check_document
from sandbox import actions as core
from tests.conftest import PASSWORD
from tests.fake_portal.conftest import make_citizen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PIN = "246810"


@pytest.fixture
def counter_day(world, home_commune, commune_officer):
    grandmother = make_citizen(
        world,
        home_commune,
        "036150000777",
        surname="Lê",
        middle_name="Thị",
        given_name="Mận",
        birth_date=date(1950, 3, 8),
        card_expiry_date=None,
    )
    signature_actions.reset_pin(commune_officer, actor=None, pin=PIN)
    sandbox = portal.open_practice_sandbox(user=commune_officer, world=world, speed=1)
    counter.arrive_walk_in(
        sandbox,
        citizen=grandmother,
        procedure_code="1.001193",
        defects=["birth_date_mismatch"],
        include_optional=False,
        seed="journey",
    )
    return sandbox, grandmother


def log_in(page, base, username, then):
    page.goto(f"{base}/dang-nhap/?next={then}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quầy tiếp nhận")


def paper_row(page, title, state=None):
    rows = page.locator("table.papers tbody tr").filter(has_text=title)
    return rows.filter(has_text=state) if state else rows


def mark(page, title, button, state=None):
    paper_row(page, title, state).get_by_role("button", name=button).click()
    expect(page.locator(".messages")).to_contain_text(title)


def digitise(page, title, *, expect_mismatch=False):
    page.get_by_role("link", name=f"Số hóa {title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    if expect_mismatch:
        differing = page.locator("table.compare tr.differs")
        expect(differing).to_contain_text("Ngày, tháng, năm sinh")
        expect(differing).to_contain_text("khác CSDL")
    page.get_by_label("Mã PIN USB Token của bạn").fill(PIN)
    page.get_by_role("button", name="Số hóa và ký số").click()
    expect(page.locator(".messages")).to_contain_text("Đã số hóa và ký số giấy tờ")


def test_elderly_citizen_birth_registration_at_the_counter(
    live_server, page, counter_day
):
    sandbox, grandmother = counter_day
    base = live_server.url
    # Her ticket is called; she has no VNeID and is not asked for one.
    log_in(page, base, "tiepnhan", then=f"/quay/{sandbox.pk}/")
    expect(page.locator("table")).to_contain_text("Lê Thị Mận")
    page.get_by_role("button", name="Gọi số tiếp theo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("001")
    expect(page.locator("main")).to_contain_text(
        "Không yêu cầu công dân xuất trình tài khoản VNeID"
    )

    # The officer reads the number on her card and looks her up in the population database.
    expect(page.locator("img.card-thumb")).to_be_visible()
    page.get_by_label("Số định danh cá nhân (đọc trên thẻ căn cước)").fill(
        grandmother.id_number
    )
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("main")).to_contain_text("Lượt tra cứu đã được ghi nhật ký")
    page.get_by_role("button", name="Chọn công dân này").click()
    expect(page.locator(".messages")).to_contain_text("Đã xác định công dân Lê Thị Mận")

    # She dictates; the officer fills the e-form, the applicant pre-filled from the database.
    expect(page.locator("dl.facts")).to_contain_text("08/03/1950")
    page.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Lê Minh Khôi")
    page.get_by_label("Ngày sinh của trẻ").fill("2026-02-20")
    page.get_by_label("Giới tính của trẻ").select_option("Nam")
    page.get_by_label("Nơi sinh").fill("Bệnh viện đa khoa tỉnh Ninh Bình")
    page.get_by_role("button", name="Lập hồ sơ điện tử").click()
    expect(page.locator(".messages")).to_contain_text("Đã lập hồ sơ điện tử")
    dossier = Dossier.objects.get(sandbox=sandbox)
    expect(page.get_by_role("heading", level=1)).to_contain_text(dossier.code)

    # The card is only compared; the form and the birth certificate are kept and digitised.
    mark(page, "Thẻ Căn cước công dân", "Chỉ đối chiếu")
    mark(page, "Tờ khai đăng ký khai sinh", "Nhận bản lưu")
    mark(page, "Giấy chứng sinh", "Nhận bản lưu")
    digitise(page, "Tờ khai đăng ký khai sinh", expect_mismatch=True)
    digitise(page, "Giấy chứng sinh")
    expect(page.locator("table.papers")).to_contain_text("329.14.00.H37.")

    # The birth date on her form differs from the database: one supplement request, form 02.
    page.locator("details.action summary").filter(has_text="Yêu cầu bổ sung").click()
    form = page.locator("details.action[open] form")
    form.get_by_label("Tờ khai đăng ký khai sinh (theo mẫu)").check()
    form.get_by_label("Lý do").fill(
        "Ngày sinh của người yêu cầu trên tờ khai (03/08/1950) khác CSDL dân cư (08/03/1950)"
    )
    form.get_by_label("Căn cứ pháp lý").fill("Điều 16 Luật Hộ tịch 2014")
    form.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    expect(page.locator(".messages")).to_contain_text("Đã yêu cầu bổ sung")
    form_02 = page.get_by_role("link", name=re.compile("Mẫu 02"))
    response = page.request.get(base + form_02.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    page.get_by_role("button", name="Kết thúc phục vụ số 001").click()
    expect(page.locator(".messages")).to_contain_text("Đã kết thúc phục vụ số 001")

    # The next day she comes back with a corrected form (tickets start again at 001).
    core.advance_clock(sandbox, timedelta(hours=27), actor=None)
    page.goto(f"{base}/quay/{sandbox.pk}/")
    expect(page.locator("table")).to_contain_text("bổ sung hồ sơ")
    page.get_by_role("button", name="Gọi số tiếp theo").click()
    page.get_by_role("link", name=re.compile("Mở hồ sơ")).click()
    mark(page, "Tờ khai đăng ký khai sinh", "Nhận bản lưu", state="Công dân mang đến")
    digitise(page, "Tờ khai đăng ký khai sinh")
    page.get_by_role("button", name="Ghi nhận hồ sơ bổ sung").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận hồ sơ bổ sung")

    # Now complete: received, and the receipt (form 01) signed and printed for her.
    page.locator("details.action summary").filter(has_text="Tiếp nhận hồ sơ").click()
    page.locator("details.action[open] form").get_by_role(
        "button", name="Tiếp nhận"
    ).click()
    expect(page.locator(".messages")).to_contain_text("Đã tiếp nhận hồ sơ")
    page.get_by_label("Mã PIN USB Token của bạn").fill(PIN)
    page.get_by_role("button", name="Ký số và in giấy tiếp nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã ký số giấy tiếp nhận")
    receipt = page.get_by_role("link", name=re.compile("Giấy tiếp nhận \\(mẫu 01\\)"))
    expect(receipt).to_be_visible()
    pdf = page.request.get(base + receipt.get_attribute("href")).body()
    # pyHanko validates with asyncio.run(): not in the thread where Playwright's loop runs.
    with ThreadPoolExecutor(1) as worker:
        assert worker.submit(check_document, pdf).result().all_valid
    page.get_by_role("button", name=re.compile("Kết thúc phục vụ số 001")).click()
    expect(page.locator(".messages")).to_contain_text("Đã kết thúc phục vụ")

    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    actions = list(dossier.events.values_list("action", flat=True))
    assert actions.count("paper.digitised") == 3
    assert actions.count("dossier.supplement_requested") == 1
    assert "receipt.signed" in actions
    assert not set(actions) & set(MISTAKES)
