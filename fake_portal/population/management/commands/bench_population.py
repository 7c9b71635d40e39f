"""manage.py bench_population [--citizens 1000000] [--sqlite-citizens 100000]
   [--database-name saban_bench_population]

Measures, in one run, on throwaway databases of its own:
  * our loader into PostgreSQL (N citizens with households and records), peak memory;
  * a raw COPY of exactly the same rows into same-shaped tables (the database's ceiling);
  * a naive Faker + bulk_create pipeline on a smaller N, as a rate: half of it just
    before our load and half just after (the machine's speed drifts by a fifth within
    minutes here; bracketing our load keeps the ratio from riding on that drift);
  * our loader into SQLite (M citizens);
  * the generator alone (generate and encode, no database), compiled and from its
    sources (population/native.py), in two processes side by side, so that both meet
    the same machine: its CPU time each, and whether they made the same rows. This
    part runs first, before any load wakes autovacuum.
Each database part runs in a child process (`--worker`) against its own database so the
peak memory is that of the loader alone. Prints a table with the ratios.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from fake_portal.population import actions, bench, native
from fake_portal.population.loader import CHUNK_CITIZENS, world_spec
from fake_portal.population.rows import TABLES, Digest
from fake_portal.population.streaming import encoded_chunks

PG_NAME = "saban_bench_population"
SQLITE_PATH = Path(tempfile.gettempdir()) / "saban_bench_population.sqlite3"


def _pg_admin_url(base: str) -> str:
    parts = urlsplit(base)
    return parts._replace(path="/postgres").geturl()


class Command(BaseCommand):
    help = "Benchmark world generation against a raw COPY and a naive Faker pipeline."

    def add_arguments(self, parser):
        parser.add_argument("--citizens", type=int, default=1_000_000)
        parser.add_argument("--sqlite-citizens", type=int, default=100_000)
        parser.add_argument("--naive-citizens", type=int, default=20_000)
        parser.add_argument("--generator-citizens", type=int, default=200_000)
        parser.add_argument("--province", type=int, default=37)
        parser.add_argument(
            "--postgres-url",
            default=os.environ.get(
                "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
            ),
        )
        parser.add_argument(
            "--database-name",
            default=PG_NAME,
            help="throwaway PostgreSQL database (dropped and re-created)",
        )
        parser.add_argument("--keep-busy", action="store_true", help=argparse_hidden())
        parser.add_argument(
            "--worker",
            choices=["postgres", "sqlite", "generator"],
            help=argparse_hidden(),
        )

    def handle(self, *args, **options):
        if options["worker"]:
            result = getattr(self, f"work_{options['worker']}")(options)
            if result is not None:  # else the worker reported it itself
                self.stdout.write("RESULT " + json.dumps(result))
            return
        pg = self.run_child("postgres", options)
        lite = self.run_child("sqlite", options)
        self.report(pg, lite, options)

    # -- parent ---------------------------------------------------------------------------
    def run_child(self, kind: str, options) -> dict:
        if kind == "postgres":
            url = (
                urlsplit(options["postgres_url"])
                ._replace(path=f"/{options['database_name']}")
                .geturl()
            )
            self.recreate_pg(options["postgres_url"], options["database_name"])
        else:
            SQLITE_PATH.unlink(missing_ok=True)
            for suffix in ("-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
            url = f"sqlite:///{SQLITE_PATH}"
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        self.stderr.write(f"[{kind}] migrate…")
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        self.stderr.write(f"[{kind}] measuring…")
        args = [*manage, "bench_population", "--worker", kind]
        for name in (
            "citizens",
            "sqlite_citizens",
            "naive_citizens",
            "generator_citizens",
            "province",
        ):
            args += [f"--{name.replace('_', '-')}", str(options[name])]
        done = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
        sys.stderr.write(done.stderr[-2000:])
        line = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")][-1]
        try:
            return json.loads(line[len("RESULT ") :])
        finally:
            if kind == "postgres":
                self.drop_pg(options["postgres_url"], options["database_name"])
            else:
                SQLITE_PATH.unlink(missing_ok=True)

    def recreate_pg(self, admin_url, name):
        import psycopg

        with psycopg.connect(_pg_admin_url(admin_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

    def drop_pg(self, admin_url, name):
        import psycopg

        with psycopg.connect(_pg_admin_url(admin_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def report(self, pg, lite, options):
        n, m = options["citizens"], options["sqlite_citizens"]
        ours = n / pg["ours_s"]
        copy = n / pg["copy_s"]
        naive = pg["naive_n"] / pg["naive_s"]
        rows = [
            (
                "PostgreSQL, our loader",
                f"{n:,}",
                f"{pg['ours_s']:.1f} s",
                f"{ours:,.0f}/s",
                f"{pg['peak_mb']:.0f} MB",
            ),
            (
                "PostgreSQL, raw COPY of the same rows",
                f"{n:,}",
                f"{pg['copy_s']:.1f} s",
                f"{copy:,.0f}/s",
                "–",
            ),
            (
                "PostgreSQL, naive Faker + bulk_create",
                f"{pg['naive_n']:,}",
                f"{pg['naive_s']:.1f} s",
                f"{naive:,.0f}/s",
                "–",
            ),
            (
                "SQLite, our loader",
                f"{m:,}",
                f"{lite['ours_s']:.1f} s",
                f"{m / lite['ours_s']:,.0f}/s",
                f"{lite['peak_mb']:.0f} MB",
            ),
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        head = ("run", "citizens", "time", "citizens/s", "peak memory")
        widths = [max(w, len(h)) for w, h in zip(widths, head, strict=True)]
        fmt = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write(fmt.format(*head))
        for r in rows:
            self.stdout.write(fmt.format(*r))
        self.stdout.write("")
        self.stdout.write(f"rows written per world: {pg['rows']}")
        self.stdout.write(
            f"CPU seconds (client + PostgreSQL backend): ours {pg['ours_cpu']:.1f} + "
            f"{pg['ours_server']:.1f}; raw COPY server {pg['copy_server']:.1f}; naive "
            f"{pg['naive_cpu']:.1f} + {pg['naive_server']:.1f}; SQLite ours {lite['ours_cpu']:.1f}"
        )
        self.stdout.write(
            "peak memory: proportional set size of the loading process and its "
            f"generating child, sampled every {bench.PeakMemory.INTERVAL} s; largest RSS "
            "of the parent alone: "
            f"{pg['rss_mb']:.0f} MB (PostgreSQL), {lite['rss_mb']:.0f} MB (SQLite)"
        )
        self.stdout.write(
            f"load average during the runs: {pg['load']:.1f} / {lite['load']:.1f} on "
            f"{os.cpu_count()} cores (wall times stretch when the machine is shared)"
        )
        self.stdout.write(
            f"our rate / raw COPY rate: {100 * ours / copy:.0f} % (goal ≥ 50 %)"
        )
        self.stdout.write(
            "naive rate just before / just after our load: "
            + " / ".join(f"{rate:,.0f}/s" for rate in pg["naive_rates"])
            + " (the table's rate is both runs together)"
        )
        self.stdout.write(f"our rate / naive rate: {ours / naive:.1f}× (goal ≥ 10×)")
        compiled, sources = pg["generators"]["compiled"], pg["generators"]["sources"]
        self.stdout.write(
            f"generator alone ({options['generator_citizens']:,} citizens, generate and "
            "encode, both at once): compiled "
            f"{compiled['cpu']:.2f} s CPU, from the sources {sources['cpu']:.2f} s: "
            f"{compiled['cpu'] / sources['cpu']:.2f}× "
            f"(compiled: {'yes' if compiled['compiled'] else 'NO, run ./saban setup'}; "
            f"same rows: {'yes' if compiled['digest'] == sources['digest'] else 'NO'})"
        )
        self.stdout.write(
            f"PostgreSQL {n:,} in {pg['ours_s']:.1f} s (goal ≤ 30 s), peak {pg['peak_mb']:.0f} MB "
            f"(goal ≤ 500 MB); SQLite {m:,} in {lite['ours_s']:.1f} s (goal ≤ 15 s)"
        )

    # -- workers (child processes, DATABASE_URL points at the throwaway database) -----------
    def generate(self, citizens: int, province: int, seed: int):
        world = actions.create_world(
            province_code=province, citizens=citizens, seed=seed
        )
        with bench.PeakMemory() as memory, bench.Clock() as clock:
            actions.generate_world(world)
        clock.peak_mb = memory.peak_mb
        return world, clock

    def work_postgres(self, options) -> dict:
        if connection.vendor != "postgresql":
            raise CommandError("worker needs PostgreSQL")
        # First, before the loads leave the server busy with millions of fresh rows
        # (checkpoint writes, autovacuum) on the core of one generator or the other.
        generators = self.compare_generators(options)
        total = options["naive_citizens"]
        sizes = (total // 2, total - total // 2)  # just before, just after our load
        before = bench.naive(sizes[0], options["province"], seed=1)
        world, ours = self.generate(options["citizens"], options["province"], 1)
        after = bench.naive(sizes[1], options["province"], seed=2)
        naive_runs = (before, after)
        rows = self.count_rows(world.pk)
        copy = bench.raw_copy(world.pk)
        return {
            "generators": generators,
            "ours_s": ours.wall,
            "ours_cpu": ours.cpu,
            "ours_server": ours.server,
            "peak_mb": ours.peak_mb,
            "rss_mb": bench.peak_rss_mb(),
            "copy_s": copy.wall,
            "copy_server": copy.server,
            "naive_n": total,
            "naive_s": sum(run.wall for run in naive_runs),
            "naive_rates": [
                size / run.wall for size, run in zip(sizes, naive_runs, strict=True)
            ],
            "naive_cpu": sum(run.cpu for run in naive_runs),
            "naive_server": sum(run.server for run in naive_runs),
            "rows": rows,
            "load": os.getloadavg()[0],
        }

    def compare_generators(self, options) -> dict:
        """Run `--worker generator` compiled and from the sources, at the same time.

        Each worker reports when it has made its world, then goes on with the same work
        until both have reported: the faster one must not leave the slower to finish
        alone on a quiet machine (it would report less CPU than it used side by side).
        """
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        args = [*manage, "bench_population", "--worker", "generator", "--keep-busy"]
        args += ["--generator-citizens", str(options["generator_citizens"])]
        args += ["--province", str(options["province"])]
        pure = {**os.environ, native.PURE_ENV: "1"}
        pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": True}
        workers = {
            "compiled": subprocess.Popen(args, **pipes),
            "sources": subprocess.Popen(args, env=pure, **pipes),
        }
        results = {}
        try:
            for name, worker in workers.items():
                for line in worker.stdout:
                    if line.startswith("RESULT "):
                        results[name] = json.loads(line.removeprefix("RESULT "))
                        break
        finally:
            for worker in workers.values():
                worker.stdin.close()  # "stop now"
            for worker in workers.values():
                worker.stdout.read()
                worker.wait()
        for name, worker in workers.items():
            if worker.returncode or name not in results:
                raise CommandError(f"generator worker ({name}) failed")
        return results

    def work_generator(self, options) -> dict | None:
        """Generate and encode as the loader's child does (streaming.encoded_chunks),
        and hash, with no database writes. With --keep-busy, report, then do it again
        until standard input is closed."""
        from sandbox.models import World

        recipe = World(
            province_id=options["province"],
            seed=1,
            citizens=options["generator_citizens"],
        )
        spec = world_spec(recipe)
        start = time.process_time()
        digest = Digest()
        for _living, _counts, encoded in encoded_chunks(spec, CHUNK_CITIZENS):
            digest.update_texts(encoded)
        result = {
            "cpu": time.process_time() - start,
            "compiled": native.is_compiled(),
            "digest": digest.hexdigest(),
        }
        if options["keep_busy"]:
            self.stdout.write("RESULT " + json.dumps(result))
            self.stdout.flush()
            closed = threading.Event()
            threading.Thread(
                target=lambda: (sys.stdin.read(), closed.set()), daemon=True
            ).start()
            while not closed.is_set():
                for _living, _counts, encoded in encoded_chunks(spec, CHUNK_CITIZENS):
                    digest.update_texts(encoded)
                    if closed.is_set():
                        break
            return None
        return result

    def work_sqlite(self, options) -> dict:
        world, ours = self.generate(options["sqlite_citizens"], options["province"], 1)
        return {
            "ours_s": ours.wall,
            "ours_cpu": ours.cpu,
            "peak_mb": ours.peak_mb,
            "rss_mb": bench.peak_rss_mb(),
            "rows": self.count_rows(world.pk),
            "load": os.getloadavg()[0],
        }

    def count_rows(self, world_id):
        with connection.cursor() as cursor:
            total = 0
            for table in TABLES:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE world_id = %s", [world_id]
                )  # noqa: S608
                total += cursor.fetchone()[0]
        return total


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS
