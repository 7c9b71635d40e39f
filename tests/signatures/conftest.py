"""Fixtures for the signature tests: one-page PDFs, sandboxes, an NSS database for pdfsig."""

import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from weasyprint import HTML

from fake_portal.signatures.trust import current_trust
from fake_portal.signatures.verify import pem_of
from sandbox import actions
from sandbox.models import World
from tests.fake_portal.conftest import (  # noqa: F401 (fixtures)
    PIN,
    leader_pin,
    officer_pin,
)

ONE_PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<style>@page {{ size: A4; margin: 2cm }} body {{ font-family: "DejaVu Serif" }}</style>
</head><body><p>MÔI TRƯỜNG ĐÀO TẠO – DỮ LIỆU MÔ PHỎNG</p>
<h1>{title}</h1><p>Họ và tên: Đặng Thị Ngọc Ánh. Nơi đăng ký: Phường Hoa Lư.</p>
</body></html>"""

_cache = {}


def render_pdf(title="Trích lục khai sinh (bản thử nghiệm)") -> bytes:
    if title not in _cache:
        _cache[title] = HTML(string=ONE_PAGE.format(title=title)).write_pdf()
    return _cache[title]


@pytest.fixture
def one_page_pdf():
    return render_pdf()


@pytest.fixture
def world(province):
    return World.objects.create(
        name="Thử nghiệm", province=province, seed=1, citizens=10
    )


@pytest.fixture
def sandbox(world, home_commune, leader):
    return actions.open_sandbox(
        world=world,
        commune=home_commune,
        kind="practice",
        owner=leader,
        start=datetime(2025, 7, 1, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        paused=True,
    )


@pytest.fixture
def nss_dir(db, tmp_path):
    """An NSS database trusting the training root, for pdfsig -nssdir sql:DIR."""
    root_pem = tmp_path / "root.pem"
    root_pem.write_text(pem_of(current_trust().root))
    nss = tmp_path / "nss"
    nss.mkdir()
    subprocess.run(
        ["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["certutil", "-A", "-d", f"sql:{nss}", "-n", "saban-root", "-t", "C,C,C"]
        + ["-i", str(root_pem)],
        check=True,
        capture_output=True,
    )
    return nss


@pytest.fixture
def pdfsig(nss_dir, tmp_path):
    """Run Debian's pdfsig on bytes; returns its output (it exits 0 whatever it finds)."""

    def run(data: bytes) -> str:
        path = tmp_path / "checked.pdf"
        path.write_bytes(data)
        result = subprocess.run(
            ["pdfsig", "-nssdir", f"sql:{nss_dir}", "-no-ocsp", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        return result.stdout + result.stderr

    return run
