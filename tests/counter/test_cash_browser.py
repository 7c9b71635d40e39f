"""In a browser, with the keyboard only: the officer takes a late-birth fee in cash at the
desk and prints the receipt, which keeps its training marking on paper.

Run: env -u DATABASE_URL -u REDIS_URL DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python -m
pytest tests/counter -m browser -p no:cacheprovider
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from fake_portal.counter.models import FeeReceipt
from fake_portal.models import Status
from tests.conftest import PASSWORD
from tests.counter.conftest import serve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base, username, then):
    page.goto(f"{base}/dang-nhap/?next={then}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")


def test_cash_is_taken_and_the_receipt_printed_with_the_keyboard(
    live_server, page, sandbox, citizen, commune_officer
):
    # Actions broadcast on commit through async_to_sync: not in the thread where
    # Playwright's event loop runs.
    with ThreadPoolExecutor(1) as worker:
        walk_in, dossier = worker.submit(
            serve,
            sandbox,
            citizen,
            commune_officer,
            request={"child_birth_date": "2025-12-01"},
        ).result()
    log_in(
        page, live_server.url, "tiepnhan", then=f"/quay/{sandbox.pk}/luot/{walk_in.pk}/"
    )
    panel = page.locator("section.cash-fee")
    expect(panel.get_by_role("heading", name="Thu phí, lệ phí")).to_be_visible()
    expect(panel).to_contain_text("Số phải nộp: 8.000 đ")

    # A short payment first: refused beside the field, nothing written.
    amount = page.get_by_label("Số tiền công dân nộp (đồng)")
    amount.focus()
    page.keyboard.type("5.000")
    page.keyboard.press("Tab")
    button = page.get_by_role("button", name="Thu tiền mặt")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("section.cash-fee [role=alert]")).to_contain_text(
        "ít hơn số phải nộp (8.000 đ)"
    )
    assert not FeeReceipt.objects.exists()

    # The full amount: the receipt opens, ready to print.
    amount = page.get_by_label("Số tiền công dân nộp (đồng)")
    amount.fill("")
    amount.focus()
    page.keyboard.type("8.000")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Biên lai thu phí, lệ phí"
    )
    expect(page.locator(".messages")).to_contain_text("Đã thu 8.000 đ tiền mặt")
    expect(page.locator("article.receipt")).to_contain_text("SB-26E")
    expect(page.get_by_role("button", name="In biên lai")).to_be_visible()

    # On paper the tools go, the marking stays, and is printed dark (no background ink).
    page.emulate_media(media="print")
    expect(page.locator(".receipt-tools").first).to_be_hidden()
    band = page.locator(".training-band")
    expect(band).to_be_visible()
    expect(band).to_have_css("color", "rgb(122, 31, 0)")
    expect(page.locator(".receipt-marking")).to_contain_text("KHÔNG CÓ GIÁ TRỊ PHÁP LÝ")

    dossier.refresh_from_db()
    assert dossier.fee_paid and dossier.status == Status.FILED
    assert FeeReceipt.objects.get().number == 1
