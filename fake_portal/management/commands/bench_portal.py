"""Benchmark the mock portal on PostgreSQL: page server time, then a mixed-action HTTP load.

Prints, measured in the same run: inbox and dossier page server time (p50/p95, queries per
page) on a sandbox of N dossiers; the throughput and latency of officials' mixed workflow
actions against a real ASGI server (uvicorn, several workers); and the same server's
throughput on a trivial view (/healthz) as the baseline. The load generator is a lean raw-socket
client sharing the machine; its own CPU use is printed so a reader sees what it took.
"""

import logging
import os
import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fake_portal.bench import load
from fake_portal.bench.cpu import Meter
from fake_portal.bench.fixture import bench_sandbox, bench_users, bench_world
from fake_portal.bench.jobs import mixed_jobs
from fake_portal.bench.server import HOST, asgi_replicas
from fake_portal.bench.stats import summary
from fake_portal.inboxes import INBOX_LIST
from fake_portal.models import Dossier, DossierEvent

# Actions sent, unmeasured, before the measured load: both baseline and load are measured on
# warm servers.
WARM_UP = 300
GOALS = {"page_p95_ms": 100, "actions_per_s": 300, "actions_p95_ms": 200}


class Command(BaseCommand):
    help = "Benchmark inbox/dossier pages and mixed workflow actions on PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=10_000)
        parser.add_argument("--citizens", type=int, default=5_000)
        parser.add_argument("--page-samples", type=int, default=60)
        parser.add_argument("--seconds", type=int, default=15)
        parser.add_argument(
            "--replicas",
            type=int,
            default=2,
            help="uvicorn processes of one worker each (the web replicas)",
        )
        parser.add_argument("--concurrency", type=int, default=16)
        parser.add_argument(
            "--app",
            default="sandbox.asgi:application",
            help="ASGI application the server runs (to compare serving set-ups).",
        )

    def handle(self, *args, **o):
        logging.getLogger("saban.request").setLevel(logging.WARNING)
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench_portal measures PostgreSQL: run it with DATABASE_URL=postgres://… (./saban bench does)."
            )
        self.stdout.write(f"Preparing a sandbox with {o['dossiers']:,} dossiers…")
        users = bench_users()
        sandbox = bench_sandbox(bench_world(o["citizens"]), users, o["dossiers"])
        pages = self._pages(sandbox, users, o["page_samples"])
        call_command("collectstatic", interactive=False, verbosity=0)
        load_before = os.getloadavg()[0]
        actions, baseline = self._load(sandbox, users, o)
        self._report(o, pages, actions, baseline, load_before)

    # --- page server time, in process -------------------------------------------------------
    def _pages(self, sandbox, users, samples):
        client = Client(HTTP_HOST=HOST)
        client.force_login(users["receiving_officer"])
        client.get(reverse("portal:inbox", args=[sandbox.pk]))  # warm the catalogue
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
    def _load(self, sandbox, users, o):
        jobs, targets = mixed_jobs(sandbox, users)
        warm, jobs, targets = jobs[:WARM_UP], jobs[WARM_UP:], targets[WARM_UP:]
        with asgi_replicas(replicas=o["replicas"], app=o["app"]) as servers:
            ports = [port for port, _pid in servers]
            trivial = [load.get("/healthz", host=HOST)] * 1_000_000
            load.run_load(HOST, ports, trivial, concurrency=o["concurrency"], seconds=2)
            baseline = load.run_load(
                HOST, ports, trivial, concurrency=o["concurrency"], seconds=o["seconds"]
            )
            load.run_load(HOST, ports, warm, concurrency=o["concurrency"], seconds=30)
            started_at = DossierEvent.objects.filter(sandbox=sandbox).latest("pk").pk
            meter = Meter(pid for _port, pid in servers)
            meter.start()
            result = load.run_load(
                HOST, ports, jobs, concurrency=o["concurrency"], seconds=o["seconds"]
            )
            server_cpu, database_cpu = meter.stop()
        new_events = (
            DossierEvent.objects.filter(sandbox=sandbox, pk__gt=started_at)
            .values("dossier")
            .annotate(n=Count("pk"))
        )
        logged = {row["dossier"]: row["n"] for row in new_events}
        return {
            "result": result,
            "events": sum(logged.values()),
            "doubled": sum(1 for n in logged.values() if n > 1),
            "jobs": len(targets),
            "cpu": (server_cpu, database_cpu),
        }, baseline

    def _report(self, o, pages, actions, baseline, load_before):
        result = actions["result"]
        stats = summary([latency for latency, _ in result.results])
        base_stats = summary([latency for latency, _ in baseline.results])
        write = self.stdout.write
        write("\nPortal benchmark (PostgreSQL, one sandbox)")
        write(f"  dossiers in the sandbox      {o['dossiers']:,}")
        for name, page in pages.items():
            write(
                f"  {name:<8} page server time    p50 {page['p50_ms']:.1f} ms  p95 {page['p95_ms']:.1f} ms"
                f"  (≤ {page['queries_max']} queries; goal p95 ≤ {GOALS['page_p95_ms']} ms)"
                f"  {_met(page['p95_ms'] <= GOALS['page_p95_ms'])}"
            )
        write(
            f"  mixed actions over HTTP      {result.rate:.0f} actions/s  p50 {stats['p50_ms']:.0f} ms"
            f"  p95 {stats['p95_ms']:.0f} ms  (goal ≥ {GOALS['actions_per_s']}/s, p95 ≤ {GOALS['actions_p95_ms']} ms)"
            f"  {_met(result.rate >= GOALS['actions_per_s'] and stats['p95_ms'] <= GOALS['actions_p95_ms'])}"
        )
        write(
            f"  baseline: GET /healthz       {baseline.rate:.0f} requests/s  p95 {base_stats['p95_ms']:.0f} ms"
            " (same server, same run)"
        )
        write(f"  actions / trivial view       {result.rate / baseline.rate:.2f}")
        write(
            f"  server                       {o['app']}, {o['replicas']} uvicorn processes"
            f" (one worker each, as the web replicas), {o['concurrency']} keep-alive"
            " connections spread evenly over them"
        )
        server_cpu, database_cpu = actions["cpu"]
        answered = max(1, len(result.results))
        per_action = (server_cpu + database_cpu) / answered * 1000
        write(
            f"  CPU per action               {server_cpu / answered * 1000:.1f} ms server (Python)"
            f" + {database_cpu / answered * 1000:.1f} ms PostgreSQL = {per_action:.1f} ms;"
            f" {os.cpu_count()} cores could serve at most ≈ {os.cpu_count() * 1000 / per_action:.0f}/s"
            if per_action
            else "  CPU per action               not measured (needs Linux /proc)"
        )
        write(
            f"  load generator CPU           {result.client_cpu / result.elapsed:.2f} cores (actions),"
            f" {baseline.client_cpu / baseline.elapsed:.2f} cores (baseline)"
        )
        once = actions["events"] == result.ok and not actions["doubled"]
        write(
            f"  actions answered {result.ok} of {len(result.results)} sent ({actions['jobs']} prepared);"
            f" events written {actions['events']}; every action logged exactly once: {'yes' if once else 'NO'}"
        )
        write(
            f"  load average (1 min)         {load_before:.2f} before the load, {os.getloadavg()[0]:.2f} after"
        )


def _met(ok):
    return "met" if ok else "MISSED"
