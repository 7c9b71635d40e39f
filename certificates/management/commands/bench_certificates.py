"""Benchmark: issuing signed certificates against a bare WeasyPrint render of the same HTML.

Both are measured in the same run, on the same machine, with the same number of processes:
the bare rate renders pre-made certificate HTML to PDF and nothing else; the full rate runs
the real `actions.issue_certificate` (HTML, QR code, WeasyPrint, PAdES signature, Open
Badges credential and VC-JWT, database rows and event). Several processes stand for
several `db_worker` processes sharing a bulk job, which is how issuing scales out.
Everything the benchmark creates is deleted afterwards unless --keep is given.
"""

import multiprocessing
import os
import statistics
import time
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connections

from certificates import actions, issuing, pades, rendering
from certificates.models import (
    BulkIssue,
    Certificate,
    CertificateEvent,
    CertificateTemplate,
    IssuingRule,
)
from certificates.rules import Achievement, CoveredProcedure

GOAL = 20.0  # certificates per second on the team's 2-core machine
PREFIX = "bench-chung-chi"
TITLES = [
    "Tiếp nhận và giải quyết hồ sơ đăng ký khai sinh trên Cổng Dịch vụ công",
    "Chứng thực bản sao từ bản chính tại Bộ phận Một cửa cấp xã",
    "Diễn tập tiếp nhận hồ sơ liên thông khai sinh – thường trú – bảo hiểm y tế",
]
NAMES = ["Đặng Thị Ngọc Ánh", "Nguyễn Văn Hùng", "Trần Thị Thu Hằng", "Vũ Đức Thắng"]


def _achievement(i: int) -> Achievement:
    return Achievement(
        kind="course",
        reference=f"{PREFIX}-{i}",  # one achievement each: no "already holds" shortcut
        title=TITLES[i % len(TITLES)],
        score=60 + (i * 7) % 41,
        procedures=(CoveredProcedure("1.001193", 1, "Đăng ký khai sinh"),),
    )


def _html(i: int, template) -> str:
    printed = issuing.printed_for(
        template, NAMES[i % len(NAMES)], _achievement(i), now=datetime.now(UTC)
    )
    return rendering.certificate_html(printed)


# ---------------------------------------------------------------- worker processes


def _warm_up(html: str):
    # Fonts, the stylesheet and the signing key load once per process: not what we measure.
    actions.current_signer()
    rendering.render_pdf(html)


def _bare(htmls: list[str]) -> tuple[int, float]:
    cpu = time.process_time()
    for html in htmls:
        rendering.render_pdf(html)
    return len(htmls), time.process_time() - cpu


def _issue(job: tuple[int, list[int], list[int]]) -> tuple[int, float]:
    cpu = time.process_time()
    template_pk, user_pks, indices = job
    template = CertificateTemplate.objects.get(pk=template_pk)
    rule = IssuingRule.objects.get(template=template)
    users = get_user_model().objects.select_related("profile").in_bulk(user_pks)
    for i in indices:
        actions.issue_certificate(
            template=template,
            recipient=users[user_pks[i % len(user_pks)]],
            achievement=_achievement(i),
            actor=None,
            rule=rule,
        )
    connections.close_all()
    return len(indices), time.process_time() - cpu


def _split(items: list, parts: int) -> list[list]:
    return [items[n::parts] for n in range(parts)]


class Command(BaseCommand):
    help = (
        "Đo tốc độ cấp chứng chỉ đã ký số so với WeasyPrint thuần trên cùng HTML "
        "(mặc định 2.000 chứng chỉ)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=2000)
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 1,
            help="Số tiến trình (như số db_worker); mặc định bằng số nhân CPU.",
        )
        parser.add_argument("--keep", action="store_true", help="Giữ lại dữ liệu đo.")

    def handle(self, *args, n, processes, keep, **options):
        template, rule, users = self._fixtures()
        try:
            self._run(n, max(1, processes), template, users)
        finally:
            if not keep:
                self._clean(template, rule, users)

    # -------------------------------------------------------------- set-up and clean-up

    def _fixtures(self):
        from sandbox import actions as core
        from sandbox.models import Commune, Province

        province = Province.objects.order_by("pk").first()
        commune = Commune.objects.filter(province=province).order_by("pk").first()
        users = [
            core.create_official(
                username=f"{PREFIX}-{k}",
                full_name=NAMES[k % len(NAMES)],
                role="trainee",
                position="receiving_officer",
                province=province,
                commune=commune,
                actor=None,
            )
            for k in range(8)
        ]
        template = CertificateTemplate.objects.create(
            name=f"{PREFIX} {time.time_ns()}",
            issuing_body="Sở Nội vụ tỉnh Ninh Bình (mô phỏng)",
            signer_name="Lê Minh Tuấn",
            signer_title="Giám đốc Trung tâm đào tạo (mô phỏng)",
            validity_months=24,
            design_text="Nắm vững quy trình tiếp nhận hồ sơ theo mô hình hai cấp.",
        )
        rule = IssuingRule.objects.create(
            name=PREFIX, kind="course", reference="", template=template, active=False
        )
        actions.current_signer()  # create the platform key once, before any fork
        return template, rule, users

    def _clean(self, template, rule, users):
        certificates = Certificate.objects.filter(template=template)
        CertificateEvent.objects.filter(certificate__in=certificates).delete()
        certificates.delete()
        BulkIssue.objects.filter(rule=rule).delete()
        rule.delete()
        template.delete()
        for user in users:
            user.delete()

    # -------------------------------------------------------------- measuring

    def _pool(self, processes: int, warm_html: str):
        connections.close_all()  # every child opens its own connection
        context = multiprocessing.get_context("fork")
        return context.Pool(processes, initializer=_warm_up, initargs=(warm_html,))

    def _timed(self, pool, fn, jobs) -> tuple[float, float]:
        """(certificates per wall second, CPU milliseconds per certificate)."""
        start = time.perf_counter()
        results = list(pool.map(fn, jobs) if pool else map(fn, jobs))
        wall = time.perf_counter() - start
        done = sum(count for count, _cpu in results)
        return done / wall, 1000 * sum(cpu for _count, cpu in results) / done

    def _run(self, n: int, processes: int, template, users):
        self.stdout.write(
            f"Đo {n} chứng chỉ A4 ngang, {processes} tiến trình, "
            f"{os.cpu_count()} nhân CPU."
        )
        htmls = [_html(i, template) for i in range(n)]
        user_pks = [u.pk for u in users]
        jobs = [
            (template.pk, user_pks, part) for part in _split(list(range(n)), processes)
        ]
        if processes == 1:
            _warm_up(htmls[0])
            bare = self._timed(None, _bare, [htmls])
            full = self._timed(None, _issue, jobs)
        else:
            with self._pool(processes, htmls[0]) as pool:
                bare = self._timed(pool, _bare, _split(htmls, processes))
                full = self._timed(pool, _issue, jobs)
        self._report(n, processes, bare, full)
        self._stages(template, users[0])

    def _report(self, n: int, processes: int, bare, full):
        (bare_rate, bare_cpu), (full_rate, full_cpu) = bare, full
        issued = Certificate.objects.filter(reference__startswith=PREFIX).count()
        # What the CPU time allows when the cores are not shared with other work.
        cores = min(processes, os.cpu_count() or 1)
        ceiling = 1000 * cores / full_cpu
        self.stdout.write(
            f"  WeasyPrint thuần (cùng HTML): {bare_rate:6.1f} chứng chỉ/giây, "
            f"CPU {bare_cpu:.1f} ms/chứng chỉ"
        )
        self.stdout.write(
            f"  Cấp đầy đủ (PDF, ký PAdES, huy hiệu, CSDL): {full_rate:6.1f} chứng chỉ/giây, "
            f"CPU {full_cpu:.1f} ms/chứng chỉ ({issued} chứng chỉ đã lưu)"
        )
        self.stdout.write(
            f"  Chi phí so với WeasyPrint thuần: ×{bare_rate / full_rate:.2f} theo thời gian, "
            f"×{full_cpu / bare_cpu:.2f} theo CPU"
        )
        self.stdout.write(
            f"  Trần theo CPU với {cores} nhân rảnh: {ceiling:.1f} chứng chỉ/giây"
        )
        verdict = "ĐẠT" if full_rate >= GOAL else "CHƯA ĐẠT"
        self.stdout.write(
            f"  Mục tiêu ≥ {GOAL:.0f} chứng chỉ/giây (đo được): {verdict}"
        )
        self.stdout.write(f"  Tải máy khi đo (1 phút): {os.getloadavg()[0]:.1f}")

    def _stages(self, template, user, sample: int = 30):
        """Where one process spends CPU per certificate (median of a sample)."""
        signer = actions.current_signer()
        times = {"html": [], "weasyprint": [], "pades": [], "record": []}
        for i in range(sample):
            achievement = _achievement(10_000_000 + i)
            t0 = time.process_time()
            printed = issuing.printed_for(
                template, NAMES[0], achievement, now=datetime.now(UTC)
            )
            html = rendering.certificate_html(printed)
            t1 = time.process_time()
            pdf = rendering.render_pdf(html)
            t2 = time.process_time()
            signed = pades.sign_pdf(
                pdf,
                signer[1],
                reason=issuing.SIGNING_REASON,
                location=issuing.SIGNING_LOCATION,
            )
            t3 = time.process_time()
            prepared = issuing.Prepared(printed, signed, template.pk, achievement)
            actions.record_issue(prepared, signer, actor=None, recipient=user)
            t4 = time.process_time()
            for key, value in zip(
                times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True
            ):
                times[key].append(value * 1000)
        parts = ", ".join(
            f"{name} {statistics.median(values):.1f} ms"
            for name, values in times.items()
        )
        self.stdout.write(f"  CPU từng bước (trung vị, {sample} mẫu): {parts}")
