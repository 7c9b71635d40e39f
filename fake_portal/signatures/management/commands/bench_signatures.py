"""Signatures per second on a one-page result PDF, beside the unsigned render as baseline."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from fake_portal.signatures import actions, signing
from fake_portal.signatures.documents import render_document
from sandbox.models import Position, Province, Role

BENCH_USER = "bench-ky-so"
BENCH_PIN = "135790"


class RollbackError(Exception):
    pass


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=200, help="signatures to make")
        parser.add_argument("--renders", type=int, default=None, help="default: n/4")

    def handle(self, *args, n=200, renders=None, **options):
        renders = renders or max(5, n // 4)
        try:
            with (
                transaction.atomic()
            ):  # the bench official and its log vanish afterwards
                self._run(n, renders)
                raise RollbackError
        except RollbackError:
            pass

    def _signer(self):
        from sandbox import actions as core

        user = core.create_official(
            username=BENCH_USER,
            full_name="Nguyễn Văn Đo Thử",
            role=Role.TRAINEE,
            position=Position.LEADER,
            province=Province.objects.order_by("code").first(),
            commune=Province.objects.order_by("code").first().communes.first(),
        )
        actions.issue_certificate_for(user, actor=None)
        actions.reset_pin(user, actor=None, pin=BENCH_PIN)
        return user

    def _run(self, n, renders):
        if get_user_model().objects.filter(username=BENCH_USER).exists():
            raise SystemExit(f"user {BENCH_USER} exists; remove it first")
        signer = self._signer()
        render = lambda: render_document(  # noqa: E731
            "result", holder="Đặng Thị Ngọc Ánh", unit="Phường Hoa Lư"
        )
        pdf = render()  # warm fonts and caches before timing
        signing.sign_pdf(pdf, signer=signer, pin=BENCH_PIN, reason="x", location="y")
        start = time.perf_counter()
        for _ in range(renders):
            render()
        render_rate = _rate(renders, time.perf_counter() - start)
        start = time.perf_counter()
        for _ in range(n):
            signing.sign_pdf(
                pdf,
                signer=signer,
                pin=BENCH_PIN,
                reason="Phê duyệt kết quả",
                location="Phường Hoa Lư",
            )
        sign_rate = _rate(n, time.perf_counter() - start)
        self.stdout.write(f"one-page result PDF: {len(pdf)} bytes")
        self.stdout.write(
            f"baseline  render (WeasyPrint): {render_rate:8.1f} /s ({renders} runs)"
        )
        self.stdout.write(
            f"measured  sign (token, PAdES): {sign_rate:8.1f} /s ({n} runs)"
        )
        self.stdout.write(f"ratio sign/render: {sign_rate / render_rate:.2f}x")
