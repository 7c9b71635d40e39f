"""Benchmark: digitising and signing a 3-page paper at the counter, end to end (server time).

Each sample posts the digitisation form of a kept 3-page paper to the counter's own view
(in process: form parsing, scan checks, page count, the officer's PAdES signature with the
top-left stamp, storage, the dossier document and the events), then signs the same 3-page
PDF with the bare `sign_pdf`, in the same run, as the baseline. A second series digitises
papers from the scan generated out of the citizen's bundle (WeasyPrint rendering included).
"""

import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse

from fake_portal.bench.fixture import bench_users, bench_world
from fake_portal.bench.stats import summary
from fake_portal.counter import actions
from fake_portal.counter.models import Paper, PaperKind
from fake_portal.counter.papers.render import render_paper_pdf
from fake_portal.population.models import Citizen

PIN = "135790"
LAND_REGISTRATION = "1.013978"  # its land certificate has 4 pages; one is missing below


class Command(BaseCommand):
    help = "Benchmark digitising + signing a 3-page paper, beside the bare signature."

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=100, help="samples per series")
        parser.add_argument("--warmup", type=int, default=3)
        parser.add_argument("--citizens", type=int, default=300)

    def handle(self, *args, **o):
        from fake_portal.actions import open_practice_sandbox
        from fake_portal.signatures import actions as signature_actions

        officer = bench_users()["receiving_officer"]
        signature_actions.reset_pin(officer, actor=None, pin=PIN)
        world = bench_world(o["citizens"])
        sandbox = open_practice_sandbox(user=officer, world=world, speed=1)
        total = o["n"] + o["warmup"]
        self.stdout.write(f"Preparing {total} kept 3-page papers (two series)…")
        uploads = [self._kept_paper(sandbox, officer, i) for i in range(total)]
        generated = [
            self._kept_paper(sandbox, officer, total + i) for i in range(total)
        ]
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(officer)
        end_to_end, bare, from_bundle = [], [], []
        for index, paper in enumerate(uploads):
            pdf = self._three_pages(paper)
            e2e = self._post(client, paper, pdf)
            sign = self._sign(pdf, officer, sandbox)
            if index >= o["warmup"]:
                end_to_end.append(e2e)
                bare.append(sign)
        for index, paper in enumerate(generated):
            took = self._post(client, paper, None)
            if index >= o["warmup"]:
                from_bundle.append(took)
        self._report(o["n"], end_to_end, bare, from_bundle)

    def _kept_paper(self, sandbox, officer, index) -> Paper:
        citizen = (
            Citizen.objects.for_world(sandbox.world)
            .filter(alive=True, birth_date__year__lte=2007)
            .order_by("pk")[index % 200]
        )
        walk_in = actions.arrive_walk_in(
            sandbox,
            citizen=citizen,
            procedure_code=LAND_REGISTRATION,
            defects=["missing_page"],
            include_optional=True,
            seed=f"bench:{index}",
        )
        actions.call_walk_in(walk_in, actor=officer)
        actions.identify_citizen(
            walk_in, citizen=citizen, actor=officer, method="id_number"
        )
        actions.open_dossier(
            walk_in,
            actor=officer,
            procedure_code=LAND_REGISTRATION,
            phone="",
            request={},
        )
        paper = walk_in.papers.get(kind=PaperKind.LAND_CERTIFICATE)
        assert paper.pages_present == 3, "the bench needs a 3-page paper"
        paper = actions.mark_paper(
            paper, handling=Paper.Status.RECEIVED_COPY, actor=officer
        )
        return paper

    @staticmethod
    def _three_pages(paper) -> bytes:
        return render_paper_pdf(title=paper.title, fields=paper.fields, pages=3)

    @staticmethod
    def _post(client, paper, pdf) -> float:
        data = {f"f_{name}": value for name, value in paper.fields}
        data["pin"] = PIN
        if pdf is not None:
            data["scan"] = SimpleUploadedFile("ban-quet.pdf", pdf, "application/pdf")
        url = reverse(
            "counter:digitise", kwargs={"sandbox": paper.sandbox_id, "pk": paper.pk}
        )
        start = time.perf_counter()
        response = client.post(url, data)
        took = time.perf_counter() - start
        if (
            response.status_code != 302
            or not Paper.objects.filter(
                pk=paper.pk, digitised_copy__isnull=False
            ).exists()
        ):
            raise RuntimeError(f"digitisation of paper {paper.pk} failed")
        return took

    @staticmethod
    def _sign(pdf, officer, sandbox) -> float:
        from fake_portal.signatures.signing import TOP_LEFT, sign_pdf

        start = time.perf_counter()
        sign_pdf(
            pdf,
            signer=officer,
            pin=PIN,
            sandbox=sandbox,
            reason="Bench",
            location="Bench",
            stamp=TOP_LEFT,
        )
        return time.perf_counter() - start

    def _report(self, n, end_to_end, bare, from_bundle):
        e2e, sign, bundle = summary(end_to_end), summary(bare), summary(from_bundle)
        self.stdout.write(f"Digitising + signing a 3-page paper, {n} samples each:")
        for label, stats in (
            ("end to end, uploaded 3-page scan (server)", e2e),
            ("end to end, scan generated from the bundle", bundle),
            ("bare sign_pdf of the same 3-page PDF (baseline)", sign),
        ):
            self.stdout.write(
                f"  {label:<50} p50 {stats['p50_ms']:7.1f} ms   p95 {stats['p95_ms']:7.1f} ms"
            )
        self.stdout.write(
            f"  ratio end to end / bare signature: p50 ×{e2e['p50_ms'] / sign['p50_ms']:.2f}"
            f", p95 ×{e2e['p95_ms'] / sign['p95_ms']:.2f}"
        )
