"""Benchmark the mock portal on PostgreSQL: page server time, then a mixed-action HTTP load.

Prints, measured in the same run: inbox and dossier page server time (p50/p95, queries per
page) on a sandbox of N dossiers; the throughput and latency of officials' mixed workflow
actions against a real ASGI server (uvicorn, several workers); and the same server's
throughput on a trivial view (/healthz) as the baseline.
"""

import logging
import random
import secrets
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from fake_portal.bench.fixture import bench_sandbox, bench_users, bench_world
from fake_portal.bench.server import BENCH_SECRET_KEY, asgi_server, run_load
from fake_portal.bench.stats import summary
from fake_portal.inboxes import INBOX_LIST
from fake_portal.models import Dossier, DossierEvent, Stage, Status


class Command(BaseCommand):
    help = "Benchmark inbox/dossier pages and mixed workflow actions on PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=10_000)
        parser.add_argument("--citizens", type=int, default=5_000)
        parser.add_argument("--page-samples", type=int, default=60)
        parser.add_argument("--seconds", type=int, default=20)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--concurrency", type=int, default=16)

    def handle(self, *args, **o):
        logging.getLogger("httpx").setLevel(logging.WARNING)
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench_portal measures PostgreSQL: run it with DATABASE_URL=postgres://… (./saban bench does)."
            )
        self.stdout.write(f"Preparing a sandbox with {o['dossiers']:,} dossiers…")
        users = bench_users()
        sandbox = bench_sandbox(bench_world(o["citizens"]), users, o["dossiers"])
        pages = self._pages(sandbox, users, o["page_samples"])
        call_command("collectstatic", interactive=False, verbosity=0)
        load, baseline = self._load(sandbox, users, o)
        self._report(o, pages, load, baseline)

    # --- page server time, in process -------------------------------------------------------
    def _pages(self, sandbox, users, samples):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(users["receiving_officer"])
        client.get(
            reverse("portal:inbox", args=[sandbox.pk])
        )  # warm caches and the catalogue
        codes = list(
            Dossier.objects.for_sandbox(sandbox).values_list("code", flat=True)
        )
        rng = random.Random(3)
        inbox = [
            reverse("portal:inbox", args=[sandbox.pk]) + f"?hop={box.name}"
            for box in INBOX_LIST
        ]
        detail = [
            reverse("portal:dossier", args=[sandbox.pk, rng.choice(codes)])
            for _ in range(samples)
        ]
        return {
            "inbox": self._time(client, inbox * max(1, samples // len(inbox))),
            "dossier": self._time(client, detail),
        }

    def _time(self, client, urls):
        latencies, queries = [], []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                latencies.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
            queries.append(len(captured))
        return {**summary(latencies), "queries_max": max(queries)}

    # --- mixed actions over HTTP -------------------------------------------------------------
    def _session_cookie(self, user):
        with override_settings(SECRET_KEY=BENCH_SECRET_KEY):
            return self._new_session(user)

    def _new_session(self, user):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    def _load(self, sandbox, users, o):
        csrf = secrets.token_hex(16)
        headers = {"X-CSRFToken": csrf, "Referer": "http://127.0.0.1/"}
        jobs = self._jobs(sandbox, users, csrf)
        events_before = DossierEvent.objects.filter(sandbox=sandbox).count()
        with asgi_server(workers=o["workers"]) as base:
            baseline = run_load(
                base,
                [_get("/healthz")] * 200_000,
                concurrency=o["concurrency"],
                seconds=o["seconds"],
            )
            results = run_load(
                base,
                jobs,
                headers=headers,
                concurrency=o["concurrency"],
                seconds=o["seconds"],
            )
        written = DossierEvent.objects.filter(sandbox=sandbox).count() - events_before
        ok = sum(1 for _, success in results[0] if success)
        return {"results": results, "ok": ok, "events_written": written}, baseline

    def _jobs(self, sandbox, users, csrf):
        """Receive every new dossier (receiving officer) and appraise every assigned one."""
        dossiers = Dossier.objects.for_sandbox(sandbox)
        filed = dossiers.filter(status=Status.FILED).values_list("code", "version")
        assigned = dossiers.filter(
            status=Status.PROCESSING, stage=Stage.ASSIGNED
        ).values_list("code", "version")
        officer = {
            settings.SESSION_COOKIE_NAME: self._session_cookie(
                users["receiving_officer"]
            ),
            settings.CSRF_COOKIE_NAME: csrf,
        }
        specialist = {
            settings.SESSION_COOKIE_NAME: self._session_cookie(users["specialist"]),
            settings.CSRF_COOKIE_NAME: csrf,
        }
        base = f"/mot-cua/{sandbox.pk}/ho-so/"
        receives = [
            _post(base + f"{c}/receive/", {"receive-version": v}, officer, csrf)
            for c, v in filed
        ]
        appraisals = [
            _post(
                base + f"{c}/appraise/",
                {"appraise-version": v, "appraise-opinion": "Hồ sơ hợp lệ."},
                specialist,
                csrf,
            )
            for c, v in assigned
        ]
        mixed = [
            job for pair in zip(receives, appraisals, strict=False) for job in pair
        ]
        return mixed + receives[len(appraisals) :] + appraisals[len(receives) :]

    def _report(self, o, pages, load, baseline):
        results, elapsed = load["results"]
        latencies = [lat for lat, _ in results]
        stats = summary(latencies)
        rate = len(results) / elapsed
        base_results, base_elapsed = baseline
        base_rate = len(base_results) / base_elapsed
        self.stdout.write("\nPortal benchmark (PostgreSQL, one sandbox)")
        self.stdout.write(f"  dossiers in the sandbox      {o['dossiers']:,}")
        for name, page in pages.items():
            self.stdout.write(
                f"  {name:<8} page server time    p50 {page['p50_ms']:.1f} ms  p95 {page['p95_ms']:.1f} ms"
                f"  (≤ {page['queries_max']} queries; goal p95 ≤ 100 ms)"
            )
        self.stdout.write(
            f"  mixed actions over HTTP      {rate:.0f} actions/s  p50 {stats['p50_ms']:.0f} ms  p95 {stats['p95_ms']:.0f} ms"
            f"  ({o['workers']} uvicorn workers, {o['concurrency']} concurrent clients; goal ≥ 300/s, p95 ≤ 200 ms)"
        )
        self.stdout.write(
            f"  baseline: GET /healthz       {base_rate:.0f} requests/s (same server, same run)"
        )
        self.stdout.write(f"  actions / trivial view       {rate / base_rate:.2f}")
        self.stdout.write(
            f"  requests answered {load['ok']} of {len(results)}; events written {load['events_written']} "
            f"(one event per action, none lost or doubled: {'yes' if load['events_written'] == load['ok'] else 'NO'})"
        )


def _get(path):
    async def job(client):
        response = await client.get(path)
        return response.status_code == 200

    return job


def _post(path, data, cookies, csrf):
    cookie_header = "; ".join(f"{k}={v}" for k, v in cookies.items())

    async def job(client):
        response = await client.post(
            path,
            data={**data, "csrfmiddlewaretoken": csrf},
            headers={"Cookie": cookie_header},
        )
        return response.status_code == 302

    return job
