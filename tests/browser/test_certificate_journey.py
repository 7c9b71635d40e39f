"""A trainee completes a course and downloads the certificate; its QR address shows it valid.

Completion goes through the courses app's real actions (the browser reads the lessons and
passes the quiz); CoursesConfig.ready() wires the certificates' hook.
"""

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import expect

from certificates import sources
from certificates.models import CertificateTemplate, IssuingRule
from courses import actions as course_actions
from courses.loader import load_course_content
from courses.models import QuizAttempt
from fake_portal.signatures.trust import current_trust
from fake_portal.signatures.verify import VALID, verify_pdf
from tests.browser.conftest import course_template
from tests.certificates.qr import link_targets, qr_modules_for, qr_modules_in_pdf
from tests.conftest import PASSWORD
from tests.courses.conftest import answer_value, tiny_course, write_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wired(settings, live_server):
    """The page URLs the certificates print point at the live server."""
    settings.SITE_URL = live_server.url
    assert sources.on_course_completed in course_actions.course_completed_hooks


def run_worker_once():
    """`manage.py db_worker --batch` on the test database, as its own process (as in
    production, and because pyHanko cannot sign in Playwright's event-loop thread)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "1",
        "SITE_URL": settings.SITE_URL,
        "DJANGO_SETTINGS_MODULE": "sandbox.settings",
    }
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--batch",
        "--no-startup-delay",
    ]
    subprocess.run(
        command,
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
        timeout=300,
        capture_output=True,
    )


def _answer(page, question):
    name, value = f"q-{question['id']}", answer_value(question, right=True)
    kind = question["type"]
    if kind in ("single", "truefalse"):
        page.locator(f"#{name}-{value}").check()
    elif kind == "multiple":
        for option in value:
            page.locator(f"#{name}-{option}").check()
    elif kind in ("matching", "ordering"):
        for sub, chosen in value.items():
            page.locator(f"#{name}-{sub}").select_option(str(chosen))
    else:
        page.locator(f"#{name}").fill(value)


def test_a_trainee_completes_a_course_downloads_the_certificate_and_the_qr_shows_it_valid(
    live_server, page, browser, commune_officer, tmp_path, wired
):
    load_course_content(write_course(tmp_path, tiny_course()))
    template = course_template()
    IssuingRule.objects.create(
        name="Hoàn thành khóa học", kind="course", reference="", template=template
    )

    page.goto(live_server.url + "/dang-nhap/?next=/hoc-tap/khoa-hoc/")
    page.get_by_label("Tên đăng nhập").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Khóa học thử").click()
    page.get_by_role("button", name="Ghi danh khóa học").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bài một")
    page.get_by_role("link", name=re.compile("Bài tiếp theo")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bài hai")
    page.get_by_role("link", name=re.compile("Làm bài kiểm tra")).click()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    attempt = QuizAttempt.objects.get(user=commune_officer)
    expect(page.get_by_role("group")).to_have_count(len(attempt.questions))
    for question in attempt.questions:
        _answer(page, question)
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.get_by_role("heading", name="Đạt", exact=True)).to_be_visible()

    # The dashboard's certificates panel, then "Chứng chỉ của tôi".
    page.goto(live_server.url + "/")
    panel = page.locator("#panel-certificates")
    expect(panel).to_contain_text("Khóa học thử")
    panel.get_by_role("link", name="Chứng chỉ của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chứng chỉ của tôi")
    page.screenshot(path="var/screenshot-certificates-mine.png", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Chứng chỉ (PDF)").click()
    download = download_info.value
    assert re.fullmatch(
        r"chung-chi-SB-\d{4}-[0-9A-Z-]+\.pdf", download.suggested_filename
    )
    with open(download.path(), "rb") as downloaded:
        pdf = downloaded.read()

    # pyHanko runs its own event loop: not in this thread, where Playwright's is running.
    with ThreadPoolExecutor(1) as pool:
        report = pool.submit(verify_pdf, pdf, current_trust()).result()
    [signature] = report.signatures
    assert signature.verdict == VALID
    assert signature.signer_name == "Sa Bàn – Nền tảng đào tạo"
    [address] = link_targets(pdf)
    assert address.startswith(live_server.url + "/chung-chi/kiem-tra/SB-")
    assert qr_modules_in_pdf(pdf, tmp_path) == qr_modules_for(address)

    # Anyone who scans the QR code, logged in or not, sees the certificate valid.
    public = browser.new_context().new_page()
    public.goto(address)
    expect(public.get_by_role("heading", level=1)).to_have_text("Kiểm tra chứng chỉ")
    status = public.get_by_role("status")
    expect(status).to_contain_text("Chứng chỉ hợp lệ")
    expect(public.locator("[data-status]")).to_have_attribute("data-status", "valid")
    expect(public.locator("dl.facts")).to_contain_text("Cán bộ tiepnhan")
    expect(public.locator("dl.facts")).to_contain_text("Khóa học thử")
    public.screenshot(path="var/screenshot-certificate-verify.png", full_page=True)
    public.context.close()


def test_a_trainer_bulk_issues_to_a_commune_and_watches_the_progress(
    live_server,
    page,
    settings,
    trainer,
    commune_officer,
    specialist,
    home_commune,
    wired,
):
    # The real database queue, so the job waits for a worker as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    template = CertificateTemplate.objects.create(
        name="Mẫu lớp học",
        issuing_body="Sở Nội vụ tỉnh Ninh Bình (mô phỏng)",
        signer_name="Lê Minh Tuấn",
        signer_title="Giám đốc Trung tâm đào tạo (mô phỏng)",
    )
    IssuingRule.objects.create(
        name="Lớp khai sinh",
        kind="course",
        reference="lop-khai-sinh",
        template=template,
    )
    page.goto(live_server.url + "/dang-nhap/?next=/chung-chi/cap-hang-loat/")
    page.get_by_label("Tên đăng nhập").fill("giangvien")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cấp chứng chỉ hàng loạt")
    page.get_by_label("Tên thành tích in trên chứng chỉ").fill("Lớp đăng ký khai sinh")
    page.get_by_label("Mã thủ tục hành chính đã học").fill("1.001193")
    page.get_by_label(home_commune.name).check()
    page.get_by_role("button", name="Bắt đầu cấp").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tiến độ cấp chứng chỉ hàng loạt"
    )
    expect(page.locator("#bulk-state")).to_have_text("Đang chờ")
    run_worker_once()
    # The page polls its JSON status and fills the progress bar without a reload.
    expect(page.locator("#bulk-state")).to_have_text("Đã xong", timeout=15_000)
    expect(page.locator("#bulk-issued")).to_have_text("2")
    expect(page.locator("#bulk-bar")).to_have_attribute("value", "2")
    page.screenshot(path="var/screenshot-certificates-bulk.png", full_page=True)
