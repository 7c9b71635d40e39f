"""A coordinator starts a drill of two communes; a participant handles a dossier; the live
dashboard updates without a reload. Served by a real ASGI server (uvicorn, in a thread of
the test process), since the dashboard lives on WebSockets."""

import re
import socket
import threading
import time

import pytest
from playwright.sync_api import expect

from fake_portal.models import Dossier
from scenarios.drills import actions
from tests.conftest import PASSWORD
from tests.drills.conftest import (  # noqa: F401 (fixtures)
    citizens,
    drill,
    other_specialist,
    teams,
    version,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asgi_url(db):
    import uvicorn
    from channels.routing import ProtocolTypeRouter
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from sandbox.asgi import application

    app = ProtocolTypeRouter(
        {
            "http": ASGIStaticFilesHandler(application.application_mapping["http"]),
            "websocket": application.application_mapping["websocket"],
        }
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_level="warning",
            ws_per_message_deflate=False,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def in_thread(fn, *args, **kwargs):
    """Call an action outside this thread: Playwright owns its event loop, and actions
    broadcast after commit through async_to_sync."""
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(value=fn(*args, **kwargs)))
    thread.start()
    thread.join(60)
    return outcome.get("value")


def log_in(page, base, username, then):
    page.goto(f"{base}/dang-nhap/?next={then}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(re.escape(then)))


def test_a_coordinator_starts_a_drill_and_watches_a_participant_work(
    asgi_url,
    browser,
    drill,  # noqa: F811
    teams,  # noqa: F811
    coordinator,
    citizens,  # noqa: F811
):
    base = asgi_url
    drill = in_thread(actions.open_lobby, drill, actor=coordinator)
    in_thread(actions.prepare_teams, drill, actor=coordinator)
    home = teams[0]
    home.refresh_from_db()

    # The participant waits in the lobby; nobody of the other commune has come.
    officer = browser.new_context().new_page()
    log_in(officer, base, "tiepnhan", f"/dien-tap/{drill.pk}/tham-gia/")

    # The coordinator opens the control room and starts the drill without the team
    # that is not ready, once they have confirmed it.
    boss = browser.new_context().new_page()
    log_in(boss, base, "dieuphoi", f"/dien-tap/{drill.pk}/")
    expect(boss.locator("#live-state")).to_have_text("Đã kết nối trực tiếp")
    expect(boss.locator(".commune-grid .cell")).to_have_count(2)
    expect(boss.locator(".not-ready")).to_contain_text(teams[1].commune.name)
    boss.get_by_role("button", name="Bắt đầu diễn tập").click()
    expect(boss.locator(".messages")).to_contain_text("còn 1/2 đội chưa sẵn sàng")
    expect(boss.locator("#drill-status")).to_have_text("Phòng chờ đang mở")
    boss.get_by_label("Vẫn bắt đầu mà không chờ các đội chưa sẵn sàng").check()
    boss.get_by_role("button", name="Bắt đầu diễn tập").click()
    expect(boss.locator("#drill-status")).to_have_text("Đang diễn tập")

    # The participant is taken from the lobby into the drill (their wave is the first).
    expect(officer).to_have_url(re.compile(r"/tham-gia/vao/$"), timeout=15000)
    expect(officer.locator("#live-state")).to_have_text("Đã kết nối trực tiếp")

    # The coordinator fires a new dossier into Hoa Lư only; the dashboard counts it live.
    boss.get_by_label("Loại tình huống").select_option("new_dossier")
    expect(boss.get_by_label("Sự cố chữ ký số")).to_be_hidden()  # not for a new dossier
    boss.get_by_label("Thủ tục (hồ sơ mới)").select_option("1.001193")
    boss.locator("form[action$='/tinh-huong/']").get_by_label(home.commune.name).check()
    boss.get_by_role("button", name="Phát tình huống").click()
    expect(boss.locator(".messages")).to_contain_text("Đã phát tình huống")
    boss.locator("details summary").filter(has_text="Bảng số liệu theo xã").click()
    expect(officer.locator("#drill-feed")).to_contain_text("Hồ sơ mới đến")
    deadline = time.monotonic() + 20
    while (
        not Dossier.objects.filter(sandbox_id=home.sandbox_id).exists()
        and time.monotonic() < deadline
    ):
        time.sleep(0.2)
    dossier = Dossier.objects.get(sandbox_id=home.sandbox_id)
    cell = boss.locator(f".commune-grid .cell[data-team='{home.pk}'] .nums")
    expect(cell).to_have_text("1 / 0 / 0", timeout=10000)
    expect(officer.locator("#dossier-notice")).to_contain_text(dossier.code)

    # The participant receives it in the team's back office.
    officer.goto(f"{base}/mot-cua/{home.sandbox_id}/ho-so/{dossier.code}/")
    officer.locator("details.action summary").filter(
        has_text=re.compile("^Tiếp nhận$")
    ).click()
    officer.locator("details.action[open] form").get_by_role("button").click()
    expect(officer.locator(".messages")).to_contain_text("Đã tiếp nhận")
    assert Dossier.objects.get(pk=dossier.pk).received_at is not None

    # The coordinator sees it accepted, live.
    row = boss.locator("#dashboard-rows tr").filter(has_text=home.commune.name)
    expect(row.locator("td").nth(2)).to_have_text("1", timeout=10000)
    # An announcement reaches the participant live.
    boss.get_by_label("Nội dung thông báo").fill("Chú ý: hồ sơ khai sinh tăng mạnh")
    boss.get_by_role("button", name="Gửi cho mọi người tham gia").click()
    officer.goto(f"{base}/dien-tap/{drill.pk}/tham-gia/vao/")
    expect(officer.locator("#drill-feed")).to_contain_text("hồ sơ khai sinh tăng mạnh")
