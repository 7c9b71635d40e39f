"""The participant's pages in a browser: what the lobby offers before the start, and a feed
that shows each announcement and inject once, newest first, after the live connection has
sent the whole state again. Served by a real ASGI server, as the drill journey is."""

import pytest
from playwright.sync_api import expect

from scenarios.drills import actions
from tests.browser.test_drill_journey import (  # noqa: F401 (fixture)
    asgi_url,
    in_thread,
    log_in,
)
from tests.drills.conftest import open_and_start, open_lobby

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _participant(browser, base, drill, path="tham-gia/"):
    page = browser.new_context().new_page()
    log_in(page, base, "tiepnhan", f"/dien-tap/{drill.pk}/{path}")
    expect(page.locator("#live-state")).to_have_text("Đã kết nối trực tiếp")
    return page


def test_the_lobby_offers_no_way_in_before_the_start(
    asgi_url,  # noqa: F811
    browser,
    drill,
    teams,
    coordinator,
):
    lobby = in_thread(open_lobby, drill, coordinator)
    page = _participant(browser, asgi_url, lobby)
    expect(page.locator("#admission-note")).to_have_text(
        "Xin chờ điều phối viên bắt đầu."
    )
    expect(page.locator("#play-link")).to_be_hidden()


def test_the_feed_shows_each_notice_once_newest_first(
    asgi_url,  # noqa: F811
    browser,
    drill,
    teams,
    coordinator,
):
    running = in_thread(open_and_start, drill, coordinator)
    in_thread(actions.announce, running, "Thông báo thứ nhất", actor=coordinator)
    in_thread(
        actions.fire_inject,
        running,
        "notice",
        actor=coordinator,
        message="Tình huống thứ hai",
    )
    in_thread(actions.announce, running, "Thông báo thứ ba", actor=coordinator)
    page = _participant(browser, asgi_url, running, "tham-gia/vao/")
    # The socket sends the whole state on connecting, then what happens: once the fourth
    # notice is shown, the state has been handled too.
    in_thread(actions.announce, running, "Thông báo thứ tư", actor=coordinator)
    items = page.locator("#drill-feed li")
    expect(items.first).to_contain_text("Thông báo thứ tư")
    texts = [text.split(" – ", 1)[1] for text in items.all_inner_texts()]
    assert texts == [
        "Thông báo thứ tư",
        "Thông báo thứ ba",
        "Tình huống (chỉ thông báo): Tình huống thứ hai",
        "Thông báo thứ nhất",
    ]
