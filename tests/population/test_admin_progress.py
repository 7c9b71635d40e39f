"""The admin's progress bar, in a browser: the row it sits in follows the job."""

import re

import pytest
from playwright.sync_api import expect

from fake_portal.population import actions
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_world_list_row_says_ready_once_the_job_has_finished(
    live_server, page, administrator
):
    world = actions.create_world(province_code=37, citizens=40, seed=5)
    page.goto(live_server.url + "/django-admin/sandbox/world/")
    page.get_by_label("Tên đăng nhập").fill(administrator.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    row = page.locator("#result_list tr", has_text=world.name)
    expect(row.locator("td.field-status")).to_have_text("Chờ tạo")

    actions.generate_world(world)  # what the background worker does

    expect(row.locator(".world-progress-text")).to_contain_text("Sẵn sàng")
    # The row does not contradict its own progress bar.
    expect(row.locator("td.field-status")).to_have_text("Sẵn sàng", timeout=5000)
