"""Benchmark live drills on PostgreSQL and Redis with several ASGI processes, on loopback.

Three measurements, each beside a baseline taken in the same run:
1. N participants (default 2,000) play a drill through tools/drill_load against several
   uvicorn processes: every action checked against the log (exactly once), every team event
   checked against every open socket, dashboard update latency p95 (goal ≤ 1 s). Baseline:
   the same pipeline with 30 participants.
2. One ASGI process holds M WebSocket connections (default 5,000) and fans one announcement
   out to all of them. Baseline: 500 connections.
3. One of the processes is killed (SIGKILL) mid-drill: its clients reconnect to the others and
   re-read the state; nothing acknowledged is lost, nothing is done twice.
"""

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from fake_portal.bench.server import (
    ServerFailed,
    free_port,
    uvicorn_replica,
)
from fake_portal.bench.server import server_env as bench_server_env
from scenarios.drills.management.commands.verify_drill_load import check

ROOT = Path(settings.BASE_DIR)
OUT = ROOT / "var" / "drill-load"


def server_env() -> dict:
    return bench_server_env(
        overrides={
            "DJANGO_SETTINGS_MODULE": "sandbox.settings",
            # At most this many HTTP threads inside Django per process (sandbox/asgi.py),
            # each keeping its connection as in docker-compose.yml, so that the processes
            # stay within PostgreSQL's 100 connections and a dashboard reading does not
            # queue for the GIL behind a dozen page renderings.
            "HTTP_CONCURRENCY": "4",
            "DB_CONN_MAX_AGE": "60",
        }
    )


def collect_static() -> None:
    """DEBUG off serves static files from the manifest, which collectstatic writes."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=server_env(),
        check=True,
    )


@contextmanager
def uvicorn(port: int):
    """One uvicorn process (one worker) with production-like settings, its output in OUT."""
    with (
        open(OUT / f"uvicorn-{port}.log", "w") as log,
        _start_failure_as_command_error(),
        uvicorn_replica(
            port,
            server_env(),
            args=(
                "--ws-per-message-deflate",
                "false",
                "--timeout-keep-alive",
                "30",
                "--timeout-graceful-shutdown",
                "10",
            ),
            output=log,
            ready_within=120,
        ) as process,
    ):
        yield process


@contextmanager
def _start_failure_as_command_error():
    try:
        yield
    except ServerFailed as error:
        raise CommandError(f"{error} (see {OUT})") from error


def load(
    bases, drill, out, *, participants, seconds, ramp, think, extra=(), background=False
):
    command = [
        sys.executable,
        "-m",
        "tools.drill_load",
        "--base",
        ",".join(bases),
        "--drill",
        str(drill),
        "--participants",
        str(participants),
        "--seconds",
        str(seconds),
        "--ramp",
        str(ramp),
        "--think",
        str(think),
        "--cookies",
        str(OUT / "cookies.json"),
        "--out",
        str(out),
        *extra,
    ]
    if background:
        return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=seconds + ramp + 900
    )
    if done.returncode:
        raise CommandError(f"drill_load failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout[done.stdout.index("{") :])


def ratio(value, base):
    if value is None or not base:
        return "—"
    return f"{value / base:.2f}×"


class Command(BaseCommand):
    help = (
        "Benchmark drills: N participants, M sockets on one process, a killed process."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=2000)
        parser.add_argument("--processes", type=int, default=3)
        parser.add_argument(
            "--coordinator-process",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="serve the dashboard sockets from a process of their own, as deployed",
        )
        parser.add_argument("--seconds", type=int, default=150)
        parser.add_argument("--ramp", type=int, default=150)
        parser.add_argument("--think", type=float, default=40)
        parser.add_argument("--hold", type=int, default=5000)
        parser.add_argument("--hold-seconds", type=int, default=30)
        parser.add_argument("--kill-participants", type=int, default=600)
        parser.add_argument("--kill-seconds", type=int, default=60)
        parser.add_argument(
            "--skip", default="", help="comma-separated: main,hold,kill"
        )

    def handle(self, *args, **o):
        logging.getLogger("httpx").setLevel(logging.WARNING)
        if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
            raise CommandError(
                "bench_drill measures PostgreSQL and Redis: set DATABASE_URL=postgres://… and REDIS_URL."
            )
        OUT.mkdir(parents=True, exist_ok=True)
        collect_static()
        skip = set(filter(None, o["skip"].split(",")))
        results = {}
        if "main" not in skip:
            results["main"] = self._main(o)
        if "hold" not in skip:
            results["hold"] = self._hold(o)
        if "kill" not in skip:
            results["kill"] = self._kill(o)
        (OUT / "bench.json").write_text(json.dumps(results, indent=2))
        self._report(results, o)

    def _prepare(self, participants, per_team=15):
        call_command(
            "prepare_drill_load",
            participants=participants,
            dossiers_per_team=per_team,
            stdout=self.stdout,
        )
        return json.loads((OUT / "cookies.json").read_text())["drill"]

    def _servers(self, stack, count):
        ports = [free_port() for _ in range(count)]
        processes = [stack.enter_context(uvicorn(port)) for port in ports]
        return [f"http://127.0.0.1:{p}" for p in ports], processes

    def _main(self, o):
        own = " + 1 for coordinators" if o["coordinator_process"] else ""
        self.stdout.write(
            f"— {o['participants']} participants, {o['processes']} ASGI processes{own}"
        )
        with ExitStack() as stack:
            bases, _processes = self._servers(stack, o["processes"])
            extra = []
            if o["coordinator_process"]:
                control, _process = self._servers(stack, 1)
                extra = ["--coordinator-base", control[0]]
            baseline_drill = self._prepare(30, per_team=3)
            baseline = load(
                bases,
                baseline_drill,
                OUT / "baseline.json",
                participants=30,
                seconds=40,
                ramp=5,
                think=2,
                extra=extra,
            )
            baseline["verify"] = check(json.loads((OUT / "baseline.json").read_text()))
            drill = self._prepare(o["participants"])
            measured = load(
                bases,
                drill,
                OUT / "results.json",
                participants=o["participants"],
                seconds=o["seconds"],
                ramp=o["ramp"],
                think=o["think"],
                extra=extra,
            )
            measured["verify"] = check(json.loads((OUT / "results.json").read_text()))
        return {
            "baseline": baseline,
            "measured": measured,
            "coordinator_process": o["coordinator_process"],
        }

    def _hold(self, o):
        self.stdout.write(f"— {o['hold']} WebSocket connections on one ASGI process")
        drill = (
            json.loads((OUT / "cookies.json").read_text())["drill"]
            if (OUT / "cookies.json").exists()
            else self._prepare(30, 3)
        )
        with ExitStack() as stack:
            bases, _processes = self._servers(stack, 1)
            common = ["--hold-rate", "100"]
            baseline = load(
                bases,
                drill,
                OUT / "hold-baseline.json",
                participants=0,
                seconds=10,
                ramp=0,
                think=0,
                extra=["--hold", "500", *common],
            )
            measured = load(
                bases,
                drill,
                OUT / "hold.json",
                participants=0,
                seconds=o["hold_seconds"],
                ramp=0,
                think=0,
                extra=["--hold", str(o["hold"]), *common],
            )
        return {"baseline": baseline, "measured": measured}

    def _kill(self, o):
        self.stdout.write(f"— killing one of {o['processes']} ASGI processes mid-drill")
        drill = self._prepare(o["kill_participants"], per_team=10)
        with ExitStack() as stack:
            bases, processes = self._servers(stack, o["processes"])
            ramp = 15
            tool = load(
                bases,
                drill,
                OUT / "kill.json",
                participants=o["kill_participants"],
                seconds=o["kill_seconds"],
                ramp=ramp,
                think=10,
                background=True,
            )
            time.sleep(ramp + o["kill_seconds"] / 2)
            victim = processes[-1]
            os.kill(victim.pid, signal.SIGKILL)
            killed_at = time.time()
            out, _err = tool.communicate(timeout=o["kill_seconds"] + 900)
            measured = json.loads(out[out.index("{") :])
        details = json.loads((OUT / "kill.json").read_text())
        measured["verify"] = check(details)
        measured["killed"] = bases[-1]
        measured["killed_at"] = killed_at
        moved = [r for r in details["reconnects"] if r["lost"] >= killed_at - 1]
        measured["clients_moved"] = len(moved)
        measured["clients_resynced"] = sum(
            1 for r in moved if r["resynced"] >= r["lost"]
        )
        return measured

    def _report(self, results, o):
        w = self.stdout.write
        w("")
        w("| what | measured | baseline (same run) | ratio | goal |")
        w("|---|---|---|---|---|")
        if "main" in results:
            self._report_main(w, results["main"])
        if "hold" in results:
            m, b = results["hold"]["measured"], results["hold"]["baseline"]
            w(
                f"| sockets held by one ASGI process | {m['held_after_seconds']}/{m['requested']}"
                f" (failures {m['failures']}, fd limit {m['fd_limit']}) | {b['held_after_seconds']}"
                f"/{b['requested']} | | ≥ 5,000 |"
            )
            w(
                f"| one broadcast to all of them, p95 (from the server's send) | {_s(m['fanout_p95_s'])}"
                f", delivered {m['broadcast_delivered']} | {_s(b['fanout_p95_s'])} |"
                f" {ratio(m['fanout_p95_s'], b['fanout_p95_s'])} | |"
            )
        if "kill" in results:
            k = results["kill"]
            a = k["verify"]["actions"]
            w(
                f"| killed process: its clients moved and re-read the state | {k['clients_resynced']}"
                f"/{k['clients_moved']}, resync p95 {_s(k['resync_p95_s'])} | | | all |"
            )
            w(
                f"| killed process: acknowledged actions lost / duplicated; unanswered ones twice |"
                f" {a.get('ok_lost', 0)} / {a.get('ok_duplicated', 0)};"
                f" {a.get('unknown_duplicated', 0)} (once: {a.get('ok_once', 0)}) | | | 0 |"
            )
        w(f"(details: {OUT / 'bench.json'})")

    def _report_main(self, w, main):
        m, b = main["measured"], main["baseline"]
        v, bv = m["verify"], b["verify"]
        where = (
            "coordinators on their own process"
            if main.get("coordinator_process")
            else "coordinators beside participants"
        )
        w(
            f"| dashboard update latency p95, {m['participants']} participants ({where}) |"
            f" {_s(m['dashboard_latency_p95_s'])} | {_s(b['dashboard_latency_p95_s'])} (30) |"
            f" {ratio(m['dashboard_latency_p95_s'], b['dashboard_latency_p95_s'])} | ≤ 1 s |"
        )
        w(
            f"| acknowledged actions in the log exactly once (lost, duplicated, phantom) |"
            f" {v['actions'].get('ok_once', 0)} of {m['outcomes'].get('ok', 0)}"
            f" ({v['actions'].get('ok_lost', 0)}, {v['actions'].get('ok_duplicated', 0)},"
            f" {v['actions'].get('phantom', 0)}) | {bv['actions'].get('ok_once', 0)} | | 0 lost |"
        )
        w(
            f"| team events heard by the sockets open at the time | {v['sockets']['heard']}"
            f"/{v['sockets']['expected']} | {bv['sockets']['heard']}/{bv['sockets']['expected']}"
            f" | | all |"
        )
        w(
            f"| sockets connected before the start | {m['connected_before_start']}/{m['participants']} | | | |"
        )


def _s(value) -> str:
    return "—" if value is None else f"{value:.2f} s"
